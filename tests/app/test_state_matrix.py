"""Every page in every state: pages × method presets × data shapes.

Each case opens one page (overview, profile, compare, synergy, methods, data, present — the
presentation walked slide by slide) with one method (default; entropy-TOPSIS; geometric mean on
[1, 100]; z-score; rank; AHP with unequal judgements) on one data shape (the sample; survey data
only; indicator data only; a framework with 2 dimensions; a framework with 5 levels; one year only),
all opened the way a user opens them (``?dataset=…&method=…`` or ``method=custom&spec=…``), and
checks that the page

* renders without an error (neither an exception nor the guard's "something went wrong");
* shows no Streamlit internals (a ``help`` element, "DeltaGenerator": what "magic" printed for a
  bare expression on the Compare page) and no missing value as text ("nan", "None", "inf", "<NA>")
  in any text, metric, widget, chart text or table (see :func:`tests.app.conftest.page_problems`);
* claims nothing the state contradicts: no "three dimensions" for a framework without three, no
  "0–100" on a chart axis when the method's scores are not on 0–100;
* shows the numbers of ``metrics``: each page's headline figures equal ``assess(dataset, spec)`` and
  its diagnostics for that year.

Which cases run.  The full product is 7 × 6 × 6 = 252 page runs (measured: 145 s of CPU, 4 min 45 s
on the shared 2-core machine; ``DGS_FULL_MATRIX=1`` runs it).  By default a covering subset of 112 runs
(61 s of CPU, 1 min 30 s): every page with every method on the sample, every page with every data
shape under the default method, and every page on one pairing of each other shape with a non-default
method.  That covers
every reachable state of the pages' code because the two axes reach the pages through different
branches: the method changes the scores' range (0–100; [1, 100]; z-scores and ranks on their
observed range), the weights (AHP's editor) and the method texts; the data shape changes which
sections exist (survey, map, region groups, trend, change) and how many dimensions, levels and years
there are.  The pages combine the two only where a method meets a shape's structure, and each such
meeting is in the diagonal: z-scores on partial data (survey only: sub-dimensions without data),
TOPSIS's ideal points without survey indicators (indicators only), the AHP editor with one pair of
dimensions (2 dimensions), the geometric mean through four aggregation levels (5 levels), and rank
normalisation with no previous year (one year).  Run before the page fixes, the full matrix failed
in no way the subset did not.
"""
from __future__ import annotations

import ast
import functools
import json
import math
import os
import re
import tomllib

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from metrics import assess
from metrics import diagnostics as D
from tests.app.conftest import (METHODS, SHAPES, array, element_nodes, figure_strings, figures, method_query,
                                method_spec, open_tab, page_problems, proto_strings, shape_dataset, shape_key,
                                table_with)
from tests.conftest import ROOT
from ui.i18n import TEXT
from charts.numbers import score_format

PAGES = ("overview", "profile", "compare", "synergy", "methods", "data", "present")
#: One non-default method per non-sample shape: where the method meets the shape's structure.
DIAGONAL = (("survey_only", "zscore"), ("indicators_only", "topsis"), ("two_dims", "ahp"),
            ("five_levels", "geometric"), ("one_year", "rank"))


def _cases() -> list[tuple[str, str, str, str]]:
    if os.environ.get("DGS_FULL_MATRIX") == "1":
        return [(s, m, p, "en" if (i + j) % 2 else "zh") for i, s in enumerate(SHAPES) for j, m in enumerate(METHODS)
                for p in PAGES]
    cases = [("sample", m, p, "en") for m in METHODS for p in PAGES]
    cases += [(s, "default", p, "zh") for s in SHAPES if s != "sample" for p in PAGES]
    cases += [(s, m, p, "en" if i % 2 else "zh") for i, (s, m) in enumerate(DIAGONAL) for p in PAGES]
    return cases


def tr(key: str, lang: str, **kw) -> str:
    text = TEXT[key][lang == "en"]
    return text.format(**kw) if kw else text


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory):
    """An empty database for the module (the sidebar lists saved datasets; the Data page lists them too)."""
    from ui import workspace as ws
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'dgs.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DGS_DATABASE_URL", url)
        ws.forget(loaded=True)
        yield url
    ws.forget(loaded=True)


@functools.lru_cache(maxsize=None)
def expected(shape: str, method: str):
    """``metrics``' own assessment of a shape under a method (computed here, not taken from the app)."""
    ds = shape_dataset(shape)
    return assess(ds, method_spec(method, ds.framework))


def open_page(page: str, shape: str, method: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    query = {"lang": lang, "dataset": shape_key(shape), **method_query(method, shape_dataset(shape).framework)}
    if page == "present":
        query["play"] = "1"
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py")
    at.run()
    return at


# ------------------------------------------------------------------ claims the state contradicts
_THREE = {"en": re.compile(r"\bthree\b", re.I), "zh": re.compile(r"三(个|者|项|大)")}
_RANGE_0_100 = re.compile(r"0\s*[–-]\s*100")


def false_claims(at, a, lang: str) -> list[str]:
    out = []
    n_dims = len(a.framework.children[a.root])
    off_scale = a.display_range() != (0.0, 100.0)
    for node in element_nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        texts = list(proto_strings(proto))
        if off_scale and node.type == "metric" and _RANGE_0_100.search(proto.help):
            out.append(f"metric help says 0–100 for scores on {a.display_range()}: {proto.help!r}")
        if node.type == "plotly_chart":
            fig = json.loads(proto.spec)
            texts += list(figure_strings(fig))
            if off_scale:
                for path, text in figure_strings(fig):
                    if ("axis" in path or "colorbar" in path) and "title" in path and _RANGE_0_100.search(text):
                        out.append(f"chart axis says 0–100 for scores on {a.display_range()}: {text!r}")
        if n_dims != 3:
            out += [f"'three' for {n_dims} dimensions in {node.type}.{p}: {t[:120]!r}" for p, t in texts
                    if _THREE[lang].search(t)]
    return out


# ------------------------------------------------------------------ the numbers of metrics, page by page
def close(shown, value, digits: int) -> bool:
    """A shown (rounded) number equals ``value`` rounded to ``digits`` (missing equals missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return shown is None or pd.isna(shown)
    return shown is not None and not pd.isna(shown) and abs(float(shown) - float(value)) <= 0.5 * 10 ** -digits + 1e-9


def year_scores(a) -> pd.DataFrame:
    return a.all_scores.xs(a.latest_year, level="year")


def check_overview(at, a, lang):
    scores, ranks = year_scores(a), a.ranks().xs(a.latest_year, level="year")
    table = table_with(at, tr("col_rank", lang)).set_index(tr("col_code", lang))
    assert sorted(table.index) == sorted(scores.index)
    for code, row in table.iterrows():
        assert close(row[tr("col_index", lang)], scores.at[code, a.root], 1), code
        assert close(row[tr("col_rank", lang)], ranks.get(code), 0), code
        for d in a.framework.children[a.root]:
            assert close(row[a.framework.name_of(d, lang)], scores.at[code, d], 1), (code, d)
    mean = next(m for m in at.metric if m.label == tr("ov_mean", lang))
    assert mean.value == score_format(a)(scores[a.root].dropna().mean())   # decimals for the method's scale


def check_profile(at, a, lang):
    scores = year_scores(a)
    best = scores[a.root].dropna().sort_values(ascending=False, kind="stable").index[0]
    index = next(m for m in at.metric if m.label == tr("col_index", lang))
    assert index.value == score_format(a)(scores.at[best, a.root])
    at = open_tab(at, "pf_tabs", "pf_tab_gaps", lang)   # a lazy tab (only the open one runs)
    table = table_with(at, tr("col_bench", lang)).set_index(tr("col_code", lang))
    for code, row in table.iterrows():
        assert close(row[tr("col_score", lang)], scores.at[best, code], 1), code


def check_compare(at, a, lang):
    at = open_tab(at, "section", "cmp_table_heading", lang)   # a lazy tab (only the open one runs)
    scores = year_scores(a)
    top3 = list(scores[a.root].dropna().sort_values(ascending=False, kind="stable").index[:3])
    side = table_with(at, tr("col_node", lang)).set_index(tr("col_code", lang))
    ranks = {c: a.ranks(c).xs(a.latest_year, level="year") for c in side.index}
    for code in top3:
        name = a.dataset.region_name(code, lang)
        for node in side.index:
            assert close(side.at[node, tr("cmp_col_score", lang, name=name)], scores.at[code, node], 1), (code, node)
            assert close(side.at[node, tr("cmp_col_rank", lang, name=name)], ranks[node].get(code), 0), (code, node)


def check_synergy(at, a, lang):
    syn = D.synergy(a, year=a.latest_year).xs(a.latest_year, level="year")
    table = table_with(at, tr("col_D", lang)).set_index(tr("col_code", lang))
    assert sorted(table.index) == sorted(syn.index)
    for code, row in table.iterrows():
        assert close(row[tr("col_D", lang)], syn.at[code, "D"], 3), code


def check_methods(at, a, lang):
    at = open_tab(at, "mt_tab", "mt_tab_weights", lang)   # a lazy tab (only the open one runs)
    table = table_with(at, tr("mt_col_within", lang)).set_index(tr("col_code", lang))
    assert set(table.index) == set(a.framework.table.index) - {a.root}
    for code, row in table.iterrows():
        assert close(row[tr("mt_col_within", lang)], 100 * float(a.weights[code]), 2), code


def check_present(at, a, lang):
    """The ranking slide (the second) shows every region's index."""
    scores = year_scores(a)[a.root]
    bars = figures(at)[0]["data"][0]
    names = {a.dataset.region_name(c, lang): c for c in scores.index}
    shown = dict(zip(bars["y"], array(bars["x"])))
    assert len(shown) == len(scores)
    for name, v in shown.items():
        assert close(v, scores[names[name]], 6), name


def check_present_profile(at, a, lang):
    """The first region's profile slide (the third) names its weakest sub-dimensions (children of the
    dimensions, at any depth of the framework) below the mean, as metrics' gaps give them."""
    from tests.app.test_overview import unescape_md
    scores = year_scores(a)[a.root]
    region = scores.sort_values(ascending=False).index[0]
    fw = a.framework
    subs = [c for d in fw.children[a.root] for c in fw.children[d] if c in fw.aggregates]
    g = D.gaps(a, region=region, year=a.latest_year, benchmark="mean").loc[subs]
    weak = [fw.name_of(c, lang) for c in g[g["gap"] < 0].sort_values("gap").index[:3]]
    shown = [unescape_md(m.value) for m in at.markdown]
    if weak:
        assert tr("pr_weakest", lang, items=("、" if lang == "zh" else ", ").join(weak)) in shown
    else:
        assert not any(m.startswith(tr("pr_weakest", lang, items="")) for m in shown)


CHECKS = {"overview": check_overview, "profile": check_profile, "compare": check_compare,
          "synergy": check_synergy, "methods": check_methods}


def guard_errors(at) -> list[str]:
    """The dashboard's guard turns an exception into a friendly error: that is a failure here."""
    page_error = TEXT.get("page_error", ("\0", "\0"))
    return [f"guarded error: {e.value}" for e in at.error if str(e.value).startswith(tuple(page_error))]


CASES = _cases()


@pytest.mark.parametrize("shape,method,page,lang", CASES, ids=["-".join(c) for c in CASES])
def test_page_in_state_is_clean_and_shows_the_numbers_of_metrics(shape, method, page, lang, shapes, fresh_db,
                                                                  caplog):
    ds = shapes(shape)
    a = expected(shape, method)
    at = open_page(page, shape, method, lang)
    ctx = at.session_state["ctx"]
    problems = page_problems(at) + guard_errors(at) + false_claims(at, a, lang)
    if (ctx.dataset_key, ctx.spec) != (shape_key(shape), method_spec(method, ds.framework)):
        problems.append(f"the app opened {ctx.dataset_key} with {ctx.spec}, not the state asked for")
    if page == "present":
        slide = 1
        while not problems and not at.button(key="pr_next").disabled:
            at.button(key="pr_next").click().run()
            slide += 1
            problems += [f"slide {slide}: {p}" for p in page_problems(at) + guard_errors(at) + false_claims(at, a, lang)]
            if slide == 2:
                check_present(at, a, lang)
            elif slide == 3:
                check_present_profile(at, a, lang)
    if page == "methods" and not problems:   # the Weights tab too (a lazy tab: drawn when opened)
        at = open_tab(at, "mt_tab", "mt_tab_weights", lang)
        problems += [f"weights tab: {p}" for p in page_problems(at) + guard_errors(at) + false_claims(at, a, lang)]
    if page == "profile" and not problems:   # the gaps tab too (a lazy tab)
        at = open_tab(at, "pf_tabs", "pf_tab_gaps", lang)
        problems += [f"gaps tab: {p}" for p in page_problems(at) + guard_errors(at) + false_claims(at, a, lang)]
    if page == "overview" and not problems:   # the change on the previous year too (a lazy tab)
        changed = open_tab(open_page(page, shape, method, lang), "tab", "ov_change_heading", lang)
        problems += [f"change tab: {p}" for p in page_problems(changed) + guard_errors(changed)
                     + false_claims(changed, a, lang)]
    if page == "compare" and not problems:   # the gaps and the table sections too (lazy tabs)
        for tab in ("cmp_gap_heading", "cmp_table_heading"):
            at = open_tab(at, "section", tab, lang)
            problems += [f"{tab}: {p}" for p in page_problems(at) + guard_errors(at)
                         + false_claims(at, a, lang)]
    logged = [r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records if r.name == "dgs.pages"]
    assert not problems, "\n".join(problems + logged)
    if page in CHECKS:
        CHECKS[page](at, a, lang)


# ------------------------------------------------------------------ Streamlit "magic" stays off
def test_magic_is_off_for_users_and_for_these_tests():
    """``runner.magicEnabled = false`` in the project's config, and AppTest runs with it: Streamlit reads
    ``.streamlit/config.toml`` from the working directory (the project root, see tests/conftest.py), so
    the pages run here exactly as a user's server runs them."""
    from streamlit import config
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        assert tomllib.load(f)["runner"]["magicEnabled"] is False
    assert config.get_option("runner.magicEnabled") is False


def test_no_forced_garbage_collection_after_each_run():
    """``runner.postScriptGC = false``: Streamlit's full collection after every run cost 150-300 ms of each
    widget change with the dashboard's libraries loaded (bench/README.md); Python's own collector still runs."""
    from streamlit import config
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        assert tomllib.load(f)["runner"]["postScriptGC"] is False
    assert config.get_option("runner.postScriptGC") is False


def _bare_expressions(source: str, name: str) -> list[str]:
    """Statements that are a bare expression other than a call (or a docstring): with magic on, Streamlit
    writes their value on the page (for ``a() if c else b()``, the DeltaGenerator's documentation)."""
    tree = ast.parse(source, filename=name)
    docstrings = {id(body[0]) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  for body in [node.body] if body}
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Expr) or isinstance(node.value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)):
            continue
        if id(node) in docstrings and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        out.append(f"{name}:{node.lineno}: {ast.unparse(node)[:100]}")
    return out


def test_page_scripts_have_no_bare_expressions():
    scripts = [ROOT / "dashboard.py", *sorted((ROOT / "views").glob("*.py"))]
    assert len(scripts) >= 8
    found = [line for p in scripts for line in _bare_expressions(p.read_text(encoding="utf-8"), p.name)]
    assert not found, "use an if/else statement instead:\n" + "\n".join(found)


def test_the_bare_expression_check_finds_the_compare_pages_old_line():
    source = ('"""Doc."""\nimport streamlit as st\n\n\ndef f():\n    """Doc."""\n    return 1\n\n\n'
              'st.success("a") if f() else st.info("b")\nst.write("ok")\nf\n"not a docstring"\n')
    found = _bare_expressions(source, "page.py")
    assert [f.split(": ", 1)[1] for f in found] == ["st.success('a') if f() else st.info('b')", "f",
                                                     "'not a docstring'"]


def test_the_page_check_finds_what_a_user_must_not_see():
    """:func:`page_problems` flags each kind of problem on a page made of them, and nothing on a clean one."""
    bad = AppTest.from_string('''
import math
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
st.help(st.success)
st.caption(f"mean {math.nan:.1f}")
st.metric("Rank", "None")
st.dataframe(pd.DataFrame({"score": [1.0, None]}))
st.dataframe(pd.DataFrame({"score": [1.0, math.inf], "band": ["good", "nan"]}), placeholder="—")
st.plotly_chart(go.Figure(go.Heatmap(z=[[-2.0, 1.5]], zmin=0, zmax=100)))
st.markdown("<streamlit.delta_generator.DeltaGenerator object at 0x7f>")
''').run()
    found = page_problems(bad)
    for kind in ("help element", "missing value shown in caption", "missing value shown in metric",
                 "no placeholder", "infinite value", "missing value as text", "colour range", "internal text"):
        assert any(kind in p for p in found), (kind, found)
    clean = AppTest.from_string('''
import pandas as pd
import streamlit as st
st.caption("None of the regions is missing; information")
st.metric("Rank", "3 / 31")
st.dataframe(pd.DataFrame({"score": [1.0, None]}), placeholder="—")
''').run()
    assert page_problems(clean) == []
