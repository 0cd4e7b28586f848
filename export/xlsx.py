"""The workbook: every stage of the assessment, one sheet each, formula-injection safe.

Sheets (names are fixed so that scripts can read them; the README sheet
explains each one in the chosen language): ``README``, ``results``, ``raw``,
``imputed`` and ``treated`` (only when they differ from ``raw``),
``normalised``, ``scores``, ``ranks``, ``coverage``, ``synergy``,
``obstacles``, ``measures``, ``framework``, ``provenance``.

Every frame goes through :func:`metrics.safe.neutralise` (a text cell that
could start a formula gets a leading apostrophe) and xlsxwriter writes text as
text (``strings_to_formulas=False``): uploaded text such as a region named
``=1+1`` stays inert.  Numbers are written as numbers, region codes and names
as text.
"""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from metrics import diagnostics as dg
from metrics import methods
from metrics.levels import level_name
from metrics.safe import neutralise, neutralise_value, to_json_text
from metrics.synergy import STAGES

from .content import ReportContent, structure

SHEETS = ("README", "results", "raw", "imputed", "treated", "normalised", "scores", "ranks", "coverage", "synergy",
          "obstacles", "measures", "framework", "provenance")
_WRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                   "nan_inf_to_errors": True}


def _with_names(c: ReportContent, df: pd.DataFrame) -> pd.DataFrame:
    """``(region, year)``-indexed frame -> columns region, name, year, ... (region codes as text)."""
    a = c.assessment
    out = df.reset_index()
    out["region"] = out["region"].astype(str)
    out.insert(1, "name", [a.dataset.region_name(r, c.lang) for r in out["region"]])
    if not a.has_year:
        out = out.drop(columns="year")
    return out


def _differs(x: pd.DataFrame, y: pd.DataFrame) -> bool:
    return not x.shape == y.shape or not np.allclose(x.to_numpy(dtype=float), y.to_numpy(dtype=float),
                                                     equal_nan=True, rtol=0, atol=0)


def sheets(c: ReportContent, all_regions: bool = False) -> dict[str, pd.DataFrame]:
    """The workbook's data sheets as frames (before neutralisation), in order."""
    a = c.assessment
    dims, _ = structure(a)
    out: dict[str, pd.DataFrame] = {"results": _results_sheet(a, c.lang, len(dims) >= 2)}
    out["raw"] = _with_names(c, a.raw)
    if _differs(a.imputed, a.raw):
        out["imputed"] = _with_names(c, a.imputed)
    if _differs(a.treated, a.imputed):
        out["treated"] = _with_names(c, a.treated)
    out["normalised"] = _with_names(c, a.normalised)
    out["scores"] = _with_names(c, a.scores)
    ranks = pd.DataFrame({n: a.ranks(n) for n in a.scores.columns}).astype("Int64")
    out["ranks"] = _with_names(c, ranks)
    out["coverage"] = _with_names(c, a.coverage)
    if len(dims) >= 2:
        out["synergy"] = _synergy_sheet(c)
    out["obstacles"] = _obstacles_sheet(c)
    out["measures"] = _measures_sheet(c, all_regions)
    out["framework"] = _framework_sheet(c)
    out["provenance"] = _provenance_sheet(c)
    return out


def _results_sheet(a, lang: str, coupling: bool) -> pd.DataFrame:
    """``a.results()`` with the maturity level and (``coupling``: two dimensions or more) the coordination."""
    res = a.results(lang=lang)
    res["region"] = res["region"].astype(str)
    lv = a.levels()
    key = list(zip(res["region"], res["year"])) if a.has_year else [(r, a.years[0]) for r in res["region"]]
    res["level"] = pd.array([lv.get(k) for k in key], dtype="Int64")
    res["level_name"] = [level_name(v, lang) if pd.notna(v) else "" for v in res["level"]]
    if coupling:
        syn = dg.synergy(a)
        res["coupling_D"] = [syn["D"].get(k, np.nan) for k in key]
        band = syn["band_en" if lang == "en" else "band_zh"]
        res["coupling_band"] = [band.get(k) or "" for k in key]
    return res


def _synergy_sheet(c: ReportContent) -> pd.DataFrame:
    """Coupling C, development T, coordination D, band and stage of every region."""
    en = c.lang == "en"
    s = dg.synergy(c.assessment)
    stage_names = {i + 1: st[3 if en else 2] for i, st in enumerate(STAGES)}
    syn = pd.DataFrame({"C": s["C"], "T": s["T"], "D": s["D"], "band": s["band"],
                        "band_name": s["band_en" if en else "band_zh"], "stage": s["stage"],
                        "stage_name": [stage_names.get(int(v)) if pd.notna(v) else "" for v in s["stage"]]},
                       index=s.index)
    return _with_names(c, syn)


def _obstacles_sheet(c: ReportContent) -> pd.DataFrame:
    """Obstacles of the report's year: sub-dimensions and indicators, long form."""
    a, lang = c.assessment, c.lang
    fw = a.framework
    rows = []
    levels = [(2, "subdim")] if fw.max_level >= 3 else []
    levels.append((1, "indicator"))
    for lev, kind in levels:
        od = dg.obstacles(a, c.year, lev)
        for region, row in od.iterrows():
            r = row.dropna().sort_values(ascending=False)
            for k, (code, v) in enumerate(r.items(), start=1):
                rows.append({"region": str(region), "name": a.dataset.region_name(region, lang), "year": c.year,
                             "level": kind, "code": code, "node": fw.name_of(code, lang),
                             "obstacle_pct": float(v) * 100.0, "order": k})
    return pd.DataFrame(rows)


def _measures_sheet(c: ReportContent, all_regions: bool) -> pd.DataFrame:
    """Recommended measures for the regions in focus, or every region."""
    a, en = c.assessment, c.lang == "en"
    regions = list(c.ranking["code"]) if all_regions else c.chosen
    lib = dg.load_measures()
    mrows = []
    if a.framework.max_level >= 3:
        for code in regions:
            rec = dg.recommend(a, code, c.year, measures=lib)
            nm = a.dataset.region_name(code, c.lang)
            if rec.strong:
                mrows.append({"region": str(code), "name": nm, "year": c.year, "order": 0, "subdim": "",
                              "subdim_name": "", "obstacle_pct": np.nan, "score": np.nan, "priority": np.nan,
                              "measure": rec.message_en if en else rec.message_zh, "source": ""})
            for k, it in enumerate(rec.items, start=1):
                for m in it["measures"]:
                    mrows.append({"region": str(code), "name": nm, "year": c.year, "order": k, "subdim": it["subdim"],
                                  "subdim_name": it["name_en" if en else "name_zh"],
                                  "obstacle_pct": it["value"] * 100.0, "score": it["score"],
                                  "priority": int(m["priority"]), "measure": m["text_en" if en else "text_zh"],
                                  "source": str(m["source"])})
    return pd.DataFrame(mrows, columns=["region", "name", "year", "order", "subdim", "subdim_name",
                                       "obstacle_pct", "score", "priority", "measure", "source"])


def _framework_sheet(c: ReportContent) -> pd.DataFrame:
    """The framework table with each node's sibling and overall weight."""
    fwt = c.assessment.framework.to_frame()
    wt = c.weights_table.set_index("code")
    code_col = fwt.columns[0]
    fwt["sibling_weight"] = [wt["sibling_weight"].get(str(k), np.nan) for k in fwt[code_col]]
    fwt["overall_weight"] = [wt["overall_weight"].get(str(k), np.nan) for k in fwt[code_col]]
    return fwt


def _provenance_sheet(c: ReportContent) -> pd.DataFrame:
    """Key, label and value of what the workbook was made from (data, spec, fingerprints, log, sources)."""
    p = c.provenance
    prov = [
        ("dataset", c.t("dataset"), c.dataset_label),
        ("synthetic", c.t("p_synthetic"), bool(c.synthetic)),
        ("synthetic_label", c.t("p_synthetic"), c.synthetic_label if c.synthetic else ""),
        ("year", c.t("p_year"), int(c.year)),
        ("lang", c.t("p_lang"), c.lang),
        ("regions", c.t("sec_regions"), ",".join(c.chosen)),
        ("spec", c.t("p_spec"), c.spec_json),
        ("method", c.t("m_spec"), c.method_text),
        ("data_fingerprint", c.t("p_fingerprint"), p["data_fingerprint"]),
        ("framework", c.t("m_framework"), str(p["framework"])),
        ("framework_fingerprint", c.t("p_fw_fingerprint"), p["framework_fingerprint"]),
        ("generated_at", c.t("p_generated"), p["generated_at"]),
        ("software", c.t("p_software"), p["software"]),
        ("log", c.t("p_log"), json.dumps(json.loads(to_json_text(p["log"])), ensure_ascii=False)),
    ]
    prov += [(f"source_{i + 1}", c.t("p_sources"), s) for i, s in enumerate(c.sources)]
    return pd.DataFrame(prov, columns=["key", "label", "value"])


def _readme(c: ReportContent, names: list[str]) -> pd.DataFrame:
    desc = {
        "results": c.t("x_results"), "raw": c.t("x_raw"), "imputed": c.t("x_imputed"), "treated": c.t("x_treated"),
        "normalised": c.t("x_normalised", method=methods.name("normalize", c.assessment.spec.normalize, c.lang)),
        "scores": c.t("x_scores"), "ranks": c.t("x_ranks"), "coverage": c.t("x_coverage"),
        "synergy": c.t("x_synergy"),
        "obstacles": c.t("x_obstacles_sub", year=c.year_text) + (" / " if c.lang == "en" else "；")
        + c.t("x_obstacles_ind", year=c.year_text),
        "measures": c.t("x_measures", year=c.year_text), "framework": c.t("x_framework"),
        "provenance": c.t("x_provenance"),
    }
    return pd.DataFrame({"sheet": names, "description": [desc.get(n, "") for n in names]})


def build_xlsx(c: ReportContent, all_regions: bool = False) -> bytes:
    """The workbook of ``c`` as ``.xlsx`` bytes."""
    data = sheets(c, all_regions)
    readme = _readme(c, list(data))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": _WRITER_OPTIONS}) as xw:
        wb = xw.book
        bold = wb.add_format({"bold": True})
        title = wb.add_format({"bold": True, "font_size": 15})
        warn = wb.add_format({"bold": True, "font_size": 12, "font_color": "#B91C1C"})
        grey = wb.add_format({"font_color": "#4B5563", "text_wrap": True, "valign": "top"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        num = wb.add_format({"num_format": "0.00"})
        # README first
        ws = wb.add_worksheet("README")
        xw.sheets["README"] = ws
        ws.write_string(0, 0, c.t("x_readme_title"), title)
        ws.write_string(1, 0, neutralise_value(c.title), bold)
        row = 2
        if c.synthetic:
            ws.write_string(row, 0, c.synthetic_label, warn)
            ws.write_string(row + 1, 0, c.synthetic_note, grey)
            row += 2
        for label, value in c.provenance_lines[:3] + [(c.t("p_generated"), c.provenance["generated_at"])]:
            ws.write_string(row, 0, label, bold)
            ws.write_string(row, 1, neutralise_value(str(value)))
            row += 1
        ws.write_string(row, 0, c.t("x_note_codes"), grey)
        row += 2
        ws.write_string(row, 0, c.t("col_sheet"), bold)
        ws.write_string(row, 1, c.t("col_description"), bold)
        for i, r in readme.iterrows():
            ws.write_string(row + 1 + i, 0, r["sheet"])
            ws.write_string(row + 1 + i, 1, r["description"], wrap)
        ws.set_column(0, 0, 22)
        ws.set_column(1, 1, 100)
        # data sheets
        for name, df in data.items():
            safe = neutralise(df)
            safe.to_excel(xw, sheet_name=name, index=False)
            sh = xw.sheets[name]
            sh.freeze_panes(1, 0)
            for j, col in enumerate(safe.columns):
                s = safe[col]
                if pd.api.types.is_float_dtype(s.dtype):
                    sh.set_column(j, j, 11, num)
                elif col in ("name", "node", "subdim_name", "label", "iName", "name_zh", "name_en"):
                    sh.set_column(j, j, 22)
                elif col in ("measure", "value", "description"):
                    sh.set_column(j, j, 90, wrap)
                else:
                    sh.set_column(j, j, max(8, min(16, len(str(col)) + 2)))
            if name not in ("framework", "provenance", "measures", "obstacles"):
                sh.freeze_panes(1, 3 if c.assessment.has_year else 2)
    return buf.getvalue()
