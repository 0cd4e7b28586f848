"""Maturity levels: score bands (DCMM-style) or k-means tiers.

The five default levels follow the names of GB/T 36073 (DCMM, 数据管理能力成熟度
评估模型): 初始级, 受管理级, 稳健级, 量化管理级, 优化级.  Bands are on the
0..100 display scale: ``[0, 20)`` level 1 ... ``[80, 100]`` level 5; the edges
are configurable.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

LEVEL_NAMES = {
    1: ("初始级", "Initial"),
    2: ("受管理级", "Managed"),
    3: ("稳健级", "Defined"),
    4: ("量化管理级", "Quantitatively managed"),
    5: ("优化级", "Optimising"),
}
DEFAULT_EDGES = (20.0, 40.0, 60.0, 80.0)


def level_name(level: int | float, lang: str = "zh") -> str:
    if level is None or (isinstance(level, float) and np.isnan(level)):
        return "—"
    zh, en = LEVEL_NAMES.get(int(level), (str(level), str(level)))
    return zh if lang == "zh" else en


def band_levels(scores: pd.Series, edges: tuple = DEFAULT_EDGES) -> pd.Series:
    """Level 1..len(edges)+1 of each score by band edges (a score on an edge goes up).

    Examples
    --------
    >>> band_levels(pd.Series([0, 19.9, 20, 79.99, 80, 100])).tolist()
    [1.0, 1.0, 2.0, 4.0, 5.0, 5.0]
    """
    e = np.asarray(edges, dtype=float)
    if np.any(np.diff(e) <= 0):
        raise ValueError("maturity band edges must increase / 成熟度分档边界必须递增")
    v = scores.to_numpy(dtype=float)
    lv = np.searchsorted(e, v, side="right") + 1.0
    lv[np.isnan(v)] = np.nan
    return pd.Series(lv, index=scores.index, name="level")


def kmeans_levels(scores: pd.Series, k: int = 5, seed: int = 0) -> pd.Series:
    """k-means tiers of a score (scikit-learn, seeded), numbered 1 (lowest centre) to k.

    Examples
    --------
    >>> kmeans_levels(pd.Series([1, 2, 50, 51, 99, 98.0]), k=3).tolist()
    [1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    """
    from sklearn.cluster import KMeans

    v = scores.to_numpy(dtype=float)
    ok = ~np.isnan(v)
    out = np.full(len(v), np.nan)
    n_unique = len(np.unique(v[ok]))
    if n_unique == 0:
        return pd.Series(out, index=scores.index, name="level")
    k = min(k, n_unique)
    km = KMeans(n_clusters=k, random_state=seed, n_init=10).fit(v[ok].reshape(-1, 1))
    order = np.argsort(np.argsort(km.cluster_centers_.ravel()))
    out[ok] = order[km.labels_] + 1
    return pd.Series(out, index=scores.index, name="level")
