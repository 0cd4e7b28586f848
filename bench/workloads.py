"""The benchmark workloads of DESIGN.md, built in memory from the seeded generator.

* province: 31 regions x 6 years, the default framework (49 indicators, 24 survey-based),
  about 60,000 survey responses;
* county: 2,844 regions x 10 years, 150 indicators (30 survey items), about 1,000,000
  survey responses of 30 items.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))

import generate_sample as gen  # noqa: E402

from metrics import Dataset, load_framework, load_regions  # noqa: E402
from metrics.data import IndicatorData, SurveyData  # noqa: E402
from metrics.framework import GROUPS  # noqa: E402


def _dataset(fw_table: pd.DataFrame, regions: pd.DataFrame, years, respondents, seed=1) -> Dataset:
    ind, srv = gen.generate(fw_table, regions, years=years, respondents=respondents, seed=seed, messy=False)
    fw = load_framework(fw_table.astype(str).replace({"nan": "", "<NA>": ""}))
    vals = ind.set_index(["region", "year"]).astype(float)
    vals.index = vals.index.set_names(["region", "year"])
    items = [c for c in srv.columns if c not in ("respondent_id", "region", "year", "group")]
    frame = pd.DataFrame({"respondent_id": srv["respondent_id"].astype(str), "region": srv["region"].astype(str),
                          "year": srv["year"].astype(int),
                          "group": pd.Categorical(srv["group"], categories=list(GROUPS))})
    frame = pd.concat([frame, srv[items].astype("float32")], axis=1)
    reg = load_regions(regions.astype(str))
    return Dataset(fw, IndicatorData(vals), SurveyData(frame, items), reg, label="bench")


def province() -> Dataset:
    fw = gen.load_default_framework()
    regions = gen.load_default_regions()
    # 31 x 6 x ~320 respondents = ~60,000 responses
    return _dataset(fw, regions, range(2019, 2025), (290, 350))


def county() -> Dataset:
    fw = gen.make_benchmark_framework(150, 30)
    regions = gen.make_regions(2844)
    # 2,844 x 10 x ~35 respondents = ~1,000,000 responses
    return _dataset(fw, regions, range(2015, 2025), (30, 40))


#: The county workload's size; ``QUICK`` is a small one with real county codes (for a quick run or a test).
COUNTY = dict(indicators=150, survey_items=30, regions=2844, years=range(2015, 2025), respondents=(30, 40))
QUICK = dict(indicators=40, survey_items=8, regions=300, years=range(2022, 2025), respondents=(3, 5))


def county_files(folder: Path, size: dict = COUNTY) -> dict:
    """The county workload as the files an administrator imports (indicators, survey, framework, regions)."""
    t = time.perf_counter()
    fw = gen.make_benchmark_framework(size["indicators"], size["survey_items"])
    regions = gen.make_regions(size["regions"])
    ind, survey = gen.generate(fw, regions, years=size["years"], respondents=size["respondents"], seed=1,
                               messy=False)
    for name, table in (("framework", fw), ("regions", regions), ("indicators", ind), ("survey", survey)):
        table.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return {"rows": len(survey), "generate_seconds": round(time.perf_counter() - t, 1)}


def import_files(folder: Path, url: str, name: str = "county") -> tuple[str, float]:
    """``python -m store import`` of the four files in ``folder`` as a public dataset into the database at
    ``url``; returns the saved version's key (``db:<id>@<v>``, from the command's last line) and seconds."""
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "store", "import", "--name", name, "--public",
                          *[a for k in ("indicators", "survey", "framework", "regions")
                            for a in (f"--{k}", str(folder / f"{k}.csv"))]],
                         cwd=ROOT, env={**os.environ, "DGS_DATABASE_URL": url}, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(res.stdout[-3000:] + res.stderr[-3000:])
    key = res.stdout.strip().splitlines()[-1].split("=", 1)[1]
    return key, round(time.perf_counter() - t, 1)
