"""Data Governance Synergy (协同治理评估): the computation library.

Pure Python on numpy/pandas/scipy/scikit-learn; no Streamlit.  Use it from a
notebook or with ``python -m metrics``; the dashboard calls the same functions.

>>> from metrics import Dataset, Spec, assess
>>> a = assess(Dataset.sample(), Spec(weights="entropy"))
>>> a.results().columns[:3].tolist()
['region', 'name', 'year']
"""
from .assessment import METHOD_NAMES, Assessment, Dataset, Spec, assess
from .data import (IndicatorData, Regions, SurveyData, default_regions, load_regions, read_indicators,
                   read_survey)
from .errors import DataError, Problem, Report
from .framework import Framework, default_framework, load_framework
from .readers import parse_numeric, read_table

__all__ = [
    "Assessment", "Dataset", "Spec", "assess", "METHOD_NAMES",
    "IndicatorData", "SurveyData", "Regions", "read_indicators", "read_survey", "load_regions",
    "default_regions", "DataError", "Problem", "Report", "Framework", "default_framework",
    "load_framework", "parse_numeric", "read_table",
]
__version__ = "0.1.0"
