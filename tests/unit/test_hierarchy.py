"""A region's province and city (``metrics.hierarchy``): the English names of the boundary index's units are
made once a machine and kept in a file, and read from it give the same names as ``pypinyin`` itself."""
from __future__ import annotations

import json

from metrics import hierarchy as h


def test_unit_english_names_are_kept_in_a_file_and_read_back_the_same(tmp_path, monkeypatch):
    path = tmp_path / "english-names.json"
    monkeypatch.setattr(h, "_unit_english_path", lambda: path)
    h._unit_english.cache_clear()
    try:
        made = h._unit_english()
        assert path.exists() and json.loads(path.read_text(encoding="utf-8")) == made
        assert made["320100"] == "Nanjing" and made["420100"] == "Wuhan"     # a city: no kind
        units = h._geo_units()
        assert all(made[c] == h.english_name(units[c].name, kind=c[2:] == "0000") for c in list(made)[:50])
        h._unit_english.cache_clear()
        assert h._unit_english() == made                                    # read from the file
        table = h.region_hierarchy(["320106", "420102", "110101"])
        assert table.loc["320106", ["city", "city_en"]].tolist() == ["320100", "Nanjing"]
        assert table.loc["110101", ["province", "city"]].tolist() == ["110000", ""]
    finally:
        h._unit_english.cache_clear()


def test_a_damaged_names_file_is_made_again(tmp_path, monkeypatch):
    path = tmp_path / "english-names.json"
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(h, "_unit_english_path", lambda: path)
    h._unit_english.cache_clear()
    try:
        assert h._unit_english()["320100"] == "Nanjing"
        assert json.loads(path.read_text(encoding="utf-8"))["320100"] == "Nanjing"
    finally:
        h._unit_english.cache_clear()
