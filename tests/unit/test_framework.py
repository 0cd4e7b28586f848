"""metrics.framework: validation, structure and weights of the indicator hierarchy."""
from __future__ import annotations

import pandas as pd
import pytest

from metrics.errors import DataError
from metrics.framework import GROUPS, default_framework, load_framework, parse_group, split_list
from tests.conftest import ASEM

COLS = ["iCode", "Parent", "Level", "Type", "Weight", "Direction"]
# spreadsheet rows: header = 1, so the i-th row below is row i + 2
SMALL = [
    ["a", "P", 1, "Indicator", 1, 1],    # row 2
    ["b", "P", 1, "Indicator", 2, 1],    # row 3
    ["c", "Q", 1, "Indicator", 1, -1],   # row 4
    ["P", "I", 2, "Aggregate", 1, 1],    # row 5
    ["Q", "I", 2, "Aggregate", 3, 1],    # row 6
    ["I", "", 3, "Aggregate", 1, 1],     # row 7
]


def _fw(rows, cols=COLS):
    return load_framework(pd.DataFrame(rows, columns=cols))


def _problems(rows, cols=COLS):
    with pytest.raises(DataError) as e:
        _fw(rows, cols)
    return [(p.code, p.row) for p in e.value.problems]


def _with(i, j, v):
    rows = [list(r) for r in SMALL]
    rows[i][j] = v
    return rows


# --------------------------------------------------------------------------- valid tree
def test_small_tree_structure():
    fw = _fw(SMALL)
    assert fw.indicators == ["a", "b", "c"]
    assert fw.aggregates == ["P", "Q", "I"]  # lowest level first
    assert fw.root == "I" and fw.max_level == 3
    assert fw.children == {"a": [], "b": [], "c": [], "P": ["a", "b"], "Q": ["c"], "I": ["P", "Q"]}
    assert fw.ancestors == {"a": ["P", "I"], "b": ["P", "I"], "c": ["Q", "I"], "P": ["I"], "Q": ["I"], "I": []}
    assert fw.leaves_of == {"P": ["a", "b"], "Q": ["c"], "I": ["a", "b", "c"]}
    assert fw.ancestor_at("a", 2) == "P" and fw.ancestor_at("a", 3) == "I" and fw.ancestor_at("P", 2) == "P"
    assert fw.table.at["c", "direction"] == -1
    assert fw.level_codes(2) == ["P", "Q"]


def test_small_tree_weights_by_hand():
    fw = _fw(SMALL)
    sw = fw.sibling_weights()
    # a, b under P with raw weights 1, 2 -> 1/3, 2/3; c alone under Q -> 1
    # P, Q under I with raw weights 1, 3 -> 1/4, 3/4; the root alone -> 1
    assert sw.to_dict() == pytest.approx({"a": 1 / 3, "b": 2 / 3, "c": 1.0, "P": 0.25, "Q": 0.75, "I": 1.0})
    gw = fw.global_weights()
    # a: 1/3 * 1/4 = 1/12; b: 2/3 * 1/4 = 1/6; c: 1 * 3/4 = 3/4  (sum 1)
    assert gw.to_dict() == pytest.approx({"a": 1 / 12, "b": 1 / 6, "c": 0.75})
    assert gw.sum() == pytest.approx(1.0)


def test_with_weights_replaces_and_rejects_unknown():
    fw = _fw(SMALL).with_weights({"b": 1})
    assert fw.sibling_weights()["a"] == pytest.approx(0.5)
    with pytest.raises(KeyError):
        fw.with_weights({"zz": 1})


def test_level_and_type_can_be_derived_from_structure():
    fw = _fw([["a", "I"], ["b", "I"], ["I", ""]], ["iCode", "Parent"])
    assert fw.indicators == ["a", "b"] and fw.aggregates == ["I"]
    assert fw.table["level"].to_dict() == {"a": 1, "b": 1, "I": 2}
    assert fw.table["weight"].tolist() == [1.0, 1.0, 1.0] and fw.table["direction"].tolist() == [1, 1, 1]


def test_fingerprint_tracks_weights():
    a, b = _fw(SMALL), _fw(SMALL)
    assert a.fingerprint() == b.fingerprint()
    assert a.fingerprint() != a.with_weights({"a": 5}).fingerprint()


# --------------------------------------------------------------------------- validation errors
def test_duplicate_code():
    # second "a" is row 8
    assert _problems(SMALL + [["a", "P", 1, "Indicator", 1, 1]]) == [("duplicate_code", 8)]


def test_missing_parent():
    # row 4 (c) points at a parent Z that does not exist
    assert ("missing_parent", 4) in _problems(_with(2, 1, "Z"))


def test_cycle():
    rows = [["a", "P", 1, "Indicator", 1, 1], ["P", "Q", 2, "Aggregate", 1, 1], ["Q", "P", 3, "Aggregate", 1, 1]]
    probs = _problems(rows)
    assert {c for c, _ in probs} == {"cycle"}
    assert {3, 4} <= {r for _, r in probs}  # P (row 3) and Q (row 4) are on the loop


def test_own_parent_is_a_cycle():
    probs = _problems([["a", "P", 1, "Indicator", 1, 1], ["P", "P", 2, "Aggregate", 1, 1]])
    assert ("cycle", 3) in probs


def test_inconsistent_level():
    # P (row 5) declared level 3 but its children are level 1 -> it is level 2
    with pytest.raises(DataError) as e:
        _fw(_with(3, 2, 3))
    (p,) = e.value.problems
    assert (p.code, p.row, p.column, p.value) == ("bad_level", 5, "Level", "3")


def test_negative_weight():
    with pytest.raises(DataError) as e:
        _fw(_with(0, 4, -1))
    (p,) = e.value.problems
    assert (p.code, p.row, p.column, p.value) == ("negative_weight", 2, "Weight", "-1")


def test_non_numeric_weight():
    assert _problems(_with(1, 4, "heavy")) == [("not_a_number", 3)]


def test_direction_two():
    with pytest.raises(DataError) as e:
        _fw(_with(2, 5, 2))
    (p,) = e.value.problems
    assert (p.code, p.row, p.value) == ("bad_direction", 4, "2")


def test_all_zero_sibling_weights():
    rows = [["a", "P", 1, "Indicator", 0, 1], ["b", "P", 1, "Indicator", 0, 1], ["P", "", 2, "Aggregate", 1, 1]]
    with pytest.raises(DataError) as e:
        _fw(rows)
    assert [(p.code, p.value) for p in e.value.problems] == [("zero_weights", "P")]


SRV_COLS = ["iCode", "Parent", "Level", "Type", "source", "items", "groups", "reverse", "scale"]


def test_survey_indicator_without_items_and_unknown_group():
    rows = [["s1", "P", 1, "Indicator", "srv", "", "gov", "", 5],            # row 2: no items
            ["s2", "P", 1, "Indicator", "srv", "q1;q2", "gov;游客", "", 5],   # row 3: 游客 unknown
            ["P", "", 2, "Aggregate", "", "", "", "", ""]]
    with pytest.raises(DataError) as e:
        _fw(rows, SRV_COLS)
    assert [(p.code, p.row, p.value) for p in e.value.problems] == [
        ("no_items", 2, None), ("unknown_group", 3, "游客")]


def test_survey_reverse_and_scale_checks():
    rows = [["s1", "P", 1, "Indicator", "srv", "q1", "", "q9", 7],          # reverse item not among items
            ["s2", "P", 1, "Indicator", "srv", "q1;q2", "", "q2", 5.5],     # scale not whole
            ["P", "", 2, "Aggregate", "", "", "", "", ""]]
    assert _problems(rows, SRV_COLS) == [("bad_reverse", 2), ("bad_scale", 3)]


def test_survey_items_checked_against_data():
    rows = [["s1", "P", 1, "Indicator", "srv", "q1;q2", "", "", ""], ["P", "", 2, "Aggregate", "", "", "", "", ""]]
    df = pd.DataFrame(rows, columns=SRV_COLS)
    with pytest.raises(DataError) as e:
        load_framework(df, survey_items=["q1"])
    assert [(p.code, p.value) for p in e.value.problems] == [("missing_item", "q2")]


def test_survey_groups_lists_and_defaults():
    rows = [["s1", "P", 1, "Indicator", "srv", "q1", "all", "", ""],
            ["s2", "P", 1, "Indicator", "srv", "q1，q2", "政府，企业|公众", "q2", 7],
            ["s3", "P", 1, "Indicator", "survey", "q3", "", "", ""],
            ["P", "", 2, "Aggregate", "", "", "", "", ""]]
    fw = _fw(rows, SRV_COLS)
    t = fw.table
    assert t.at["s1", "groups"] == GROUPS                # all -> the four groups
    assert t.at["s2", "groups"] == ("gov", "ent", "cit")  # Chinese labels, mixed separators
    assert t.at["s2", "items"] == ("q1", "q2") and t.at["s2", "reverse"] == ("q2",)
    assert t.at["s3", "groups"] == GROUPS and t.at["s3", "source"] == "srv"  # empty groups -> all
    assert (t.at["s1", "scale"], t.at["s2", "scale"]) == (5, 7)  # default Likert scale 5
    assert fw.survey_items == ["q1", "q2", "q3"]


def test_two_roots():
    with pytest.raises(DataError) as e:
        _fw(SMALL + [["J", "", 3, "Aggregate", 1, 1]])
    (p,) = e.value.problems
    assert p.code == "roots" and p.row is None
    assert "found 2: I, J" in p.message_en


def test_aggregate_with_no_children():
    # E (row 8) is an Aggregate under I with nothing below it
    assert ("empty_aggregate", 8) in _problems(SMALL + [["E", "I", 2, "Aggregate", 1, 1]])


def test_indicator_with_children():
    rows = SMALL + [["d", "b", 1, "Indicator", 1, 1]]
    assert ("indicator_with_children", 3) in _problems(rows)


def test_every_error_is_reported_at_once():
    rows = _with(0, 4, -1)
    rows[1][5] = 2
    assert _problems(rows) == [("negative_weight", 2), ("bad_direction", 3)]


def test_missing_code_column():
    with pytest.raises(DataError) as e:
        load_framework(pd.DataFrame({"name": ["x"]}))
    assert [p.code for p in e.value.problems] == ["missing_column"]


def test_chinese_headers():
    df = pd.DataFrame({"指标代码": ["a", "b", "总"], "上级": ["总", "总", ""], "权重": ["1", "3", "1"],
                       "方向": ["1", "-1", "1"], "类型": ["指标", "指标", "汇总"]})
    fw = load_framework(df)
    assert fw.indicators == ["a", "b"] and fw.root == "总"
    assert fw.global_weights().to_dict() == pytest.approx({"a": 0.25, "b": 0.75})
    assert fw.table.at["b", "direction"] == -1


def test_split_list_and_parse_group():
    assert split_list("a; b,c，d；e|f") == ["a", "b", "c", "d", "e", "f"]
    assert split_list("") == [] and split_list(float("nan")) == []
    assert [parse_group(g) for g in ("政府", "企业", "社会组织", "公众", "Government", "NGO", "游客")] == \
        ["gov", "ent", "org", "cit", "gov", "org", None]


# --------------------------------------------------------------------------- shipped frameworks
def test_default_framework():
    fw = default_framework()
    assert len(fw.indicators) >= 40
    assert fw.root == "INDEX"
    assert len(fw.level_codes(2)) == 15
    assert fw.level_codes(3) == ["ORG", "MEC", "AWA"]
    assert fw.max_level == 4
    gw = fw.global_weights()
    assert gw.sum() == pytest.approx(1.0, abs=1e-12)
    assert (gw > 0).all()
    sw = fw.sibling_weights()
    per_parent = sw.groupby(fw.table["parent"].fillna("__root__")).sum()
    assert per_parent.to_numpy() == pytest.approx([1.0] * len(per_parent))
    # every indicator's ancestors end at the root and pass through level 2 and 3
    for ind in fw.indicators:
        anc = fw.ancestors[ind]
        assert anc[-1] == "INDEX" and len(anc) == 3
        assert ind in fw.leaves_of[anc[0]]
    # every survey indicator names its items and a valid scale
    for ind in fw.survey_indicators:
        assert fw.table.at[ind, "items"] and fw.table.at[ind, "scale"] >= 2


def test_asem_imeta_sets_group_and_denominator_rows_aside():
    fw = load_framework(ASEM / "ASEM_iMeta.csv")
    assert fw.group_columns == ("GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group")
    assert fw.denominators == ("Area", "Energy", "GDP", "Population")
    # 49 indicators + 11 aggregates; the 8 Group/Denominator rows are not nodes
    assert len(fw.table) == 60
    assert not set(fw.group_columns + fw.denominators) & set(fw.table.index)
    assert [len(fw.level_codes(k)) for k in (1, 2, 3, 4)] == [49, 8, 2, 1]
    assert fw.root == "Index"
    assert fw.global_weights().sum() == pytest.approx(1.0)
