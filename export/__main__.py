"""Command line: ``python -m export report|image|questionnaire ...``.

::

    python -m export report --format pptx|pdf|xlsx [--data FILE --survey FILE --framework FILE
                            --region-table FILE] [--year Y] [--regions CODE,CODE,...] [--lang zh|en] --out FILE
    python -m export image --chart map|geomap|ranking|radar|gaps|band|comparison|trend --format png|svg
                           [same data options] [--regions CODE] [--width 1600 --height 900 --scale 2] --out FILE
    python -m export questionnaire --group gov|ent|org|cit --lang zh|en --format docx|pdf|limesurvey --out FILE
                                   [--seed N] [--intro FILE] [--framework FILE] [--region-table FILE]

Without ``--data`` and ``--survey`` the bundled synthetic sample is used.
``--regions`` takes region codes (or names); ``--region-table`` is a region
table file.  Exit status 0 on success, 1 on bad input (the message goes to
stderr in Chinese and English), 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import ExportError
from .i18n import both


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m export", description="Deck, report, workbook and chart images of an "
                                "assessment, and questionnaires / 评估结果的演示文稿、报告、工作簿与图表，以及调查问卷")
    sub = p.add_subparsers(dest="command", required=True)

    def data_args(q):
        q.add_argument("--data", help="indicator data (CSV or XLSX); default: the bundled synthetic sample")
        q.add_argument("--survey", help="survey answers (one row per respondent)")
        q.add_argument("--framework", help="framework table (default: data/framework.csv)")
        q.add_argument("--region-table", dest="region_table", help="region table (code, name_zh, name_en, group, row, col)")
        q.add_argument("--weights", default="framework", help="framework | equal | entropy | critic | pca")
        q.add_argument("--aggregate", default="arithmetic", choices=["arithmetic", "geometric", "topsis"])
        q.add_argument("--normalize", default="minmax", choices=["minmax", "zscore", "rank", "goalposts"])
        q.add_argument("--year", type=int, help="year reported (default: the latest)")
        q.add_argument("--regions", help="regions in focus: codes (or names) separated by commas; default: the top 3")
        q.add_argument("--lang", default="zh", choices=["zh", "en"])
        q.add_argument("--out", required=True, help="output file")

    r = sub.add_parser("report", help="a .pptx deck, .pdf report or .xlsx workbook")
    r.add_argument("--format", dest="fmt", choices=["pptx", "pdf", "xlsx"],
                   help="default: from the --out suffix")
    data_args(r)
    i = sub.add_parser("image", help="one chart as PNG or SVG")
    i.add_argument("--chart", required=True, choices=["map", "geomap", "ranking", "ranking_columns", "radar", "gaps",
                                                      "band", "comparison", "trend"],
                   help="geomap: administrative boundaries by GB/T 2260 code, for illustration (map: the tile map)")
    i.add_argument("--format", dest="fmt", choices=["png", "svg"], help="default: from the --out suffix")
    i.add_argument("--width", type=int, default=1600)
    i.add_argument("--height", type=int, default=900)
    i.add_argument("--scale", type=float, default=2.0)
    data_args(i)
    q = sub.add_parser("questionnaire", help="the questionnaire of one stakeholder group (Word, PDF or LimeSurvey)")
    q.add_argument("--group", required=True, choices=["gov", "ent", "org", "cit"])
    q.add_argument("--lang", default="zh", choices=["zh", "en"])
    q.add_argument("--format", dest="fmt", choices=["docx", "pdf", "limesurvey"],
                   help="default: from the --out suffix (.txt: limesurvey)")
    q.add_argument("--seed", type=int, help="shuffle the items within each block with this seed")
    q.add_argument("--intro", help="UTF-8 text file replacing the introduction and consent (blank lines "
                   "separate paragraphs)")
    q.add_argument("--framework", help="framework table (default: data/framework.csv)")
    q.add_argument("--region-table", dest="region_table", help="offer these regions in the region question")
    q.add_argument("--out", required=True, help="output file")
    return p


def _questionnaire(args, fmt: str) -> bytes:
    from metrics import load_framework, load_regions

    from .questionnaire import questionnaire_file
    fmt = {"txt": "limesurvey"}.get(fmt, fmt)
    intro = Path(args.intro).read_text(encoding="utf-8-sig") if args.intro else None
    fw = load_framework(args.framework) if args.framework else None
    regions = load_regions(args.region_table) if args.region_table else None
    return questionnaire_file(fmt, fw, args.group, args.lang, args.seed, intro, regions)


def _assessment(args):
    from metrics import Dataset, Spec, assess

    if args.data is None and args.survey is None:
        ds = Dataset.sample()
    else:
        label = Path(args.data or args.survey).name
        ds = Dataset.load(args.data, args.survey, args.framework, args.region_table, label=label)
    spec = Spec(weights=args.weights, aggregate=args.aggregate, normalize=args.normalize)
    return assess(ds, spec)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from metrics.errors import DataError

    t0 = time.perf_counter()
    out = Path(args.out)
    fmt = (args.fmt or out.suffix.lstrip(".")).lower()
    try:
        regions = None
        if getattr(args, "regions", None) is not None:
            regions = [x.strip() for x in args.regions.replace("，", ",").split(",") if x.strip()]
        if args.command == "questionnaire":
            data = _questionnaire(args, fmt)
        elif args.command == "report":
            from . import FORMATS, build_report
            if fmt not in FORMATS:
                raise ExportError(both("err_format", fmt=fmt))
            a = _assessment(args)
            data = build_report(a, fmt, year=args.year, regions=regions, lang=args.lang)
        else:
            from .content import build_content
            from .figures import CHARTS, chart
            from .images import FORMATS as IMG_FORMATS
            from .images import figure_bytes
            if fmt not in IMG_FORMATS:
                raise ExportError(both("img_bad_format", fmt=fmt))
            if args.chart not in CHARTS:
                raise ExportError(both("err_chart", chart=args.chart, charts=", ".join(CHARTS)))
            a = _assessment(args)
            if args.chart in ("radar", "gaps", "band") and not regions:
                raise ExportError(both("err_chart_region"))
            c = build_content(a, args.year, regions[:1] if args.chart in ("radar", "gaps", "band") else regions,
                              args.lang, target=None)   # a chart needs no path to target
            fig = chart(c, args.chart, c.chosen[0] if c.chosen else None, height=args.height)
            if fig is None:
                raise ExportError(both("no_map"))
            data = figure_bytes(fig, fmt, args.width, args.height, args.scale)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(both("err_file", error=exc), file=sys.stderr)
        return 1
    except ValueError as exc:
        print(both("err_generic", error=exc), file=sys.stderr)
        return 1
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        print(both("err_out", error=exc), file=sys.stderr)
        return 1
    print(both("done", path=out, size=len(data), seconds=f"{time.perf_counter() - t0:.1f}"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
