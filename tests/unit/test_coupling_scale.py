"""Coupling coordination on every scale: U is the score's position on the spec's own scale (issue 9 item 1).

Before the fix ``diagnostics.synergy`` min-max rescaled the dimension scores within each year for any
display range other than exactly [0, 100], so the lowest region of a dimension got U = 0 and with it
C = D = 0 ("Extreme imbalance") however good its other dimensions were.
"""
import numpy as np
import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from metrics.diagnostics import synergy, synergy_table
from metrics.synergy import coupling_coordination

DIMS = ["ORG", "MEC", "AWA"]


@pytest.fixture(scope="module")
def sample():
    return Dataset.sample()


def _expected(u: pd.DataFrame) -> pd.DataFrame:
    """C, T, D by the formula of metrics.synergy, written out."""
    n = u.shape[1]
    c = n * np.prod(u.to_numpy(), axis=1) ** (1 / n) / u.sum(axis=1).to_numpy()
    t = u.mean(axis=1).to_numpy()
    return pd.DataFrame({"C": c, "T": t, "D": np.sqrt(c * t)}, index=u.index)


def test_geometric_1_100_keeps_a_lopsided_region_off_zero(sample):
    # the reproduction: region 230000 (Heilongjiang) with dimensions 85.9 / 12.3 / 71.8 got C = D = 0
    a = assess(sample, Spec(aggregate="geometric", scale=(1, 100)))
    s = synergy(a)
    dims = a.scores[DIMS]
    u = (dims - 1.0) / 99.0
    exp = _expected(u)
    np.testing.assert_allclose(s["C"].to_numpy(), exp["C"].to_numpy(), atol=1e-12)
    np.testing.assert_allclose(s["D"].to_numpy(), exp["D"].to_numpy(), atol=1e-12)
    row = s.loc[("230000", 2023)]
    assert row["C"] > 0.6 and row["D"] > 0.5 and row["band"] >= 6   # was C = D = 0, band 1
    # no region-year has D = 0 unless one of its dimensions sits at the very bottom of the scale (1)
    at_bottom = (dims <= 1.0 + 1e-12).any(axis=1)
    assert not ((s["D"] == 0) & ~at_bottom).any()
    assert s.attrs["scale"] == (1.0, 100.0)
    assert s.attrs["mapping"] == "scale"


def test_default_0_100_is_divided_by_100(sample):
    a = assess(sample)
    s = synergy(a)
    exp = _expected(a.scores[DIMS] / 100.0)
    np.testing.assert_allclose(s["D"].to_numpy(), exp["D"].to_numpy(), atol=1e-12)
    assert s.attrs["scale"] == (0.0, 100.0) and not s.attrs["rescaled"]


def test_the_mapping_does_not_change_from_year_to_year(sample):
    # one fixed (lo, hi) for every year: the same dimension scores give the same C, T, D in any year
    for spec in (Spec(aggregate="geometric", scale=(1, 100)), Spec(normalize="zscore"), Spec(normalize="rank"),
                 Spec(normalize="goalposts"), Spec(weights="entropy", aggregate="topsis")):
        a = assess(sample, spec)
        s = synergy(a)
        lo, hi = s.attrs["scale"]
        u = ((a.scores[DIMS] - lo) / (hi - lo)).clip(0.0, 1.0)
        exp = _expected(u)
        np.testing.assert_allclose(s["D"].to_numpy(), exp["D"].to_numpy(), atol=1e-12, err_msg=str(spec))
        # the lowest region of a year is not sent to 0 just for being lowest
        for year in a.years:
            d = s.xs(year, level="year")
            assert (d["D"] > 0).all(), (spec, year)


def test_zscore_is_mapped_by_plus_minus_three_sd(sample):
    a = assess(sample, Spec(normalize="zscore"))
    s = synergy(a)
    assert s.attrs["mapping"] == "zscore_3sd"
    assert s.attrs["scale"] == (-3.0, 3.0)
    a2 = assess(sample, Spec(normalize="zscore", scale=(50, 10)))
    assert synergy(a2).attrs["scale"] == (20.0, 80.0)
    # the same standardised scores, so the same coupling on either z-scale
    np.testing.assert_allclose(synergy(a2)["D"].to_numpy(), s["D"].to_numpy(), atol=1e-12)


def test_raw_ranks_are_mapped_from_one_to_n(sample):
    a = assess(sample, Spec(normalize="rank"))
    s = synergy(a)
    n = int(a.normalised[a.framework.indicators].notna().sum().max())
    assert s.attrs["mapping"] == "rank_n"
    assert s.attrs["scale"] == (1.0, float(n))


def test_synergy_table_of_the_cli_matches(sample):
    a = assess(sample, Spec(aggregate="geometric", scale=(1, 100)))
    t = synergy_table(a, lang="en")
    assert (t["coupling_D"] > 0).all()
    assert t.loc[("230000", 2023), "coupling_band"] != "Extreme imbalance"


def test_coupling_coordination_scale_argument_unchanged():
    # the formula module itself still takes scores on [0, scale]
    out = coupling_coordination(pd.DataFrame({"a": [50.0], "b": [50.0]}), scale=100.0)
    assert out.loc[0, "C"] == pytest.approx(1.0) and out.loc[0, "T"] == pytest.approx(0.5)
