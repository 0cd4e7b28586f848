"""metrics.fieldwork: Cochran's sample sizes, cells per region x year x group against a target, and which
scores rest on a short cell."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from metrics.data import default_regions
from metrics.fieldwork import Target, cell_counts, groups_behind, margin_of_error, required_n, thin_scores
from metrics.framework import default_framework

FW = default_framework()


@pytest.mark.parametrize("margin, population, n", [
    (0.05, None, 385), (0.03, None, 1068), (0.10, None, 97),
    # Krejcie & Morgan (1970), Table 1 (95%, p = 0.5, 5%): the finite population correction
    (0.05, 100, 80), (0.05, 1000, 278), (0.05, 10000, 370),
    (0.05, 50, 45),          # 44.3 rounded up (the table rounds it to 44, a margin just over 5%)
])
def test_required_n_matches_the_published_tables(margin, population, n):
    assert required_n(margin, population) == n
    assert margin_of_error(n, population) <= margin + 1e-12
    assert margin_of_error(n - 1, population) > margin


def test_required_n_never_exceeds_the_population():
    assert required_n(0.01, 20) == 20
    with pytest.raises(ValueError):
        required_n(0)


def frame(rows):
    return pd.DataFrame(rows, columns=["region", "year", "group"])


def test_cells_include_those_nobody_answered():
    f = frame([("110000", 2024, "gov")] * 3 + [("110000", 2023, "cit")] + [("440000", 2024, "ent")] * 5)
    c = cell_counts(f, Target("count", n=3), regions=default_regions())
    assert len(c) == 31 * 2 * 4                                          # every region of the table, 2 years, 4 groups
    row = c.set_index(["region", "year", "group"])
    assert row.loc[("110000", 2024, "gov"), "n"] == 3 and not row.loc[("110000", 2024, "gov"), "short"]
    assert row.loc[("110000", 2024, "cit"), "n"] == 0 and row.loc[("110000", 2024, "cit"), "short"]
    assert row.loc[("650000", 2023, "org"), "n"] == 0
    assert row.loc[("440000", 2024, "ent"), "margin"] == pytest.approx(1.959964 * (0.25 / 5) ** 0.5, rel=1e-6)


def test_margin_target_per_group_population():
    f = frame([("a", 2024, "gov")] * 80 + [("a", 2024, "cit")] * 300)
    t = Target("margin", margin=0.05, population={"gov": 100})
    c = cell_counts(f, t).set_index("group")
    assert c.at["gov", "needed"] == 80 and not c.at["gov", "short"]     # 80 of 100 officials: enough
    assert c.at["cit", "needed"] == 385 and c.at["cit", "short"]        # no population given: 385
    assert "±5%" in t.describe("zh") and "95%" in t.describe("en")


def test_groups_behind_a_score():
    assert groups_behind(FW) == ("gov", "ent", "org", "cit")
    assert groups_behind(FW, "ORG5") == ("ent", "org", "cit")           # its items are not asked of officials
    assert groups_behind(FW, "ORG1") == ()                               # statistics only
    assert groups_behind(FW, "MEC2_supplier_rewarded") == ("ent", "org")


def test_thin_scores_name_the_short_cells_of_the_year():
    rows = [("r1", 2024, "gov")] * 2 + [(r, 2024, g) for r in ("r1", "r2") for g in ("ent", "org", "cit") for _ in range(5)]
    rows += [("r2", 2024, "gov")] * 5 + [("r3", 2023, "gov")] * 5
    c = cell_counts(frame(rows), Target("count", n=5))
    assert thin_scores(c, FW, 2024) == {"r1": [("gov", 2, 5)]}          # r3 has no answers in 2024: no score
    assert thin_scores(c, FW, 2024, node="ORG5") == {}                   # ORG5 does not rest on officials
    assert thin_scores(c, FW, 2024, regions_scored=["r2"]) == {}
    assert set(thin_scores(c, FW, 2023)) == {"r3"}


def _cell_counts_by_groupby(frame: pd.DataFrame, target: Target, regions=None) -> pd.DataFrame:
    """The cells as a plain pandas group-by and reindex (how cell_counts was written before it counted on
    integer codes): the reference for the property test below."""
    from metrics.fieldwork import GROUPS
    years = sorted(pd.unique(frame["year"])) if len(frame) else []
    regs = list(dict.fromkeys(list(pd.unique(frame["region"].astype(str))) +
                              ([str(c) for c in regions.table.index] if regions is not None else [])))
    counts = frame.assign(group=frame["group"].astype(str), region=frame["region"].astype(str)) \
        .groupby(["region", "year", "group"], observed=True).size()
    idx = pd.MultiIndex.from_product([regs, years, list(GROUPS)], names=["region", "year", "group"])
    out = counts.reindex(idx, fill_value=0).rename("n").reset_index()
    out["needed"] = out["group"].map({g: target.needed(g) for g in GROUPS})
    out["short"] = out["n"] < out["needed"]
    out["margin"] = [margin_of_error(int(n), target.population_of(g)) for n, g in zip(out["n"], out["group"])]
    return out


@given(rows=hst.lists(hst.tuples(hst.sampled_from(["110000", "120000", "320106", "b"]),
                                 hst.sampled_from([2021, 2023, 2024]),
                                 hst.sampled_from(["gov", "ent", "org", "cit", "other"])), min_size=1, max_size=60),
       categorical=hst.booleans(), with_regions=hst.booleans(), n=hst.integers(1, 5))
@settings(max_examples=60, deadline=None)
def test_cell_counts_equal_a_plain_group_by(rows, categorical, with_regions, n):
    frame = pd.DataFrame(rows, columns=["region", "year", "group"]).astype({"year": "int64"})
    if categorical:   # a saved version's answers carry the group as a category
        frame["group"] = frame["group"].astype("category")
    regions = default_regions() if with_regions else None
    target = Target("count", n=n)
    pd.testing.assert_frame_equal(cell_counts(frame, target, regions),
                                  _cell_counts_by_groupby(frame, target, regions), check_exact=True)


def test_cell_counts_of_no_answers():
    """No answers: no cells without a region table (the group-by above raised here), every region's
    cells at 0 with one; the columns as always."""
    frame = pd.DataFrame({"region": pd.Series([], dtype=str), "year": pd.Series([], dtype="int64"),
                          "group": pd.Series([], dtype=str)})
    c = cell_counts(frame, Target("count", n=1))
    assert list(c.columns) == ["region", "year", "group", "n", "needed", "short", "margin"] and c.empty
    assert cell_counts(frame, Target("count", n=1), default_regions()).empty   # no year: no cell either
