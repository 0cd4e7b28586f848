"""Synergy and Methods on county data (issue 11): tables a page at a time with a search in both languages,
the Lowest-D card showing D (the name under it), a scatter of small marks with few names, the perception
heat map of the widest gaps, and the what-if and uncertainty sections still working.

The county data: 300 of China's real county-level units with generated scores (``tests/app/county.py``),
registered as the dataset ``syn_counties``.
"""
import pytest
from streamlit.testing.v1 import AppTest

from metrics.diagnostics import synergy
from tests.app.conftest import array, figures, table_with
from tests.app.conftest import open_page as open_link
from tests.app.county import county_dataset
from ui.i18n import TEXT

KEY = "syn_counties"
LANGS = ["zh", "en"]


def tr(key: str, lang: str, **kw) -> str:
    return TEXT[key][lang == "en"].format(**kw)


@pytest.fixture(scope="module")
def county():
    from metrics import assess
    from ui import state
    ds = county_dataset(300)
    state.REGISTRY[KEY] = ds
    yield ds, assess(ds)
    state.REGISTRY.pop(KEY, None)


def open_page(page: str, lang: str) -> AppTest:
    at = open_link(page, lang, dataset=KEY)
    assert at.session_state["ctx"].dataset_key == KEY
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_synergy_ranking_is_paged_and_searchable(county, lang):
    ds, a = county
    at = open_page("views/synergy.py", lang)
    year = a.latest_year
    syn = synergy(a, year=year).xs(year, level="year")
    table = table_with(at, tr("col_D", lang))
    assert len(table) == 25   # one page of 300
    best = syn["D"].sort_values(ascending=False, kind="stable")
    assert list(table[tr("col_D", lang)]) == [round(float(v), 3) for v in best.iloc[:25]]
    assert tr("pg_rows", lang, a=1, b=25, n=300) in [c.value for c in at.caption]
    # the second page goes on where the first stopped
    at.number_input(key="syn_rank_page").set_value(2).run()
    table = table_with(at, tr("col_D", lang))
    assert list(table[tr("col_D", lang)]) == [round(float(v), 3) for v in best.iloc[25:50]]
    # a region is found by its code, its Chinese or its English name, whatever the page's language
    code = syn.index[137]
    for query in (code, ds.region_name(code, "zh"), ds.region_name(code, "en").upper()):
        at.text_input(key="syn_rank_q").set_value(query).run()
        assert not at.exception
        found = table_with(at, tr("col_D", lang))
        assert 1 <= len(found) < 25 and code in list(found[tr("col_code", lang)]), query
        assert at.number_input(key="syn_rank_page").value == 1   # a new search starts on page 1


@pytest.mark.parametrize("lang", LANGS)
def test_synergy_cards_and_charts_at_county_scale(county, lang):
    ds, a = county
    at = open_page("views/synergy.py", lang)
    year = a.latest_year
    d = synergy(a, year=year).xs(year, level="year")["D"].dropna()
    lowest = next(m for m in at.metric if m.label == tr("syn_m_lowest", lang))
    assert lowest.value == f"{d.min():.3f}"   # the value is D, not a name
    assert ds.region_name(d.idxmin(), lang) in lowest.proto.help
    title = tr("syn_scatter_title", lang, x=ds.framework.name_of("ORG", lang), y=ds.framework.name_of("MEC", lang))
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(title.split("<")[0][:8]))
    marks = [tr_ for tr_ in fig["data"] if tr_["mode"] == "markers"]
    assert sum(len(array(tr_["x"])) for tr_ in marks) == len(d)   # every region a small see-through dot
    assert all(tr_["marker"]["size"] <= 6 and tr_["marker"]["opacity"] < 1 for tr_ in marks)
    names = [tr_ for tr_ in fig["data"] if tr_["mode"] == "markers+text"]
    assert len(names) == 1 and 1 <= len(names[0]["text"]) <= 8   # a few names, not 300
    heat = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(
        tr("syn_perc_heat_title_top", lang, n=30, total=300)[:6]))
    assert len(heat["data"][0]["y"]) == 30


@pytest.mark.parametrize("lang", LANGS)
def test_methods_whatif_and_uncertainty_at_county_scale(county, lang):
    ds, a = county
    at = open_page("views/methods.py", lang)
    at.session_state["mt_tab"] = tr("mt_tab_choose", lang)
    at.run()
    at.slider(key="mt_w_AWA").set_value(3.0).run()
    assert not at.exception, [e.value for e in at.exception]
    cmp_ = table_with(at, tr("mt_col_rank_current", lang))
    assert len(cmp_) == 25
    moves = cmp_[tr("mt_col_rank_change", lang)].abs().tolist()
    assert moves == sorted(moves, reverse=True) and moves[0] > 0
    name = ds.region_name(a.ranks().xs(a.latest_year, level="year").index[5], lang)
    at.text_input(key="mt_cmp_q").set_value(name).run()
    assert name in list(table_with(at, tr("mt_col_rank_current", lang))[tr("col_region", lang)])

    at.session_state["mt_tab"] = tr("mt_tab_unc", lang)
    at.run()
    assert at.number_input(key="mt_unc_runs").value == 500   # 300 regions: the usual default
    at.number_input(key="mt_unc_runs").set_value(50)
    at.button(key="mt_unc_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(
        tr("mt_unc_chart_title_few", lang, n=15, total=300)[:6]))
    assert len(fig["data"][0]["y"]) == 30   # the 15 best and the 15 worst
    assert len(table_with(at, tr("mt_col_p95", lang))) == 12
    assert any(c.value.startswith(tr("mt_unc_cost", lang, evals=200, regions=300, years=3)) for c in at.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_synergy_above_the_lazy_threshold_tests_perception_only_when_its_tab_opens(lang, monkeypatch):
    """Above 300 regions the disparity and perception sections are lazy tabs, disparity first: the first view
    does not decode and test every answer; opening the perception tab shows the heat map of the widest gaps."""
    from metrics import diagnostics
    from tests.app.conftest import open_tab
    from ui import state
    key = "syn_counties_lazy"
    state.REGISTRY[key] = county_dataset(320)
    state.clear_caches()   # diagnostics are cached per process: the other language's run must not answer
    calls = []
    real = diagnostics.perception
    monkeypatch.setattr(diagnostics, "perception", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    try:
        at = open_link("views/synergy.py", lang, dataset=key)
        assert not at.exception
        assert not calls   # the perception tab is closed: no Kruskal-Wallis pass
        titles = [f["layout"]["title"]["text"] for f in figures(at)]
        assert not any(x.startswith(tr("syn_perc_heat_title_top", lang, n=30, total=320)[:6]) for x in titles)
        assert any(s.value == tr("syn_disp_heading", lang) for s in at.subheader)   # the open (first) tab
        at = open_tab(at, "syn_tabs", "syn_perc_heading", lang)
        assert calls
        heat = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(
            tr("syn_perc_heat_title_top", lang, n=30, total=320)[:6]))
        assert len(heat["data"][0]["y"]) == 30
    finally:
        state.REGISTRY.pop(key, None)
