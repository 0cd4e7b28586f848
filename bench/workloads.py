"""The benchmark workloads of DESIGN.md, built in memory from the seeded generator.

* province: 31 regions x 6 years, the default framework (49 indicators, 24 survey-based),
  about 60,000 survey responses;
* county: 2,844 regions x 10 years, 150 indicators (30 survey items), about 1,000,000
  survey responses of 30 items.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
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
