"""Fixtures of the export tests: one assessment, one Chromium (kaleido) and each file built once per session."""
from __future__ import annotations

import shutil

import pytest

from metrics import Dataset, assess

REGIONS_ZH = ["110000", "650000"]      # 北京, 新疆
REGIONS_EN = ["310000"]                # Shanghai


@pytest.fixture(scope="session")
def sample_dataset():
    return Dataset.sample()


@pytest.fixture(scope="session")
def sample(sample_dataset):
    return assess(sample_dataset)


@pytest.fixture(scope="session")
def kaleido_server():
    """Start the export's Chromium once for the whole session (skip when Debian's chromium is missing)."""
    from export import images

    if not images.available():
        pytest.skip("chromium is not installed (scripts/system-deps.sh)")
    images.start()
    yield images
    images.stop()


@pytest.fixture(scope="session")
def deck_zh(sample, kaleido_server):
    from export import build_report
    return build_report(sample, "pptx", regions=REGIONS_ZH, lang="zh")


@pytest.fixture(scope="session")
def deck_en(sample, kaleido_server):
    from export import build_report
    return build_report(sample, "pptx", regions=REGIONS_EN, lang="en")


@pytest.fixture(scope="session")
def pdf_zh(sample, kaleido_server):
    from export import build_report
    return build_report(sample, "pdf", regions=REGIONS_ZH, lang="zh")


@pytest.fixture(scope="session")
def xlsx_zh(sample):
    from export import build_report
    return build_report(sample, "xlsx", regions=REGIONS_ZH, lang="zh")


def has(tool: str) -> bool:
    return shutil.which(tool) is not None
