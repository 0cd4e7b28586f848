"""The survey indicators from per-cell sums (:class:`metrics.survey.SurveyCells`, what a saved version
keeps) equal those from the answers to the bit, and an assessment from cells never reads the answers.

Checked on the bundled sample and on a generated county-like dataset (real county codes, a benchmark
framework with a consensus indicator, answers left blank at random so respondents' item means skip
items), under both group weightings and several methods.
"""
from __future__ import annotations

import dataclasses
import sys

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from metrics import Dataset, Spec, assess, load_framework, load_regions
from metrics.data import Deferred, IndicatorData, SurveyData
from metrics.framework import DATA_DIR, GROUPS
from metrics.survey import aggregate_cells, aggregate_survey, survey_cells

SPECS = [Spec(), Spec(group_weights="size"), Spec(weights="entropy", aggregate="topsis"),
         Spec(normalize="zscore", impute="mean", by_year=True)]


def _county_like() -> Dataset:
    sys.path.insert(0, str(DATA_DIR))
    import generate_sample as gen
    fw_table = gen.make_benchmark_framework(40, 8)
    regions = gen.make_regions(300)
    ind, srv = gen.generate(fw_table, regions, years=range(2022, 2025), respondents=(6, 10), seed=3, messy=False)
    items = [c for c in srv.columns if c not in ("respondent_id", "region", "year", "group")]
    answers = srv[items].astype("float32").to_numpy()
    answers[np.random.default_rng(5).random(answers.shape) < 0.15] = np.nan  # skipped questions
    frame = pd.DataFrame({"respondent_id": srv["respondent_id"].astype(str), "region": srv["region"].astype(str),
                          "year": srv["year"].astype(int),
                          "group": pd.Categorical(srv["group"], categories=list(GROUPS))})
    frame = pd.concat([frame, pd.DataFrame(answers, columns=items)], axis=1)
    fw = load_framework(fw_table.astype(str).replace({"nan": "", "<NA>": ""}))
    vals = ind.set_index(["region", "year"]).astype(float)
    vals.index = vals.index.set_names(["region", "year"])
    return Dataset(fw, IndicatorData(vals), SurveyData(frame, items), load_regions(regions.astype(str)))


@pytest.fixture(scope="module", params=["sample", "county-like"])
def dataset(request) -> Dataset:
    return Dataset.sample() if request.param == "sample" else _county_like()


def _unread(ds: Dataset) -> Dataset:
    """``ds`` with its survey's cells and answers that fail the test when read."""
    def boom():
        raise AssertionError("the answers were read")
    sv = ds.survey
    survey = SurveyData(Deferred(boom), sv.items, sv.has_year, sv.problems, sv.source_name, sv.regions, sv.meta,
                        sv.first_row)
    survey.cells = survey_cells(sv.frame, ds.framework)
    return Dataset(ds.framework, ds.indicators, survey, ds.regions)


def test_the_dataset_has_what_the_test_needs(dataset):
    fw = dataset.framework
    assert any(fw.table.at[c, "stat"] == "consensus" for c in fw.survey_indicators)
    assert dataset.survey.frame[dataset.survey.items].isna().any().any()


@pytest.mark.parametrize("weights", ["equal", "size"])
def test_indicators_from_cells_equal_those_from_answers(dataset, weights):
    fw = dataset.framework
    from_answers = aggregate_survey(dataset.survey.frame, fw, weights)
    from_cells = aggregate_cells(survey_cells(dataset.survey.frame, fw), fw, weights)
    for a, b in zip(from_answers, from_cells):
        assert_frame_equal(a, b, check_exact=True)
    assert from_answers[0].notna().to_numpy().mean() > 0.5


def test_an_assessment_from_cells_equals_one_from_answers_and_reads_no_answer(dataset):
    cells = _unread(dataset)
    for spec in SPECS:
        a, b = assess(dataset, spec), assess(cells, spec)
        for part in ("raw", "normalised", "scores", "coverage", "respondents"):
            assert_frame_equal(getattr(a, part), getattr(b, part), check_exact=True)
    assert not cells.survey.frame_loaded


def test_cells_answer_only_for_their_framework(dataset):
    cells = survey_cells(dataset.survey.frame, dataset.framework)
    other = dataset.framework.with_weights({dataset.framework.indicators[0]: 9.0})
    with pytest.raises(ValueError, match="another framework"):
        aggregate_cells(cells, other)
    # a dataset whose cells are for another framework aggregates its answers instead
    survey = SurveyData(dataset.survey.frame, dataset.survey.items)
    survey.cells = cells
    ds = Dataset(other, dataset.indicators, survey, dataset.regions)
    assert_frame_equal(ds.survey_tables()[0], aggregate_survey(dataset.survey.frame, other)[0], check_exact=True)
    # cells never follow a survey onto other answers
    assert dataclasses.replace(survey, frame=survey.frame.iloc[:10]).cells is None
    survey.frame = survey.frame.iloc[:10]
    assert survey.cells is None


def test_excluding_respondents_reads_the_answers():
    ds = Dataset.sample()
    sv = ds.survey
    survey = SurveyData(Deferred(lambda: sv.frame), sv.items)
    survey.cells = survey_cells(sv.frame, ds.framework)
    lazy = Dataset(ds.framework, ds.indicators, survey, ds.regions)
    assert not lazy.survey.frame_loaded
    spec = Spec(survey_exclude=("straightlining",))
    assert_frame_equal(assess(lazy, spec).scores, assess(ds, spec).scores, check_exact=True)
    assert lazy.survey.frame_loaded


def test_deferred_answers_are_read_once_whatever_the_threads():
    import threading
    import time

    reads = []

    def load():
        reads.append(1)
        time.sleep(0.05)
        return Dataset.sample().survey.frame

    survey = SurveyData(Deferred(load), [])
    threads = [threading.Thread(target=lambda: survey.frame) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and survey.frame_loaded and len(survey.frame) > 1000


def test_a_survey_with_deferred_answers_pickles_and_copies_with_them():
    import copy
    import pickle

    frame = Dataset.sample().survey.frame
    survey = SurveyData(Deferred(lambda: frame), [])
    for other in (pickle.loads(pickle.dumps(survey)), copy.deepcopy(survey)):
        assert other.frame_loaded
        assert_frame_equal(other.frame, frame, check_exact=True)
