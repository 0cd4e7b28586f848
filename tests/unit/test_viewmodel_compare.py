"""The Compare page's side-by-side table (viewmodels.compare.side_table) holds the assessment's scores and
ranks: every node's rank for each region is ``Assessment.ranks(node)`` in that year (ties share the better
rank; a missing score is unranked), with data shapes where some nodes have no score."""
from __future__ import annotations

import pandas as pd
import pytest

from metrics import Dataset, assess
from tests.app.conftest import shape_dataset
from viewmodels import compare


@pytest.mark.parametrize("shape", ["sample", "survey_only", "indicators_only", "two_dims"])
def test_side_table_ranks_and_scores_are_the_assessments(shape):
    a = assess(Dataset.sample() if shape == "sample" else shape_dataset(shape))
    year = a.latest_year
    chosen = compare.ranked(a, year)[:3] + compare.ranked(a, year)[-2:]
    m = compare.build(a, chosen, year, "en")
    side = compare.side_table(m)
    nodes = list(side.table[m.t("col_code")])
    scores = a.all_scores.xs(year, level="year")
    for r, sc, rk in zip(m.regions, side.score_columns, side.rank_columns):
        ranks = [a.ranks(c).xs(year, level="year").get(r) for c in nodes]
        assert [None if pd.isna(x) else int(x) for x in side.table[rk]] == \
               [None if pd.isna(x) else int(x) for x in ranks], (shape, r)
        # rounded as every table shows scores (ScoreFormat.round on a column), a missing score left empty
        assert [None if pd.isna(x) else x for x in side.table[sc]] == \
               [None if pd.isna(x) else x for x in m.fmt.round(scores.loc[r, nodes])], (shape, r)
