"""Hostile and odd input on the pages (issue 15): no traceback, no silently wrong match, no live link.

The router, database and upload helpers are the Data page tests' own.
"""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from tests.app.test_data import (SAMPLE, data_app, db, frame_with, router, small_indicators,  # noqa: F401
                                 texts, upload)


# ------------------------------------------------------------------ item 4: names shared by two indicators
def test_framework_with_two_indicators_sharing_a_chinese_name_is_an_error_not_a_traceback(db):
    fw = pd.read_csv(SAMPLE.parent / "framework.csv", dtype=str, keep_default_na=False)
    first, second = fw.index[fw["Type"] == "Indicator"][:2]
    fw.loc[second, "name_zh"] = fw.loc[first, "name_zh"]
    at = data_app()
    upload(at, "indicators", "指标.csv", small_indicators(10))
    upload(at, "framework", "框架.csv", fw.to_csv(index=False).encode())
    assert not at.exception
    report = frame_with(at, "问题")
    row = report[report["问题"].str.contains("中文名称相同")].iloc[0]
    codes = fw.loc[[first, second], "iCode"].tolist()
    assert (row["文件"], row["行"], row["列"]) == ("框架.csv", str(second + 2), "name_zh")
    assert codes[0] in row["问题"] and codes[1] in row["问题"]
    assert at.button(key="data_save").disabled
    assert db.counts()["datasets"] == 0
