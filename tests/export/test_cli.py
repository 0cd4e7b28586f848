"""python -m export: the same files without the dashboard; bad input -> bilingual message, exit 1."""
from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from export.__main__ import main

from .conftest import REGIONS_ZH


@pytest.fixture
def fast_sample(monkeypatch, sample_dataset):
    """The CLI loads the bundled sample; reuse the session's copy."""
    from metrics import Dataset
    monkeypatch.setattr(Dataset, "sample", classmethod(lambda cls: sample_dataset))


def test_report_xlsx(tmp_path, fast_sample, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["report", "--format", "xlsx", "--regions", "110000,650000", "--lang", "en", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert "provenance" in wb.sheetnames
    assert "Wrote" in capsys.readouterr().err


def test_report_pptx_and_image(tmp_path, fast_sample, kaleido_server):
    from pptx import Presentation
    out = tmp_path / "d.pptx"
    assert main(["report", "--regions", REGIONS_ZH[0], "--year", "2024", "--out", str(out)]) == 0   # format from suffix
    assert len(Presentation(str(out)).slides) == 8     # with the region's path-to-target slide
    img = tmp_path / "map.svg"
    assert main(["image", "--chart", "map", "--format", "svg", "--out", str(img)]) == 0
    assert "北京" in img.read_text(encoding="utf-8")
    png = tmp_path / "radar.png"
    assert main(["image", "--chart", "radar", "--regions", "110000", "--width", "800", "--height", "800",
                 "--scale", "1", "--out", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_bad_input_exits_1_with_both_languages(tmp_path, fast_sample, capsys):
    assert main(["report", "--format", "xlsx", "--regions", "999999", "--out", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "没有地区" in err and "is not in the data" in err
    assert main(["report", "--format", "xlsx", "--year", "1990", "--out", str(tmp_path / "x.xlsx")]) == 1
    assert main(["report", "--out", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "不支持" in err and "Unsupported" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_bad_file_in_a_subprocess(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "export", "report", "--format", "xlsx", "--data", str(bad),
                        "--out", str(tmp_path / "o.xlsx")], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "region" in p.stderr and "地区" in p.stderr
    p = subprocess.run([sys.executable, "-m", "export", "report", "--format", "doc", "--out", "x"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
