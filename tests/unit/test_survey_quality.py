"""metrics.survey_quality on hand-built respondents, and exclusion as an explicit, logged spec choice.

Framework: dimension DA holds A1 (items a1, a2, a3) and A2 (item a4, reverse-coded), dimension DB holds
B1 (items b1, b2 on a 7-point scale); every item is asked of every group.  Blocks: DA = a1..a4, DB = b1, b2.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from metrics.data import read_survey
from metrics.framework import load_framework
from metrics.survey_quality import DEFAULTS, check_quality, parse_duration, params_of

FW_COLS = ["iCode", "Parent", "Type", "source", "items", "groups", "reverse", "scale", "stat"]
NAN = np.nan


@pytest.fixture(scope="module")
def fw():
    return load_framework(pd.DataFrame([
        ["A1", "DA", "Indicator", "srv", "a1;a2;a3", "all", "", "5", "mean"],
        ["A2", "DA", "Indicator", "srv", "a4", "all", "a4", "5", "mean"],
        ["B1", "DB", "Indicator", "srv", "b1;b2", "all", "", "7", "mean"],
        ["DA", "IDX", "Aggregate", "", "", "", "", "", ""],
        ["DB", "IDX", "Aggregate", "", "", "", "", "", ""],
        ["IDX", "", "Aggregate", "", "", "", "", "", ""],
    ], columns=FW_COLS))


def frame(rows, groups=None, ids=None):
    """Answers (a1, a2, a3, a4, b1, b2) per respondent."""
    f = pd.DataFrame(rows, columns=["a1", "a2", "a3", "a4", "b1", "b2"], dtype=float)
    f.insert(0, "respondent_id", ids or [f"r{i}" for i in range(1, len(rows) + 1)])
    f.insert(1, "group", groups or ["gov"] * len(rows))
    return f


OK = [3, 4, 2, 3, 5, 6]


def test_blocks_and_scales_come_from_the_framework(fw):
    assert fw.item_blocks == {"a1": "DA", "a2": "DA", "a3": "DA", "a4": "DA", "b1": "DB", "b2": "DB"}
    assert fw.item_scales["b1"] == 7 and fw.item_scales["a4"] == 5


def test_speeders_against_their_own_groups_median(fw):
    f = frame([OK] * 8, groups=["gov"] * 5 + ["cit"] * 3)
    meta = pd.DataFrame({"duration": [100, 100, 100, 30, 34, 10, 10, 3]})
    q = check_quality(f, fw, meta)
    # gov median 100: 30 < 33.3 is a speeder, 34 is not; cit median 10: 3 < 3.33 is one
    assert q.flags["speeders"].tolist() == [False, False, False, True, False, False, False, True]
    assert "30 s" in q.flags.at[3, "reason_en"] and "100" in q.flags.at[3, "reason_en"]
    half = check_quality(f, fw, meta, {"speeder_fraction": 0.5})
    assert half.flags["speeders"].tolist()[3:5] == [True, True]
    assert check_quality(f, fw, pd.DataFrame({"duration": [NAN] * 8})).flags["speeders"].sum() == 0


def test_speeders_not_judged_without_times(fw):
    q = check_quality(frame([OK] * 3), fw)
    assert not q.checked["speeders"] and q.flags["speeders"].sum() == 0
    assert "not checked" in q.text("en") and "未检查" in q.text("zh")


def test_straightlining_within_a_block_of_at_least_k_answered_items(fw):
    f = frame([
        [4, 4, 4, 4, 5, 6],        # DA all 4 over 4 items
        [4, 4, 4, 2, 5, 6],        # one differs
        [4, 4, 4, NAN, 5, 6],      # only 3 answered in DA
        [1, 2, 3, 4, 7, 7],        # DB all 7, but DB has 2 items
        [5, 5, 5, 5, 7, 7],        # DA straight (a4 is reverse-worded: still caught on raw answers)
    ])
    assert check_quality(f, fw).flags["straightlining"].sum() == 0          # default k = 5: no block that large
    q4 = check_quality(f, fw, params={"straightline_k": 4})
    assert q4.flags["straightlining"].tolist() == [True, False, False, False, True]
    q2 = check_quality(f, fw, params={"straightline_k": 2})
    assert q2.flags["straightlining"].tolist() == [True, False, True, True, True]
    assert "DA" in q4.flags.at[0, "reason_en"]


def test_duplicates_by_id_and_by_ip_answers_and_time(fw):
    other = [1, 2, 3, 4, 5, 6]
    f = frame([OK, OK, OK, OK, other, OK], ids=["x", "x", "y", "z", "w", "v"])
    meta = pd.DataFrame({
        "ip": ["1.1.1.1(北京-北京)", "9.9.9.9", "2.2.2.2", "2.2.2.2", "2.2.2.2", "2.2.2.2"],
        "submitted": ["2024-05-01 10:00", "2024-05-01 10:00", "2024-05-01 10:00", "2024/5/1 10:10:00",
                      "2024-05-01 10:05", "2024-05-01 11:00"],
    })
    q = check_quality(f, fw, meta)
    # row 2: same id as row 1; row 4: same IP and answers 10 minutes after row 3; row 5: other answers;
    # row 6: same IP and answers, but 50 minutes after row 4 and 60 after row 3
    assert q.flags["duplicates"].tolist() == [False, True, False, True, False, False]
    assert "row 2" in q.flags.at[1, "reason_en"] and "row 4" in q.flags.at[3, "reason_en"]
    wide = check_quality(f, fw, meta, {"duplicate_minutes": 60})
    assert wide.flags["duplicates"].tolist()[5]
    no_time = check_quality(f, fw, meta.drop(columns="submitted"))
    assert no_time.flags["duplicates"].tolist() == [False, True, False, True, False, True]


def test_out_of_scale_answers_and_answers_set_aside(fw):
    f = frame([OK, [0, 4, 2, 3, 5, 6], [3, 6, 2, 3, 5, 6], [3, 4, 2.5, 3, 5, 6], [3, 4, 2, 3, 7, 7],
               [3, 4, 2, 3, 8, 6], OK])
    meta = pd.DataFrame({"out_of_scale": [0, 0, 0, 0, 0, 0, 2]})
    q = check_quality(f, fw, meta)
    # 0, 6 and 2.5 on 5 points; 7 is fine on the 7-point b items, 8 is not; the last had 2 set aside at import
    assert q.flags["out_of_scale"].tolist() == [False, True, True, True, False, True, True]
    assert "a1" in q.flags.at[1, "reason_en"]


def test_problems_name_row_and_respondent(fw):
    f = frame([OK, OK], ids=["x", "x"])
    probs = check_quality(f, fw).problems("s.csv")
    assert len(probs) == 1 and probs[0].severity == "warning" and probs[0].row == 3 and probs[0].value == "x"
    assert probs[0].file == "s.csv" and "重复" in probs[0].message_zh and "duplicates" in probs[0].message_en
    many = check_quality(frame([OK] * 30, ids=["x"] * 30), fw).problems()
    assert len(many) == 21 and "9 more" in many[-1].message_en


def test_settings_are_checked():
    assert params_of() == {**DEFAULTS, "straightline_k": 5}
    for bad in ({"speeder_fraction": 1.5}, {"straightline_k": 1}, {"nonsense": 1}):
        with pytest.raises(ValueError):
            params_of(bad)
    with pytest.raises(ValueError, match="survey_exclude"):
        Spec(survey_exclude=("lazy",))


def test_durations_as_platforms_write_them():
    got = parse_duration(["180", "180秒", "3分", "3分0秒", "3 min", "00:03:00", "1小时", "—"])
    assert got[:7].tolist() == [180, 180, 180, 180, 180, 180, 3600] and np.isnan(got[7])


# ------------------------------------------------------------------ the survey layout and the assessment
def survey_table():
    """Region a: three gov respondents, r3 answers 5 to everything in block DA; region b: two."""
    rows = [("r1", "a", "gov", [3, 4, 2, 3, 5, 6], 200), ("r2", "a", "gov", [2, 2, 3, 4, 4, 4], 180),
            ("r3", "a", "gov", [5, 5, 5, 5, 7, 7], 40), ("r4", "b", "cit", [4, 4, 3, 2, 6, 5], 150),
            ("r5", "b", "cit", [1, 2, 2, 5, 2, 3], 160)]
    t = pd.DataFrame([[r, reg, "2024", g, *map(str, ans), f"{d}秒"] for r, reg, g, ans, d in rows],
                     columns=["respondent_id", "region", "year", "group", "a1", "a2", "a3", "a4", "b1", "b2",
                              "所用时间"])
    return t


def test_read_survey_keeps_metadata_apart(fw):
    s = read_survey(survey_table(), fw)
    assert list(s.frame.columns) == ["respondent_id", "region", "year", "group", "a1", "a2", "a3", "a4", "b1", "b2"]
    assert s.meta["duration"].tolist() == [200, 180, 40, 150, 160]
    assert not [p for p in s.problems if p.code == "unknown_item"]
    bad = survey_table()
    bad.loc[1, "所用时间"] = "很快"
    s2 = read_survey(bad, fw)
    warn = [p for p in s2.problems if p.code == "bad_meta"]
    assert len(warn) == 1 and warn[0].row == 3 and warn[0].column == "所用时间" and warn[0].severity == "warning"
    assert np.isnan(s2.meta["duration"][1])


def test_exclusion_is_explicit_logged_and_changes_only_what_it_says(fw):
    s = read_survey(survey_table(), fw)
    ds = Dataset(fw, None, s)
    plain = assess(ds, Spec())
    assert not [e for e in plain.log if e["step"] == "survey_quality"]              # flags never change scores
    spec = Spec(survey_exclude=("straightlining", "speeders"), survey_quality=(("straightline_k", 4),))
    a = assess(ds, spec)
    entry = next(e for e in a.log if e["step"] == "survey_quality")
    # r3 is a straight-liner in DA (4 items, k = 4) and a speeder (40 s < 180 / 3 = 60 s): one respondent, 6 answers
    assert entry["respondents_excluded"] == 1 and entry["answers_excluded"] == 6
    assert entry["by_rule"] == {"speeders": {"respondents": 1, "answers": 6},
                                "straightlining": {"respondents": 1, "answers": 6}}
    assert entry["params"]["straightline_k"] == 4
    assert entry in a.provenance()["log"]
    # the same as the survey without r3
    t = survey_table()
    ref = assess(Dataset(fw, None, read_survey(t[t["respondent_id"] != "r3"].reset_index(drop=True), fw)), Spec())
    pd.testing.assert_frame_equal(a.raw, ref.raw)
    assert a.raw.loc[("b", 2024)].equals(plain.raw.loc[("b", 2024)])                # region b untouched
    assert a.raw.loc[("a", 2024), "A1"] != pytest.approx(plain.raw.loc[("a", 2024), "A1"])
    assert len(a.survey_frame) == 4 and int(a.respondents.loc[("a", 2024), "A1"]) == 2
    assert Spec.from_dict(spec.to_dict()) == spec
    assert "排除" in spec.describe("zh") and "excluding" in spec.describe("en")


def test_cli_options_build_the_spec():
    from metrics.cli import build_spec, make_parser
    args = make_parser().parse_args(["assess", "--data", "x.csv", "--out", "o.csv", "--survey-exclude",
                                     "duplicates,speeders", "--speeder-fraction", "0.25"])
    spec = build_spec(args)
    assert spec.survey_exclude == ("speeders", "duplicates") and dict(spec.survey_quality) == {"speeder_fraction": 0.25}
    assert build_spec(make_parser().parse_args(["assess", "--data", "x.csv", "--out", "o.csv"])) == Spec()
