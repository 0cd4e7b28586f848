"""The Overview and Synergy view models (issue 12) hold the numbers metrics computes, on the sample data:
ranks and levels of the ranking equal the assessment's, D of the coordination table equals
:func:`metrics.diagnostics.synergy`'s, and the scatter's axis unit is the scale of ``display_range()``."""
import math

import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from metrics import diagnostics
from metrics.levels import level_name
from viewmodels import overview, synergy

YEAR = 2024


@pytest.fixture(scope="module")
def a():
    return assess(Dataset.sample())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ranking_ranks_levels_and_scores_are_the_assessments(a, lang):
    m = overview.build(a, YEAR, lang)
    c = m.columns
    table = m.table.set_index(c["code"])
    ranks = a.ranks().xs(YEAR, level="year")
    levels = a.levels().xs(YEAR, level="year")
    scores = a.all_scores.xs(YEAR, level="year")
    assert len(table) == 31 and set(table.index) == set(ranks.index)
    assert (table[c["rank"]].astype(int) == ranks.reindex(table.index).astype(int)).all()
    assert list(table[c["level"]]) == [level_name(levels[r], lang) for r in table.index]
    assert list(table[c["index"]]) == [round(float(scores.at[r, a.root]), 1) for r in table.index]
    assert list(table[c["rank"]]) == sorted(table[c["rank"]])     # best first
    chg = diagnostics.change(a, YEAR - 1, YEAR)["change"]
    assert list(table[c["change"]]) == [round(float(chg[r]), 1) for r in table.index]
    # headline cards: the number of regions, the best region's score with its name under it
    idx = scores[a.root]
    assert m.cards[0].value == "31" and m.cards[3].value == f"{idx.max():.1f}"
    assert m.cards[3].delta == a.dataset.region_name(idx.idxmax(), lang)
    counts = levels.value_counts()
    assert [int(card.value) for card in m.level_cards] == [int(counts.get(float(k), 0)) for k in range(1, 6)]


def test_search_text_finds_a_region_in_both_languages(a):
    m = overview.build(a, YEAR, "zh")
    row = m.table.index[m.table[m.columns["code"]] == "310000"][0]
    assert "上海" in m.search[row] and "shanghai" in m.search[row] and "310000" in m.search[row]
    assert m.row_province is None and not m.below      # provinces: no province filter


def test_by_node_draws_the_nodes_scores_and_its_change(a):
    m = overview.build(a, YEAR, "en")
    nv = overview.by_node(m, "MEC")
    mec = a.node_scores("MEC", YEAR)
    assert nv.node_name == a.framework.name_of("MEC", "en")
    assert nv.values.reindex(mec.index).tolist() == pytest.approx(mec.tolist())
    assert nv.zmin <= nv.values.min() and nv.zmax >= nv.values.max()
    assert len(nv.changes) == 1                          # 31 regions: one bar each
    bars = nv.changes[0].figure.data[0]
    chg = diagnostics.change(a, YEAR - 1, YEAR, node="MEC")["change"].dropna()
    assert sorted(bars.x) == pytest.approx(sorted(chg.tolist()))
    assert nv.box.figure.data and sum(len(tr.y) for tr in nv.box.figure.data) == mec.notna().sum()


def test_first_year_has_no_change(a):
    m = overview.build(a, a.years[0], "en")
    assert m.prev_year is None and m.change_note and m.columns["change"] not in m.table
    assert overview.by_node(m, a.root).changes == ()


def test_escaper_reaches_only_names(a):
    m = overview.build(a, YEAR, "zh", esc=lambda s: f"<{s}>")
    best = a.node_scores(a.root, YEAR).idxmax()
    assert m.cards[3].delta == f"<{a.dataset.region_name(best, 'zh')}>"
    assert m.table[m.columns["region"]].str.startswith("<").sum() == 0     # tables keep names as they are


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_synergy_table_holds_the_diagnostics_d(a, lang):
    m = synergy.build(a, YEAR, lang)
    expected = diagnostics.synergy(a, year=YEAR).xs(YEAR, level="year")
    c = m.columns
    table = m.table.set_index(c["code"])
    assert len(table) == len(expected) == 31
    for code, row in expected.iterrows():
        assert table.at[code, c["d"]] == round(float(row["D"]), 3)
        assert table.at[code, c["c"]] == round(float(row["C"]), 3)
        assert table.at[code, c["band_no"]] == int(row["band"])
    assert list(table[c["d"]]) == sorted(table[c["d"]], reverse=True)
    assert m.syn["D"].tolist() == pytest.approx(expected["D"].tolist())
    counts = expected["band"].value_counts()
    assert list(m.bands.iloc[:, -1]) == [int(counts.get(k, 0)) for k in range(1, 11)]
    worst = expected["D"].idxmin()
    assert m.cards[3].value == f"{expected['D'].min():.3f}"
    assert m.cards[3].delta == a.dataset.region_name(worst, lang)


def test_disparity_table_is_the_diagnostics(a):
    m = synergy.build(a, YEAR, "en")
    disp = diagnostics.disparity_over_time(a)
    d = synergy.disparity(m, disp)
    assert d.theil is not None and d.dagum is not None
    assert list(d.table.iloc[:, 1]) == [round(float(v), 4) for v in disp["theil"]]
    share = d.table.iloc[:, 4]
    assert all(math.isclose(s, round(b / t * 100, 1)) for s, b, t in zip(share, disp["theil_between"], disp["theil"]))


@pytest.mark.parametrize("spec, zh, en", [
    (Spec(), "0–100", "0–100"),
    (Spec(weights="entropy", aggregate="topsis"), "0–100", "0–100"),
    (Spec(scale=(1, 100), aggregate="geometric"), "1–100", "1–100"),
    (Spec(normalize="zscore"), "z 分数", "z-score"),
    (Spec(normalize="rank"), "秩次", "rank"),
])
def test_score_unit_is_the_display_range_or_the_kind_of_score(spec, zh, en):
    a = assess(Dataset.sample(), spec)
    assert (synergy.score_unit(a, "zh"), synergy.score_unit(a, "en")) == (zh, en)
    assert a.display_range_fixed == en[0].isdigit()
    if en[0].isdigit():   # a fixed scale: exactly the range the scores are shown on
        lo, hi = a.display_range()
        assert en == f"{lo:g}–{hi:g}"
    else:                 # the observed range of the index
        v = a.scores[a.root]
        assert a.display_range() == (float(v.min()), float(v.max()))


@pytest.mark.parametrize("spec, fixed", [
    (Spec(normalize="goalposts"), True), (Spec(normalize="rank", scale=(0, 10)), True),
    (Spec(normalize="zscore", aggregate="topsis"), True), (Spec(normalize="rank", aggregate="topsis"), True),
])
def test_the_display_range_is_fixed_by_the_spec_alone(spec, fixed):
    a = assess(Dataset.sample(), spec)
    assert a.display_range_fixed is fixed
    expected = (0.0, 100.0) if spec.aggregate == "topsis" else tuple(map(float, spec.scale or (0, 100)))
    assert a.display_range() == expected


def test_scatter_points_are_the_two_dimensions(a):
    m = synergy.build(a, YEAR, "en")
    fig = synergy.scatter(m, "AWA", "ORG")
    s = a.all_scores.xs(YEAR, level="year")
    pts = {n: (x, y) for tr in fig.data if tr.mode == "markers+text" for n, x, y in zip(tr.customdata, tr.x, tr.y)}
    bj = a.dataset.region_name("110000", "en")
    assert len(pts) == 31 and pts[bj] == pytest.approx((s.at["110000", "AWA"], s.at["110000", "ORG"]))
    assert "0–100" in fig.layout.xaxis.title.text


def test_perception_table_summarises_each_statement(a):
    m = synergy.build(a, YEAR, "en")
    gaps = diagnostics.perception(a, year=YEAR)
    table = synergy.perception_table(m, gaps)
    assert len(table) == gaps.loc[gaps["spread"].notna(), "item"].nunique()
    spread = table.iloc[:, 3]
    assert list(spread) == sorted(spread, reverse=True)
    assert isinstance(table, pd.DataFrame)
