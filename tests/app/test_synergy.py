"""The Synergy page shows the coupling coordination, perception gaps and disparity that metrics computes."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from metrics import Dataset, assess
from metrics.data import Regions
from metrics.diagnostics import disparity_over_time, perception, synergy
from tests.app.conftest import array, table_with, figures, run_app
from tests.conftest import ROOT
from charts import plain
from ui.i18n import TEXT

PAGE = "views/synergy.py"
LANGS = ["zh", "en"]


def tr(key: str, lang: str, **kw) -> str:
    text = TEXT[key][lang == "en"]
    return text.format(**kw) if kw else text




@pytest.fixture(scope="module")
def sample():
    ds = Dataset.sample()
    return ds, assess(ds)



@pytest.mark.parametrize("lang", LANGS)
def test_coordination_degree_and_bands_match_metrics(sample, lang):
    ds, a = sample
    at = run_app(page=PAGE, lang=lang)
    year = a.latest_year
    expected = synergy(a, year=year).xs(year, level="year")
    table = table_with(at, tr("col_D", lang))
    assert len(table) == 31
    by_name = table.set_index(tr("col_region", lang))
    for code, row in expected.iterrows():
        got = by_name.loc[ds.region_name(code, lang)]
        assert got[tr("col_D", lang)] == round(float(row["D"]), 3)
        assert got[tr("col_C", lang)] == round(float(row["C"]), 3)
        assert got[tr("syn_col_t", lang)] == round(float(row["T"]), 3)
        assert got[tr("syn_band_no", lang)] == int(row["band"])
        assert got[tr("col_band", lang)] == row["band_en" if lang == "en" else "band_zh"]
        assert got[tr("col_stage", lang)] == row["stage_en" if lang == "en" else "stage_zh"]
    # sorted by D, highest first
    d = list(table[tr("col_D", lang)])
    assert d == sorted(d, reverse=True)
    # the band list counts the same regions
    bands = table_with(at, tr("syn_band_range", lang))
    counts = expected["band"].value_counts()
    assert list(bands[tr("ov_regions", lang)]) == [int(counts.get(k, 0)) for k in range(1, 11)]


@pytest.mark.parametrize("lang", LANGS)
def test_tile_map_has_31_tiles_coloured_by_d(sample, lang):
    ds, a = sample
    at = run_app(page=PAGE, lang=lang)
    tile_title = tr("map_title_tiles", lang, title=tr("syn_map_title", lang))
    figs = [f for f in figures(at) if f["layout"]["title"]["text"].startswith(tile_title)]
    assert len(figs) == 1
    z = array(figs[0]["data"][0]["z"])
    tiles = z[np.isfinite(z)]
    assert len(tiles) == 31
    year = a.latest_year
    expected = sorted(round(float(v), 9) for v in synergy(a, year=year).xs(year, level="year")["D"])
    assert sorted(round(float(v), 9) for v in tiles) == expected
    texts = " ".join(str(v) for row in figs[0]["data"][0]["text"] for v in row)
    assert ds.region_name("310000", lang).split()[0] in texts
    head = str(figs[0]["layout"]["title"])   # the title with its lines: the data and the method, each once
    assert head.count(a.spec.describe(lang)) == 1 and head.count(str(year)) == 1, head


@pytest.mark.parametrize("lang", LANGS)
def test_disparity_table_equals_disparity_over_time(sample, lang):
    _, a = sample
    at = run_app(page=PAGE, lang=lang)
    expected = disparity_over_time(a)
    table = table_with(at, tr("syn_col_gw", lang))
    assert list(table[tr("year", lang)]) == list(expected["year"])
    for col, key in [("theil", "syn_col_theil"), ("theil_between", "syn_col_theil_b"),
                     ("theil_within", "syn_col_theil_w"), ("gini", "syn_col_gini"), ("gini_within", "syn_col_gw"),
                     ("gini_between", "syn_col_gnb"), ("gini_transvariation", "syn_col_gt"), ("cv", "syn_col_cv")]:
        assert list(table[tr(key, lang)]) == [round(float(v), 4) for v in expected[col]], col
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert any(x.startswith(tr("syn_theil_title", lang)) for x in titles)
    assert any(x.startswith(tr("syn_dagum_title", lang)) for x in titles)
    dagum = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(tr("syn_dagum_title", lang)))
    assert dagum["layout"]["barmode"] == "stack" and len(dagum["data"]) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_perception_gaps_summarise_metrics_per_statement(sample, lang):
    _, a = sample
    at = run_app(page=PAGE, lang=lang)
    year = a.latest_year
    gaps = perception(a, year=year)
    gaps = gaps[gaps["spread"].notna()]
    table = table_with(at, tr("syn_perc_col_spread", lang))
    assert len(table) == gaps["item"].nunique()
    from metrics.diagnostics import item_names
    names = item_names(a, lang)
    by_item = table.set_index(tr("col_statement", lang))
    for item, g in gaps.groupby("item"):
        row = by_item.loc[names[item]]
        assert row[tr("syn_perc_col_spread", lang)] == round(float(g["spread"].mean()), 2)
        tested = g[g["k_tested"] >= 2]
        assert row[tr("syn_perc_col_sig", lang)] == round(100 * float(tested["significant"].mean()), 0)
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert any(x.startswith(tr("syn_perc_heat_title", lang)) for x in titles)


@pytest.mark.parametrize("lang", LANGS)
def test_two_dimensions_scatter_follows_the_selectboxes(sample, lang):
    ds, a = sample
    at = run_app(page=PAGE, lang=lang)
    at.selectbox(key="x").set_value("AWA").run()
    at.selectbox(key="y").set_value("ORG").run()
    assert not at.exception
    title = plain(tr("syn_scatter_title", lang).format(x=ds.framework.name_of("AWA", lang),
                                                        y=ds.framework.name_of("ORG", lang)))
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(title))
    year = a.latest_year
    s = a.all_scores.xs(year, level="year")
    points = {t: (x, y) for trace in fig["data"] if trace["mode"] == "markers+text"   # every name on hover
              for t, x, y in zip(trace["customdata"], array(trace["x"]), array(trace["y"]))}
    assert len(points) == 31
    bj = ds.region_name("110000", lang)
    assert points[bj] == pytest.approx((s.at["110000", "AWA"], s.at["110000", "ORG"]))
    groups = {trace["name"] for trace in fig["data"] if trace["mode"] == "markers+text"}
    assert len(groups) == 4


def _open_dataset(key: str, lang: str):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.session_state["dataset"] = key
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["ctx"].dataset_key == key
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_without_survey_or_region_groups_the_page_says_so(sample, lang, monkeypatch):
    from ui.state import REGISTRY

    def register_dataset(key, dataset):   # undone after the test, so other tests see the usual datasets
        monkeypatch.setitem(REGISTRY, key, dataset)

    ds, _ = sample
    no_groups = Regions(ds.regions.table.assign(group=""))
    register_dataset("test_no_survey", Dataset(ds.framework, ds.indicators, None, no_groups, label="no survey"))
    at = _open_dataset("test_no_survey", lang)
    infos = [i.value for i in at.info]
    assert tr("syn_no_survey", lang) in infos
    assert tr("syn_no_groups", lang) in infos
    assert table_with(at, tr("col_D", lang)).shape[0] == 31

    register_dataset("test_no_regions", Dataset(ds.framework, ds.indicators, ds.survey, None, label="no regions"))
    at = _open_dataset("test_no_regions", lang)
    infos = [i.value for i in at.info]
    geo = [f for f in figures(at) if any(tr_["type"] == "choropleth" for tr_ in f["data"])]  # no tiles: boundaries
    assert len(geo) == 1
    assert tr("syn_no_groups", lang) in infos


def test_scatter_selects_keep_their_choice_in_the_url(sample):
    """The x / y selects and the scatter are a fragment (issue 11); the URL still follows them, and a link
    with ``x`` and ``y`` opens that scatter."""
    at = run_app(page=PAGE)
    at.selectbox(key="x").set_value("MEC").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.query_params["x"] in ("MEC", ["MEC"])
    linked = run_app(page=PAGE, query={"x": "AWA", "y": "MEC"})
    assert (linked.selectbox(key="x").value, linked.selectbox(key="y").value) == ("AWA", "MEC")
