"""The Data page in a real browser: upload a CSV through the file chooser, read the validation
report, save, then pick the saved dataset in the sidebar and see its ranking."""
import io

import pandas as pd
import pytest

from metrics import Dataset, assess
from tests.conftest import ROOT
from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def latest_year_csv(path, bad: bool = False) -> bytes:
    df = pd.read_csv(ROOT / "data" / "sample" / "indicators.csv", dtype=str, keep_default_na=False)
    df = df[df["year"] == df["year"].max()]
    if bad:
        df.iloc[2, df.columns.get_loc("ORG1_policy_docs")] = "二十"
    data = df.to_csv(index=False).encode("gbk")
    path.write_bytes(data)
    return data


def uploader(page, label: str):
    return page.locator('[data-testid="stFileUploader"]').filter(has_text=label).first.locator('input[type="file"]')


def choose(page, select, option: str):
    select.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def test_upload_check_save_and_open_in_the_browser(server, page, tmp_path):
    page.goto(server + "/?lang=zh")
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="数据管理").click()
    wait_idle(page)
    page.get_by_text("未配置登录").first.wait_for()

    # a file with text in a numeric cell: the report names it, and saving is blocked
    bad = tmp_path / "有错误.csv"
    latest_year_csv(bad, bad=True)
    uploader(page, "指标数据").set_input_files(str(bad))
    wait_idle(page)
    page.get_by_text("1 个错误，", exact=False).first.wait_for()
    page.get_by_text("有错误的文件不能保存").first.wait_for()
    assert page.get_by_role("button", name="保存到数据库").is_disabled()
    page.get_by_text("检查报告").first.scroll_into_view_if_needed()
    shot(page, "data-report-error-zh")

    # the corrected file passes and is saved
    good = tmp_path / "省级2024.csv"
    data = latest_year_csv(good)
    uploader(page, "指标数据").set_input_files(str(good))      # replaces the first file
    wait_idle(page)
    page.get_by_text("0 个错误", exact=False).first.wait_for()
    page.get_by_text("预览：前 20 行（共 31 行", exact=False).first.wait_for()
    save = page.get_by_role("button", name="保存到数据库")
    assert save.is_enabled()
    shot(page, "data-upload-zh")
    save.click()
    wait_idle(page)
    page.get_by_text("已保存“省级2024”第 1 版", exact=False).first.wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    dataset_select = sidebar.get_by_role("combobox", name="数据集")
    assert dataset_select.input_value() == "省级2024 v1"
    shot(page, "data-saved-zh")

    # on the overview, pick the sample and then the saved dataset in the sidebar
    sidebar.get_by_role("link", name="总览").click()
    wait_idle(page)
    choose(page, dataset_select, "示例数据（合成）")
    assert dataset_select.input_value() == "示例数据（合成）"
    choose(page, dataset_select, "省级2024 v1")
    assert dataset_select.input_value() == "省级2024 v1"
    a = assess(Dataset.load(io.BytesIO(data).getvalue()))
    best = a.results(lang="zh", year=a.latest_year)["name"].iloc[0]
    page.get_by_text("省级2024 v1", exact=False).first.wait_for()
    best_metric = page.locator('[data-testid="stMetric"]').filter(has_text="最高").first
    assert best in best_metric.inner_text()
    shot(page, "data-overview-saved-zh")
