"""Small, valid upload files for the store tests, made from the shipped sample data."""
from __future__ import annotations

import io
from functools import lru_cache

from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"


@lru_cache(maxsize=None)
def _indicator_lines() -> tuple[str, ...]:
    return tuple((SAMPLE / "indicators.csv").read_text(encoding="utf-8").splitlines())


def indicators(variant: int = 0) -> bytes:
    """The sample indicator table (31 provinces x 6 years); ``variant`` changes one value,
    so different variants have different fingerprints."""
    lines = list(_indicator_lines())
    if variant:
        cells = lines[1].split(",")
        cells[4] = str(1000 + variant)  # ORG1_policy_docs of the first row, a count
        lines[1] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode("utf-8")


@lru_cache(maxsize=None)
def survey(step: int = 40) -> bytes:
    """Every ``step``-th respondent of the sample survey (about 1,400 rows)."""
    lines = (SAMPLE / "survey.csv").read_text(encoding="utf-8").splitlines()
    keep = [lines[0]] + lines[1::step]
    return ("\n".join(keep) + "\n").encode("utf-8")


def framework() -> bytes:
    return (ROOT / "data" / "framework.csv").read_bytes()


def regions() -> bytes:
    return (ROOT / "data" / "regions.csv").read_bytes()


def large_regions_xlsx(pad_mb: float, seed: int = 0) -> bytes:
    """The region table as an .xlsx that also carries ``pad_mb`` MB of incompressible
    "image" bytes, as workbooks with pictures do: a large file that is quick to validate."""
    import random
    import zipfile

    buf = io.BytesIO(xlsx({"regions": regions()}))
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_STORED) as z:
        z.writestr("xl/media/image1.png", random.Random(seed).randbytes(int(pad_mb * 2**20)))
    return buf.getvalue()


def xlsx(sheets: dict[str, bytes]) -> bytes:
    """An .xlsx workbook with one sheet per CSV (name -> CSV bytes), every cell as text."""
    import csv

    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for name, data in sheets.items():
        ws = wb.create_sheet(name)
        for row in csv.reader(io.StringIO(data.decode("utf-8"))):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
