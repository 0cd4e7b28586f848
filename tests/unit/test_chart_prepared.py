"""``ui.widgets.chart`` prepares a figure that a page keeps between reruns once (issue 11): the second run
reuses the screen copy and the downloads' spec instead of validating and copying the figure again, and a
call with other title lines, width share or layout prepares it again."""
import copy

import plotly.graph_objects as go

import charts
from ui.widgets import _prepared


def figure() -> go.Figure:
    return charts.change_bars(["北京", "天津", "河北"], [1.5, -0.5, 2.0], "各地区变化", "示例数据 · 2024", "变化（分）")


def test_a_kept_figure_is_prepared_once(monkeypatch):
    fig = figure()
    calls = []
    real = go.Figure.to_dict
    monkeypatch.setattr(go.Figure, "to_dict", lambda self: calls.append(1) or real(self))
    first = _prepared(fig, ["方法：熵权法"], 1.0, {})
    again = _prepared(fig, ["方法：熵权法"], 1.0, {})
    assert again is first and len(calls) == 1


def test_the_kept_copy_equals_a_fresh_preparation():
    fig = figure()
    _prepared(fig, ["方法：熵权法"], 0.5, {"height": 500})
    kept = copy.deepcopy(_prepared(fig, ["方法：熵权法"], 0.5, {"height": 500}))
    fresh = _prepared(figure(), ["方法：熵权法"], 0.5, {"height": 500})
    assert kept == fresh
    spec, shown, head, notes = fresh
    assert head == "各地区变化" and notes == ["示例数据 · 2024", "方法：熵权法"]
    assert shown["layout"]["height"] == 500 and shown["data"] is spec["data"]   # the copy shares the data


def test_other_lines_share_or_layout_prepare_again():
    fig = figure()
    base = _prepared(fig, ["a"], 1.0, {})
    assert _prepared(fig, ["b"], 1.0, {})[3][-1] == "b"
    half = _prepared(fig, ["b"], 0.5, {})
    assert _prepared(fig, ["b"], 0.5, {}) is half and _prepared(fig, ["b"], 1.0, {}) is not half
    assert _prepared(fig, ["a"], 1.0, {"height": 700})[1]["layout"]["height"] == 700
    assert base[1]["layout"].get("height") != 700
