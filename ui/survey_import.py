"""The survey side of the Data page: platform exports mapped and confirmed, response quality shown
before saving, questionnaires to download.

A survey upload that is a platform export (问卷星, 腾讯问卷, LimeSurvey; :mod:`metrics.platforms`)
gets :func:`import_controls`: the proposed mapping as a table (column, what it becomes, how it was
matched, similarity, answers), a selectbox per question column to change it, the group, region and
year choices, and a confirmation checkbox.  The file saved is the export converted to the survey
layout; the version keeps, as ``extra["survey_import"]``, the source file's name, size and SHA-256,
the platform and the confirmed mapping.  :func:`quality_section` shows the response-quality flags
(:mod:`metrics.survey_quality`) of the survey as it would be saved, and their summary is kept as
``extra["survey_quality"]``.

Caches are keyed on the uploaded bytes and on fingerprints, never on DataFrames; framework and
region objects ride along as unhashed arguments (``_fw``, ``_regions``).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import PurePath

import pandas as pd
import streamlit as st

from metrics.errors import DataError
from metrics.framework import GROUP_NAMES, GROUPS
from metrics.platforms import (PLATFORMS, convert, detect_platform, item_texts, mapping_table, propose, read_export,
                               with_choices)
from metrics.safe import to_csv_bytes
from metrics.survey_quality import RULE_NAMES, RULES
from viewmodels.data import digest as _digest

from .i18n import lang, md, t, t_in
from .state import spec_key

NOT_USED = "__not_used__"
AUTO = "__auto__"
QUALITY_ROWS = 200


def _regions_fp(regions) -> str:
    return "" if regions is None else _digest(regions.table.to_csv())


@st.cache_data(show_spinner=False, max_entries=32)
def proposal(name: str, data: bytes, sheet, fw_fp: str, _fw, regions_fp: str, _regions) -> dict | None:
    """The proposed mapping of a platform export; ``None`` for a file in the survey layout or one that
    cannot be read (the validation report says why)."""
    try:
        table = read_export(data, name=name, sheet=sheet)
    except DataError:
        return None
    if detect_platform(table.columns) == "own":
        return None
    return propose(table, _fw, _regions)


@st.cache_data(show_spinner=False, max_entries=32)
def converted(name: str, data: bytes, sheet, mapping_json: str, fw_fp: str, _fw, regions_fp: str,
              _regions) -> dict:
    """The export converted with a mapping: ``{"name", "data", "problems", "rows", "items"}`` or ``{"error": problems}``."""
    try:
        table = read_export(data, name=name, sheet=sheet)
        frame, problems = convert(table, _fw, json.loads(mapping_json), _regions, name=name)
    except DataError as exc:
        return {"error": exc.problems}
    items = [c for c in frame.columns if c in _fw.item_scales]
    return {"name": f"{PurePath(name).stem}.csv", "data": to_csv_bytes(frame), "problems": problems,
            "rows": len(frame), "items": len(items)}


def import_controls(name: str, data: bytes, sheet, fw, regions, tag: str) -> dict | None:
    """Mapping, choices and confirmation of a platform export; ``None`` when the file needs none.

    Returns ``{"file": (name, bytes) or None, "extra": {...}, "blocker": text or None, "problems": [...]}``.
    """
    fw_fp, r_fp = fw.fingerprint(), _regions_fp(regions)
    proposed = proposal(name, data, sheet, fw_fp, fw, r_fp, regions)
    if proposed is None:
        return None
    lg = lang()
    zh, en = PLATFORMS.get(proposed["platform"], PLATFORMS["other"])
    st.info(t("srv_platform", platform=md(zh if lg == "zh" else en)))
    texts = item_texts(fw)
    # stakeholder group, region, year: from the file, or one value for every response
    c1, c2, c3 = st.columns(3)
    choices = {}
    for col, key, options, label in (
            (c1, "group", list(GROUPS), t("srv_group")),
            (c2, "region", [str(c) for c in regions.table.index] if regions is not None else [], t("col_region")),
            (c3, "year", [str(y) for y in range(pd.Timestamp.now().year, pd.Timestamp.now().year - 15, -1)],
             t("year"))):
        found = proposed.get(key) or {}
        source = found.get("column") or ("submitted" if found.get("from") else None)
        opts = ([AUTO] if source else []) + options

        def label_of(v, lg=lg, source=source, key=key):
            if v == AUTO:
                return t_in(lg, "srv_auto", source=source if source != "submitted" else
                            ("提交时间" if lg == "zh" else "submit time"))
            if key == "group":
                return GROUP_NAMES[v][lg == "en"]
            if key == "region" and regions is not None:
                return f"{v} · {regions.name(v, lg)}"
            return v

        with col:
            choices[key] = st.selectbox(label, opts, index=0 if source else None, format_func=label_of,
                                        placeholder=t("choose"), key=f"srv_{key}_{tag}")
    # question columns
    question_cols = proposed["items"]
    items_choice = {}
    with st.expander(t("srv_change"), expanded=any(e.get("how") != "code" and (e.get("score") or 0) < 1
                                                   and e.get("item") for e in question_cols)):
        st.caption(t("srv_change_help"))
        options = [NOT_USED] + list(fw.item_scales)

        def item_label(v, lg=lg):
            return t_in(lg, "srv_not_used") if v == NOT_USED else f"{v} · {texts[v][lg == 'en']}"

        cols = st.columns(2)
        for i, e in enumerate(question_cols):
            score = e.get("score")
            shown = md(e["column"]) + (f" ({score:.2f})" if e.get("how") == "text" and score is not None else "")
            with cols[i % 2]:
                choice = st.selectbox(shown, options, index=options.index(e["item"]) if e.get("item") else 0,
                                      format_func=item_label, key=f"srv_item_{tag}_{_digest(e['column'])}")
            items_choice[e["column"]] = None if choice == NOT_USED else choice
    mapping = with_choices(proposed, items_choice, **{k: (None if v == AUTO else v) for k, v in choices.items()})
    st.markdown(f"**{t('srv_mapping')}**")
    st.dataframe(mapping_table(mapping, fw, lg), hide_index=True, width="stretch")
    confirmed = st.checkbox(t("srv_confirm"), key=f"srv_confirm_{tag}")
    result = converted(name, data, sheet, json.dumps(mapping, sort_keys=True, ensure_ascii=False), fw_fp, fw, r_fp,
                       regions)
    out = {"file": None, "problems": [], "blocker": None,
           "extra": {"survey_import": {"platform": mapping["platform"], "mapping": mapping,
                                       "source": {"file": name, "size": len(data),
                                                  "sha256": hashlib.sha256(data).hexdigest(),
                                                  "sheet": sheet}}}}
    if "error" in result:
        out["problems"] = result["error"]
        out["blocker"] = t("srv_convert_failed")
        st.error(t("srv_convert_failed") + "  \n" + "  \n".join(md(p.text(lg)) for p in result["error"][:10]))
        return out
    st.caption(t("srv_converted", rows=result["rows"], items=result["items"], name=md(result["name"])))
    out["file"] = (result["name"], result["data"])
    out["problems"] = result["problems"]
    if not confirmed:
        out["blocker"] = t("srv_confirm_needed")
    return out


@st.cache_data(show_spinner=False, max_entries=32)
def quality(name: str, data: bytes, fw_fp: str, _fw) -> dict | None:
    """Response-quality flags of a survey file in the survey layout; ``None`` when it does not read."""
    from metrics.data import read_survey
    from metrics.survey_quality import check_quality
    try:
        s = read_survey(data, _fw, name=name)
    except DataError:
        return None
    q = check_quality(s.frame, _fw, s.meta)
    flagged = q.flags[q.mask()].head(QUALITY_ROWS)
    return {"text": {lg: q.text(lg) for lg in ("zh", "en")}, "n": q.n_flagged, "summary": q.summary(),
            "rows": flagged[["row", "respondent_id", *RULES, "reason_zh", "reason_en"]].reset_index(drop=True)}


def quality_section(name: str, data: bytes, fw) -> dict | None:
    """Show the quality flags of a survey file (before it is saved); returns their summary."""
    q = quality(name, data, fw.fingerprint(), fw)
    if q is None:
        return None
    lg = lang()
    st.markdown(f"**{t('srv_quality')}**")
    st.caption(md(q["text"][lg]))
    if not q["n"]:
        st.caption(t("srv_quality_none"))
        return q["summary"]
    st.caption(t("srv_quality_intro"))
    rows = q["rows"]
    shown = pd.DataFrame({
        t("col_row"): rows["row"].astype(str), t("srv_col_id"): rows["respondent_id"],
        t("srv_col_rules"): [("、" if lg == "zh" else ", ").join(RULE_NAMES[r][lg == "en"] for r in RULES if row[r])
                             for _, row in rows.iterrows()],
        t("srv_col_reason"): rows["reason_zh" if lg == "zh" else "reason_en"]})
    st.dataframe(shown, hide_index=True, width="stretch")
    if q["n"] > len(rows):
        st.caption(t("srv_quality_more", shown=len(rows), total=q["n"]))
    return q["summary"]


@st.cache_data(show_spinner=False, max_entries=32)
def questionnaire_bytes(fmt: str, group: str, qlang: str, seed, intro: str, fw_fp: str, _fw, regions_fp: str,
                        _regions) -> bytes:
    from export.questionnaire import questionnaire_file
    return questionnaire_file(fmt, _fw, group, qlang, seed, intro or None, _regions)


def questionnaire_section(fw, regions) -> None:
    """Questionnaires of the active framework: group, language, format, order, editable introduction."""
    from export.errors import ExportError
    from export.questionnaire import FORMATS, MIME, build_questionnaire, default_intro, filename

    from .guard import error_text
    lg = lang()
    st.markdown(f"**{t('srv_q_title')}**")
    st.caption(t("srv_q_intro"))
    c1, c2, c3, c4 = st.columns(4)
    group = c1.selectbox(t("srv_group"), list(GROUPS), key="srv_q_group",
                         format_func=lambda g, lg=lg: GROUP_NAMES[g][lg == "en"])
    qlang = c2.selectbox(t("srv_q_lang"), ["zh", "en"], index=0 if lg == "zh" else 1, key="srv_q_lang",
                         format_func=lambda v: {"zh": "中文", "en": "English"}[v])
    fmt = c3.selectbox(t("srv_q_format"), list(FORMATS), key="srv_q_format",
                       format_func=lambda f, lg=lg: t_in(lg, f"srv_q_fmt_{f}"))
    seed = c4.selectbox(t("srv_q_seed"), [None, 1, 2, 3, 4, 5], key="srv_q_seed",
                        format_func=lambda s, lg=lg: t_in(lg, "srv_q_order_plain") if s is None
                        else t_in(lg, "srv_q_order_seed", seed=s))
    try:
        n_items = len(build_questionnaire(fw, group, qlang).items)
    except ExportError as exc:      # a framework without items for the group
        st.caption(t("srv_q_failed") + " " + md(str(exc)))
        return
    default = default_intro(group, qlang, n_items)
    key = f"srv_q_intro_{group}_{qlang}"
    intro = st.text_area(t("srv_q_text"), value=default, key=key, height=180, max_chars=5000)
    try:
        data = questionnaire_bytes(fmt, group, qlang, seed, intro if intro.strip() != default.strip() else "",
                                   fw.fingerprint(), fw, _regions_fp(regions), regions)
    except ExportError as exc:
        st.error(t("srv_q_failed") + " " + md(str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - shown with a reference, never a traceback
        st.error(t("srv_q_failed") + " " + error_text(exc, "data"))
        return
    st.download_button(t("srv_q_download"), data, file_name=filename(fmt, group, qlang), mime=MIME[fmt],
                       key="srv_q_download", on_click="ignore", icon=":material/download:")


def survey_quality_choice(ctx, on_change) -> None:
    """The Methods page's quality section: how many respondents each rule flags, and which rules' flagged
    respondents the assessment leaves out (``Spec.survey_exclude``; ``on_change`` commits the spec)."""
    q = ctx.dataset.survey_quality(ctx.spec.survey_quality)
    lg = ctx.lang
    st.markdown(f"#### {t('srv_quality')}")
    st.caption(md(q.text(lg)))
    key = "mt_survey_exclude"
    current = spec_key(ctx.spec)
    if st.session_state.get(f"{key}_for") != current:     # follow the active spec (another method, a link)
        st.session_state[key] = list(ctx.spec.survey_exclude)
        st.session_state[f"{key}_for"] = current
    st.multiselect(t("srv_exclude"), list(RULES), key=key, on_change=on_change,
                   format_func=lambda r, lg=lg: f"{RULE_NAMES[r][lg == 'en']} ({q.counts()[r]})",
                   help=t("srv_exclude_help"))
    entry = next((e for e in ctx.assessment.log if e.get("step") == "survey_quality"), None)
    if entry is not None:
        st.caption(t("srv_excluded", n=entry["respondents_excluded"], total=entry["respondents"],
                     answers=entry["answers_excluded"]))
