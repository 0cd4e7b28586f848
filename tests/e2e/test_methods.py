"""In a real browser: moving a dimension weight on the Methods page makes the whole dashboard use the
custom method, and the Overview then ranks with it."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def test_weight_slider_changes_the_method_of_the_whole_dashboard(server, page):
    # a deep link straight to the Methods page (it must also work as the first request of the server)
    page.goto(server + "/methods?lang=zh")
    wait_idle(page)
    page.get_by_role("heading", name="方法").first.wait_for()
    shot(page, "methods-zh-1-opened")

    page.get_by_role("tab", name="选择方法与权重").click()
    wait_idle(page)
    panel = page.get_by_role("tabpanel", name="选择方法与权重")
    moved = panel.get_by_text(re.compile(r"^0 / 31$"))
    moved.wait_for()                                  # the default method: nobody moves
    shot(page, "methods-zh-2-choose-tab")

    # keyboard on the thumb of the "认识与文化协同" slider (Streamlit 1.67 draws it as an
    # <input type="range">, role "slider"): End = the maximum weight 3.0
    thumb = panel.get_by_role("slider", name="认识与文化协同")
    assert thumb.input_value() == "1"
    thumb.focus()
    thumb.press("End")
    wait_idle(page)
    expect(thumb).to_have_value("3", timeout=30000)
    wait_idle(page)
    # the ranking moved against the default, and the sidebar switched to the custom method
    panel.get_by_text(re.compile(r"^([1-9]\d*) / 31$")).wait_for(timeout=30000)
    assert moved.count() == 0
    sidebar = page.get_by_test_id("stSidebar")
    method = sidebar.get_by_role("combobox", name="计算方法")       # the sidebar's method selector
    expect(method).to_have_value(re.compile("^自定义"), timeout=30000)
    shot(page, "methods-zh-3-awa-weight-3")
    print("URL after the change:", page.url)

    # the tabs are lazy (only the open one is drawn): the weights tab shows the custom weights, and back on
    # this tab the sliders still stand where they were moved (the method's weights, not the defaults)
    page.get_by_role("tab", name="当前权重").click()
    wait_idle(page)
    page.get_by_role("tabpanel", name="当前权重").get_by_test_id("stDataFrame").first.wait_for()
    page.get_by_role("tab", name="选择方法与权重").click()
    wait_idle(page)
    panel = page.get_by_role("tabpanel", name="选择方法与权重")
    expect(panel.get_by_role("slider", name="认识与文化协同")).to_have_value("3", timeout=30000)

    # the arrow keys work too: Home (0) then ArrowRight = 0.1
    thumb = panel.get_by_role("slider", name="认识与文化协同")
    thumb.focus()
    thumb.press("Home")
    wait_idle(page)
    thumb = panel.get_by_role("slider", name="认识与文化协同")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_idle(page)
    expect(thumb).to_have_value("0.1", timeout=30000)
    wait_idle(page)
    panel.get_by_text(re.compile(r"^([1-9]\d*) / 31$")).wait_for(timeout=30000)
    shot(page, "methods-zh-4-awa-weight-0.1")

    # the Overview (same session, through the sidebar's navigation) ranks with the custom method
    sidebar.get_by_role("link", name="总览").click()
    wait_idle(page)
    page.get_by_role("heading", name="协同治理评估").first.wait_for()
    expect(sidebar.get_by_role("combobox", name="计算方法")).to_have_value(re.compile("^自定义"), timeout=30000)
    page.get_by_text(re.compile("自定义权重")).first.wait_for(timeout=30000)   # the source note names it
    shot(page, "methods-zh-5-overview-custom")
    print("URL on the Overview:", page.url)
