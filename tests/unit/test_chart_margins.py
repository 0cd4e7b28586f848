"""charts.margins.reserve_margins: a figure's margins hold its tick labels, colour bar and horizontal legend
before Plotly draws it (Plotly's automargin would otherwise grow them and draw the chart a second time).
Estimates only: never a smaller margin than the figure's own; axes with automargin off are left alone.
The browser check that Plotly grows no margin on the pages is tests/e2e/test_chart_margins.py."""
from __future__ import annotations

import plotly.graph_objects as go
from hypothesis import given, settings
from hypothesis import strategies as st

import charts
from charts.margins import label_px
from charts.margins import DEFAULT_MARGIN, reserve_margins


def spec(fig: go.Figure) -> dict:
    return fig.to_dict()


def test_long_category_names_on_the_y_axis_widen_the_left_margin():
    names = ["Supervision & accountability of shared data", "Trust", "组织协同与数据治理委员会"]
    fig = charts.diverging_bars(names, [3.0, -2.0, 1.0], "t", "s", "Gap (points)")
    lay = reserve_margins(spec(fig))
    longest = max(label_px(charts.plain(n), 15) for n in names)
    assert lay["margin"]["l"] >= longest + 12
    assert lay["margin"]["b"] > DEFAULT_MARGIN["b"] - 1   # tick labels and the axis title under the plot


def test_slanted_labels_take_room_below_and_to_the_left():
    cats = ["Top-level design", "Coordinating body", "Supervision & accountability"]
    flat = charts.grouped_bar(cats, {"A": [1, 2, 3]}, "t", "s", "Score")
    slanted = go.Figure(flat).update_layout(xaxis=dict(tickangle=-30))
    b_flat = reserve_margins(spec(flat))["margin"].get("b", DEFAULT_MARGIN["b"])
    lay = reserve_margins(spec(slanted))
    assert lay["margin"]["b"] > b_flat
    assert lay["margin"]["l"] >= label_px(cats[0], 15) * 0.866 - 10   # the first label hangs left of its tick


def _groups(names: list[str], n: int = 5):
    import pandas as pd
    return pd.DataFrame({"value": [float(i) for i in range(n * len(names))],
                         "group": [g for g in names for _ in range(n)], "label": ["r"] * (n * len(names))})


def test_box_names_get_a_fixed_angle_for_the_narrowest_column():
    # Plotly keeps a slanted angle it once chose (a chart drawn narrower for a moment stayed slanted with a
    # grown margin in CI): the figure fixes it, flat where the names fit side by side in a 384 px column
    four = ["Eastern", "Central", "Western", "Northeast"]
    assert charts.box_by_group(_groups(four), "value", "group", "t", "s", "Score").layout.xaxis.tickangle == 0
    assert charts.box_by_group(_groups(["东部地区", "中部地区", "西部地区", "东北地区"]), "value", "group",
                               "t", "s", "得分").layout.xaxis.tickangle == 0
    long = [f"{g} region of the country" for g in four]
    fig = charts.box_by_group(_groups(long), "value", "group", "t", "s", "Score")
    assert fig.layout.xaxis.tickangle in (-30, -90)
    # the box names are the axis's labels: slanted, they take the bottom margin
    assert reserve_margins(spec(fig))["margin"]["b"] > label_px(long[0], 15) * 0.5


def test_many_regions_show_each_groups_count_under_its_name():
    fig = charts.box_by_group(_groups(["Eastern", "Central"], n=7), "value", "group", "t", "s", "Score",
                              many=True)
    assert [tr.name for tr in fig.data] == ["Eastern<br>(7)", "Central<br>(7)"]
    assert {tr.boxpoints for tr in fig.data} == {"outliers"} and fig.layout.xaxis.tickangle == 0


def test_tick_angle_steps_from_flat_to_slanted_to_upright_as_room_shrinks():
    from charts.margins import tick_angle
    names = ["Eastern", "Central", "Western", "Northeast"]
    angles = [tick_angle(names, px) for px in (600, 272, 200, 120)]
    assert angles == [0, 0, -30, -90]
    assert tick_angle(["only one name, however long it is"], 50) == 0


def test_a_colour_bar_takes_the_right_margin_or_the_bottom_when_horizontal():
    import pandas as pd
    z = pd.DataFrame([[1.0, -2.0], [0.5, 3.0]], index=["A", "B"], columns=["x", "y"])
    fig = charts.heatmap(z, "t", "s", "Gap to the benchmark (points)")
    assert reserve_margins(spec(fig))["margin"]["r"] >= 60 + label_px("Gap to the benchmark (points)", 15)
    fig.update_traces(colorbar=dict(orientation="h", y=-0.1, thickness=14))
    lay = reserve_margins(spec(fig))
    assert lay["margin"]["b"] > 80 and lay["margin"].get("r", DEFAULT_MARGIN["r"]) == DEFAULT_MARGIN["r"]


def test_a_horizontal_legend_under_the_plot_takes_the_bottom_margin():
    fig = charts.grouped_bar(["A", "B"], {"One": [1, 2], "Two": [2, 1]}, "t", "s", "Score")
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    low = reserve_margins(spec(fig))["margin"]["b"]
    fig.update_layout(legend=dict(y=-0.05))
    assert reserve_margins(spec(fig))["margin"]["b"] < low   # hung lower, it needs more room
    fig.update_layout(showlegend=False)
    assert reserve_margins(spec(fig)).get("margin", {}).get("b", 60) < low


def test_a_larger_margin_of_the_figure_and_an_axis_without_automargin_stay():
    fig = charts.diverging_bars(["A very long sub-dimension name indeed"], [1.0], "t", "s", "Gap")
    fig.update_layout(margin=dict(l=400))
    assert reserve_margins(spec(fig))["margin"]["l"] == 400
    fig.update_layout(margin=dict(l=20), yaxis=dict(automargin=False))
    assert reserve_margins(spec(fig))["margin"]["l"] == 20


def test_a_radar_reserves_only_its_legend():
    fig = charts.radar(["Organizational", "Mechanism", "Awareness"], {"Region": [1, 2, 3], "Mean": [2, 2, 2]},
                       "t", "s")
    before = spec(fig)["layout"]["margin"]
    lay = reserve_margins(spec(fig))
    assert lay["margin"]["l"] == before["l"] and lay["margin"]["r"] == before["r"]
    assert lay["margin"]["b"] >= before["b"]


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=8),
       own=st.fixed_dictionaries({k: st.integers(0, 300) for k in "lrtb"}))
def test_never_a_smaller_margin_than_the_figures_own(names, own):
    fig = charts.diverging_bars(names, [float(i) for i in range(len(names))], "t", "s", "x")
    fig.update_layout(margin=own)
    lay = reserve_margins(spec(fig))
    assert all(lay["margin"][k] >= own[k] for k in "lrtb")
