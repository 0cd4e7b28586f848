"""Sidebar controls, URL state and cached loaders shared by every page.

Pages call :func:`context` and get a :class:`Context` with the active
dataset, the assessment for the chosen method and year, and the language.
The dataset, year, method and language live in the URL's query parameters
(``dataset``, ``year``, ``method``, ``lang``; ``spec`` for custom methods),
so a copied link reopens the same view.

Caching: the dataset is loaded once per process (``st.cache_resource``,
shared read-only); each (dataset, spec) assessment is computed once and
shared, keyed on the spec's JSON text, never on a DataFrame.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from metrics import Assessment, Dataset, Spec, assess

from . import workspace
from .i18n import LANG_LABELS, LANGS, lang, md, t, t_in
from charts.numbers import ScoreFormat, score_format

PRESETS: dict[str, Spec] = {
    "default": Spec(),
    "entropy": Spec(weights="entropy"),
    "topsis": Spec(weights="entropy", aggregate="topsis"),
    "equal": Spec(weights="equal"),
    "critic": Spec(weights="critic"),
    "geometric": Spec(scale=(1, 100), aggregate="geometric"),
}


@st.cache_resource(show_spinner=False)
def sample_dataset() -> Dataset:
    return Dataset.sample()


#: Datasets registered in this process (tests register crafted datasets here).
REGISTRY: dict[str, Dataset] = {}


def register_dataset(key: str, dataset: Dataset) -> None:
    REGISTRY[key] = dataset
    _assessment.clear()


def dataset_options() -> dict[str, str]:
    """Dataset key -> label in the active language."""
    opts = {"sample": t("dataset_sample")}
    opts.update({k: (d.label or k) for k, d in REGISTRY.items()})
    opts.update(workspace.dataset_options())  # saved datasets visible to this user
    return opts


def get_dataset(key: str) -> Dataset:
    if key == "sample":
        return sample_dataset()
    if key in REGISTRY:
        return REGISTRY[key]
    return workspace.load_dataset(key)


@st.cache_resource(show_spinner=False, max_entries=128)
def _assessment(dataset_key: str, spec_json: str) -> Assessment:
    return assess(get_dataset(dataset_key), Spec.from_dict(json.loads(spec_json)))


def spec_key(spec: Spec) -> str:
    return json.dumps(spec.to_dict(), sort_keys=True, ensure_ascii=False)


def get_assessment(dataset_key: str, spec: Spec) -> Assessment:
    return _assessment(dataset_key, spec_key(spec))


def custom_spec() -> Spec:
    """The spec built on the Methods page (kept in the session and in the URL's ``spec``)."""
    if "custom_spec" not in st.session_state and "spec" in st.query_params:
        try:
            st.session_state["custom_spec"] = Spec.from_dict(json.loads(st.query_params["spec"])).to_dict()
        except Exception:
            pass
    d = st.session_state.get("custom_spec")
    return Spec.from_dict(d) if d else Spec()


def set_custom_spec(spec: Spec) -> None:
    st.session_state["custom_spec"] = spec.to_dict()
    st.query_params["spec"] = json.dumps(spec.to_dict(), separators=(",", ":"), ensure_ascii=False)


@dataclass
class Context:
    dataset_key: str
    dataset: Dataset
    spec: Spec
    assessment: Assessment
    year: int
    lang: str

    @property
    def fmt(self) -> ScoreFormat:
        """The number format of this assessment's scores (decimals for its scale; see :mod:`charts.numbers`)."""
        return score_format(self.assessment)

    def dataset_label(self) -> str:
        """The dataset's name as shown to users (the sample's name is translated)."""
        return t("dataset_sample") if self.dataset_key == "sample" else (self.dataset.label or self.dataset_key)

    def source_note(self) -> str:
        return t("source_note", dataset=self.dataset_label(), year=self.year, method=self.spec.describe(self.lang))

    def region_name(self, code: str) -> str:
        return self.dataset.region_name(code, self.lang)

    def node_name(self, code: str) -> str:
        return self.dataset.framework.name_of(code, self.lang)


def sidebar() -> Context:
    """Render the shared sidebar controls and return the active context.

    Language, dataset, method and year are kept in the URL as codes (``?lang=en&dataset=sample&
    method=entropy&year=2023``; the language always, even when it is the browser's, so a link opens
    in the language it was copied in) by :func:`ui.widgets.url_select`.
    """
    from .widgets import from_link, url_select

    with st.sidebar:
        lg = url_select(st.radio, t_in(lang(), "language"), list(LANGS), "lang", LANG_LABELS.get,
                        default=_browser_lang(), horizontal=True)
        opts = dataset_options()
        asked = from_link("dataset")   # None: not from a link
        ds_key = url_select(st.selectbox, t_in(lg, "dataset"), list(opts), "dataset",
                            lambda k, o=opts: o.get(k, k), default="sample")
        if asked is not None and asked != ds_key:
            # a link to a dataset that is gone, private, or malformed ('db:1 OR 1=1@1'): said, never raised
            st.warning(t_in(lg, "dataset_not_found", link=md(asked if len(asked) <= 60 else asked[:60] + "…")))
        dataset = get_dataset(ds_key)
        preset = url_select(st.selectbox, t_in(lg, "preset"), list(PRESETS) + ["custom"], "method",
                            lambda k, lg=lg: t_in(lg, f"preset_{k}"), default="default")
        spec = custom_spec() if preset == "custom" else PRESETS[preset]
        if preset == "custom":  # page switches clear other query parameters: keep the spec in the link
            st.query_params["spec"] = json.dumps(spec.to_dict(), separators=(",", ":"), ensure_ascii=False)
        else:
            st.query_params.pop("spec", None)
        try:
            a = get_assessment(ds_key, spec)
        except ValueError as exc:  # e.g. an inconsistent AHP matrix or a geometric mean of zeros in a link
            st.error(md(str(exc)))
            spec = PRESETS["default"]
            a = get_assessment(ds_key, spec)
        has_year = a.has_year
        year = url_select(st.selectbox, t_in(lg, "year"), a.years[::-1], "year",
                          lambda y, h=has_year: str(y) if h else "—", default=a.years[-1])
        if dataset.synthetic:
            st.caption(t_in(lg, "synthetic_banner"))
    return Context(ds_key, dataset, spec, a, int(year), lg)


def _browser_lang() -> str:
    try:
        loc = (st.context.locale or "").lower()
    except Exception:
        loc = ""
    return "en" if loc.startswith("en") else "zh"


@st.cache_resource(show_spinner=False, max_entries=512)
def _diagnostic(dataset_key: str, spec_json: str, name: str, args_json: str, _fn: Callable):
    return _fn(_assessment(dataset_key, spec_json), **json.loads(args_json))


def diag(ctx: Context, fn: Callable, **kwargs):
    """A cached call of a diagnostic ``fn(assessment, **kwargs)`` (a function of :mod:`metrics.diagnostics`,
    e.g. ``diag(ctx, diagnostics.synergy, year=2024)``), keyed on the dataset, the spec, the function's
    qualified name and the arguments' JSON.

    Results are shared between sessions: treat them as read-only (copy before changing).
    """
    return _diagnostic(ctx.dataset_key, spec_key(ctx.spec), f"{fn.__module__}.{fn.__qualname__}",
                       json.dumps(kwargs, sort_keys=True, default=str), fn)


@st.cache_resource(show_spinner=False, max_entries=1024)
def _memo(scope: str, key: tuple, _build: Callable):
    return _build()


def memo(scope: str, key: tuple, build: Callable):
    """``build()``, once per process for each page ``scope`` and plain ``key`` (dataset, spec, year,
    language, node, …): a page's view models, figures and tables, shared read-only between reruns and
    sessions (callers never change what it returns).  Dropped with the assessments by :func:`clear_caches`."""
    return _memo(scope, key, build)


@st.cache_resource(show_spinner=False, max_entries=256)
def _region_memo(scope: str, key: tuple, _build: Callable):
    return _build()


def region_memo(scope: str, key: tuple, build: Callable):
    """:func:`memo` for what is built per region (a region's profile and its tabs): a bounded cache of
    its own, so that going through hundreds of counties does not push the pages' models out of
    :func:`memo`'s."""
    return _region_memo(scope, key, build)


def clear_caches() -> None:
    """Drop every cached assessment, diagnostic and page model (a dataset key may name other data after a
    deletion)."""
    _assessment.clear()
    _diagnostic.clear()
    _memo.clear()
    _region_memo.clear()


workspace.on_forget(clear_caches)  # the workspace drops loaded datasets; the caches keyed on them go too
