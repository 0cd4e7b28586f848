"""The presentation slides' view model (viewmodels.present): the slides it lists are the ones the Presentation
page steps through, and each slide's model is what the page shows for the same assessment, year, language
and choice (read back with AppTest)."""
from __future__ import annotations

import pytest

from metrics import Dataset, assess
from metrics.diagnostics import recommend
import numpy as np

from tests.app.conftest import array, figures, run_app
from viewmodels import present

REGIONS = ["440000", "110000"]


@pytest.fixture(scope="module")
def sample():
    return assess(Dataset.sample())


def _note(a, lang: str) -> str:
    """The page's source line for the sample (its ``Context.source_note``)."""
    from texts import t
    return t("source_note", lang, dataset=t("dataset_sample", lang), year=a.latest_year, method=a.spec.describe(lang))


def _md(text: str) -> str:
    """Text as the page writes it into Markdown (escaped by ``ui.i18n.md``)."""
    from ui.i18n import md
    return md(text)


def test_slides_follow_views_and_regions(sample):
    p = present.build(sample, views=["ranking", "measures", "compare", "nonsense"], regions=REGIONS + ["999999"])
    pages = {r: max(1, len(recommend(sample, r).items)) for r in REGIONS}
    assert p.views == ("ranking", "measures", "compare") and p.regions == tuple(REGIONS)
    assert [(s.view, s.region, s.part) for s in p.slides] == (
        [("ranking", None, 0)] + [("measures", r, k) for r in REGIONS for k in range(pages[r])]
        + [("compare", None, 0)])


def test_defaults_are_the_page_defaults(sample):
    p = present.build(sample)
    scores = sample.scores.xs(sample.latest_year, level="year")[sample.root]
    assert p.views == tuple(present.DEFAULT_DECK) and "path" not in p.views
    assert list(p.regions) == scores.sort_values(ascending=False).index[:3].tolist()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_the_model(sample, lang):
    """Ranking, profile and measures slides: the page's chart, header, metrics and texts equal the model's."""
    q = {"deck": "ranking,profile,measures", "regions": ",".join(REGIONS), "play": "1"}
    p = present.build(sample, views=q["deck"].split(","), regions=REGIONS, lang=lang, note=_note(sample, lang))
    at = run_app("views/present.py", lang=lang, query=q)
    for i, ref in enumerate(p.slides):
        model = p.slide(i)
        assert model.view == ref.view
        if isinstance(model, present.ChartSlide):
            fig = figures(at)[0]
            assert list(fig["data"][0]["y"]) == list(model.figure.data[0].y)
            assert list(fig["data"][0]["x"]) == list(model.figure.data[0].x)
            assert fig["layout"]["title"]["text"] == model.figure.layout.title.text
        elif isinstance(model, present.ProfileSlide):
            assert at.header[0].value == _md(model.header)
            assert [(m.label, m.value) for m in at.metric] == list(model.metrics)
            assert list(figures(at)[0]["data"][0]["r"]) == list(model.figure.data[0].r)
            assert [m.value for m in at.markdown] == ([_md(model.weakest)] if model.weakest else [])
        else:
            assert at.header[0].value == _md(model.header)
            assert [h.value for h in at.subheader] == [_md(b.heading) for b in model.items]
            assert [m.value for m in at.markdown][-1] == "\n".join(
                "- " + _md(text) + "  \n  " + _md(source) for b in model.items for text, source in b.measures)
        if i < len(p.slides) - 1:
            at.button(key="pr_next").click().run()
    assert at.button(key="pr_next").disabled


def test_map_compare_and_synergy_slides_are_the_pages(sample):
    views = ["map", "compare", "synergy"]
    p = present.build(sample, views=views, regions=REGIONS, lang="zh", note=_note(sample, "zh"))
    at = run_app("views/present.py", query={"deck": ",".join(views), "regions": ",".join(REGIONS), "play": "1"})
    for i, view in enumerate(views):
        model = p.slide(i)
        assert model.view == view and model.figure is not None
        fig = figures(at)[0]
        assert len(fig["data"]) == len(model.figure.data)
        for shown, built in zip(fig["data"], model.figure.data):
            built = built.to_plotly_json()
            for axis in ("x", "y", "z"):
                if built.get(axis) is None:
                    continue
                if isinstance(shown[axis], dict):   # numbers as a typed array (NaN equal to NaN)
                    np.testing.assert_array_equal(array(shown[axis]), np.asarray(built[axis], dtype=float),
                                                  err_msg=view)
                else:
                    assert list(shown[axis]) == list(built[axis]), (view, axis)
        if i < len(views) - 1:
            at.button(key="pr_next").click().run()


def test_deck_outline_of_a_choice():
    outline = present.deck_outline("zh", True, [("110000", "北京", True), ("650000", "新疆", False)])
    assert [(s.view, s.region) for s in outline] == [
        ("title", None), ("method", None), ("map", None), ("ranking", None), ("profile", "110000"),
        ("path", "110000"), ("profile", "650000"), ("compare", None), ("closing", None)]
    assert [s.title for s in outline[2:7]] == ["总览：地区分布图", "总览：综合排名", "北京：地区画像", "北京：达标路径",
                                               "新疆：地区画像"]
    assert [s.view for s in present.deck_outline("en", False, [])] == ["title", "method", "ranking", "closing"]


def test_county_scale_ranking_and_map():
    """Beyond :data:`present.RANK_ALL` regions a ranking slide keeps the top, the bottom and the deck's regions
    (with their ranks); the map draws boundaries and names the regions that have none."""
    from tests.app.county import county_dataset

    a = assess(county_dataset(60, fake=(("990101", "虚构县", "Fictive County"),)))
    scores = a.scores.xs(a.latest_year, level="year")[a.root].sort_values(ascending=False)
    middle = scores.index[30]
    p = present.build(a, views=["ranking", "map"], regions=[middle], lang="en")
    ranking = p.slide(0)
    shown = list(ranking.figure.data[0].y)
    assert len(shown) == present.TOP + present.BOTTOM + 1
    assert any(label.startswith("#31 ") for label in shown)
    assert ranking.caption and "top 12, bottom 5" in ranking.figure.layout.title.text
    fictive = p.slide(1)
    if fictive.figure is None:           # no boundary data installed
        assert fictive.empty
    else:
        assert "Fictive County" in fictive.missing and not fictive.empty
