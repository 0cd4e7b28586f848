"""What a report contains: numbers from metrics, labels from the one table, errors in both languages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from export import ExportError
from export.content import DEFAULT_REGIONS, build_content
from export.i18n import TEXT, t

EXPORT_DIR = Path(__file__).resolve().parents[2] / "export"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_label_has_both_languages():
    for key, (zh, en) in TEXT.items():
        assert zh.strip() and en.strip(), key
        # same placeholders in both languages
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def _used_by_exports() -> set[str]:
    used = set()
    for f in EXPORT_DIR.glob("*.py"):
        src = f.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["'](\w+)["']""", src))
        used |= set(re.findall(r"""\bboth\(\s*["'](\w+)["']""", src))
    return used


def test_every_label_used_exists():
    missing = sorted(k for k in _used_by_exports() if k not in TEXT)
    assert not missing, missing


def test_labels_render_in_the_pdf_font():
    """Every character of every label the exports write has a glyph in Noto Sans CJK SC (no empty boxes in
    the PDF): the exports' own table, the method names (the method tables show them) and every catalogue key
    an export names."""
    from texts.export import TEXT as OWN
    from texts.methods_registry import TEXT as METHOD_NAMES

    from export.pdf import cjk_fonts
    from fontTools.ttLib import TTFont

    try:
        path, face = cjk_fonts()[""]
    except ExportError:
        pytest.skip("fonts-noto-cjk is not installed")
    cmap = TTFont(path, fontNumber=face, lazy=True).getBestCmap()
    keys = set(OWN) | set(METHOD_NAMES) | (_used_by_exports() & set(TEXT))
    chars = {ch for k in keys for ch in TEXT[k][0] + TEXT[k][1] if ch not in "\n"}
    missing = sorted(ch for ch in chars if ord(ch) not in cmap)
    assert not missing, missing


def test_defaults_latest_year_and_top_regions(sample):
    c = build_content(sample, lang="zh")
    assert c.year == sample.latest_year
    ranks = sample.ranks().xs(c.year, level="year").sort_values()
    assert c.chosen == list(ranks.index[:DEFAULT_REGIONS])
    assert c.synthetic and c.synthetic_label == "合成数据（演示用）"
    assert "合成数据（演示用）" in c.footer


def test_numbers_come_from_metrics(sample):
    from metrics import diagnostics as dg

    c = build_content(sample, year=2023, regions=["北京", "Xinjiang"], lang="en")
    assert c.chosen == ["110000", "650000"]
    s = sample.scores.xs(2023, level="year")
    ranks = sample.ranks().xs(2023, level="year")
    for _, row in c.ranking.iterrows():
        assert row["index"] == pytest.approx(s.at[row["code"], "INDEX"], abs=1e-12)
        assert int(row["rank"]) == int(ranks[row["code"]])
    bj = c.regions[0]
    assert bj.name == "Beijing" and bj.rank == int(ranks["110000"])
    d = dg.diagnose(sample, "110000", 2023)
    assert bj.synergy["D"] == pytest.approx(d["synergy"]["D"])
    assert bj.synergy["band_name"] == d["synergy"]["band_en"]
    assert bj.level == d["maturity_level"]
    g = dg.gaps(sample, "110000", 2023)
    for code in bj.subdims.index:
        assert bj.subdims.at[code, "gap"] == pytest.approx(g.at[code, "gap"])
    assert list(bj.obstacles.index) == list(d["obstacles_subdim"])[:5]
    assert [m["subdim"] for m in bj.measures] == [it["subdim"] for it in d["measures"]["items"]]
    assert all(m["measures"][0]["text"] and not CJK.search(m["measures"][0]["text"]) for m in bj.measures)
    assert c.provenance["data_fingerprint"] == sample.fingerprint
    assert c.provenance["spec"] == sample.spec.to_dict()


def test_no_regions_and_bad_input(sample):
    c = build_content(sample, regions=[], lang="zh")
    assert c.regions == [] and len(c.comparison) == 1
    with pytest.raises(ExportError) as e:
        build_content(sample, regions=["999999"])
    assert "地区" in str(e.value) and "Region" in str(e.value)
    with pytest.raises(ExportError) as e:
        build_content(sample, year=1990)
    assert "1990" in str(e.value) and "years" in str(e.value)
    with pytest.raises(ExportError):
        build_content(sample, lang="fr")


def test_not_synthetic_has_no_label(sample, sample_dataset):
    from dataclasses import replace

    from metrics import assess

    ds = replace(sample_dataset, synthetic=False, label="my-data.csv", _cache=sample_dataset._cache)
    c = build_content(assess(ds), regions=[], lang="zh")
    assert not c.synthetic and c.synthetic_label not in c.footer and c.dataset_label == "my-data.csv"
    assert t("synthetic_label", "en") == "Synthetic demo data"


def test_export_imports_no_streamlit():
    import subprocess
    import sys

    code = ("import sys, export, export.content, export.figures, export.images, export.pptx, export.pdf, "
            "export.xlsx, export.__main__; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=str(EXPORT_DIR.parent))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
