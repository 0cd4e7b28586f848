"""Platform-style exports built from answers in the survey layout, for the import tests.

Each builder takes the same answers (one row per respondent: respondent_id, region, year, group and item
columns) and writes them the way a platform exports them: its metadata columns, its question headers and
its answer encoding.  The questions follow the generated questionnaire (export.questionnaire), so headers
carry the statements respondents saw.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from metrics.platforms import item_texts, limesurvey_codes, scale_labels


def answers(fw, group: str, regions=("110000", "440000"), year: int = 2024, n: int = 12, seed: int = 0,
            items=None) -> pd.DataFrame:
    """Random whole-number answers of ``group`` to its items (some left empty), in the survey layout."""
    rng = np.random.default_rng(seed)
    items = items or [it for it in fw.survey_items if any(
        group in fw.table.at[c, "groups"] for c in fw.survey_indicators if it in fw.table.at[c, "items"])]
    rows = []
    for r in regions:
        for i in range(n):
            row = {"respondent_id": f"{r}-{i + 1}", "region": r, "year": str(year), "group": group}
            for it in items:
                k = fw.item_scales[it]
                row[it] = "" if rng.random() < 0.08 else str(int(rng.integers(1, k + 1)))
            rows.append(row)
    return pd.DataFrame(rows)


def _times(n: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-05-06 09:00:00")
    submitted = [start + pd.Timedelta(minutes=17 * i) for i in range(n)]
    seconds = rng.integers(150, 400, n)
    return submitted, seconds


def _answer(v: str, k: int, texts: bool, lang: str = "zh") -> str:
    if v == "":
        return ""
    return scale_labels(k, lang)[int(v) - 1] if texts else v


def wjx(fw, ans: pd.DataFrame, texts: bool = False, region_as: str = "question", lang: str = "zh",
        group_column: bool = False) -> pd.DataFrame:
    """问卷星: 序号, 提交答卷时间, 所用时间 ("186秒"), 来源, 来源详情, 来自IP, then "N、question" columns."""
    st = item_texts(fw)
    submitted, seconds = _times(len(ans))
    names = {"110000": "北京", "440000": "广东省", "310000": "上海市"}
    out = pd.DataFrame({
        "序号": range(1, len(ans) + 1),
        "提交答卷时间": [t.strftime("%Y/%-m/%-d %H:%M:%S") for t in submitted],
        "所用时间": [f"{s}秒" for s in seconds],
        "来源": "微信",
        "来源详情": [f"https://www.wjx.cn/vm/abc.aspx?region={r}" if region_as == "param" else "直接访问"
                     for r in ans["region"]],
        "来自IP": [f"10.0.{i // 250}.{i % 250}(广东-广州)" for i in range(len(ans))],
    })
    q = 1
    if region_as == "question":
        out[f"{q}、您所在的地区（省、市或县）"] = [names.get(r, r) for r in ans["region"]]
        q += 1
    if group_column:
        label = {"gov": "政府工作人员", "ent": "企业人员", "org": "社会组织工作人员", "cit": "普通公众"}
        out[f"{q}、您的身份"] = [label[g] for g in ans["group"]]
        q += 1
    for it in [c for c in ans.columns if c in fw.item_scales]:
        k = fw.item_scales[it]
        out[f"{q}、{st[it][0 if lang == 'zh' else 1]}"] = [_answer(v, k, texts, lang) if v != "" else
                                                          ("(跳过)" if texts else "-3") for v in ans[it]]
        q += 1
    return out


def tencent(fw, ans: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """腾讯问卷: 编号, 开始答题时间, 结束答题时间, 答题时长, IP, then "Q3. question" columns with option texts."""
    st = item_texts(fw)
    submitted, seconds = _times(len(ans), seed=2)
    out = pd.DataFrame({
        "编号": [f"T{i:04d}" for i in range(len(ans))],
        "开始答题时间": [(t - pd.Timedelta(seconds=int(s))).strftime("%Y-%m-%d %H:%M:%S")
                          for t, s in zip(submitted, seconds)],
        "结束答题时间": [t.strftime("%Y-%m-%d %H:%M:%S") for t in submitted],
        "答题时长": [f"{s // 60}分{s % 60}秒" for s in seconds],
        "IP": [f"172.16.0.{i}" for i in range(len(ans))],
        "自定义字段": [f"region={r}&group={g}" for r, g in zip(ans["region"], ans["group"])],
    })
    for q, it in enumerate([c for c in ans.columns if c in fw.item_scales], 1):
        k = fw.item_scales[it]
        out[f"Q{q}. {st[it][0 if lang == 'zh' else 1]}"] = [_answer(v, k, True, lang) for v in ans[it]]
    return out


def limesurvey(fw, ans: pd.DataFrame, block_codes: dict, heading: str = "code") -> pd.DataFrame:
    """LimeSurvey's response export: id, submitdate, lastpage, startlanguage, seed, startdate, datestamp,
    grp, region, then ``BLOCK[subquestion]`` columns (answer codes), interviewtime at the end."""
    codes = limesurvey_codes(fw)
    st = item_texts(fw)
    submitted, seconds = _times(len(ans), seed=3)
    out = pd.DataFrame({
        "id": range(1, len(ans) + 1),
        "submitdate": [t.strftime("%Y-%m-%d %H:%M:%S") for t in submitted],
        "lastpage": 4, "startlanguage": "zh-Hans", "seed": 12345,
        "startdate": [(t - pd.Timedelta(seconds=int(s))).strftime("%Y-%m-%d %H:%M:%S")
                      for t, s in zip(submitted, seconds)],
        "datestamp": [t.strftime("%Y-%m-%d %H:%M:%S") for t in submitted],
        "grp": ans["group"].to_numpy(),
        "region": [{"110000": "R1", "440000": "R19"}.get(r, r) for r in ans["region"]],
    })
    for it in [c for c in ans.columns if c in fw.item_scales]:
        head = f"{block_codes[fw.item_blocks[it]]}[{codes[it]}]"
        if heading == "full":
            head = f"{head}. {st[it][0]}"
        out[head] = ans[it].to_numpy()
    out["interviewtime"] = seconds
    return out


def to_csv(df: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    return df.to_csv(index=False).encode(encoding)


def to_xlsx(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()
