"""County data for page tests at county scale (issue 11): China's real county-level units (GB/T 2260 codes
and names, from ``data/generate_sample.make_regions``) with generated scores, read the way an upload is
(``Dataset.load`` on CSV bytes), optionally with synthetic codes that no boundary has."""
from __future__ import annotations

import functools
import sys

import pandas as pd

from tests.conftest import ROOT


@functools.lru_cache(maxsize=None)
def county_dataset(n: int = 300, fake: tuple[tuple[str, str, str], ...] = (), years: tuple = (2022, 2023, 2024)):
    """``n`` real county-level units plus ``fake`` ((code, Chinese name, English name), ...) regions, a
    40-indicator framework with 8 survey items, 3-5 respondents per cell; built once per process."""
    sys.path.insert(0, str(ROOT / "data"))
    import generate_sample as gen
    from metrics import Dataset

    regions = gen.make_regions(n)
    if fake:
        extra = regions.iloc[:len(fake)].copy()
        extra["code"], extra["name_zh"], extra["name_en"] = (list(col) for col in zip(*fake))
        regions = pd.concat([regions, extra], ignore_index=True)
    fw = gen.make_benchmark_framework(40, 8)
    ind, srv = gen.generate(fw, regions, years=years, respondents=(3, 5), seed=1, messy=False)
    return Dataset.load(ind.to_csv(index=False).encode(), srv.to_csv(index=False).encode(),
                        framework=fw.to_csv(index=False).encode(), regions=regions.to_csv(index=False).encode(),
                        label="counties")
