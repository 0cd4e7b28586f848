"""Unit tests for metrics.perception (stakeholder perception gaps)."""


import numpy as np
import pandas as pd
import pytest
from scipy import stats

import metrics.perception as perception
from metrics.perception import GROUPS, aggregate_gaps, perception_gaps, shared_understanding


def hand_survey():
    # region A / 2023, item q1: gov 5,4,5 ; cit 2,1,2 ; ent 3 (one answer) ; org none
    # item q2: only gov answers (4, 4)
    return pd.DataFrame({
        "region": ["A"] * 7,
        "year": [2023] * 7,
        "group": ["gov", "gov", "gov", "cit", "cit", "cit", "ent"],
        "q1": [5, 4, 5, 2, 1, 2, 3],
        "q2": [4, 4, np.nan, np.nan, np.nan, np.nan, np.nan],
    })


def test_hand_values():
    g = perception_gaps(hand_survey(), ["q1", "q2"])
    assert list(g["item"]) == ["q1", "q2"]
    r = g.iloc[0]
    # means: gov 14/3 = 4.667, ent 3, cit 5/3 = 1.667 ; spread = 14/3 - 5/3 = 3
    assert r["mean_gov"] == pytest.approx(14 / 3) and r["mean_cit"] == pytest.approx(5 / 3)
    assert r["mean_ent"] == 3 and np.isnan(r["mean_org"])
    assert (r["n_gov"], r["n_ent"], r["n_org"], r["n_cit"]) == (3, 1, 0, 3)
    assert r["n_groups"] == 3 and r["spread"] == pytest.approx(3.0)
    assert (r["pair_hi"], r["pair_lo"]) == ("gov", "cit")
    # Kruskal-Wallis on gov vs cit only (ent has < 2 answers):
    # sorted 1 | 2 2 | 4 | 5 5 -> ranks 1 | 2.5 2.5 | 4 | 5.5 5.5
    # R_gov = 4 + 5.5 + 5.5 = 15 ; R_cit = 1 + 2.5 + 2.5 = 6 ; N = 6
    # H0 = 12/(6*7) * (15^2/3 + 6^2/3) - 3*7 = 0.285714 * 87 - 21 = 3.857143
    # ties: two runs of 2 -> sum(t^3 - t) = 6 + 6 = 12 ; correction 1 - 12/210 = 0.942857
    # H = 3.857143 / 0.942857 = 4.090909 ; p = chi2.sf(4.090909, 1) = 0.043114
    assert r["k_tested"] == 2
    assert r["H"] == pytest.approx(4.090909, abs=1e-6)
    assert r["p"] == pytest.approx(stats.chi2.sf(45 / 11, 1), rel=1e-12)
    assert r["p"] == pytest.approx(0.043114, abs=1e-6)
    assert bool(r["significant"])
    q2 = g.iloc[1]
    # one group only: no spread, no test
    assert np.isnan(q2["spread"]) and np.isnan(q2["p"]) and not q2["significant"]
    assert q2["pair_hi"] is None or pd.isna(q2["pair_hi"])
    assert g.attrs["by"] == ("region", "year")


def test_alpha_parameter():
    g = perception_gaps(hand_survey(), ["q1"], alpha=0.01)
    assert not g.loc[0, "significant"]


def test_identical_answers_give_nan_test():
    s = pd.DataFrame({"region": "A", "year": 1, "group": ["gov", "gov", "cit", "cit"],
                      "q": [3.0, 3.0, 3.0, 3.0]})
    g = perception_gaps(s, ["q"])
    assert g.loc[0, "spread"] == 0 and np.isnan(g.loc[0, "H"]) and not g.loc[0, "significant"]


def random_survey(n, regions=5, years=2, items=4, seed=0, continuous=False):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "region": rng.choice([f"R{i}" for i in range(regions)], n),
        "year": rng.integers(2020, 2020 + years, n),
        "group": rng.choice(GROUPS, n, p=[0.4, 0.3, 0.05, 0.25]),
    })
    for j in range(items):
        v = rng.normal(3, 1, n) if continuous else rng.integers(1, 6, n).astype(float)
        v[rng.random(n) < 0.3] = np.nan
        df[f"q{j}"] = v
    return df


def scipy_reference(df, row, items_groups=GROUPS):
    sub = df[(df["region"] == row["region"]) & (df["year"] == row["year"])]
    samples = [sub.loc[sub["group"] == g, row["item"]].dropna().to_numpy() for g in items_groups]
    samples = [s for s in samples if len(s) >= 2]
    if len(samples) < 2:
        return np.nan, np.nan
    res = stats.kruskal(*samples)
    return res.statistic, res.pvalue


@pytest.mark.parametrize("continuous, dense", [(False, True), (True, True), (False, False)])
def test_kruskal_matches_scipy(monkeypatch, continuous, dense):
    if not dense:  # force the sort-based ranking path
        monkeypatch.setattr(perception, "_DENSE_LIMIT", 0)
    df = random_survey(600, continuous=continuous, seed=1 if continuous else 2)
    g = perception_gaps(df, [f"q{j}" for j in range(4)])
    assert len(g) == 5 * 2 * 4
    with np.errstate(all="ignore"):
        for _, row in g.iterrows():
            H, p = scipy_reference(df, row)
            if np.isnan(H):
                assert np.isnan(row["H"])
            else:
                assert row["H"] == pytest.approx(H, rel=1e-10, abs=1e-12)
                assert row["p"] == pytest.approx(p, rel=1e-9, abs=1e-15)


def test_means_and_counts_match_groupby():
    df = random_survey(800, seed=4)
    g = perception_gaps(df, ["q0", "q1"]).set_index(["region", "year", "item"])
    long = df.melt(id_vars=["region", "year", "group"], value_vars=["q0", "q1"],
                   var_name="item").dropna()
    ref = long.groupby(["region", "year", "item", "group"])["value"].agg(["mean", "size"])
    for (reg, yr, it, grp), (m, n) in ref.iterrows():
        assert g.loc[(reg, yr, it), f"mean_{grp}"] == pytest.approx(m)
        assert g.loc[(reg, yr, it), f"n_{grp}"] == n
    means = g[[f"mean_{x}" for x in GROUPS]]
    assert np.allclose(g["spread"], means.max(axis=1) - means.min(axis=1))


def test_by_variants():
    df = random_survey(300, seed=5)
    pooled = perception_gaps(df, ["q0"], by=("region",))
    assert list(pooled.columns[:2]) == ["region", "item"] and len(pooled) == 5
    overall = perception_gaps(df, ["q0"], by=())
    assert len(overall) == 1
    assert overall.loc[0, "n_gov"] == df.loc[df.group == "gov", "q0"].notna().sum()


def test_province_scale_gives_every_cell():
    # 31 regions x 6 years x 25 items, 60,000 respondents (speed: ~0.1 s, see bench/README.md)
    df = random_survey(60_000, regions=31, years=6, items=25, seed=6)
    g = perception_gaps(df, [f"q{j}" for j in range(25)])
    assert len(g) == 31 * 6 * 25


@pytest.mark.parametrize(
    "mutate, items, kw, match",
    [
        (lambda d: d.assign(group=["gov", "gov", "gov", "cit", "cit", "cit", "xyz"]), ["q1"], {},
         "unknown group"),
        (lambda d: d, ["nope"], {}, "lacks columns"),
        (lambda d: d.assign(q1=list("abcdefg")), ["q1"], {}, "numeric"),
        (lambda d: d, ["q1"], {"alpha": 1.5}, "alpha"),
        (lambda d: d.assign(year=[2023, None, 2023, 2023, 2023, 2023, 2023]), ["q1"], {},
         "missing"),
        (lambda d: d, [], {}, "at least one"),
    ],
)
def test_validation(mutate, items, kw, match):
    with pytest.raises(ValueError, match=match):
        perception_gaps(mutate(hand_survey()), items, **kw)


def test_aggregate_gaps_hand():
    gaps = pd.DataFrame({
        "region": ["A", "A", "A", "B"], "year": [1, 1, 1, 1],
        "item": ["q1", "q2", "q3", "q1"],
        "spread": [1.0, 0.5, np.nan, 2.0],
        "p": [0.01, 0.2, np.nan, 0.04],
        "significant": [True, False, False, True],
    })
    out = aggregate_gaps(gaps, {"q1": "AWA2", "q2": "AWA2", "q3": "AWA1"})
    a2 = out[(out.region == "A") & (out.subdim == "AWA2")].iloc[0]
    # mean spread (1.0 + 0.5)/2 = 0.75 ; 1 of 2 tested items significant -> 0.5
    assert a2["mean_spread"] == 0.75 and a2["share_significant"] == 0.5
    assert a2["n_items"] == 2 and a2["n_tested"] == 2
    a1 = out[(out.region == "A") & (out.subdim == "AWA1")].iloc[0]
    assert np.isnan(a1["share_significant"]) and a1["n_tested"] == 0
    with pytest.raises(ValueError, match="without a sub-dimension"):
        aggregate_gaps(gaps, {"q1": "AWA2"})


def test_aggregate_from_real_output():
    df = random_survey(500, seed=8)
    gaps = perception_gaps(df, ["q0", "q1", "q2"])
    out = aggregate_gaps(gaps, {"q0": "S1", "q1": "S1", "q2": "S2"})
    assert len(out) == 5 * 2 * 2
    assert out["share_significant"].dropna().between(0, 1).all()


def test_shared_understanding():
    gaps = pd.DataFrame({"region": ["A", "A", "A"], "year": [1, 1, 1], "item": ["a", "b", "c"],
                         "spread": [1.0, 2.0, 4.0], "n_groups": [4, 4, 3]})
    # item c is not answered by all groups; normalised spreads 1/4, 2/4 -> mean 0.375 -> 0.625
    out = shared_understanding(gaps, k=5)
    assert out.loc[0, "shared_understanding"] == pytest.approx(0.625)
    assert out.loc[0, "n_items"] == 2
