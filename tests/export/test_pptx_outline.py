"""The deck follows the slide model it shares with the Presentation page (viewmodels.present.deck_outline):
read back with python-pptx, every slide has the model's title, in the model's order, laid out for its view."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation

from export.content import build_content
from viewmodels.present import deck_outline

from .conftest import REGIONS_EN, REGIONS_ZH
from .test_pptx import _titles

#: a shape each view's layout names, so a slide shows it was laid out as that view
MARKS = {"method": "method_text", "map": "chart_map", "ranking": "chart_ranking", "profile": "chart_radar",
         "path": "path_target", "compare": "comparison_table", "closing": "spec_json"}


def _outline(sample, regions, lang):
    c = build_content(sample, regions=regions, lang=lang)
    return deck_outline(lang, c.tiles is not None and not c.tiles.empty,
                        [(r.code, r.name, r.path is not None) for r in c.regions])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_is_the_outline(request, sample, lang):
    deck = request.getfixturevalue(f"deck_{lang}")
    outline = _outline(sample, REGIONS_ZH if lang == "zh" else REGIONS_EN, lang)
    prs = Presentation(io.BytesIO(deck))
    assert _titles(prs) == [s.title for s in outline]
    names = sample.dataset.region_name
    for slide, model in zip(prs.slides, outline):
        shapes = {sh.name for sh in slide.shapes}
        if model.view in MARKS:
            assert MARKS[model.view] in shapes, (model.view, sorted(shapes))
        if model.region is not None:
            assert names(model.region, lang) in slide.shapes.title.text
    assert [s.view for s in outline].count("profile") == len(REGIONS_ZH if lang == "zh" else REGIONS_EN)
