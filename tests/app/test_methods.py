"""The Methods page: active weights, choosing methods and what-if weights (which become the dashboard's
custom method), survey scale checks and uncertainty analysis, all equal to what metrics computes."""

import pytest

from metrics import Dataset, Spec, assess
from metrics.diagnostics import scale_checks
from metrics.uncertainty import uncertainty
from tests.app.conftest import array, table_with, figures, run_app
from tests.app.conftest import open_tab as open_app_tab
from ui.i18n import TEXT

PAGE = "views/methods.py"
LANGS = ["zh", "en"]


def tr(key: str, lang: str) -> str:
    return TEXT[key][lang == "en"]




@pytest.fixture(scope="module")
def ds():
    return Dataset.sample()



def weights_table_matches(at, a, lang: str) -> None:
    """The Weights tab's table is ``a``'s weights.  A lazy tab: opened here, then the tab that was open
    before is opened again."""
    was = at.session_state["mt_tab"] if "mt_tab" in at.session_state else None
    open_tab(at, "mt_tab_weights", lang)
    table = table_with(at, tr("col_overall_w", lang)).set_index(tr("col_code", lang))
    fw = a.framework
    assert set(table.index) == set(fw.table.index) - {a.root}
    for code in table.index:
        assert table.at[code, tr("mt_col_within", lang)] == round(100 * float(a.weights[code]), 2), code
        overall = a.indicator_weights[fw.leaves_of.get(code, [code])].sum() if code in fw.aggregates \
            else a.indicator_weights[code]
        assert table.at[code, tr("col_overall_w", lang)] == round(100 * float(overall), 2), code
        assert table.at[code, tr("col_name", lang)] == fw.name_of(code, lang)
    if was is not None and was != tr("mt_tab_weights", lang):
        at.session_state["mt_tab"] = was
        at.run()


def open_tab(at, tab: str, lang: str):
    """Open one of the page's lazy tabs (issue 11: a closed tab computes nothing) and rerun."""
    return open_app_tab(at, "mt_tab", tab, lang)


def comparison(at, lang: str):
    return table_with(at, tr("mt_col_rank_current", lang)).set_index(tr("col_region", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_weights_table_equals_the_assessment_weights(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_weights", lang)
    weights_table_matches(at, assess(ds), lang)
    assert at.session_state["ctx"].assessment.fingerprint in [c.value for c in at.code]


@pytest.mark.parametrize("lang", LANGS)
def test_moving_dimension_sliders_changes_the_ranking_everywhere(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_choose", lang)
    assert [s.value for s in (at.slider(key="mt_w_ORG"), at.slider(key="mt_w_MEC"), at.slider(key="mt_w_AWA"))] \
        == [1.0, 1.0, 1.0]
    at.slider(key="mt_w_AWA").set_value(3.0).run()
    at.slider(key="mt_w_ORG").set_value(0.1).run()
    at.slider(key="mt_w_MEC").set_value(0.1).run()
    assert not at.exception, [e.value for e in at.exception]
    spec = Spec(weight_overrides=(("AWA", 3.0), ("MEC", 0.1), ("ORG", 0.1)))
    assert at.session_state["method"] == "custom"
    assert at.session_state["ctx"].spec == spec
    year = assess(ds).latest_year
    expected = assess(ds, spec).ranks().xs(year, level="year")
    default = assess(ds).ranks().xs(year, level="year")
    assert not expected.equals(default)
    cmp_ = comparison(at, lang)
    for code in expected.index:
        name = ds.region_name(code, lang)
        assert cmp_.at[name, tr("mt_col_rank_current", lang)] == int(expected[code])
        assert cmp_.at[name, tr("mt_col_rank_default", lang)] == int(default[code])
        assert cmp_.at[name, tr("mt_col_rank_change", lang)] == int(default[code] - expected[code])
    moves = cmp_[tr("mt_col_rank_change", lang)].abs().tolist()
    assert moves == sorted(moves, reverse=True) and moves[0] > 0
    # the sliders keep the chosen values on the rerun
    assert [at.slider(key=f"mt_w_{k}").value for k in ("ORG", "MEC", "AWA")] == [0.1, 0.1, 3.0]
    # the Overview ranks with the same custom method
    at.switch_page("views/overview.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["ctx"].spec == spec
    ov = table_with(at, tr("col_rank", lang))
    ov = ov.sort_values(tr("col_rank", lang), kind="stable")
    exp = assess(ds, spec).results(lang=lang, year=year)
    assert list(ov[tr("col_region", lang)])[:5] == list(exp["name"])[:5]
    assert list(ov[tr("col_region", lang)])[:5] != list(assess(ds).results(lang=lang, year=year)["name"])[:5]


@pytest.mark.parametrize("lang", LANGS)
def test_entropy_weights_become_the_active_spec(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_choose", lang)
    at.selectbox(key="mt_weights").set_value("entropy").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["method"] == "custom"
    assert at.session_state["ctx"].spec == Spec(weights="entropy")
    a = assess(ds, Spec(weights="entropy"))
    weights_table_matches(at, a, lang)
    # the what-if sliders start at the entropy weights (sibling share x number of siblings)
    assert at.slider(key="mt_w_MEC").value == round(float(a.weights["MEC"]) * 3, 1)
    # and "reset" goes back to the default method
    at.button(key="mt_reset").click().run()
    assert at.session_state["method"] == "default"
    assert at.selectbox(key="mt_weights").value == "framework"
    weights_table_matches(at, assess(ds), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_geometric_mean_forces_the_scale_1_100(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_choose", lang)
    at.selectbox(key="mt_aggregate").set_value("geometric").run()
    assert not at.exception
    assert at.session_state["ctx"].spec == Spec(aggregate="geometric", scale=(1, 100))
    at.selectbox(key="mt_normalize").set_value("zscore").run()   # refused: z-scores can be negative
    assert at.session_state["ctx"].spec == Spec(aggregate="geometric", scale=(1, 100))
    assert tr("mt_geo_zscore", lang) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", LANGS)
def test_ahp_starts_from_equal_judgements_with_consistency_shown(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_choose", lang)
    at.selectbox(key="mt_weights").set_value("ahp").run()
    assert not at.exception, [e.value for e in at.exception]
    spec = at.session_state["ctx"].spec
    assert spec.weights == "ahp" and len(spec.ahp) == 3
    assert any("CR = 0.000" in s.value for s in at.success)


@pytest.mark.parametrize("lang", LANGS)
def test_scale_checks_show_the_alpha_of_metrics(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_scale", lang)
    checks = scale_checks(assess(ds))
    table = table_with(at, tr("mt_col_alpha", lang)).set_index(tr("col_code", lang))
    alpha = checks["alpha"].set_index("subdim")
    assert list(table.index) == list(alpha.index)
    for sd, row in alpha.iterrows():
        assert table.at[sd, tr("mt_col_alpha", lang)] == round(float(row["alpha"]), 3)
        assert table.at[sd, tr("mt_col_status", lang)] == tr("mt_alpha_low" if row["low"] else "mt_alpha_ok", lang)
        assert table.at[sd, tr("col_subdim", lang)] == ds.framework.name_of(sd, lang)
    kmo = table_with(at, tr("mt_col_kmo", lang))
    assert list(kmo[tr("mt_col_kmo", lang)]) == [round(float(v), 3) for v in checks["kmo"]["kmo"]]


@pytest.mark.parametrize("lang", LANGS)
def test_uncertainty_run_shows_the_rank_intervals_of_metrics(ds, lang):
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_unc", lang)
    at.number_input(key="mt_unc_runs").set_value(50)
    at.button(key="mt_unc_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    year = assess(ds).latest_year
    res = uncertainty(ds, Spec(), runs=50, seed=0, weight_noise=0.25, normalize=["minmax", "zscore"],
                      aggregate=["arithmetic"], impute=None, year=year)
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(tr("mt_unc_chart_title", lang)))
    median, nominal = fig["data"]
    names = {ds.region_name(c, lang): c for c in res.ranks.index}
    got = {names[n]: (m, lo, hi) for n, m, lo, hi in zip(
        median["y"], array(median["x"]), array(median["error_x"]["arrayminus"]), array(median["error_x"]["array"]))}
    for code, r in res.ranks.iterrows():
        m, below, above = got[code]
        assert m == r["median_rank"]
        assert m - below == pytest.approx(r["p05_rank"])
        assert m + above == pytest.approx(r["p95_rank"])
    nom = dict(zip(nominal["y"], array(nominal["x"])))
    assert {names[n]: v for n, v in nom.items()} == res.ranks["nominal_rank"].to_dict()
    table = table_with(at, tr("mt_col_p95", lang)).set_index(tr("col_region", lang))
    assert table.at[ds.region_name("110000", lang), tr("mt_col_p05", lang)] == round(res.ranks.at["110000", "p05_rank"], 1)
    assert f"{res.mean_band:.2f}" in [m.value for m in at.metric]
    sens = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(tr("mt_unc_sens_title", lang)))
    assert list(array(sens["data"][1]["y"])) == [round(v, 3) for v in res.summary["ST"]]
    # the result is kept: another rerun shows it without recomputing
    at.run()
    assert any(f["layout"]["title"]["text"].startswith(tr("mt_unc_chart_title", lang)) for f in figures(at))


@pytest.mark.parametrize("lang", LANGS)
def test_pca_retention_kaiser_and_topsis_input_are_choices(ds, lang):
    # issue 9 item 5: factor retention, Kaiser normalisation and classic TOPSIS are offered on the page
    at = open_tab(run_app(page=PAGE, lang=lang), "mt_tab_choose", lang)
    at.selectbox(key="mt_weights").set_value("pca").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["ctx"].spec == Spec(weights="pca")
    at.selectbox(key="mt_pca_retain").set_value("count").run()
    assert at.session_state["ctx"].spec.pca_retain == "count"
    at.number_input(key="mt_pca_threshold_count").set_value(3.0).run()
    at.toggle(key="mt_pca_kaiser").set_value(False).run()
    assert not at.exception, [e.value for e in at.exception]
    spec = at.session_state["ctx"].spec
    assert spec == Spec(weights="pca", pca_retain="count", pca_threshold=3.0, pca_kaiser=False)
    a = assess(ds, spec)
    weights_table_matches(at, a, lang)
    w = next(e for e in a.log if e["step"] == "weights")
    assert w["factors"] == 3
    assert tr("mt_pca_kept", lang).format(k=3, var=f"{w['variance_explained']:.1%}") in [c.value for c in at.caption]
    at.selectbox(key="mt_aggregate").set_value("topsis").run()
    at.radio(key="mt_topsis_norm").set_value("vector").run()
    assert not at.exception, [e.value for e in at.exception]
    spec = at.session_state["ctx"].spec
    assert spec.aggregate == "topsis" and spec.topsis_norm == "vector" and spec.pca_retain == "count"
    assert any(tr("mt_topsis_norm_note", lang) == c.value for c in at.caption)
    at = open_tab(at, "mt_tab_how", lang)   # the formulas say which input TOPSIS takes
    assert any(tr("mt_agg_topsis_vector", lang) in m.value for m in at.markdown)
