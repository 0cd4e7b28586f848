"""The workbook read back with openpyxl: sheets, values equal to metrics, no formula from uploaded text."""
from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest


def _frame(ws) -> pd.DataFrame:
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_sheets(xlsx_zh):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_zh))
    assert wb.sheetnames == ["README", "results", "raw", "normalised", "scores", "ranks", "coverage", "synergy",
                             "obstacles", "measures", "framework", "provenance"]
    readme = "\n".join(str(c.value) for row in wb["README"].iter_rows() for c in row if c.value)
    assert "合成数据（演示用）" in readme and "provenance" in readme and "各地区各年份" in readme


def test_values_equal_metrics(xlsx_zh, sample):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_zh))
    got = _frame(wb["results"])
    want = sample.results(lang="zh")
    assert list(got["region"]) == list(want["region"]) and list(got["name"]) == list(want["name"])
    for col in [c for c in want.columns if c not in ("region", "name", "year", "rank")]:
        np.testing.assert_allclose(got[col].astype(float), want[col].astype(float), rtol=0, atol=1e-9)
    assert list(got["rank"]) == [int(v) for v in want["rank"]]
    ranks = _frame(wb["ranks"]).set_index(["region", "year"])
    for node in ("INDEX", "ORG", "MEC1"):
        r = sample.ranks(node)
        assert all(ranks.at[(reg, int(y)), node] == int(v) for (reg, y), v in r.items())
    scores = _frame(wb["scores"]).set_index(["region", "year"])
    s = sample.scores
    np.testing.assert_allclose(scores.loc[[(r, int(y)) for r, y in s.index], "AWA"].astype(float),
                               s["AWA"].to_numpy(), atol=1e-9)
    raw = _frame(wb["raw"]).set_index(["region", "year"])
    x = sample.raw["ORG1_policy_docs"]
    np.testing.assert_allclose(raw.loc[[(r, int(y)) for r, y in x.index], "ORG1_policy_docs"].astype(float),
                               x.to_numpy(), atol=1e-9)


def test_types_and_provenance(xlsx_zh, sample):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_zh))
    ws = wb["results"]
    header = [c.value for c in ws[1]]
    row = list(ws[2])
    assert row[header.index("region")].data_type == "s"            # codes are text, "110000" not 110000
    assert row[header.index("INDEX")].data_type == "n"
    prov = {r[0]: r[2] for r in wb["provenance"].iter_rows(min_row=2, values_only=True)}
    assert json.loads(prov["spec"]) == sample.spec.to_dict()
    assert prov["data_fingerprint"] == sample.fingerprint
    assert prov["framework_fingerprint"] == sample.framework.fingerprint()
    assert prov["synthetic"] is True and prov["generated_at"] and "metrics" in prov["software"]
    fw = _frame(wb["framework"]).set_index("iCode")
    assert fw.loc["ORG1", "sibling_weight"] == pytest.approx(sample.weights["ORG1"])
    assert fw.loc["ORG1_law_level", "overall_weight"] == pytest.approx(sample.indicator_weights["ORG1_law_level"])
    syn = _frame(wb["synergy"])
    assert syn["D"].between(0, 1).all() and set(syn["band_name"]) <= {b[2] for b in __import__(
        "metrics.synergy", fromlist=["BANDS"]).BANDS}
    obs = _frame(wb["obstacles"])
    sums = obs[obs["level"] == "subdim"].groupby("region")["obstacle_pct"].sum()
    np.testing.assert_allclose(sums, 100.0, atol=1e-6)
    meas = _frame(wb["measures"])
    assert set(meas["region"]) == {"110000", "650000"} and meas["measure"].str.len().min() > 5


def test_uploaded_text_cannot_become_a_formula(sample_dataset):
    """A region named '=1+1' (and a dataset label '=HYPERLINK(...)') stay inert text in every sheet."""
    from dataclasses import replace

    from metrics import assess
    from metrics.data import Regions
    from export import build_report

    table = sample_dataset.regions.table.copy()
    table.loc["110000", "name_zh"] = "=1+1"
    table.loc["310000", "name_zh"] = "@SUM(A1)"
    table.loc["650000", "name_zh"] = "+cmd|' /C calc'!A0"
    # same data (and its cached survey aggregation), a crafted region table and label
    ds = replace(sample_dataset, regions=Regions(table), label='=HYPERLINK("http://x","y")', synthetic=False)
    data = build_report(assess(ds), "xlsx", regions=["110000", "310000"], lang="zh")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(("=", "+", "@")), (ws.title, c.coordinate, c.value)
                    if c.value == "'=1+1":
                        found.append(ws.title)
    assert {"results", "raw", "scores", "measures"} <= set(found)
    res = _frame(wb["results"])
    assert "'=1+1" in set(res["name"]) and "'@SUM(A1)" in set(res["name"])
