"""The command line: output columns, errors on stderr with exit 1, the same numbers as the library."""
import json
import subprocess
import sys

import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from tests.conftest import ASEM, ROOT

IND = str(ROOT / "data/sample/indicators.csv")
SRV = str(ROOT / "data/sample/survey.csv")


def run(*args):
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True)


def test_assess_csv_columns_and_values(tmp_path):
    out = tmp_path / "s.csv"
    r = run("assess", "--data", IND, "--survey", SRV, "--weights", "entropy", "--out", str(out))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out, encoding="utf-8-sig", dtype={"region": str})
    a = assess(Dataset.sample(), Spec(weights="entropy"))
    aggs = a.framework.aggregates
    assert list(df.columns) == ["region", "name", "year", *aggs, "rank"]
    exp = a.results()
    assert df["INDEX"].to_numpy() == pytest.approx(exp["INDEX"].to_numpy(), abs=1e-9)
    assert (df["rank"].to_numpy() == exp["rank"].to_numpy()).all()


def test_assess_synergy_columns_and_xlsx_json(tmp_path):
    r = run("assess", "--data", IND, "--survey", SRV, "--synergy", "--out", str(tmp_path / "s.csv"))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(tmp_path / "s.csv", encoding="utf-8-sig")
    assert {"coupling_C", "coupling_T", "coupling_D", "coupling_band"} <= set(df.columns)
    assert run("assess", "--data", IND, "--out", str(tmp_path / "s.xlsx")).returncode == 0
    sheets = pd.read_excel(tmp_path / "s.xlsx", sheet_name=None, engine="openpyxl")  # pandas 4's default: calamine
    assert set(sheets) == {"results", "weights", "provenance"}
    assert run("assess", "--data", IND, "--normalize", "zscore", "--out", str(tmp_path / "s.json")).returncode == 0
    payload = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert payload["spec"]["normalize"] == "zscore" and len(payload["data_fingerprint"]) == 64


def test_coinr_layout_without_scale_gives_raw_ranks(tmp_path):
    out = tmp_path / "asem.csv"
    r = run("assess", "--data", str(ASEM / "ASEM_iData.csv"), "--framework", str(ASEM / "ASEM_iMeta.csv"),
            "--normalize", "rank", "--out", str(out))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert df["region"].iloc[0] in {"DEU", "CHE"} and df["rank"].min() == 1
    assert df["Physical"].max() <= 51


def test_bad_file_exits_1_with_bilingual_message(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,year,ORG1_law_level\n110000,2020,abc\n", encoding="utf-8")
    r = run("assess", "--data", str(bad), "--out", str(tmp_path / "x.csv"))
    assert r.returncode == 1
    assert "第 2 行" in r.stderr and "row 2" in r.stderr and "ORG1_law_level" in r.stderr
    assert not (tmp_path / "x.csv").exists()


def test_uncertainty_and_diagnose(tmp_path):
    out = tmp_path / "u.csv"
    r = run("uncertainty", "--data", IND, "--survey", SRV, "--runs", "50", "--seed", "3",
            "--normalize", "minmax,zscore", "--out", str(out))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns) == ["region", "nominal_rank", "median_rank", "p05_rank", "p95_rank"]
    assert len(df) == 31
    d = tmp_path / "d.json"
    r = run("diagnose", "--data", IND, "--survey", SRV, "--region", "440000", "--benchmark", "group", "--out", str(d))
    assert r.returncode == 0, r.stderr
    payload = json.loads(d.read_text(encoding="utf-8"))
    assert payload["name"] == "广东" and payload["benchmark"]["label"] == "东部"
    assert payload["measures"]["items"] or payload["measures"]["strong_everywhere"]
    r = run("diagnose", "--data", IND, "--region", "999999", "--out", str(d))
    assert r.returncode == 1 and "999999" in r.stderr


def test_validate_exit_codes(tmp_path):
    assert run("validate", SRV, "--kind", "survey").returncode == 0
    bad = tmp_path / "s.csv"
    bad.write_text("respondent_id,region,year,group,q_org4_roles_clear\n1,110000,2020,政府,6\n", encoding="utf-8")
    r = run("validate", str(bad), "--kind", "survey")
    assert r.returncode == 1 and "likert" not in r.stdout.lower() or "1-5" in r.stdout
    assert "第 2 行" in r.stdout and "row 2" in r.stdout


def test_pca_and_topsis_options_reach_the_spec(tmp_path):
    out = tmp_path / "p.json"
    r = run("assess", "--data", IND, "--survey", SRV, "--weights", "pca", "--pca-retain", "count",
            "--pca-threshold", "3", "--no-kaiser", "--aggregate", "topsis", "--topsis-norm", "vector",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    spec = Spec.from_dict(payload["spec"])
    assert spec == Spec(weights="pca", pca_retain="count", pca_threshold=3, pca_kaiser=False, aggregate="topsis",
                        topsis_norm="vector")
    df = pd.DataFrame(payload["results"])
    exp = assess(Dataset.sample(), spec).results()
    assert df["INDEX"].to_numpy() == pytest.approx(exp["INDEX"].to_numpy(), abs=1e-9)
    r = run("assess", "--data", IND, "--weights", "pca", "--pca-retain", "count", "--out", str(out))
    assert r.returncode == 1 and "pca_threshold" in r.stderr
