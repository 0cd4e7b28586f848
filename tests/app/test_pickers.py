"""The region picker (ui.pickers) on county data: labels carry the place and the code (so typing a name
or a code finds a region), province and city narrow the options and live in the URL, a link to a region
opens it whatever the link says about the province; the bundled provinces keep one plain select.

The county data: 300 of China's real county-level units (GB/T 2260 codes and names) with generated
scores, registered as the dataset ``counties``.
"""

import pandas as pd
import pytest

from metrics.hierarchy import city_of, province_of, region_hierarchy
from tests.app.conftest import open_tab, open_page as open_link, run_app
from tests.app.county import county_dataset

PROFILE, COMPARE, PRESENT = "views/profile.py", "views/compare.py", "views/present.py"
KEY = "counties"


@pytest.fixture(scope="module")
def county():
    """(dataset, hierarchy of its regions, codes by latest-year score) registered under ``counties``."""
    from metrics import assess
    from ui import state

    ds = county_dataset(300)
    state.REGISTRY[KEY] = ds
    a = assess(ds)
    index = a.all_scores.xs(a.latest_year, level="year")[a.root].dropna()
    order = list(index.sort_values(ascending=False, kind="stable").index)
    yield ds, region_hierarchy(order, ds.regions), order
    state.REGISTRY.pop(KEY, None)


def open_page(page, lang="zh", **query):
    """The page opened straight from a link on the county data."""
    return open_link(page, lang, **{"dataset": KEY, **query})


def biggest(h: pd.DataFrame, column: str, within: pd.Series | None = None) -> str:
    s = h[column] if within is None else h.loc[within, column]
    return s[s != ""].value_counts().index[0]


def label(ds, h, code, lang):
    name, row = ds.region_name(code, lang), h.loc[code]
    parent = row[f"city_{lang}"] if row["city"] else row[f"province_{lang}"]
    for tail in (f" ({parent})", f"({parent})", f"（{parent}）"):
        if name.endswith(tail):
            name = name[: -len(tail)]
    if parent[-1] in "市州盟区" and name.startswith(parent) and len(name) > len(parent) + 1:
        name = name[len(parent):]
    return f"{name} · {parent} ({code})"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_carry_name_place_and_code(county, lang):
    ds, h, order = county
    at = open_page(PROFILE, lang)
    box = at.selectbox(key="region")
    assert list(box.options) == [label(ds, h, c, lang) for c in order]     # every region, best first
    assert all(o.endswith(f"({c})") for o, c in zip(box.options, order))   # a code typed finds it
    assert len(set(box.options)) == len(order)                              # same-named counties told apart
    # province and city selects come first, on "all"; the URL leaves them out
    prov = at.selectbox(key="province")
    assert prov.value == "all" and prov.options[0] == ("全部省份" if lang == "zh" else "All provinces")
    assert len(prov.options) == 1 + h["province"].nunique()
    assert at.query_params["province"] == "all" and "city" not in at.query_params
    # the place under the title, and a rank card that fits: the count goes into the label
    region = order[0]
    cap = at.caption[1].value
    assert h.at[region, f"province_{lang}"] in cap and f"{region}" in cap
    rank = next(m for m in at.metric if m.label.startswith("排名" if lang == "zh" else "Rank"))
    assert rank.value == "1" and "300" in rank.label


def test_province_then_city_narrow_the_options(county):
    ds, h, order = county
    p = biggest(h, "province")
    at = open_page(PROFILE, "zh", province=p)
    assert at.selectbox(key="province").value == p
    inside = [c for c in order if h.at[c, "province"] == p]
    assert [o.rsplit("(", 1)[1].rstrip(")") for o in at.selectbox(key="region").options] == inside
    assert at.selectbox(key="region").value == inside[0]                  # the best county of the province
    cities = sorted(set(h.loc[inside, "city"]) - {""})
    assert at.selectbox(key="city").options[1:] == [h.loc[h["city"] == c, "city_zh"].iloc[0] for c in cities]
    c = biggest(h, "city", h["province"] == p)
    at.selectbox(key="city").set_value(c).run()
    assert not at.exception
    in_city = [x for x in order if h.at[x, "city"] == c]
    assert [o.rsplit("(", 1)[1].rstrip(")") for o in at.selectbox(key="region").options] == in_city
    assert at.query_params["province"] == p and at.query_params["city"] == c
    assert at.selectbox(key="region").value == in_city[0]


def test_link_to_a_region_opens_it_and_sets_the_province(county):
    ds, h, order = county
    region = next(c for c in order[::-1] if city_of(c))                   # the last county that has a city
    at = open_page(PROFILE, "en", region=region)
    assert at.selectbox(key="region").value == region
    assert at.selectbox(key="province").value == province_of(region)
    assert at.selectbox(key="city").value == city_of(region)
    assert at.query_params["province"] == province_of(region)
    assert ds.region_name(region, "en").split(" (")[0] in at.header[0].value
    # a link whose province contradicts the region: the region wins
    other = next(p for p in h["province"].unique() if p and p != province_of(region))
    at = open_page(PROFILE, "en", region=region, province=other)
    assert at.selectbox(key="region").value == region
    assert at.selectbox(key="province").value == province_of(region)


def test_invalid_province_in_the_url_is_ignored(county):
    ds, h, order = county
    at = open_page(PROFILE, "zh", province="999999", city="xyz")
    assert at.selectbox(key="province").value == "all"
    assert len(at.selectbox(key="region").options) == len(order)
    assert at.selectbox(key="region").value == order[0]


def test_compare_chooses_regions_through_the_picker(county):
    ds, h, order = county
    p = biggest(h, "province")
    inside = [c for c in order if h.at[c, "province"] == p]
    at = open_page(COMPARE, "en", province=p)
    ms = at.multiselect(key="regions")
    assert ms.value == inside[:3]                                          # the top three of the province
    assert all(o.endswith(")") for o in ms.options) and len(ms.options) == len(inside)
    # another province: the choices stay (and stay listed), its counties can be added
    outside = next(c for c in order if h.at[c, "province"] != p)
    q = h.at[outside, "province"]
    at.selectbox(key="province").set_value(q).run()
    assert not at.exception
    ms = at.multiselect(key="regions")
    assert ms.value == inside[:3]
    in_q = [c for c in order if h.at[c, "province"] == q]
    assert len(ms.options) == len(in_q) + 3
    ms.set_value([inside[0], outside]).run()
    assert not at.exception
    ms = at.multiselect(key="regions")
    assert ms.value == [inside[0], outside]
    assert at.query_params["regions"] == f"{inside[0]},{outside}"
    # the side-by-side table (its section, a lazy tab) names the two regions
    at = open_tab(at, "section", "cmp_table_heading", "en")
    side = next(d.value for d in at.dataframe if "Dimension / sub-dimension" in d.value.columns)
    assert any(ds.region_name(outside, "en") in c for c in side.columns)


def test_presentation_setup_picks_regions_through_the_picker(county):
    ds, h, order = county
    p = biggest(h, "province")
    at = open_page(PRESENT, "zh", province=p, regions=order[-1])
    ms = at.multiselect(key="pr_regions")
    assert ms.value == [order[-1]]                                         # from the link, kept though outside
    inside = [c for c in order if h.at[c, "province"] == p]
    assert len(ms.options) == len(inside) + (h.at[order[-1], "province"] != p)
    assert all(o.endswith(")") for o in ms.options)
    at = open_page(PRESENT, "zh", province=p)                              # no regions in the link
    assert at.multiselect(key="pr_regions").value == inside[:3]            # the province's three best


def test_only_the_open_tab_runs_at_county_scale(county):
    from tests.app.conftest import figures, open_tab
    from ui.i18n import t_in

    at = open_page(PROFILE, "zh")
    first = [f["layout"]["title"]["text"] for f in figures(at)]
    assert first and not any("趋势" in x for x in first)          # the scores tab: radars and gaps only
    assert at.get("download_button")[0].label == "下载本地区画像（Excel，全部表格）"  # every tab's
    at = open_tab(at, "pf_tabs", "pf_tab_trend", "zh")
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    trend = t_in("zh", "pf_trend_title", region=at.header[0].value)
    assert len(titles) == 1 and titles[0].startswith(trend)


def test_provinces_keep_one_plain_select():
    from metrics import Dataset
    ds = Dataset.sample()
    at = run_app(page=PROFILE, lang="en")
    assert not [s for s in at.selectbox if s.key in ("province", "city")]
    box = at.selectbox(key="region")
    assert set(box.options) == {ds.region_name(c, "en") for c in ds.regions.table.index}
    at = run_app(page=COMPARE, lang="zh")
    assert not [s for s in at.selectbox if s.key in ("province", "city")]
    assert all("(" not in o for o in at.multiselect(key="regions").options)


def test_compare_axis_keeps_six_long_county_names_readable(county):
    import html

    from tests.app.conftest import figures
    from charts.names import width

    ds, h, order = county
    six = sorted(order, key=lambda c: -len(ds.region_name(c, "en")))[:6]
    at = open_page(COMPARE, "en", regions=",".join(six))
    assert at.multiselect(key="regions").value == six
    xs = [html.unescape(x) for x in figures(at)[0]["data"][0]["x"]]
    assert len(set(xs)) == 6 and all(width(x) <= 30 for x in xs)
    full = [ds.region_name(c, "en") for c in six]
    assert any(width(n) > 30 for n in full) and any(x.endswith("…") for x in xs)
    ticks = figures(at)[0]["layout"]["xaxis"]["ticktext"]                   # on two lines, level
    assert all(width(html.unescape(line)) <= 30 for tick in ticks for line in tick.split("<br>"))
    assert any("<br>" in tick for tick in ticks)
    at = open_tab(at, "section", "cmp_table_heading", "en")                    # a lazy tab
    side = next(d.value for d in at.dataframe if "Dimension / sub-dimension" in d.value.columns)
    assert all(any(n in c for c in side.columns) for n in full)                # whole names in the table


def test_a_change_of_language_keeps_province_city_and_region(county):
    ds, h, order = county
    region = next(c for c in order[::-1] if city_of(c))
    at = open_page(PROFILE, "zh", region=region)
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.selectbox(key="region").value == region
    assert at.selectbox(key="province").value == province_of(region)
    assert at.selectbox(key="city").value == city_of(region)
    assert at.selectbox(key="province").options[0] == "All provinces"
    assert label(ds, h, region, "en") in at.selectbox(key="region").options   # labels in the new language
