"""Command line: ``python -m metrics <command>``.

Commands
--------
assess       score regions and write one row per region (and year)
uncertainty  Monte Carlo rank intervals
diagnose     one region's scores, gaps, obstacles, synergy and measures
validate     check a file and print the report (exit 1 on errors)

Every command exits 0 on success, 1 when an input file has errors (the
report goes to stderr in Chinese and English), 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .assessment import Dataset, Spec, assess
from .data import load_regions
from .errors import DataError
from .framework import load_framework
from .readers import read_table


def _scale(text: str | None):
    if not text:
        return None
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise SystemExit("--scale takes two numbers, for example --scale 0,100") from None
    return (lo, hi)


def _add_data_args(p: argparse.ArgumentParser, data_required: bool = True) -> None:
    p.add_argument("--data", required=data_required, help="indicator data (CSV or XLSX; long, wide or COINr iData)")
    p.add_argument("--survey", help="survey answers (one row per respondent)")
    p.add_argument("--framework", help="framework table (default: data/framework.csv)")
    p.add_argument("--regions", help="region table (code, name_zh, name_en, group)")


def _add_method_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--normalize", default="minmax", choices=["minmax", "zscore", "rank", "goalposts"])
    p.add_argument("--scale", help="LO,HI (min-max, goalposts, rank) or MEAN,SD (z-score)")
    p.add_argument("--weights", default="framework",
                   help="framework | equal | entropy | critic | pca | ahp:FILE (rows parent,a,b,value)")
    p.add_argument("--aggregate", default="arithmetic", choices=["arithmetic", "geometric", "topsis"])
    p.add_argument("--impute", default="none",
                   help="none | mean | median | group-mean:COL | group-median:COL | knn")
    p.add_argument("--treat", default="none", choices=["none", "winsorize"])
    p.add_argument("--group-weights", default="equal", choices=["equal", "size"],
                   help="how stakeholder groups are combined in survey indicators")
    p.add_argument("--by-year", action="store_true", help="normalise each year separately")


def build_spec(args: argparse.Namespace) -> Spec:
    weights, ahp = args.weights, ()
    if weights.startswith("ahp"):
        if ":" not in weights:
            raise SystemExit("--weights ahp needs a file: --weights ahp:FILE")
        table = read_table(weights.split(":", 1)[1])
        cols = {c.lower(): c for c in table.columns}
        try:
            ahp = tuple(zip(table[cols["parent"]], table[cols["a"]], table[cols["b"]], table[cols["value"]]))
        except KeyError:
            raise SystemExit("the AHP file needs columns parent, a, b, value") from None
        weights = "ahp"
    impute, group = args.impute, None
    if ":" in impute:
        impute, group = impute.split(":", 1)
    return Spec(normalize=args.normalize, scale=_scale(args.scale), weights=weights, ahp=ahp,
                aggregate=args.aggregate, impute=impute, impute_group=group, treat=args.treat,
                group_weights=args.group_weights, by_year=args.by_year)


def load_dataset(args: argparse.Namespace) -> Dataset:
    fw = load_framework(args.framework) if args.framework else None
    regions = load_regions(args.regions) if getattr(args, "regions", None) else None
    return Dataset.load(args.data, getattr(args, "survey", None), fw, regions,
                        label=Path(args.data).name if args.data else "")


def cmd_assess(args: argparse.Namespace) -> int:
    from .safe import write_table
    spec = build_spec(args)
    ds = load_dataset(args)
    a = assess(ds, spec)
    df = a.results(lang=args.lang)
    if args.synergy:
        from .diagnostics import synergy_table
        syn = synergy_table(a, lang=args.lang)
        keys = ["region", "year"] if a.has_year else ["region"]
        df = df.merge(syn.reset_index()[keys + ["coupling_C", "coupling_T", "coupling_D", "coupling_band"]]
                      if a.has_year else syn.reset_index().drop(columns="year")[keys + ["coupling_C", "coupling_T", "coupling_D", "coupling_band"]],
                      on=keys, how="left")
    if "name" in df and (df["name"] == df["region"]).all():
        df = df.drop(columns="name")
    extra = {"weights": a.indicator_weights.rename("weight").reset_index().rename(columns={"index": "indicator"}),
             "provenance": pd.DataFrame({"key": ["spec", "data_fingerprint", "framework_fingerprint"],
                                         "value": [str(a.spec.to_dict()), a.fingerprint,
                                                   a.framework.fingerprint()]})}
    write_table(df, args.out, extra_sheets=extra, meta=a.provenance())
    for p in (ds.indicators.problems if ds.indicators else []) + (ds.survey.problems if ds.survey else []):
        print("warning: " + p.text("en"), file=sys.stderr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics",
                                     description="协同治理评估 · Data Governance Synergy — scoring from the command line")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("assess", help="score regions; one row per region (and year)")
    _add_data_args(p)
    _add_method_args(p)
    p.add_argument("--synergy", action="store_true",
                   help="add coupling_C, coupling_T, coupling_D, coupling_band for the top node's children")
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of names")
    p.add_argument("--out", required=True, help="FILE.csv | FILE.xlsx | FILE.json")
    p.set_defaults(func=cmd_assess)
    try:
        from . import cli_more
        cli_more.register(sub, _add_data_args, _add_method_args)
    except ImportError:
        pass
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (ValueError, KeyError, OSError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1
