"""Uncertainty and sensitivity analysis of the ranking, vectorised.

Assumptions that can vary, each one input factor of the analysis:

* ``weights``: multiplicative noise on the weights of the nodes at chosen
  levels, ``w * U(1 - noise, 1 + noise)``, re-normalised among siblings (COINr's
  ``get_noisy_weights``; by default the levels between the indicators and the
  top node, as in COINr's ASEM example);
* ``normalize``: a choice among normalisation methods;
* ``aggregate``: a choice among aggregation methods;
* ``impute``: a choice among imputation methods (for example none or mean).

Design.  Rank intervals come from ``runs`` plain Monte Carlo replications (the
``A`` sample).  With ``sensitivity=True`` the Saltelli (2010) design adds a
second sample ``B`` and one hybrid ``AB_i`` per factor (``runs * (d + 2)``
evaluations in all); first-order and total indices of each region's rank use
the Saltelli (2010) and Jansen (1999) estimators::

    S_i  = mean(f(B) (f(AB_i) - f(A))) / V
    ST_i = mean((f(A) - f(AB_i))^2) / (2 V)

with ``V`` the variance of ``f`` over ``A`` and ``B`` together.  Estimates from
a finite sample can stray slightly outside [0, 1].

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
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from . import aggregate as agg
from .assessment import Assessment, Dataset, Spec, assess

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


def _aggregate_batch(fw, x_units: np.ndarray, ind_pos: dict, sib: np.ndarray, pos: dict, method: str,
                     root: str) -> np.ndarray:
    """Scores of the root for each replication: x_units (units x indicators), sib (R x nodes) -> (R x units)."""
    R = sib.shape[0]
    vals: dict[str, np.ndarray] = {}
    for c in fw.indicators:
        v = x_units[:, ind_pos[c]]
        vals[c] = np.broadcast_to(v, (R, v.shape[0]))
    if method == "topsis":
        # overall indicator weights per replication
        g = np.ones((R, len(fw.indicators)))
        for j, c in enumerate(fw.indicators):
            g[:, j] = sib[:, pos[c]]
            for anc in fw.ancestors[c][:-1]:
                g[:, j] *= sib[:, pos[anc]]
        leaves = fw.leaves_of[root]
        idx = [fw.indicators.index(c) for c in leaves]
        return agg.topsis(x_units[:, [ind_pos[c] for c in leaves]], g[:, idx]) * 100.0
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
        Monte Carlo replications for the rank intervals (``A`` sample).
    seed : int
        Seed of numpy's ``default_rng``; the same seed gives the same result.
    weight_noise : float
        Noise factor on weights (0 turns the weights factor off).
    noise_levels : list of int, optional
        Levels of the nodes whose weights get noise (default: between the
        indicators and the top node).
    normalize, aggregate, impute : sequence of str, optional
        Alternatives to draw from with equal probability (default: only the
        spec's own choice, so the factor is off).  With ``geometric`` among the
        aggregations, min-max alternatives use the scale ``[1, 100]``.
    year : int, optional
        Year whose ranking is analysed (default: the latest).
    sensitivity : bool
        Also estimate first-order and total sensitivity indices.
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
    rng = np.random.default_rng(seed)
    nominal = assess(dataset, spec)
    year = nominal.latest_year if year is None else int(year)
    norms = tuple(normalize) if normalize else (spec.normalize,)
    aggs = tuple(aggregate) if aggregate else (spec.aggregate,)
    imps = tuple(impute) if impute else (spec.impute,)
    if "geometric" in aggs and "zscore" in norms:
        raise ValueError("几何平均不能与 Z 分数标准化组合（需严格正值）/ the geometric mean cannot be combined with "
                         "z-scores (it needs strictly positive values); use min-max")
    factors = []
    if weight_noise and weight_noise > 0:
        factors.append("weights")
    if len(norms) > 1:
        factors.append("normalize")
    if len(aggs) > 1:
        factors.append("aggregate")
    if len(imps) > 1:
        factors.append("impute")
    fw, nodes, pos, par_codes = _structure(nominal)
    levels = _noise_levels(nominal, noise_levels)
    base_w = nominal.weights.reindex(nodes).to_numpy(dtype=float)
    noisy_mask = np.isin(fw.table["level"].to_numpy(), levels)
    pool = np.tile(base_w, (runs, 1))
    if "weights" in factors:
        noise = rng.uniform(1 - weight_noise, 1 + weight_noise, size=(runs, int(noisy_mask.sum())))
        pool[:, noisy_mask] *= noise
    pool = _sibling_normalise(pool, par_codes)

    d = len(factors)
    sizes = {"weights": runs, "normalize": len(norms), "aggregate": len(aggs), "impute": len(imps)}

    def sample(n):
        return np.column_stack([rng.integers(0, sizes[f], n) for f in factors]) if d else np.zeros((n, 0), int)

    A = sample(runs)
    if "weights" in factors:  # the A sample walks through the weight pool once, like COINr's replications
        A[:, factors.index("weights")] = np.arange(runs)
    blocks = [A]
    if sensitivity and d:
        B = sample(runs)
        blocks.append(B)
        for i in range(d):
            ab = A.copy()
            ab[:, i] = B[:, i]
            blocks.append(ab)
    design = np.vstack(blocks)
    n_eval = len(design)

    def col(f, default=0):
        return design[:, factors.index(f)] if f in factors else np.full(n_eval, default)

    w_idx = col("weights")
    n_idx, a_idx, i_idx = col("normalize"), col("aggregate"), col("impute")
    units = list(nominal.scores.xs(year, level="year").index)
    scores = np.full((n_eval, len(units)), np.nan)
    combos = sorted({(int(n), int(g), int(m)) for n, g, m in zip(n_idx, a_idx, i_idx)})
    geometric_any = "geometric" in aggs
    for k, (n, g, m) in enumerate(combos):
        sel = (n_idx == n) & (a_idx == g) & (i_idx == m)
        nm = norms[n]
        scale = spec.scale
        if geometric_any and nm == "minmax":
            scale = (1.0, 100.0)
        elif nm != spec.normalize:
            scale = None
        alt = assess(dataset, spec.replace(normalize=nm, scale=scale, impute=imps[m], aggregate="arithmetic",
                                           weight_overrides=()))
        x = alt.normalised.xs(year, level="year").reindex(units)[fw.indicators].to_numpy(dtype=float)
        ind_pos = {c: j for j, c in enumerate(fw.indicators)}
        scores[sel] = _aggregate_batch(fw, x, ind_pos, pool[w_idx[sel]], pos, aggs[g], fw.root)
        if progress:
            progress((k + 1) / len(combos))
    ranks = _ranks(scores)
    rA = ranks[:runs]
    nominal_rank = nominal.ranks().xs(year, level="year").reindex(units)
    with np.errstate(all="ignore"):
        table = pd.DataFrame({
            "nominal_rank": nominal_rank.to_numpy(dtype=float),
            "median_rank": np.nanmedian(rA, axis=0),
            "p05_rank": np.nanpercentile(rA, 5, axis=0),
            "p95_rank": np.nanpercentile(rA, 95, axis=0),
            "mean_rank": np.nanmean(rA, axis=0),
        }, index=pd.Index(units, name="region"))
    sens = pd.DataFrame(index=table.index)
    summary = pd.DataFrame(columns=["factor", "S", "ST"])
    if sensitivity and d:
        fA, fB = ranks[:runs], ranks[runs:2 * runs]
        V = np.nanvar(np.vstack([fA, fB]), axis=0)
        rows = []
        for i, f in enumerate(factors):
            fAB = ranks[(2 + i) * runs:(3 + i) * runs]
            with np.errstate(all="ignore"):
                S = np.nanmean(fB * (fAB - fA), axis=0) / V
                ST = np.nanmean((fA - fAB) ** 2, axis=0) / (2 * V)
            S[V == 0] = np.nan
            ST[V == 0] = np.nan
            sens[f"S_{f}"] = S
            sens[f"ST_{f}"] = ST
            ok = V > 0
            wv = V[ok] / V[ok].sum() if ok.any() else V[ok]
            rows.append({"factor": f, "S": float(np.nansum(S[ok] * wv)) if ok.any() else np.nan,
                         "ST": float(np.nansum(ST[ok] * wv)) if ok.any() else np.nan})
        summary = pd.DataFrame(rows)
    settings = {"runs": runs, "seed": seed, "weight_noise": weight_noise, "noise_levels": levels,
                "normalize": list(norms), "aggregate": list(aggs), "impute": list(imps), "year": year,
                "spec": spec.to_dict(), "data_fingerprint": dataset.fingerprint}
    design_a = pd.DataFrame({"weights": w_idx[:runs], "normalize": [norms[i] for i in n_idx[:runs]],
                             "aggregate": [aggs[i] for i in a_idx[:runs]], "impute": [imps[i] for i in i_idx[:runs]]})
    return UncertaintyResult(table, sens, summary, rA, units, factors, runs, n_eval,
                             time.perf_counter() - t0, year, settings, pool, nodes, design_a)


def naive_ranks(dataset: Dataset, spec: Spec, weight_sets: np.ndarray, nodes: list[str], normalize: list[str],
                aggregate: list[str], year: int) -> np.ndarray:
    """Ranks by re-running :func:`~metrics.assess` once per replication (slow; for tests and the benchmark).

    ``weight_sets`` (R x nodes) are sibling-normalised weights; ``normalize`` and
    ``aggregate`` give each replication's method.
    """
    out = []
    geometric_any = "geometric" in aggregate
    for w, nm, ag in zip(weight_sets, normalize, aggregate):
        scale = (1.0, 100.0) if geometric_any and nm == "minmax" else (spec.scale if nm == spec.normalize else None)
        s = spec.replace(normalize=nm, aggregate=ag, scale=scale, weights="framework",
                         weight_overrides=tuple(zip(nodes, map(float, w))))
        a = assess(dataset, s)
        out.append(a.ranks().xs(year, level="year").to_numpy(dtype=float))
    return np.vstack(out)
