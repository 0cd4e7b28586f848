"""metrics.survey.aggregate_survey and metrics.data.read_survey on a tiny hand-made survey.

Framework (5-point items unless stated):

* S1 = items q1, q2 (q2 reverse-coded), asked of gov and cit only
* S2 = item q3, all groups
* S3 = item q4 on a 7-point scale, all groups
* C  = consensus over q1 and q3, all groups
* X  = a statistical indicator (not from the survey)

Answers (region a, 2020)::

    id  group  q1  q2  q3  q4
    r1  政府    5   1   4   7
    r2  政府    3   -   1   4
    r3  公众    1   5   2   1
    r4  企业    5   1   5   4

and one respondent in region b (2020), a 政府 respondent: 4 2 3 5.

Item scores on 0..1, (x - 1) / (k - 1), q2 first reversed to 6 - x::

    q1: r1 1, r2 .5, r3 0, r4 1          q2 (rev): r1 1, r2 -, r3 0, r4 1
    q3: r1 .75, r2 0, r3 .25, r4 1       q4 (k=7): r1 1, r2 .5, r3 0, r4 .5
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.data import read_survey
from metrics.errors import DataError
from metrics.framework import load_framework
from metrics.survey import aggregate_survey, item_scores

FW_COLS = ["iCode", "Parent", "Type", "source", "items", "groups", "reverse", "scale", "stat"]


@pytest.fixture(scope="module")
def fw():
    return load_framework(pd.DataFrame([
        ["S1", "P", "Indicator", "srv", "q1;q2", "gov;cit", "q2", "5", "mean"],
        ["S2", "P", "Indicator", "srv", "q3", "all", "", "5", "mean"],
        ["S3", "P", "Indicator", "srv", "q4", "政府;企业;社会组织;公众", "", "7", "mean"],
        ["C", "P", "Indicator", "srv", "q1;q3", "all", "", "5", "consensus"],
        ["X", "P", "Indicator", "ind", "", "", "", "", ""],
        ["P", "", "Aggregate", "", "", "", "", "", ""],
    ], columns=FW_COLS))


RAW = {
    "respondent_id": ["r1", "r2", "r3", "r4", "r5"],
    "region": ["a", "a", "a", "a", "b"],
    "year": ["2020"] * 5,
    "group": ["政府", "政府", "公众", "企业", "政府"],
    "q1": ["5", "3", "1", "5", "4"],
    "q2": ["1", "", "5", "1", "2"],
    "q3": ["4", "1", "2", "5", "3"],
    "q4": ["7", "4", "1", "4", "5"],
}


@pytest.fixture(scope="module")
def survey(fw):
    return read_survey(pd.DataFrame(RAW), fw, name="survey.csv")


def test_read_survey_maps_chinese_groups(survey):
    f = survey.frame
    assert f["group"].tolist() == ["gov", "gov", "cit", "ent", "gov"]
    assert list(f["group"].cat.categories) == ["gov", "ent", "org", "cit"]
    assert f["year"].tolist() == [2020] * 5
    assert survey.items == ["q1", "q2", "q3", "q4"]
    assert np.isnan(f.at[1, "q2"]) and f.at[0, "q4"] == 7.0
    assert survey.problems == []


def test_item_scores_reverse_and_rescale(survey, fw):
    x, items = item_scores(survey.frame, fw)
    assert items == ["q1", "q2", "q3", "q4"]
    got = pd.DataFrame(x, columns=items)
    assert got["q1"].tolist() == pytest.approx([1, 0.5, 0, 1, 0.75])
    # q2 reversed: 6 - x, then (x - 1) / 4: 1 -> 5 -> 1; 5 -> 1 -> 0; 2 -> 4 -> 0.75
    assert got["q2"].iloc[[0, 2, 3, 4]].tolist() == pytest.approx([1, 0, 1, 0.75])
    assert np.isnan(got.at[1, "q2"])
    # 7-point: (x - 1) / 6: 7 -> 1, 4 -> .5, 1 -> 0, 5 -> 2/3
    assert got["q4"].tolist() == pytest.approx([1, 0.5, 0, 0.5, 2 / 3])


def test_equal_group_weights_by_hand(survey, fw):
    v, n, gm = aggregate_survey(survey.frame, fw)
    a = v.loc[("a", 2020)]
    # S1: r1 = mean(1, 1) = 1, r2 = mean(.5) = .5 (missing q2 skipped), r3 = mean(0, 0) = 0;
    #     r4 (ent) is not asked -> ignored.  gov = (1 + .5)/2 = .75, cit = 0 -> (.75 + 0)/2 = .375 -> 37.5
    #     (counting r4 would give (.75 + 0 + 1)/3 = 58.3)
    assert a["S1"] == pytest.approx(37.5, rel=1e-6)
    # S2: gov = (.75 + 0)/2 = .375, cit = .25, ent = 1 -> (.375 + .25 + 1)/3 = .541667
    assert a["S2"] == pytest.approx(100 * 1.625 / 3, rel=1e-6)
    # S3 (7-point): gov = (1 + .5)/2 = .75, cit = 0, ent = .5 -> 1.25/3 = .416667
    assert a["S3"] == pytest.approx(100 * 1.25 / 3, rel=1e-6)
    assert list(v.columns) == ["S1", "S2", "S3", "C"]  # X is not a survey indicator
    # respondents behind each value: S1 3 (gov + cit), S2 4, S3 4, C 4
    assert n.loc[("a", 2020)].tolist() == [3, 4, 4, 4]
    # group means on 0..100
    assert gm.loc[("a", 2020, "gov"), "S1"] == pytest.approx(75.0, rel=1e-6)
    assert gm.loc[("a", 2020, "cit"), "S1"] == pytest.approx(0.0, abs=1e-6)
    assert np.isnan(gm.loc[("a", 2020, "ent"), "S1"])


def test_size_group_weights_by_hand(survey, fw):
    v, n, _ = aggregate_survey(survey.frame, fw, group_weights="size")
    a = v.loc[("a", 2020)]
    # plain respondent means: S1 (1 + .5 + 0)/3 = .5; S2 (.75 + 0 + .25 + 1)/4 = .5; S3 (1 + .5 + 0 + .5)/4 = .5
    assert a[["S1", "S2", "S3"]].tolist() == pytest.approx([50.0, 50.0, 50.0], rel=1e-6)
    # the consensus statistic does not depend on group weighting
    assert a["C"] == pytest.approx(12.5, rel=1e-5)
    assert n.loc[("a", 2020)].tolist() == [3, 4, 4, 4]


def test_consensus_by_hand(survey, fw):
    v, _, _ = aggregate_survey(survey.frame, fw)
    # group means on 0..1:  q1: gov .75, cit 0, ent 1 -> range 1
    #                       q3: gov .375, cit .25, ent 1 -> range .75
    # C = 100 (1 - (1 + .75)/2) = 12.5
    assert v.loc[("a", 2020), "C"] == pytest.approx(12.5, rel=1e-5)


def test_single_group_region(survey, fw):
    v, n, _ = aggregate_survey(survey.frame, fw)
    b = v.loc[("b", 2020)]
    # one gov respondent: S1 = mean(q1 .75, q2 rev (6-2-1)/4 = .75) = 75; S2 = (3-1)/4 = 50; S3 = 4/6 = 66.7
    assert b[["S1", "S2", "S3"]].tolist() == pytest.approx([75.0, 50.0, 200 / 3], rel=1e-6)
    # consensus needs two groups -> missing
    assert np.isnan(b["C"])
    assert n.loc[("b", 2020)].tolist() == [1, 1, 1, 1]


def test_group_weights_must_be_known(survey, fw):
    with pytest.raises(ValueError):
        aggregate_survey(survey.frame, fw, group_weights="median")


# --------------------------------------------------------------------------- read_survey errors
def _errors(fw, **changes):
    with pytest.raises(DataError) as e:
        read_survey(pd.DataFrame({**RAW, **changes}), fw, name="survey.csv")
    return [(p.code, p.row, p.column, p.value) for p in e.value.errors]


def test_likert_out_of_range(fw):
    # 6 on a 5-point item in the 2nd data row (spreadsheet row 3); 0 in row 5
    assert _errors(fw, q1=["5", "6", "1", "5", "0"]) == [
        ("likert_range", 3, "q1", "6"), ("likert_range", 6, "q1", "0")]
    # 7 is fine on the 7-point item q4 but 8 is not
    assert _errors(fw, q4=["7", "8", "1", "4", "5"]) == [("likert_range", 3, "q4", "8")]


def test_likert_not_whole_and_not_a_number(fw):
    probs = _errors(fw, q3=["4", "2.5", "x", "5", "3"])
    assert ("likert_range", 3, "q3", "2.5") in probs
    assert ("not_a_number", 4, "q3", "x") in probs
    assert len(probs) == 2


def test_unknown_group(fw):
    assert _errors(fw, group=["政府", "游客", "公众", "企业", "政府"]) == [("unknown_group", 3, "group", "游客")]
    # "all" is a framework shortcut, not a respondent's group
    assert _errors(fw, group=["政府", "all", "公众", "企业", "政府"]) == [("unknown_group", 3, "group", "all")]


def test_group_labels_in_english_and_ids(fw):
    s = read_survey(pd.DataFrame({**RAW, "group": ["Government", "gov", "citizens", "企业", "社会组织"]}), fw)
    assert s.frame["group"].tolist() == ["gov", "gov", "cit", "ent", "org"]


def test_duplicate_respondent_id(fw):
    assert _errors(fw, respondent_id=["r1", "r2", "r1", "r4", "r5"]) == [
        ("duplicate_respondent", 4, "respondent_id", "r1")]


def test_every_error_reported_together(fw):
    probs = _errors(fw, q1=["5", "6", "1", "5", "4"], group=["政府", "政府", "游客", "企业", "政府"])
    assert {p[0] for p in probs} == {"likert_range", "unknown_group"}


def test_missing_group_column(fw):
    raw = {k: v for k, v in RAW.items() if k != "group"}
    with pytest.raises(DataError) as e:
        read_survey(pd.DataFrame(raw), fw)
    assert [p.code for p in e.value.errors] == ["missing_column"]


def test_unknown_and_missing_items_are_warnings(fw):
    raw = {k: v for k, v in RAW.items() if k != "q4"}
    s = read_survey(pd.DataFrame({**raw, "q9": ["1"] * 5}), fw)
    assert sorted((p.code, p.column, p.severity) for p in s.problems) == [
        ("missing_item", "q4", "warning"), ("unknown_item", "q9", "warning")]
    v, n, _ = aggregate_survey(s.frame, fw)
    # the indicator whose item is missing is missing, with 0 respondents; the others are unaffected
    assert v["S3"].isna().all() and n["S3"].tolist() == [0, 0]
    assert v.loc[("a", 2020), "S1"] == pytest.approx(37.5, rel=1e-6)


def test_consensus_respondent_count_only_counts_listed_groups():
    # C and M use the same item q1 and the same groups (gov, ent); the two cit respondents are ignored
    # by both.  gov mean 1, ent mean 0 -> C = 100 (1 - 1) = 0, M = (1 + 0)/2 = 50, each from 2 respondents.
    fw2 = load_framework(pd.DataFrame([
        ["C", "P", "Indicator", "srv", "q1", "gov;ent", "", "5", "consensus"],
        ["M", "P", "Indicator", "srv", "q1", "gov;ent", "", "5", "mean"],
        ["P", "", "Aggregate", "", "", "", "", "", ""]], columns=FW_COLS))
    s = read_survey(pd.DataFrame({"respondent_id": list("1234"), "region": ["a"] * 4, "year": ["2020"] * 4,
                                  "group": ["gov", "ent", "cit", "cit"], "q1": ["5", "1", "3", "3"]}), fw2)
    v, n, _ = aggregate_survey(s.frame, fw2)
    assert v.loc[("a", 2020)].tolist() == pytest.approx([0.0, 50.0])
    assert n.loc[("a", 2020), "M"] == 2
    assert n.loc[("a", 2020), "C"] == 2  # actual: 4 (the cit respondents are counted)
