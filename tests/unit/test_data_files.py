"""Checks of the shipped data files in data/ and of the sample-data generator."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SAMPLE = DATA / "sample"

FRAMEWORK_COLUMNS = [
    "iCode", "iName", "name_zh", "name_en", "Parent", "Level", "Direction",
    "Weight", "Type", "source", "items", "groups", "reverse", "scale", "stat",
    "goal_min", "goal_max", "target", "unit",
]
SUBDIMS = [f"{d}{k}" for d in ("ORG", "MEC", "AWA") for k in range(1, 6)]
GROUPS = {"gov", "ent", "org", "cit"}
CJK = re.compile(r"[\u4e00-\u9fff]")
META = ["respondent_id", "region", "year", "group"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


def _split(text: str) -> list[str]:
    return [p for p in text.split(";") if p]


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("generate_sample", DATA / "generate_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fw() -> pd.DataFrame:
    return _read("framework.csv")


@pytest.fixture(scope="module")
def indicators(fw) -> pd.DataFrame:
    return fw[fw["Level"] == "1"]


@pytest.fixture(scope="module")
def srv(indicators) -> pd.DataFrame:
    return indicators[indicators["source"] == "srv"]


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    return _read("regions.csv")


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "survey.csv", dtype={"region": str, "respondent_id": str})


@pytest.fixture(scope="module")
def wide() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "indicators.csv", dtype=str, keep_default_na=False)


# ----------------------------------------------------------------------------
# encoding
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["framework.csv", "measures.csv", "regions.csv",
                                  "region_groups.csv", "sample/indicators.csv",
                                  "sample/survey.csv"])
def test_csv_is_utf8_without_bom(name):
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


# ----------------------------------------------------------------------------
# framework
# ----------------------------------------------------------------------------

def test_framework_columns_and_levels(fw):
    assert list(fw.columns) == FRAMEWORK_COLUMNS
    assert set(fw["Level"]) == {"1", "2", "3", "4"}
    assert fw["iCode"].is_unique
    assert (fw["iName"] == fw["name_en"]).all()
    assert (fw.loc[fw["Level"] == "1", "Type"] == "Indicator").all()
    assert (fw.loc[fw["Level"] != "1", "Type"] == "Aggregate").all()
    assert list(fw.loc[fw["Level"] == "2", "iCode"]) == SUBDIMS
    assert list(fw.loc[fw["Level"] == "3", "iCode"]) == ["ORG", "MEC", "AWA"]
    top = fw[fw["Level"] == "4"]
    assert list(top["iCode"]) == ["INDEX"] and top["Parent"].iloc[0] == ""
    assert top["name_zh"].iloc[0] == "协同治理指数"
    assert set(fw["Direction"]) <= {"1", "-1"}
    assert (pd.to_numeric(fw["Weight"]) > 0).all()
    assert fw["name_zh"].map(lambda s: bool(CJK.search(s))).all()
    assert (fw["name_en"].str.len() > 0).all()


def test_framework_hierarchy(fw):
    level = dict(zip(fw["iCode"], fw["Level"]))
    for code, parent, lev in zip(fw["iCode"], fw["Parent"], fw["Level"]):
        if lev == "4":
            continue
        assert level.get(parent) == str(int(lev) + 1), (code, parent)
    ind = fw[fw["Level"] == "1"]
    assert (ind.apply(lambda r: r["iCode"].startswith(r["Parent"] + "_"), axis=1)).all()


def test_framework_row_order(fw):
    levels = fw["Level"].astype(int).tolist()
    assert levels == sorted(levels)
    parents = fw.loc[fw["Level"] == "1", "Parent"].tolist()
    assert parents == sorted(parents, key=SUBDIMS.index)


def test_indicator_counts(indicators, srv):
    assert len(indicators) >= 40
    assert len(srv) >= 22
    counts = indicators.groupby("Parent").size()
    assert set(counts.index) == set(SUBDIMS)
    assert counts.min() >= 2 and counts.max() <= 5


def test_survey_indicator_rows(srv):
    for _, r in srv.iterrows():
        items, groups = _split(r["items"]), _split(r["groups"])
        assert items and groups and set(groups) <= GROUPS, r["iCode"]
        assert set(_split(r["reverse"])) <= set(items)
        assert r["Direction"] == "1"
        assert (r["scale"], r["goal_min"], r["goal_max"], r["target"], r["unit"]) == \
            ("5", "0", "100", "80", "0-100")
        if r["stat"] == "mean":
            assert items == ["q_" + r["iCode"].lower()]
        else:
            assert r["stat"] == "consensus"
    rev = [q for x in srv["reverse"] for q in _split(x)]
    assert 2 <= len(rev) <= 4


def test_consensus_indicator(srv):
    all4 = srv[(srv["stat"] == "mean") & (srv["groups"].map(lambda g: set(_split(g)) == GROUPS))]
    assert len(all4) >= 6
    assert all4["Parent"].nunique() >= 3
    cons = srv[srv["stat"] == "consensus"]
    assert list(cons["iCode"]) == ["AWA5_consensus"]
    assert _split(cons["items"].iloc[0]) == [q for x in all4["items"] for q in _split(x)]
    assert set(_split(cons["groups"].iloc[0])) == GROUPS


def test_alpha_is_computable_in_three_subdims(srv):
    per = srv[srv["stat"] == "mean"].groupby(["Parent", "groups"]).size()
    assert per[per >= 2].index.get_level_values(0).nunique() >= 3


def test_administrative_indicator_rows(indicators):
    ind = indicators[indicators["source"] == "ind"]
    assert len(ind) + (indicators["source"] == "srv").sum() == len(indicators)
    for _, r in ind.iterrows():
        assert r["unit"] and r["items"] == "" and r["groups"] == "" and r["stat"] == ""
        lo, hi, target = float(r["goal_min"]), float(r["goal_max"]), float(r["target"])
        assert lo < hi and lo <= target <= hi, r["iCode"]
    assert set(ind.loc[ind["Direction"] == "-1", "iCode"]) >= {"MEC1_fulfil_days", "MEC5_incidents"}


def test_aggregate_rows_are_bare(fw):
    agg = fw[fw["Level"] != "1"]
    for col in ["source", "items", "groups", "reverse", "scale", "stat",
                "goal_min", "goal_max", "target", "unit"]:
        assert (agg[col] == "").all(), col


def test_generator_structure_matches_framework(gen, fw):
    names = {c: (zh, en) for c, zh, en in zip(fw["iCode"], fw["name_zh"], fw["name_en"])}
    for code, zh, en in gen.SUBDIMENSIONS + gen.DIMENSIONS + [gen.INDEX_NODE]:
        assert names[code] == (zh, en)


# ----------------------------------------------------------------------------
# measures
# ----------------------------------------------------------------------------

def test_measures():
    m = _read("measures.csv")
    assert list(m.columns) == ["subdim", "priority", "text_zh", "text_en", "source"]
    assert set(m["subdim"]) == set(SUBDIMS)
    for sub, grp in m.groupby("subdim"):
        assert 2 <= len(grp) <= 4, sub
        assert grp["priority"].astype(int).tolist() == list(range(1, len(grp) + 1))
    assert m["source"].str.fullmatch(r"[34]\.[1-3](; [34]\.[1-3])*").all()
    assert m["text_zh"].map(lambda s: bool(CJK.search(s))).all()
    assert (m["text_en"].str.len() > 10).all()
    assert not m.duplicated(["subdim", "text_zh"]).any()


# ----------------------------------------------------------------------------
# regions
# ----------------------------------------------------------------------------

def test_regions(regions):
    assert list(regions.columns) == ["code", "name_zh", "name_en", "group", "row", "col"]
    assert len(regions) == 31
    assert regions["code"].is_unique
    assert regions["code"].str.fullmatch(r"[1-6]\d0000").all()
    assert {"110000", "650000", "540000"} <= set(regions["code"])
    groups = _read("region_groups.csv")
    assert list(groups.columns) == ["group", "name_zh", "name_en"]
    assert list(groups["group"]) == ["东部", "中部", "西部", "东北"]
    assert set(regions["group"]) == set(groups["group"])
    assert regions["group"].value_counts().to_dict() == {"西部": 12, "东部": 10, "中部": 6, "东北": 3}
    cells = regions[["row", "col"]].astype(int)
    assert not cells.duplicated().any()
    assert (cells >= 0).all().all()


# ----------------------------------------------------------------------------
# sample data
# ----------------------------------------------------------------------------

def test_sample_is_labelled_synthetic():
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "合成数据" in text and "SYNTHETIC DEMO DATA" in text
    assert "--seed" in text


def test_sample_indicators(wide, indicators, regions):
    ind_codes = indicators.loc[indicators["source"] == "ind", "iCode"].tolist()
    assert list(wide.columns) == ["region", "year"] + ind_codes
    assert set(wide["region"]) == set(regions["code"])
    assert sorted(set(wide["year"].astype(int))) == list(range(2019, 2025))
    assert len(wide) == 31 * 6 and not wide.duplicated(["region", "year"]).any()
    cells = wide[ind_codes].stack()
    for token in ("", "-", "无"):
        assert (cells == token).any(), token
    assert cells.str.fullmatch(r"\d+(\.\d+)?%").any()
    numeric = pd.to_numeric(cells[~cells.isin(["", "-", "无"])].str.rstrip("%"), errors="raise")
    assert np.isfinite(numeric).all()
    assert 0.01 < cells.isin(["", "-", "无"]).mean() < 0.05


def test_sample_survey(survey, srv, regions):
    items = [q for x in srv.loc[srv["stat"] == "mean", "items"] for q in _split(x)]
    assert list(survey.columns) == META + items
    assert survey["respondent_id"].is_unique
    assert set(survey["group"]) == GROUPS
    per = survey.groupby(["region", "year"]).size()
    assert len(per) == 31 * 6 and set(per.index.get_level_values(0)) == set(regions["code"])
    assert per.between(250, 350).all()
    answers = survey[items].stack().dropna()
    assert answers.between(1, 5).all() and (answers == answers.round()).all()
    asked = {q: set(_split(g)) for x, g in zip(srv["items"], srv["groups"]) for q in _split(x)}
    for q in items:
        answered_by = set(survey.loc[survey[q].notna(), "group"])
        assert answered_by == asked[q], q
    assert (SAMPLE / "survey.csv").stat().st_size < 10_000_000


def test_regenerating_reproduces_shipped_files(gen, tmp_path):
    gen.write_sample(tmp_path, seed=gen.DEFAULT_SEED)
    for name in ("indicators.csv", "survey.csv", "README.md"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


# ----------------------------------------------------------------------------
# generator on other tables
# ----------------------------------------------------------------------------

def test_generator_is_generic(gen):
    fw = pd.DataFrame({
        "iCode": ["A_x", "A_y", "A_q1", "A_q2", "A", "IDX"],
        "Parent": ["A", "A", "A", "A", "IDX", ""],
        "Level": [1, 1, 1, 1, 2, 3],
        "Direction": [1, -1, 1, 1, 1, 1],
        "source": ["ind", "ind", "srv", "srv", "", ""],
        "items": ["", "", "q1", "q2", "", ""],
        "groups": ["", "", "gov;cit", "", "", ""],
        "reverse": ["", "", "", "q2", "", ""],
        "scale": [None, None, 7, 7, None, None],
        "unit": ["%", "days", "", "", "", ""],
        "goal_min": [0, 0, 0, 0, None, None],
        "goal_max": [100, 30, 100, 100, None, None],
    })
    regions = pd.DataFrame({"code": ["r1", "r2", "r3"], "group": ["东部", "somewhere", None]})
    wide, survey = gen.generate(fw, regions, years=[2020, 2021], respondents=(20, 30), seed=1)
    assert list(wide.columns) == ["region", "year", "A_x", "A_y"]
    assert len(wide) == 6
    assert list(survey.columns) == META + ["q1", "q2"]
    assert survey[["q1", "q2"]].stack().dropna().between(1, 7).all()
    assert set(survey.loc[survey["q1"].notna(), "group"]) <= {"gov", "cit"}
    wide2, survey2 = gen.generate(fw, regions, years=[2020, 2021], respondents=(20, 30), seed=1)
    pd.testing.assert_frame_equal(wide, wide2)
    pd.testing.assert_frame_equal(survey, survey2)


def test_messy_false_gives_numeric_columns(gen, fw):
    regions = _read("regions.csv")
    wide, _ = gen.generate(fw, regions, messy=False)
    messy, _ = gen.generate(fw, regions)
    for col in wide.columns[2:]:
        assert pd.api.types.is_numeric_dtype(wide[col]), col
    assert any(messy[c].dtype == object for c in messy.columns[2:])


def test_benchmark_tables(gen):
    fw = gen.make_benchmark_framework(150, 30)
    assert list(fw.columns) == FRAMEWORK_COLUMNS
    ind = fw[fw["Level"] == 1]
    assert len(ind) == 150
    srv = ind[ind["source"] == "srv"]
    assert (srv["stat"] == "mean").sum() == 30
    assert list(srv.loc[srv["stat"] == "consensus", "iCode"]) == ["AWA5_consensus"]
    assert list(fw.loc[fw["Level"] == 2, "iCode"]) == SUBDIMS
    assert set(ind["Parent"]) == set(SUBDIMS)
    regions = gen.make_regions(2844)
    assert len(regions) == 2844 and regions["code"].is_unique
    assert set(regions["group"]) == {"东部", "中部", "西部", "东北"}
    wide, survey = gen.generate(fw, regions.head(40), years=range(2015, 2017),
                                respondents=(5, 8), seed=3)
    assert wide.shape == (80, 2 + 150 - 31)
    assert survey.shape[1] == 4 + 30
