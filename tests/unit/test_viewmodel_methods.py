"""The Methods page's view model (issue 12): its tables, figures and specs equal what the library computes,
in both languages, with no Streamlit."""
import pytest

from metrics import Dataset, Spec, assess, methods
from metrics.diagnostics import scale_checks
from metrics.uncertainty import uncertainty
from texts import t
from viewmodels import methods as vm

LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def ds():
    return Dataset.sample()


@pytest.fixture(scope="module")
def a(ds):
    return assess(ds)


def src(a, spec: Spec, lang: str) -> vm.Source:
    return vm.Source("sample", a.latest_year, spec, lang, tuple(a.years))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", [Spec(), Spec(weights="entropy"), Spec(weight_overrides=(("AWA", 3.0),))])
def test_weights_table_holds_the_effective_weights(ds, lang, spec):
    a = assess(ds, spec)
    m = vm.weights(a, src(a, spec, lang))
    fw = a.framework
    rows = m.rows.set_index("code")
    assert set(rows.index) == set(fw.table.index) - {a.root}
    for code, r in rows.iterrows():
        assert r["within"] == round(100 * float(a.weights[code]), 2)
        leaves = fw.leaves_of.get(code, [code]) if code in fw.aggregates else [code]
        assert r["overall_exact"] == pytest.approx(float(a.indicator_weights[leaves].sum()))
        assert r["name"] == fw.name_of(code, lang)
    # the indicators' overall weights are COINr's effective weights and sum to 1
    ind = rows.loc[list(fw.indicators), "overall_exact"]
    assert ind.sum() == pytest.approx(1.0)
    table = m.table.set_index(t("col_code", lang))
    assert list(table[t("col_overall_w", lang)]) == list(rows["overall"])
    assert m.provenance["data_fingerprint"] == a.provenance()["data_fingerprint"]
    assert list(m.figure.data[0].ids) == list(rows.index)


@pytest.mark.parametrize("lang", LANGS)
def test_formulas_and_method_lists_come_from_the_registry(a, lang):
    assert (vm.NORMALIZE, vm.WEIGHTS, vm.AGGREGATE, vm.TREAT) == tuple(
        methods.keys(k) for k in ("normalize", "weights", "aggregate", "treat"))
    assert set(vm.IMPUTE) == set(methods.keys("impute")) - {"group-median"}
    spec = Spec()
    m = vm.how(a, spec, lang, has_survey=True)
    expected = [(methods.name(kind, code, lang), methods.REGISTRY[kind][code].formula)
                for kind in ("normalize", "weights", "aggregate") for code in methods.keys(kind)
                if code != getattr(spec, kind)]
    assert list(m.others) == expected
    steps = {s.number: s for s in m.steps}
    assert steps[5].title.endswith(methods.name("weights", spec.weights, lang))
    assert steps[5].latex[0] == methods.REGISTRY["weights"][spec.weights].formula
    assert steps[6].latex == (methods.REGISTRY["aggregate"][spec.aggregate].formula,)
    # min-max on 0-100: the formula is written with the scale
    assert "(100 - 0)" in steps[4].latex[0] and "l +" not in steps[4].latex[0]
    imputed = next(e for e in a.log if e["step"] == "impute").get("cells_missing_after", 0)
    assert t("mt_impute_missing", lang, cells=imputed) in steps[2].body


def test_overrides_reach_the_text_through_the_escaper(ds):
    spec = Spec(weight_overrides=(("AWA", 3.0),))
    a = assess(ds, spec)
    step = vm.how(a, spec, "en", True, escape=lambda s: f"<{s}>").steps[4]
    assert t("mt_weights_overrides", "en", nodes=f"<{a.framework.name_of('AWA', 'en')} = 3>") in step.body


def test_sliders_start_at_the_weights_of_the_spec(ds, a):
    fw = a.framework
    values = vm.widget_values(Spec(), a)
    for code in vm.slider_nodes(a):
        assert values[f"mt_w_{code}"] == round(float(fw.table.at[code, "weight"]), 1)
    e = assess(ds, Spec(weights="entropy"))
    values = vm.widget_values(Spec(weights="entropy"), e)
    assert values["mt_weights"] == "entropy"
    assert values["mt_w_MEC"] == round(float(e.weights["MEC"]) * len(fw.children[a.root]), 1)


def test_method_choice_builds_the_spec_the_page_commits(a):
    fw, root = a.framework, a.root
    new, note = vm.method_spec(Spec(), fw, root, "minmax", "framework", "geometric", "none", "none")
    assert new == Spec(aggregate="geometric", scale=(1, 100)) and note is None
    new, note = vm.method_spec(new, fw, root, "zscore", "framework", "geometric", "none", "none")
    assert new == Spec(aggregate="geometric", scale=(1, 100)) and note == "mt_geo_zscore"
    new, _ = vm.method_spec(Spec(weight_overrides=(("AWA", 3.0),)), fw, root, "minmax", "ahp", "arithmetic",
                            "none", "none")
    assert new.weights == "ahp" and new.weight_overrides == () and new.ahp == vm.default_ahp(fw, root)
    assert vm.options_spec(Spec(weights="pca"), "count", None, True, "spec", kept=3).pca_threshold == 3.0
    same = vm.options_spec(Spec(weights="pca"), "eigenvalue", 1.0, False, "spec", kept=None)
    assert same.pca_threshold is None and same.pca_kaiser is False   # the rule's default is stored as unset


@pytest.mark.parametrize("lang", LANGS)
def test_ahp_judgements_are_checked_for_consistency(a, lang):
    m = vm.ahp_model(a, Spec(weights="ahp", ahp=vm.default_ahp(a.framework, a.root)), lang)
    assert [v for _, _, v in m.rows] == ["1"] * len(m.rows)
    mat, ok, text = vm.ahp_check(a, vm.ahp_judgements(a.root, m.rows, ["1"] * len(m.rows)), lang)
    assert ok and "0.000" in text and (mat.to_numpy() == 1.0).all()
    bad = vm.ahp_judgements(a.root, m.rows, ["9", "1/9", "9"])   # A > B > C but C > A
    assert vm.ahp_spec(Spec(), a, bad) is None
    assert not vm.ahp_check(a, bad, lang)[1]
    good = vm.ahp_judgements(a.root, m.rows, ["3", "3", "1"])
    assert vm.ahp_spec(Spec(weight_overrides=(("AWA", 2.0),)), a, good) == Spec(weights="ahp", ahp=good)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_ranks_equal_the_assessments(ds, a, lang):
    spec = Spec(weight_overrides=(("AWA", 3.0), ("MEC", 0.1), ("ORG", 0.1)))
    cur = assess(ds, spec)
    year = a.latest_year
    m = vm.comparison(cur, a, year, spec, lang, lambda c: ds.region_name(c, lang))
    r0, r1 = (x.ranks().xs(year, level="year") for x in (a, cur))
    table = m.table
    for code in r0.index:
        assert table.at[code, t("mt_col_rank_default", lang)] == int(r0[code])
        assert table.at[code, t("mt_col_rank_current", lang)] == int(r1[code])
        assert table.at[code, t("col_region", lang)] == ds.region_name(code, lang)
    moves = table[t("mt_col_rank_change", lang)].abs().tolist()
    assert moves == sorted(moves, reverse=True) and moves[0] > 0
    assert m.rho == f"{r0.astype(float).corr(r1.reindex(r0.index).astype(float), method='spearman'):.3f}"
    assert m.max_change == str(int((r0 - r1.reindex(r0.index)).abs().max()))


@pytest.mark.parametrize("lang", LANGS)
def test_scale_checks_equal_metrics(ds, a, lang):
    checks = scale_checks(a)
    m = vm.scale(a, checks, src(a, Spec(), lang))
    alpha = checks["alpha"]
    table = m.alpha.table.set_index(t("col_code", lang))
    assert list(table.index) == list(alpha["subdim"])
    assert list(table[t("mt_col_alpha", lang)]) == [round(float(v), 3) for v in alpha["alpha"]]
    assert m.alpha.n_low == int(alpha["low"].sum())
    assert list(m.alpha_figure.data[0].x) == list(table[t("mt_col_alpha", lang)])
    assert [sd for sd, _, _ in m.items] == list(checks["alpha_items"])
    assert list(m.kmo.table[t("mt_col_kmo", lang)]) == [round(float(v), 3) for v in checks["kmo"]["kmo"]]


@pytest.mark.parametrize("lang", LANGS)
def test_uncertainty_view_equals_the_analysis(ds, a, lang):
    settings = vm.unc_settings(50, 0, 0.25, ["minmax", "zscore"], ["arithmetic"], False, Spec(), a.latest_year)
    res = uncertainty(ds, Spec(), runs=50, seed=0, weight_noise=0.25, normalize=["minmax", "zscore"],
                      aggregate=["arithmetic"], impute=None, year=a.latest_year)
    m = vm.uncertainty_view(res, settings, src(a, Spec(), lang), lambda c: ds.region_name(c, lang))
    table = m.table
    assert list(table[t("mt_col_nominal", lang)]) == sorted(res.ranks["nominal_rank"].astype(int))
    for code, r in res.ranks.iterrows():
        assert table.at[code, t("mt_col_p05", lang)] == round(r["p05_rank"], 1)
        assert table.at[code, t("mt_col_width", lang)] == round(r["p95_rank"] - r["p05_rank"], 1)
    assert dict(m.metrics)["mt_unc_band"] == f"{res.mean_band:.2f}"
    assert vm.unc_factor_count(0.25, ["minmax", "zscore"], ["arithmetic"], False) == len(res.factors) == 2
    assert list(m.sensitivity_table[t("mt_unc_ST", lang)]) == [round(v, 3) for v in res.summary["ST"]]
    assert len(m.intervals.data[0].y) == len(res.ranks)   # 31 regions: every one drawn


def test_uncertainty_defaults_follow_the_last_run_and_the_scale():
    assert vm.unc_defaults({}, 300, Spec(aggregate="geometric"))["mt_unc_agg"] == ["geometric"]
    assert vm.unc_defaults({}, 2844, Spec())["mt_unc_runs"] == 100   # bounded at county scale
    assert vm.unc_defaults({"runs": 200, "impute": ["mean"]}, 31, Spec())["mt_unc_imp"] is True
    assert vm.unc_settings(50, 1, 0.1, ["rank"], ["arithmetic"], True, Spec(impute="mean"), 2024)["impute"] == \
        ["mean", "none"]


def test_source_note_is_the_pages(a):
    s = src(a, Spec(), "en")
    assert s.note() == t("source_note", "en", dataset="sample", year=a.latest_year, method=Spec().describe("en"))
    years = f"{a.years[0]}–{a.years[-1]}" if len(a.years) > 1 else str(a.latest_year)
    assert s.lines(all_years=True)[0] == t("data_years_note", "en", dataset="sample", years=years)
    assert [vm.pick_msg("中文 / English", lg) for lg in LANGS] == ["中文", "English"]
