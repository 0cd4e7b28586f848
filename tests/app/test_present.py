"""Presentation mode: setup, the deck from the URL, keyboard-bound navigation, content per slide."""
from metrics import Dataset, assess
from metrics.diagnostics import recommend
from tests.app.conftest import figures, run_app


def test_setup_screen_lists_views_in_both_languages():
    at = run_app("views/present.py")
    assert at.title[0].value == "汇报模式"
    assert at.multiselect(key="pr_deck").value == ["map", "ranking", "profile", "compare", "synergy", "measures"]
    at = run_app("views/present.py", lang="en")
    assert at.title[0].value == "Presentation mode"


def test_start_builds_the_deck_in_the_url():
    at = run_app("views/present.py")
    at.multiselect(key="pr_deck").set_value(["ranking", "measures"])
    at.multiselect(key="pr_regions").set_value(["440000", "110000"])
    at.run()
    at.button[0].click().run()
    assert at.query_params["deck"] == ["ranking,measures"] or at.query_params["deck"] == "ranking,measures"
    assert not at.exception


def test_deck_from_link_steps_through_slides():
    a = assess(Dataset.sample())
    q = {"deck": "ranking,profile,measures", "regions": "440000,110000", "play": "1"}
    at = run_app("views/present.py", query=q)
    # the ranking, two profiles, then each region's measures one obstacle to a slide (they fit a screen)
    pages = [len(recommend(a, r).items) for r in ("440000", "110000")]
    n = 3 + sum(pages)
    # slide 1: ranking of all regions
    fig = figures(at)[0]
    assert len(fig["data"][0]["y"]) == 31
    assert "排名" in fig["layout"]["title"]["text"]
    assert any(f"第 1 / {n} 页" in c.value for c in at.caption)
    at.button(key="pr_next").click().run()
    # slide 2: profile of 广东 (radar against the mean), its name in the slide's header
    fig = figures(at)[0]
    r = fig["data"][0]["r"]
    s = a.scores.xs(a.latest_year, level="year").loc["440000"]
    assert [round(v, 6) for v in r[:3]] == [round(s[d], 6) for d in ("ORG", "MEC", "AWA")]
    assert at.header[0].value.startswith("广东")
    for _ in range(2):
        at.button(key="pr_next").click().run()
    # slides 4, 5, ...: the measures of 广东, one obstacle (and its measures) per slide
    rec = recommend(a, "440000")
    for k, item in enumerate(rec.items, start=1):
        assert at.header[0].value.replace("\\", "") == f"广东：建议优先采取的措施（{k}/{pages[0]}）"
        assert [h.value.replace("\\", "").split(".")[0] for h in at.subheader] == [str(k)]
        text = " ".join(m.value for m in at.markdown).replace("\\", "")
        assert item["measures"][0]["text_zh"].replace("（", "").split("，")[0][:8] in text
        at.button(key="pr_next").click().run()
    assert at.header[0].value.startswith("北京")
    at.button(key="pr_prev").click().run()
    assert any(f"第 {3 + pages[0]} / {n} 页" in c.value for c in at.caption)


def test_next_and_previous_are_bound_to_arrow_keys():
    at = run_app("views/present.py", query={"deck": "map,ranking", "play": "1"})
    nxt = at.button(key="pr_next")
    prev = at.button(key="pr_prev")
    assert nxt.proto.shortcut.lower() == "right" and prev.proto.shortcut.lower() == "left"
    assert prev.disabled and not nxt.disabled


def test_takeaway_files_are_offered_for_the_chosen_regions():
    at = run_app("views/present.py")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["演示文稿（PPTX）", "报告（PDF）", "数据工作簿（Excel）"]
