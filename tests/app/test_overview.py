"""The overview page shows the ranking that metrics computes."""
from metrics import Dataset, assess
from tests.app.conftest import run_app


def test_overview_ranking_matches_metrics_in_chinese():
    at = run_app()
    a = assess(Dataset.sample())
    year = a.latest_year
    expected = a.results(lang="zh", year=year)
    table = at.dataframe[0].value
    assert list(table["地区"])[:5] == list(expected["name"])[:5]
    assert table["协同治理指数"].iloc[0] == round(expected["INDEX"].iloc[0], 1)
    assert len(table) == 31
    labels = [m.label for m in at.metric]
    assert "地区数" in labels


def test_overview_in_english_uses_english_names():
    at = run_app(lang="en")
    table = at.dataframe[0].value
    assert "Region" in table.columns
    assert "Shanghai" in set(table["Region"])
    assert at.title[0].value == "Data Governance Synergy"
