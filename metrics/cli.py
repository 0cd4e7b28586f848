"""Command line: ``python -m metrics <command>``.

Commands
--------
assess       score regions and write one row per region (and year)
uncertainty  Monte Carlo rank intervals
diagnose     one region's scores, gaps, obstacles, synergy and measures
target       the smallest improvement that takes one region to a target (path to target)
validate     check a file and print the report (exit 1 on errors)

Every command exits 0 on success, 1 when an input file has errors (the
report goes to stderr in Chinese and English), 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import methods
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


def _row(text: str) -> int:
    """A header row number (1 = the first row)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("a row number from 1, for example --header-row 3")
    return int(text)


def _add_data_args(p: argparse.ArgumentParser, data_required: bool = True) -> None:
    p.add_argument("--data", required=data_required, help="indicator data (CSV or XLSX; long, wide or COINr iData)")
    p.add_argument("--survey", help="survey answers (one row per respondent)")
    p.add_argument("--framework", help="framework table (default: data/framework.csv)")
    p.add_argument("--regions", help="region table (code, name_zh, name_en, group)")
    p.add_argument("--header-row", type=_row, metavar="N",
                   help="row of the header of --data (1 = the first; default: found below titles and group headers)")
    p.add_argument("--survey-header-row", type=_row, metavar="N", help="row of the header of --survey (as --header-row)")


def _choices_help(kind: str) -> str:
    """The methods of ``kind`` with their English names, from the registry: "minmax (Min-max) | ..."."""
    return " | ".join(f"{k} ({methods.name(kind, k, 'en')})" for k in methods.keys(kind))


def _add_method_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--normalize", default="minmax", choices=methods.keys("normalize"), help=_choices_help("normalize"))
    p.add_argument("--scale", help="LO,HI (min-max, goalposts, rank) or MEAN,SD (z-score)")
    p.add_argument("--weights", default="framework",
                   help=_choices_help("weights").replace("ahp (", "ahp:FILE, rows parent,a,b,value (", 1))
    p.add_argument("--aggregate", default="arithmetic", choices=methods.keys("aggregate"),
                   help=_choices_help("aggregate"))
    p.add_argument("--impute", default="none",
                   help=_choices_help("impute").replace("group-mean (", "group-mean:COL (").replace(
                       "group-median (", "group-median:COL ("))
    p.add_argument("--treat", default="none", choices=methods.keys("treat"), help=_choices_help("treat"))
    p.add_argument("--group-weights", default="equal", choices=["equal", "size"],
                   help="how stakeholder groups are combined in survey indicators")
    p.add_argument("--by-year", action="store_true", help="normalise each year separately")
    _add_option_args(p)
    _add_quality_args(p)


def _add_quality_args(p: argparse.ArgumentParser, exclude: bool = True) -> None:
    """Survey response-quality checks (metrics.survey_quality): flags always, exclusion on request."""
    if exclude:
        p.add_argument("--survey-exclude", default="",
                       help="leave out survey respondents flagged by these rules, comma-separated: speeders, "
                            "straightlining, duplicates, out_of_scale (default: none, flags only)")
    p.add_argument("--speeder-fraction", type=float,
                   help="a speeder took less than this fraction of the group's median time (default 1/3)")
    p.add_argument("--straightline-k", type=int,
                   help="straight-lining: same answer to all of at least this many items of a block (default 5)")
    p.add_argument("--duplicate-minutes", type=float,
                   help="duplicates: same IP and identical answers within this many minutes (default 30)")


def _quality_options(args: argparse.Namespace) -> tuple[tuple, tuple]:
    exclude = tuple(v.strip() for v in (getattr(args, "survey_exclude", "") or "").split(",") if v.strip())
    params = tuple((k, getattr(args, k)) for k in ("speeder_fraction", "straightline_k", "duplicate_minutes")
                   if getattr(args, k, None) is not None)
    return exclude, params


def _add_option_args(p: argparse.ArgumentParser) -> None:
    """Options of PCA weights and TOPSIS (used only with --weights pca / --aggregate topsis)."""
    retain, threshold, kaiser = methods.options("weights", "pca")
    topsis_norm, = methods.options("aggregate", "topsis")
    p.add_argument(retain.cli, default=retain.default, choices=retain.choices, help="PCA weights: " + retain.help[1])
    p.add_argument(threshold.cli, type=float, help=threshold.help[1])
    p.add_argument(kaiser.cli, action="store_true", help="PCA weights: " + kaiser.help[1])
    p.add_argument(topsis_norm.cli, default=topsis_norm.default, choices=topsis_norm.choices, help=topsis_norm.help[1])


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
    exclude, quality = _quality_options(args)
    return Spec(survey_exclude=exclude, survey_quality=quality, normalize=args.normalize, scale=_scale(args.scale), weights=weights, ahp=ahp,
                aggregate=args.aggregate, impute=impute, impute_group=group, treat=args.treat,
                group_weights=args.group_weights, by_year=args.by_year,
                pca_retain=getattr(args, "pca_retain", "eigenvalue"), pca_threshold=getattr(args, "pca_threshold", None),
                pca_kaiser=not getattr(args, "no_kaiser", False), topsis_norm=getattr(args, "topsis_norm", "spec"))


def load_dataset(args: argparse.Namespace) -> Dataset:
    fw = load_framework(args.framework) if args.framework else None
    regions = load_regions(args.regions) if getattr(args, "regions", None) else None
    data, survey = args.data, getattr(args, "survey", None)
    if getattr(args, "header_row", None) or getattr(args, "survey_header_row", None):  # read here with that header
        from .data import read_data_table
        from .framework import default_framework
        if data and args.header_row:
            data = read_data_table(data, "indicators", fw or default_framework(), header_row=args.header_row)
        if survey and args.survey_header_row:
            survey = read_data_table(survey, "survey", fw or default_framework(), header_row=args.survey_header_row)
    return Dataset.load(data, survey, fw, regions, label=Path(args.data).name if args.data else "")


def cmd_assess(args: argparse.Namespace) -> int:
    from .safe import write_table
    spec = build_spec(args)
    ds = load_dataset(args)
    a = assess(ds, spec)
    df = a.results(lang=args.lang)
    if args.synergy:
        from .diagnostics import synergy_table
        cols = ["coupling_C", "coupling_T", "coupling_D", "coupling_band"]
        syn = synergy_table(a, lang=args.lang).reset_index()
        keys = ["region", "year"] if a.has_year else ["region"]
        df = df.merge(syn[keys + cols], on=keys, how="left")
    if "name" in df and (df["name"] == df["region"]).all():
        df = df.drop(columns="name")
    extra = {"weights": a.indicator_weights.rename("weight").reset_index().rename(columns={"index": "indicator"}),
             "provenance": pd.DataFrame({"key": ["spec", "data_fingerprint", "framework_fingerprint"],
                                         "value": [str(a.spec.to_dict()), a.fingerprint,
                                                   a.framework.fingerprint()]})}
    write_table(df, args.out, extra_sheets=extra, meta=a.provenance())
    for p in (ds.indicators.problems if ds.indicators else []) + (ds.survey.problems if ds.survey else []):
        print(("note: " if p.severity == "info" else "warning: ") + p.text("en"), file=sys.stderr)
    return 0


def _alts(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def cmd_uncertainty(args: argparse.Namespace) -> int:
    from .safe import write_table
    from .uncertainty import uncertainty
    norms, aggs, imps = _alts(args.normalize), _alts(args.aggregate), _alts(args.impute)
    args.normalize, args.aggregate, args.impute = norms[0], aggs[0], imps[0]
    spec = build_spec(args)
    ds = load_dataset(args)
    levels = [int(v) for v in args.noise_levels.split(",")] if args.noise_levels else None
    r = uncertainty(ds, spec, runs=args.runs, seed=args.seed, weight_noise=args.weight_noise,
                    noise_levels=levels, normalize=norms, aggregate=aggs, impute=imps, year=args.year,
                    sensitivity=args.sensitivity)
    df = r.ranks.reset_index()[["region", "nominal_rank", "median_rank", "p05_rank", "p95_rank"]]
    if args.sensitivity:
        df = df.merge(r.sensitivity.reset_index(), on="region", how="left")
    write_table(df, args.out, extra_sheets={"sensitivity": r.summary, "combinations": r.combinations},
                meta={"settings": r.settings, "seconds": r.seconds, "mean_band": r.mean_band,
                      "summary": r.summary, "combinations": r.combinations})
    print(f"{r.runs} runs ({r.evaluations} evaluations) in {r.seconds:.2f} s; "
          f"mean 5-95% rank band {r.mean_band:.2f}", file=sys.stderr)
    if len(r.combinations) > 1 or r.combinations["shift"].astype(bool).any():
        print("runs per combination of methods (normalize / aggregate / impute):", file=sys.stderr)
        for c in r.combinations.itertuples():
            note = f"  (scale made positive for the geometric mean: {c.shift})" if c.shift else ""
            print(f"  {c.normalize} / {c.aggregate} / {c.impute}: {c.runs} runs{note}", file=sys.stderr)
    return 0


def cmd_diagnose(args: argparse.Namespace) -> int:
    from .diagnostics import diagnose
    from .safe import to_json_text
    spec = build_spec(args)
    ds = load_dataset(args)
    a = assess(ds, spec)
    year = args.year or a.latest_year
    regions = set(a.scores.xs(year, level="year").index)
    if args.region not in regions:
        print(f"错误：{year} 年的数据中没有地区“{args.region}” / error: region '{args.region}' is not in the data "
              f"for {year}", file=sys.stderr)
        return 1
    d = diagnose(a, args.region, year, benchmark=args.benchmark, by=args.by, lang=args.lang)
    Path(args.out).write_text(to_json_text(d), encoding="utf-8")
    return 0


def _costs(text: str | None) -> dict:
    out = {}
    for part in (text or "").split(","):
        if part.strip():
            code, sep, val = part.partition("=")
            try:
                out[code.strip()] = float(val)
            except ValueError:
                raise SystemExit("--cost takes CODE=VALUE pairs, for example --cost MEC2_budget_pc=2,ORG1_law_level=3"
                                 ) from None
            if not sep:
                raise SystemExit("--cost takes CODE=VALUE pairs, for example --cost MEC2_budget_pc=2")
    return out


def cmd_target(args: argparse.Namespace) -> int:
    from .safe import to_json_text
    from .target import TargetSolver
    spec = build_spec(args)
    ds = load_dataset(args)
    a = assess(ds, spec)
    year = args.year or a.latest_year
    regions = set(a.scores.xs(year, level="year").index) if year in a.years else set()
    if args.region not in regions:
        print(f"错误：{year} 年的数据中没有地区“{args.region}” / error: region '{args.region}' is not in the data "
              f"for {year}", file=sys.stderr)
        return 1
    p = TargetSolver(a).solve(args.region, year, args.target, args.plan, actionable=args.actionable,
                              cost=_costs(args.cost))
    Path(args.out).write_text(to_json_text(p.to_dict()), encoding="utf-8")
    print(p.note(args.lang), file=sys.stderr)
    return 0


PLATFORM_CHOICES = ("group", "region", "year")


def add_platform_args(p: argparse.ArgumentParser, title: str) -> argparse._ArgumentGroup:
    """The options of a survey platform's export (``--set-group``, ``--set-region``, ``--set-year``,
    ``--mapping``, ``--save-mapping``), shared by ``python -m metrics validate`` and ``python -m store import``."""
    g = p.add_argument_group(title)
    g.add_argument("--set-group", choices=["gov", "ent", "org", "cit"],
                   help="every response is from this stakeholder group (one questionnaire per group)")
    g.add_argument("--set-region", help="every response is from this region (code or name)")
    g.add_argument("--set-year", help="every response is for this year (default: the year of the submit time)")
    g.add_argument("--mapping", help="JSON mapping to apply (as written by --save-mapping, then checked or edited)")
    g.add_argument("--save-mapping", help="write the proposed mapping as JSON to this file")
    return g


def platform_survey(source, name: str, fw, regions, args: argparse.Namespace, sheet=None):
    """A survey platform's export (问卷星, 腾讯问卷, LimeSurvey) for the command line: the platform and the
    mapping printed (``args.lang``), the mapping saved to ``args.save_mapping``, then the export converted
    to this program's survey layout with ``args.mapping`` or the proposal and the ``--set-*`` choices.

    ``source`` is a path or the file's bytes.  Returns ``None`` for a file in the survey layout (or one
    that cannot be read: validation says why), ``False`` when the conversion fails (its report printed),
    else ``(survey table in the layout, the conversion's problems, the mapping used)``.  Used by
    ``python -m metrics validate --kind survey`` and ``python -m store import --survey``.
    """
    import json

    from .errors import Report
    from .framework import default_framework
    from .platforms import (PLATFORMS, convert, detect_platform, mapping_table, propose, read_export,
                            with_choices)
    from .validate import format_report
    fw = fw or default_framework()
    try:
        table = read_export(source, name=name, sheet=sheet)
    except DataError:
        return None                    # validate() reports why the file cannot be read
    fixed = {k: getattr(args, f"set_{k}") for k in PLATFORM_CHOICES if getattr(args, f"set_{k}", None)}
    if args.mapping:
        mapping = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
    elif detect_platform(table.columns) != "own" or fixed:
        mapping = propose(table, fw, regions)
    else:
        return None
    mapping = with_choices(mapping, **fixed)
    zh, en = PLATFORMS.get(mapping.get("platform"), PLATFORMS["other"])
    langs = ("zh", "en") if args.lang == "both" else (args.lang,)
    print(" / ".join({"zh": f"平台：{zh}", "en": f"Platform: {en}"}[lg] for lg in langs))
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 60, "display.width", 200):
        print(mapping_table(mapping, fw, langs[-1]).to_string(index=False))
    if args.save_mapping:
        Path(args.save_mapping).write_text(json.dumps(mapping, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        frame, problems = convert(table, fw, mapping, regions, name=table.attrs.get("name"))
    except DataError as exc:
        print(format_report(Report(exc.problems), args.lang))
        return False
    return frame, list(table.attrs.get("problems") or []) + problems, mapping


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import format_report, validate
    fw = load_framework(args.framework) if args.framework else None
    regions = load_regions(args.regions) if args.regions else None
    sheet = int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet
    source, before = args.file, []
    if args.kind == "survey":
        imported = platform_survey(args.file, Path(args.file).name, fw, regions, args, sheet)
        if imported is False:
            return 1
        if imported is not None:
            source, before, _ = imported
            if args.out:
                from .safe import write_table
                write_table(source, args.out)
    report, obj = validate(source, args.kind, framework=fw, regions=regions, name=Path(args.file).name,
                           sheet=sheet if source is args.file else None,
                           header_row=args.header_row if source is args.file else None)
    if before:
        from .errors import Report
        report = Report(before + report.problems)
    print(format_report(report, args.lang))
    if args.kind == "survey" and obj is not None:
        from .framework import default_framework
        from .validate import quality_report
        q = quality_report(obj, fw or default_framework(), _quality_options(args)[1])
        langs = ("zh", "en") if args.lang == "both" else (args.lang,)
        tag = {"zh": "质量", "en": "QUALITY"}
        for p in q.problems(Path(args.file).name):
            print("\n".join(f"[{tag[lg]}] {p.text(lg)}" for lg in langs))
        print("\n".join(q.text(lg) for lg in langs))
    return 0 if report.ok else 1


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

    p = sub.add_parser("uncertainty", help="Monte Carlo rank intervals of the top node")
    _add_data_args(p)
    p.add_argument("--normalize", default="minmax",
                   help="one method, or alternatives to draw from: minmax,zscore (the first is nominal)")
    p.add_argument("--aggregate", default="arithmetic", help="one method or alternatives: arithmetic,geometric")
    p.add_argument("--impute", default="none", help="one method or alternatives: none,mean")
    p.add_argument("--scale", help="LO,HI of the nominal normalisation")
    p.add_argument("--weights", default="framework", help="nominal weights: framework | equal | entropy | critic | pca")
    p.add_argument("--treat", default="none", choices=methods.keys("treat"), help=_choices_help("treat"))
    p.add_argument("--group-weights", default="equal", choices=["equal", "size"])
    p.add_argument("--by-year", action="store_true")
    _add_option_args(p)
    p.add_argument("--runs", type=int, default=500)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--weight-noise", type=float, default=0.25, help="multiplicative noise on weights (0 = off)")
    p.add_argument("--noise-levels", help="levels whose node weights get noise, e.g. 2,3 (default: all between)")
    p.add_argument("--year", type=int)
    p.add_argument("--sensitivity", action="store_true", help="also write S_* and ST_* columns")
    p.add_argument("--out", required=True, help="FILE.csv | FILE.xlsx | FILE.json")
    p.set_defaults(func=cmd_uncertainty)

    p = sub.add_parser("diagnose", help="one region: scores, gaps, obstacles, synergy, recommended measures")
    _add_data_args(p)
    _add_method_args(p)
    p.add_argument("--region", required=True, help="region code")
    p.add_argument("--year", type=int)
    p.add_argument("--benchmark", default="mean", help="mean | best | group | target | a region code")
    p.add_argument("--by", default="obstacle", choices=["obstacle", "gap"], help="what selects the measures")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--out", required=True, help="FILE.json")
    p.set_defaults(func=cmd_diagnose)

    p = sub.add_parser("target", help="path to target: the smallest improvement that takes a region to a level, "
                                      "band, benchmark, rank or score")
    _add_data_args(p)
    _add_method_args(p)
    p.add_argument("--region", required=True, help="region code")
    p.add_argument("--target", required=True,
                   help="level:4 | level:next | band:good | band:9 | benchmark:mean|best|group|target|CODE | rank:10 | "
                        "score:80")
    p.add_argument("--year", type=int)
    p.add_argument("--plan", default="cheapest", choices=["cheapest", "balanced", "actionable"],
                   help="cheapest in points, balanced across dimensions, or only --actionable indicators")
    p.add_argument("--actionable", help="indicator codes the actionable plan may move, comma-separated "
                                        "(default: the administrative indicators)")
    p.add_argument("--cost", help="cost of one normalised point per indicator, CODE=VALUE,... (default 1)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of the summary on stderr")
    p.add_argument("--out", required=True, help="FILE.json")
    p.set_defaults(func=cmd_target)

    p = sub.add_parser("validate", help="check a file; exit 0 when usable (warnings allowed), 1 on errors")
    p.add_argument("file")
    p.add_argument("--kind", required=True, choices=["indicators", "survey", "framework", "regions"])
    p.add_argument("--framework", help="framework the data must fit (default: data/framework.csv)")
    p.add_argument("--regions", help="region table to check region codes against")
    p.add_argument("--sheet", help="worksheet of an .xlsx (default: the first)")
    p.add_argument("--header-row", type=_row, metavar="N",
                   help="row of the header (1 = the first); default: found below titles and group headers in "
                        "indicator and survey data, row 1 in a framework or region table")
    p.add_argument("--lang", default="both", choices=["zh", "en", "both"])
    _add_quality_args(p, exclude=False)
    g = add_platform_args(p, "survey platform exports (问卷星, 腾讯问卷, LimeSurvey; --kind survey)")
    g.add_argument("--out", help="write the converted survey in this program's layout (.csv or .xlsx)")
    p.set_defaults(func=cmd_validate)
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
