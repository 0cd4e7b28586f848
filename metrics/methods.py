"""The method registry: every normalisation, weighting, aggregation, imputation and outlier treatment.

One entry per method says what the rest of the project needs to know about it: the function that
computes it, its options (the :class:`~metrics.assessment.Spec` fields it reads, with their allowed
values), its default scale, what it requires of the data, its names in Chinese and English, its formula
(LaTeX, as the Methods page shows it) and the reference it follows.  ``Spec`` validation, the command
line's choices and help, the Methods page's widgets and formulas and the exports' method tables all read
this registry, so a new method is one entry here (plus its function).

Patterned on COINr, where a method is chosen by name through one specification and applied by a
function of that name (``Normalise(dset, global_specs = list(f_n = "n_minmax"))``), and on
scikit-learn's ``_parameter_constraints``: the allowed values are declared as data and checked in one
place (:func:`check`).

Examples
--------
>>> keys("aggregate")
('arithmetic', 'geometric', 'topsis')
>>> get("weights", "critic").name("en")
'CRITIC weights'
>>> default_scale("minmax"), default_scale("rank")
((0.0, 100.0), None)
>>> check("normalize", "softmax")
Traceback (most recent call last):
...
ValueError: 未知的标准化方法 'softmax'，可选：minmax, zscore, rank, goalposts / unknown normalisation 'softmax'; choose one of minmax, zscore, rank, goalposts
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import texts

from . import aggregate as agg
from . import normalize as norm
from . import treat
from . import weights as wts


def _names(key: str) -> tuple[str, str]:
    """(Chinese, English) of a name in the text catalogue (``texts/methods_registry.py``): the registry keeps
    the tuple its callers read, the strings live once, with every other text of the project."""
    return texts.t(key, "zh"), texts.t(key, "en")


#: The kinds of method, in the order of the pipeline (COINr: Impute, Treat, Normalise, weights, Aggregate).
KINDS = ("normalize", "weights", "aggregate", "impute", "treat")
#: What each kind is called, for messages and headings: (Chinese, English).
KIND_NAMES = {k: _names(f"m_kind_{k}") for k in KINDS}


@dataclass(frozen=True)
class Option:
    """A setting of a method, kept in the :class:`~metrics.assessment.Spec` field ``field``.

    ``choices`` lists the allowed values when there is a fixed set (checked by :func:`check_spec`),
    ``names`` their (Chinese, English) names, ``cli`` the command line's flag, ``help`` what it does."""

    field: str
    default: object
    choices: tuple = ()
    names: dict = field(default_factory=dict)
    cli: str = ""
    help: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Method:
    """One method of one kind; see the module docstring."""

    kind: str
    key: str
    names: tuple[str, str]
    function: Callable | None
    formula: str = ""
    reference: str = ""
    requires: tuple[str, str] = ("", "")
    default_scale: tuple | None = None
    options: tuple[Option, ...] = ()

    def name(self, lang: str = "zh") -> str:
        """The method's name in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.names[lang == "en"]


_PCA_OPTIONS = (
    Option("pca_retain", "eigenvalue", wts.RETAIN_RULES,
           {v: _names(f"m_opt_pca_retain_{v}") for v in wts.RETAIN_RULES}, "--pca-retain",
           ("保留特征值 > T（默认 1）的因子、累计方差 ≥ T（默认 0.6）的因子，或前 T 个因子",
            "keep factors by eigenvalue > T (default T = 1), by cumulative share of variance >= T (default "
            "0.6) or the first T factors")),
    Option("pca_threshold", None, (), {}, "--pca-threshold",
           ("--pca-retain 的 T（count 时为整数）", "T of --pca-retain (a whole number for count)")),
    Option("pca_kaiser", True, (True, False),
           {v: _names(f"m_opt_pca_kaiser_{str(v).lower()}") for v in (True, False)}, "--no-kaiser", ("方差最大化旋转不做 Kaiser 标准化（默认做，与 R、SPSS 一致）",
                           "varimax without Kaiser normalisation (default: with, as R, SPSS)")),
)
_TOPSIS_OPTIONS = (
    Option("topsis_norm", "spec", agg.TOPSIS_NORMS,
           {v: _names(f"m_opt_topsis_norm_{v}") for v in agg.TOPSIS_NORMS}, "--topsis-norm",
           ("TOPSIS 的输入：所选标准化的得分（默认），或经典的向量标准化 x/sqrt(Σx²)",
            "TOPSIS input: the --normalize scores (default) or classic vector normalisation x/sqrt(sum x^2)")),
)
_HANDBOOK = "OECD & JRC (2008), Handbook on Constructing Composite Indicators"

_ENTRIES = [
    # ------------------------------------------------------------------ normalisation
    Method("normalize", "minmax", _names("m_normalize_minmax"), norm.minmax,
           r"x'_{ij} = l + \frac{d_j x_{ij} - \min_k d_j x_{kj}}{\max_k d_j x_{kj} - \min_k d_j x_{kj}}\,(u - l)",
           _HANDBOOK + ", §5; COINr n_minmax()", default_scale=norm.DEFAULT_SCALE["minmax"]),
    Method("normalize", "zscore", _names("m_normalize_zscore"), norm.zscore,
           r"x'_{ij} = m + s\,\frac{d_j x_{ij} - \overline{d_j x_j}}{\mathrm{SD}_j},\qquad "
           r"\mathrm{SD}_j = \sqrt{\frac{1}{n-1}\sum_{k=1}^{n}\left(d_j x_{kj} - \overline{d_j x_j}\right)^2}",
           _HANDBOOK + ", §5 (sample SD, as COINr n_zscore())",
           requires=("几何平均需要正值：请勿与几何平均合用（或设定均值足够大）",
                     "scores can be negative: not for the geometric mean unless the mean is set high enough"),
           default_scale=norm.DEFAULT_SCALE["zscore"]),
    Method("normalize", "rank", _names("m_normalize_rank"), norm.rank,
           r"x'_{ij} = \operatorname{rank}_{\min}\left(d_j x_{ij}\right) \in \{1,\dots,n\}",
           _HANDBOOK + ", §5; COINr n_rank() (ties take the lowest rank)",
           default_scale=norm.DEFAULT_SCALE["rank"]),
    Method("normalize", "goalposts", _names("m_normalize_goalposts"), norm.goalposts,
           r"x'_{ij} = l + \operatorname{clip}_{[0,1]}\!\left(\frac{x_{ij} - b_j}{g_j - b_j}\right)(u - l)",
           "UNDP Human Development Report, technical notes (goalposts); COINr n_goalposts()",
           requires=("框架中每个指标需要目标值（goal、bad 列），否则用观测到的最小值和最大值",
                     "each indicator's goalposts in the framework (goal, bad columns), else the observed "
                     "minimum and maximum"), default_scale=norm.DEFAULT_SCALE["goalposts"]),
    # ------------------------------------------------------------------ weights
    Method("weights", "framework", _names("m_weights_framework"), None,
           r"w_i = \frac{W_i}{\sum_{k \in \mathrm{sib}(i)} W_k}", "the framework file's weight column"),
    Method("weights", "equal", _names("m_weights_equal"), None,
           r"w_i = \frac{1}{\lvert \mathrm{sib}(i) \rvert}", _HANDBOOK + ", §6.1"),
    Method("weights", "entropy", _names("m_weights_entropy"), wts.entropy_weights,
           r"p_{ij} = \frac{z_{ij}}{\sum_{k} z_{kj}},\quad e_j = -\frac{1}{\ln n}\sum_{i} p_{ij}\ln p_{ij},"
           r"\quad w_j = \frac{1 - e_j}{\sum_k (1 - e_k)}",
           "Shannon (1948); Zou, Yun & Sun (2006), J. Environmental Sciences 18(5): 1020-1023"),
    Method("weights", "critic", _names("m_weights_critic"), wts.critic_weights,
           r"C_j = \sigma_j \sum_{k} \left(1 - r_{jk}\right),\qquad w_j = \frac{C_j}{\sum_k C_k}",
           "Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research 22(7): 763-770"),
    Method("weights", "pca", _names("m_weights_pca"), wts.pca_weights,
           r"w_j = \frac{\lambda^{2}_{j f^*}}{\sum_{k} \lambda^{2}_{k f^*}} \cdot "
           r"\frac{\sum_k \lambda^{2}_{k f^*}}{\sum_{f}\sum_k \lambda^{2}_{k f}},\quad "
           r"f^* = \arg\max_f \frac{\lambda^{2}_{j f}}{\sum_k \lambda^{2}_{k f}}",
           _HANDBOOK + ", §6.1 (Nicoletti, Scarpetta & Boylaud 2000); varimax as R stats::varimax",
           requires=("指标数不多于地区数时更稳定", "steadier with fewer indicators than regions"),
           options=_PCA_OPTIONS),
    Method("weights", "ahp", _names("m_weights_ahp"), wts.ahp_weights,
           r"A\,w = \lambda_{\max} w,\qquad CI = \frac{\lambda_{\max} - n}{n - 1},\qquad CR = \frac{CI}{RI_n} < 0.10",
           "Saaty (1980), The Analytic Hierarchy Process",
           requires=(f"两两比较判断矩阵，一致性比率 CR < 0.10，每组最多 {wts.AHP_MAX_N} 项",
                     f"pairwise judgements with consistency ratio CR < 0.10, at most {wts.AHP_MAX_N} "
                     f"items a matrix")),
    # ------------------------------------------------------------------ aggregation
    Method("aggregate", "arithmetic", _names("m_aggregate_arithmetic"), agg.weighted_mean,
           r"y_i = \frac{\sum_{j \in P_i} w_j x'_{ij}}{\sum_{j \in P_i} w_j}", _HANDBOOK + ", §6.2"),
    Method("aggregate", "geometric", _names("m_aggregate_geometric"), agg.weighted_geometric,
           r"y_i = \exp\!\left(\frac{\sum_{j \in P_i} w_j \ln x'_{ij}}{\sum_{j \in P_i} w_j}\right),"
           r"\qquad x'_{ij} > 0", _HANDBOOK + ", §6.2 (partial compensability)",
           requires=("标准化后的值必须为正：请用下限大于 0 的标准化范围，例如 [1, 100]",
                     "normalised values must be positive: use a scale whose lower end is above 0, e.g. "
                     "[1, 100]")),
    Method("aggregate", "topsis", _names("m_aggregate_topsis"), agg.topsis,
           r"d_i^{\pm} = \sqrt{\sum_{j} \tilde w_{ij}^{2}\left(x'_{ij} - x_j^{\pm}\right)^2},\qquad "
           r"y_i = 100\cdot\frac{d_i^{-}}{d_i^{+} + d_i^{-}}",
           "Hwang & Yoon (1981), Multiple Attribute Decision Making", options=_TOPSIS_OPTIONS),
    # ------------------------------------------------------------------ imputation
    Method("impute", "none", _names("m_impute_none"), None, "",
           "missing values are skipped in aggregation and reported as data coverage (COINr's default)"),
    Method("impute", "mean", _names("m_impute_mean"), treat.impute,
           r"\hat x_{ij} = \overline{x_j}", _HANDBOOK + ", §4"),
    Method("impute", "median", _names("m_impute_median"), treat.impute,
           r"\hat x_{ij} = \operatorname{median}_k x_{kj}", _HANDBOOK + ", §4"),
    Method("impute", "group-mean", _names("m_impute_group_mean"), treat.impute,
           r"\hat x_{ij} = \overline{x_j}^{\,g(i)}", _HANDBOOK + ", §4; COINr i_mean_grp()"),
    Method("impute", "group-median", _names("m_impute_group_median"), treat.impute,
           r"\hat x_{ij} = \operatorname{median}_{k \in g(i)} x_{kj}", _HANDBOOK + ", §4; COINr i_median_grp()"),
    Method("impute", "knn", _names("m_impute_knn"), treat.impute,
           r"\hat x_{ij} = \frac{1}{k}\sum_{m \in N_k(i)} x_{mj}",
           "Troyanskaya et al. (2001), Bioinformatics 17(6): 520-525; scikit-learn KNNImputer"),
    # ------------------------------------------------------------------ outlier treatment
    Method("treat", "none", _names("m_treat_none"), None),
    Method("treat", "winsorize", _names("m_treat_winsorize"), treat.treat_outliers,
           r"\lvert \mathrm{skew} \rvert > 2 \ \wedge\ \mathrm{kurt} > 3.5 \Rightarrow "
           r"\text{winsorise up to 5 points, else } \log",
           "COINr qTreat() / Treat() defaults (skewness 2, kurtosis 3.5, at most 5 points winsorised)"),
]

#: kind -> key -> :class:`Method`, in the order the pages and the command line list them.
REGISTRY: dict[str, dict[str, Method]] = {k: {} for k in KINDS}
for _m in _ENTRIES:
    REGISTRY[_m.kind][_m.key] = _m


def keys(kind: str) -> tuple[str, ...]:
    """The methods of ``kind``, in order."""
    return tuple(REGISTRY[kind])


def check(kind: str, key: str) -> str:
    """``key`` if it is a method of ``kind``, else a bilingual :class:`ValueError` listing the choices."""
    if key not in REGISTRY[kind]:
        zh, en = KIND_NAMES[kind]
        ks = ", ".join(REGISTRY[kind])
        raise ValueError(f"未知的{zh} {key!r}，可选：{ks} / unknown {en} {key!r}; choose one of {ks}")
    return key


def get(kind: str, key: str) -> Method:
    """The :class:`Method` ``key`` of ``kind`` (a bilingual :class:`ValueError` when there is none)."""
    return REGISTRY[kind][check(kind, key)]


def name(kind: str, key: str, lang: str = "zh") -> str:
    """A method's name in ``lang``; the key itself for a method not in the registry (an old saved spec)."""
    m = REGISTRY.get(kind, {}).get(key)
    return m.name(lang) if m else str(key)


def names() -> dict[str, dict[str, tuple[str, str]]]:
    """kind -> key -> (Chinese, English) name of every method."""
    return {k: {key: m.names for key, m in REGISTRY[k].items()} for k in KINDS}


def default_scale(normalize: str) -> tuple | None:
    """The scale a normalisation uses when the spec sets none: ``[0, 100]`` for min-max and goalposts,
    mean 0 / SD 1 for z-scores, ``None`` (the raw ranks 1…n) for ranks."""
    return get("normalize", normalize).default_scale


def options(kind: str, key: str) -> tuple[Option, ...]:
    """The settings of a method (e.g. PCA's factor retention), empty for most."""
    return get(kind, key).options


def check_spec(spec) -> None:
    """Check the method fields of a :class:`~metrics.assessment.Spec` against the registry: each
    kind's method exists, and every option with a fixed set of values holds one of them."""
    for kind in KINDS:
        check(kind, getattr(spec, kind))
        for m in REGISTRY[kind].values():
            for o in m.options:
                if o.choices and getattr(spec, o.field) not in o.choices:
                    allowed = ", ".join(str(c) for c in o.choices)
                    raise ValueError(f"{o.field} 只能取 {allowed} / {o.field} must be one of {allowed}")


if set(REGISTRY["normalize"]) != set(norm.DEFAULT_SCALE):  # pragma: no cover - a method added to one only
    raise ImportError("the normalisations of metrics.methods and metrics.normalize.DEFAULT_SCALE differ")
