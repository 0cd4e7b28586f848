"""Uncertainty and sensitivity analysis of the ranking, vectorised.

Assumptions that can vary, each one input factor of the analysis:

* ``weights``: multiplicative noise on the weights of the nodes at chosen
  levels, ``w * U(1 - noise, 1 + noise)``, re-normalised among siblings (COINr's
  ``get_noisy_weights``; by default the levels between the indicators and the
  top node, as in COINr's ASEM example).  The noise on the individual nodes is
  one *group* of inputs, so the weights count as one factor;
* ``normalize``: a choice among normalisation methods;
* ``aggregate``: a choice among aggregation methods;
* ``impute``: a choice among imputation methods (for example none or mean).

Every combination of methods is valid.  With the geometric mean among the
aggregations, every normalisation is put on a strictly positive scale, in all
runs (which changes no arithmetic or TOPSIS ranking): closed scales starting at
or below 0 (min-max, goalposts, rank with a scale) are taken onto ``[1, 100]``,
as COINr's examples do; z-scores, which have no lower bound, are shifted by one
constant so that the smallest z-score of the normalised data (all indicators,
all years) becomes 1, ``z' = z - min z + 1``; raw ranks start at 1 already.
:attr:`UncertaintyResult.combinations` says how many runs each combination got
and which shift it used.

Design.  The inputs are drawn by SALib (``SALib.sample.sobol``: Saltelli's
scheme on a scrambled Sobol' sequence, seeded), ``runs`` base samples ``A``, a
second set ``B`` and one hybrid ``AB_i`` per factor (``runs * (d + 2)``
evaluations in all); a discrete factor with ``k`` alternatives takes
alternative ``floor(k u)`` of its uniform input ``u``.  Rank intervals come
from the ``A`` sample, which is the same with or without sensitivity indices.
First-order and total indices of each region's rank are SALib's estimators
(``SALib.analyze.sobol``: Saltelli et al. 2010 for S, Jansen 1999 for ST) on
the output centred and scaled as SALib does, so they equal
``SALib.analyze.sobol.analyze`` region by region.  Estimates from a finite
sample can stray slightly outside [0, 1].  A region whose rank never moves has
no variance to apportion, and one whose rank moves in fewer than 1% of the
``A`` and ``B`` samples (at least 5; :func:`min_moves`) too little to estimate
its shares: both get NaN (their rank intervals show that the rank is fixed).

Speed.  COINr rebuilds the whole index for each replication.  Here the
normalised indicator matrices are computed once per normalisation/imputation
alternative, and all replications that share them are aggregated at once as
array operations over a (replication x region x child) tensor, so 500
replications on the ASEM data take a fraction of a second
(``bench/README.md``).  :func:`naive_ranks` re-runs :func:`~metrics.assess` per
replication and is kept to test the vectorised path against.
"""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from . import aggregate as agg
from .assessment import Assessment, Dataset, Spec, aggregate_tree, assess, topsis_matrix
from .methods import default_scale

FACTOR_NAMES = {
    "weights": ("权重扰动", "Weights"),
    "normalize": ("标准化方法", "Normalisation"),
    "aggregate": ("汇总方法", "Aggregation"),
    "impute": ("缺失值插补", "Imputation"),
}


@dataclass
class UncertaintyResult:
    """Rank intervals and sensitivity indices.

    Attributes
    ----------
    ranks : DataFrame
        Index region; ``nominal_rank, median_rank, p05_rank, p95_rank, mean_rank``.
    sensitivity : DataFrame
        Index region; ``S_<factor>`` and ``ST_<factor>`` per factor (empty without ``sensitivity``).
    summary : DataFrame
        One row per factor: the mean over regions of S and ST, weighted by each
        region's rank variance (the factor's share of the total rank variance).
    samples : ndarray
        Ranks of the ``A`` sample, replications x regions.
    factors : list of str
    runs, evaluations : int
    seconds : float
    combinations : DataFrame
        One row per combination of methods drawn: ``normalize, aggregate,
        impute``, ``runs`` (replications of the ``A`` sample), ``evaluations``
        (all of the design) and ``shift`` (how the normalisation was made
        positive for the geometric mean: ``""``, ``"[1, 100]"`` or
        ``"z - min z + 1"``).
    """

    ranks: pd.DataFrame
    sensitivity: pd.DataFrame
    summary: pd.DataFrame
    samples: np.ndarray
    regions: list
    factors: list
    runs: int
    evaluations: int
    seconds: float
    year: int
    settings: dict = field(default_factory=dict)
    weight_pool: np.ndarray | None = None   # sibling-normalised weights of each replication (runs x nodes)
    nodes: list = field(default_factory=list)
    design: pd.DataFrame | None = None      # the A sample: weight set, normalisation, aggregation, imputation
    combinations: pd.DataFrame | None = None

    @property
    def mean_band(self) -> float:
        """Mean width of the 5-95% rank interval."""
        return float((self.ranks["p95_rank"] - self.ranks["p05_rank"]).mean())


def _noise_levels(a: Assessment, levels) -> list[int]:
    if levels is not None:
        return [int(v) for v in levels]
    return list(range(2, a.framework.max_level))  # between the indicators and the top node


def _structure(a: Assessment):
    fw = a.framework
    nodes = list(fw.table.index)
    pos = {c: i for i, c in enumerate(nodes)}
    parent = fw.table["parent"].fillna("__root__").to_numpy()
    _, par_codes = np.unique(parent, return_inverse=True)
    return fw, nodes, pos, par_codes


def _sibling_normalise(w: np.ndarray, par_codes: np.ndarray) -> np.ndarray:
    """Normalise each row's weights within sibling groups (columns sharing a parent)."""
    sums = np.zeros((w.shape[0], par_codes.max() + 1))
    np.add.at(sums.T, par_codes, w.T)
    return w / sums[:, par_codes]


# --------------------------------------------------------------------------- SALib
_QUIET = r".*(Convergence properties of the Sobol|balance properties of Sobol).*"


def sobol_design(groups: list[str], n: int, seed: int = 0) -> np.ndarray:
    """SALib's Saltelli design on the unit cube: ``n * (G + 2)`` rows, one column per input.

    ``groups`` names the factor of each input (inputs of one factor move
    together in the hybrid samples); ``G`` is the number of factors.  Rows
    follow SALib's order: for each base sample, ``A``, ``AB_1 .. AB_G``, ``B``.
    The scrambled Sobol' sequence is seeded by ``seed``; ``n`` need not be a
    power of 2 (SALib's warning about it is silenced).

    Examples
    --------
    >>> sobol_design(["a", "b"], 4, seed=0).shape
    (16, 2)
    """
    from SALib.sample import sobol as salib_sample
    k = len(groups)
    problem = {"num_vars": k, "names": [f"x{i}" for i in range(k)], "bounds": [[0.0, 1.0]] * k,
               "groups": list(groups)}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_QUIET)
        return salib_sample.sample(problem, int(n), calc_second_order=False, seed=int(seed))


def sobol_indices(y: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total Sobol' indices (factors x outputs) from outputs in :func:`sobol_design` order.

    ``y`` is evaluations x outputs.  Each output is centred and scaled over all
    its evaluations, as ``SALib.analyze.sobol.analyze`` does, and SALib's
    ``first_order`` (Saltelli et al. 2010) and ``total_order`` (Jansen 1999)
    estimators are applied.  An output that is constant or has a missing value
    gets NaN.
    """
    from SALib.analyze.sobol import first_order, total_order
    y = np.asarray(y, dtype=float)
    step = n_groups + 2
    S = np.full((n_groups, y.shape[1]), np.nan)
    ST = np.full((n_groups, y.shape[1]), np.nan)
    with np.errstate(invalid="ignore"):
        sd = y.std(axis=0)
    ok = np.isfinite(y).all(axis=0) & (sd > 1e-12 * np.maximum(1.0, np.abs(y).max(axis=0, initial=0.0)))
    if not ok.any():
        return S, ST
    yc = (y[:, ok] - y[:, ok].mean(axis=0)) / sd[ok]
    A, B = yc[0::step], yc[step - 1::step]
    for j in range(n_groups):
        AB = yc[j + 1::step]
        S[j, ok] = first_order(A, AB, B)
        ST[j, ok] = total_order(A, AB, B)
    return S, ST


def min_moves(runs: int) -> int:
    """Fewest of the ``2 * runs`` A and B samples in which a region's rank must differ from its most common
    value for its sensitivity indices to be estimated (1% of them, at least 5); rarer moves give NaN."""
    return max(5, int(np.ceil(0.01 * 2 * runs)))


# --------------------------------------------------------------------------- scores
def _positive(spec: Spec, nm: str, geometric_any: bool) -> tuple[tuple | None, str]:
    """Scale of normalisation ``nm`` in the runs, and the shift that makes it positive for the geometric mean."""
    scale = spec.scale if nm == spec.normalize else None
    if not geometric_any:
        return scale, ""
    if nm == "zscore":
        return scale, "z - min z + 1"
    sc = scale or default_scale(nm)
    if sc is not None and sc[0] <= 0:
        return (1.0, 100.0), "[1, 100]"
    return scale, ""


def _shifted(normalised: pd.DataFrame, shift: str) -> pd.DataFrame:
    """``z - min z + 1`` over every value of the normalised data when ``shift`` says so."""
    if shift != "z - min z + 1":
        return normalised
    return normalised - float(np.nanmin(normalised.to_numpy(dtype=float))) + 1.0


def _aggregate_batch(fw, x_units: np.ndarray, ind_pos: dict, sib: np.ndarray, pos: dict, method: str,
                     root: str, topsis_units: np.ndarray | None = None, topsis_ref: np.ndarray | None = None
                     ) -> np.ndarray:
    """Scores of the root for each replication: x_units (units x indicators), sib (R x nodes) -> (R x units).

    TOPSIS scores ``topsis_units`` (default ``x_units``) against the ideal points of ``topsis_ref``
    (the rows :func:`~metrics.assess` takes them from: every year pooled, or the year when normalised by year).
    """
    R = sib.shape[0]
    if method == "topsis":
        # overall indicator weights per replication
        g = np.ones((R, len(fw.indicators)))
        for j, c in enumerate(fw.indicators):
            g[:, j] = sib[:, pos[c]]
            for anc in fw.ancestors[c][:-1]:
                g[:, j] *= sib[:, pos[anc]]
        leaves = fw.leaves_of[root]
        idx = [fw.indicators.index(c) for c in leaves]
        cols = [ind_pos[c] for c in leaves]
        xu = x_units if topsis_units is None else topsis_units
        ref = None if topsis_ref is None else topsis_ref[:, cols]
        return agg.topsis(xu[:, cols], g[:, idx], ref=ref) * 100.0
    vals: dict[str, np.ndarray] = {}
    for c in fw.indicators:
        v = x_units[:, ind_pos[c]]
        vals[c] = np.broadcast_to(v, (R, v.shape[0]))
    for a in fw.aggregates:
        kids = fw.children[a]
        x = np.stack([vals[c] for c in kids], axis=2)          # R x U x K
        w = sib[:, [pos[c] for c in kids]][:, None, :]         # R x 1 x K
        have = ~np.isnan(x)
        ws = np.where(have, w, 0.0)
        den = ws.sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            if method == "geometric":
                if (x[have] <= 0).any():
                    raise ValueError("几何平均要求所有输入严格大于 0 / the geometric mean needs strictly positive inputs")
                num = (np.where(have, np.log(np.where(have, x, 1.0)), 0.0) * w).sum(axis=2)
                s = np.exp(num / den)
            else:
                s = (np.where(have, x, 0.0) * w).sum(axis=2) / den
        s[den == 0] = np.nan
        vals[a] = s
    return vals[root]


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank each row descending, ties "min", NaN unranked."""
    r = rankdata(-np.where(np.isnan(scores), np.inf, scores), axis=1, method="min").astype(float)
    r[np.isnan(scores)] = np.nan
    return r


def uncertainty(dataset: Dataset, spec: Spec | None = None, runs: int = 500, seed: int = 0,
                weight_noise: float = 0.25, noise_levels=None, normalize=None, aggregate=None, impute=None,
                year: int | None = None, sensitivity: bool = True,
                progress: Callable[[float], None] | None = None) -> UncertaintyResult:
    """Monte Carlo rank intervals (and sensitivity indices) of the top node.

    Parameters
    ----------
    dataset, spec
        The nominal assessment.
    runs : int
        Base samples: replications for the rank intervals (``A`` sample).
    seed : int
        Seed of the scrambled Sobol' sequence; the same seed gives the same result.
    weight_noise : float
        Noise factor on weights (0 turns the weights factor off).
    noise_levels : list of int, optional
        Levels of the nodes whose weights get noise (default: between the
        indicators and the top node).
    normalize, aggregate, impute : sequence of str, optional
        Alternatives to draw from with equal probability (default: only the
        spec's own choice, so the factor is off).  Any combination is valid:
        with ``geometric`` among the aggregations every normalisation is made
        strictly positive (module docstring).
    year : int, optional
        Year whose ranking is analysed (default: the latest).  Everything else,
        normalisation and TOPSIS's ideal points included, is computed as
        :func:`~metrics.assess` does, on all years.
    sensitivity : bool
        Also estimate first-order and total sensitivity indices (SALib).
    progress : callable, optional
        Called with the fraction done (0..1).

    Examples
    --------
    >>> r = uncertainty(Dataset.sample(), runs=50, normalize=("minmax", "zscore"), seed=1)
    >>> list(r.ranks.columns)
    ['nominal_rank', 'median_rank', 'p05_rank', 'p95_rank', 'mean_rank']
    """
    t0 = time.perf_counter()
    spec = spec or Spec()
    nominal = assess(dataset, spec)
    year = nominal.latest_year if year is None else int(year)
    runs = int(runs)
    alts = {"normalize": tuple(normalize) if normalize else (spec.normalize,),
            "aggregate": tuple(aggregate) if aggregate else (spec.aggregate,),
            "impute": tuple(impute) if impute else (spec.impute,)}
    fw, nodes, pos, par_codes = _structure(nominal)
    levels = _noise_levels(nominal, noise_levels)
    noisy_mask = np.isin(fw.table["level"].to_numpy(), levels)
    factors = _factors(weight_noise, int(noisy_mask.sum()), alts)
    design = _design(nominal, nodes, par_codes, noisy_mask, factors, alts, weight_noise, runs, seed, sensitivity)
    units = list(nominal.scores.xs(year, level="year").index)
    scores, shifts = _scores(dataset, spec, nominal, fw, pos, units, year, alts, design, progress)
    ranks = _ranks(scores)
    a_rows = design["a_rows"]
    rA = ranks[a_rows]
    table = _rank_table(nominal, units, year, rA)
    sens, summary = _sensitivity(ranks, factors, design["step"], runs, table.index) if (sensitivity and factors) \
        else (pd.DataFrame(index=table.index), pd.DataFrame(columns=["factor", "S", "ST"]))
    combinations = _combinations(design, alts, shifts)
    norms, aggs, imps = alts["normalize"], alts["aggregate"], alts["impute"]
    n_idx, a_idx, i_idx = design["choice"]["normalize"], design["choice"]["aggregate"], design["choice"]["impute"]
    settings = {"runs": runs, "seed": seed, "weight_noise": weight_noise, "noise_levels": levels,
                "normalize": list(norms), "aggregate": list(aggs), "impute": list(imps), "year": year,
                "spec": spec.to_dict(), "data_fingerprint": dataset.fingerprint,
                "design": "SALib.sample.sobol (Saltelli, scrambled Sobol')",
                "estimators": "SALib.analyze.sobol first_order / total_order on centred ranks",
                "sensitivity_min_moves": min_moves(runs)}
    design_a = pd.DataFrame({"weights": np.arange(len(a_rows)), "normalize": [norms[i] for i in n_idx[a_rows]],
                             "aggregate": [aggs[i] for i in a_idx[a_rows]],
                             "impute": [imps[i] for i in i_idx[a_rows]]})
    return UncertaintyResult(table, sens, summary, rA, units, factors, runs, design["n_eval"],
                             time.perf_counter() - t0, year, settings, design["weights"][a_rows], nodes, design_a,
                             combinations)


def _factors(weight_noise: float, n_noisy: int, alts: dict) -> list[str]:
    """The uncertain factors: noise on the weights (if any node gets it) and every choice with alternatives."""
    factors = ["weights"] if (weight_noise and weight_noise > 0 and n_noisy) else []
    return factors + [f for f in ("normalize", "aggregate", "impute") if len(alts[f]) > 1]


def _design(nominal, nodes, par_codes, noisy_mask, factors, alts, weight_noise, runs, seed, sensitivity) -> dict:
    """SALib's design (A, AB_i, B rows; only A without sensitivity indices) turned into each evaluation's
    weights and choice of normalisation, aggregation and imputation (indices into ``alts``)."""
    d = len(factors)
    n_noisy = int(noisy_mask.sum())
    if d:
        groups = (["weights"] * n_noisy if "weights" in factors else []) + [f for f in factors if f != "weights"]
        u = sobol_design(groups, runs, seed)
        step = d + 2
        if not sensitivity:
            u = u[0::step]
    else:
        u = np.zeros((runs, 0))
        step = 1
    n_eval = len(u)
    a_rows = np.arange(0, n_eval, step) if (sensitivity and d) else np.arange(n_eval)
    base_w = nominal.weights.reindex(nodes).to_numpy(dtype=float)
    weights_all = np.tile(base_w, (n_eval, 1))
    col_ = 0
    if "weights" in factors:
        weights_all[:, noisy_mask] *= (1.0 - weight_noise) + 2.0 * weight_noise * u[:, :n_noisy]
        col_ = n_noisy
    weights_all = _sibling_normalise(weights_all, par_codes)
    choice = {}
    for f in ("normalize", "aggregate", "impute"):
        if f in factors:
            size = len(alts[f])
            choice[f] = np.minimum((u[:, col_] * size).astype(int), size - 1)
            col_ += 1
        else:
            choice[f] = np.zeros(n_eval, dtype=int)
    return {"n_eval": n_eval, "step": step, "a_rows": a_rows, "weights": weights_all, "choice": choice}


def _scores(dataset, spec, nominal, fw, pos, units, year, alts, design, progress):
    """Every evaluation's top-node score per unit: one normalised matrix per (normalisation, imputation)
    alternative, aggregated in chunks of evaluations; and the positive shift used for each combination."""
    norms, aggs, imps = alts["normalize"], alts["aggregate"], alts["impute"]
    n_idx, a_idx, i_idx = design["choice"]["normalize"], design["choice"]["aggregate"], design["choice"]["impute"]
    weights_all = design["weights"]
    scores = np.full((design["n_eval"], len(units)), np.nan)
    geometric_any = "geometric" in aggs
    years_all = nominal.raw.index.get_level_values("year").to_numpy()
    by = years_all if (spec.by_year and len(np.unique(years_all)) > 1) else None
    ind_pos = {c: j for j, c in enumerate(fw.indicators)}
    combos = sorted({(int(n), int(g), int(m)) for n, g, m in zip(n_idx, a_idx, i_idx)})
    shifts: dict[tuple, str] = {}
    chunk = max(1, 2_000_000 // max(1, len(units)))
    alt_cache: dict = {}
    for k, (n, g, m) in enumerate(combos):
        sel = np.flatnonzero((n_idx == n) & (a_idx == g) & (i_idx == m))
        nm = norms[n]
        scale, shift = _positive(spec, nm, geometric_any)
        shifts[(n, g, m)] = shift
        key = (n, m)
        if key not in alt_cache:
            alt = assess(dataset, spec.replace(normalize=nm, scale=scale, impute=imps[m], aggregate="arithmetic",
                                               weight_overrides=()))
            normalised = _shifted(alt.normalised[fw.indicators], shift)
            x = normalised.xs(year, level="year").reindex(units).to_numpy(dtype=float)
            tin = topsis_matrix(fw, spec, normalised, alt.treated, by)
            t_units = tin.xs(year, level="year").reindex(units).to_numpy(dtype=float)
            t_ref = t_units if by is not None else tin.to_numpy(dtype=float)
            alt_cache[key] = (x, t_units, t_ref)
        x, t_units, t_ref = alt_cache[key]
        for c0 in range(0, len(sel), chunk):
            rows = sel[c0:c0 + chunk]
            scores[rows] = _aggregate_batch(fw, x, ind_pos, weights_all[rows], pos, aggs[g], fw.root,
                                            topsis_units=t_units, topsis_ref=t_ref)
        if progress:
            progress((k + 1) / len(combos))
    return scores, shifts


def _rank_table(nominal, units, year, rA) -> pd.DataFrame:
    """Nominal rank and the median, 5th/95th percentile and mean rank over the A sample, per unit."""
    nominal_rank = nominal.ranks().xs(year, level="year").reindex(units)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # a region never ranked: NaN percentiles
        return pd.DataFrame({
            "nominal_rank": nominal_rank.to_numpy(dtype=float),
            "median_rank": np.nanmedian(rA, axis=0),
            "p05_rank": np.nanpercentile(rA, 5, axis=0),
            "p95_rank": np.nanpercentile(rA, 95, axis=0),
            "mean_rank": np.nanmean(rA, axis=0),
        }, index=pd.Index(units, name="region"))


def _sensitivity(ranks, factors, step, runs, index):
    """First-order and total indices per unit and factor (SALib's estimators), and the variance-weighted
    summary per factor; a rank that moves in only a handful of samples gets NaN (no estimable share)."""
    sens = pd.DataFrame(index=index)
    S, ST = sobol_indices(ranks, len(factors))
    fA, fB = ranks[0::step], ranks[step - 1::step]
    fAB = np.vstack([fA, fB])
    with np.errstate(all="ignore"):
        V = np.var(fAB, axis=0)
    moves = len(fAB) - np.array([np.unique(c, return_counts=True)[1].max() if np.isfinite(c).all() else 0
                                 for c in fAB.T])
    rare = moves < min_moves(runs)
    S[:, rare] = np.nan
    ST[:, rare] = np.nan
    rows = []
    for i, f in enumerate(factors):
        sens[f"S_{f}"] = S[i]
        sens[f"ST_{f}"] = ST[i]
        ok = np.isfinite(S[i]) & np.isfinite(ST[i]) & (V > 0)
        wv = V[ok] / V[ok].sum() if ok.any() else V[ok]
        rows.append({"factor": f, "S": float(np.sum(S[i][ok] * wv)) if ok.any() else np.nan,
                     "ST": float(np.sum(ST[i][ok] * wv)) if ok.any() else np.nan})
    return sens, pd.DataFrame(rows)


def _combinations(design, alts, shifts) -> pd.DataFrame:
    """One row per (normalisation, aggregation, imputation) drawn: its runs in A, evaluations and shift."""
    n_idx, a_idx, i_idx = design["choice"]["normalize"], design["choice"]["aggregate"], design["choice"]["impute"]
    in_a = np.zeros(design["n_eval"], dtype=bool)
    in_a[design["a_rows"]] = True
    rows = []
    for (n, g, m) in sorted(shifts):
        sel = (n_idx == n) & (a_idx == g) & (i_idx == m)
        rows.append({"normalize": alts["normalize"][n], "aggregate": alts["aggregate"][g],
                     "impute": alts["impute"][m], "runs": int((sel & in_a).sum()), "evaluations": int(sel.sum()),
                     "shift": shifts[(n, g, m)]})
    return pd.DataFrame(rows, columns=["normalize", "aggregate", "impute", "runs", "evaluations", "shift"])


def naive_ranks(dataset: Dataset, spec: Spec, weight_sets: np.ndarray, nodes: list[str], normalize: list[str],
                aggregate: list[str], year: int) -> np.ndarray:
    """Ranks by re-running :func:`~metrics.assess` once per replication (slow; for tests and the benchmark).

    ``weight_sets`` (R x nodes) are sibling-normalised weights; ``normalize`` and
    ``aggregate`` give each replication's method.  The geometric mean's
    positive scales are applied as in :func:`uncertainty`: through the spec's
    scale, or for z-scores by shifting the normalised data and aggregating it
    with :func:`~metrics.assessment.aggregate_tree`.
    """
    out = []
    geometric_any = "geometric" in aggregate
    for w, nm, ag in zip(weight_sets, normalize, aggregate):
        scale, shift = _positive(spec, nm, geometric_any)
        s = spec.replace(normalize=nm, aggregate=ag, scale=scale, weights="framework",
                         weight_overrides=tuple(zip(nodes, map(float, w))))
        if shift != "z - min z + 1":
            a = assess(dataset, s)
            out.append(a.ranks().xs(year, level="year").to_numpy(dtype=float))
            continue
        b = assess(dataset, s.replace(aggregate="arithmetic"))
        fw = b.framework
        x = _shifted(b.normalised[fw.indicators], shift)
        years = x.index.get_level_values("year").to_numpy()
        by = years if (s.by_year and len(np.unique(years)) > 1) else None
        tin = topsis_matrix(fw, s, x, b.treated, by) if ag == "topsis" else None
        sc = aggregate_tree(fw, x, b.weights, b.indicator_weights, ag, by, topsis_input=tin)[fw.root]
        r = sc.groupby(level="year").rank(ascending=False, method="min", na_option="keep")
        out.append(r.xs(year, level="year").to_numpy(dtype=float))
    return np.vstack(out)


def evaluation_count(runs: int, factors: int, sensitivity: bool = True) -> int:
    """How many assessments :func:`uncertainty` computes: ``runs`` replications, each ``factors + 2``
    evaluations (Saltelli's A, B and one AB per factor) with sensitivity indices, else one.

    >>> evaluation_count(500, 2), evaluation_count(50, 0), evaluation_count(100, 3, sensitivity=False)
    (2000, 50, 100)
    """
    return int(runs) * (int(factors) + 2 if factors and sensitivity else 1)
