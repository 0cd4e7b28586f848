"""Benchmark of the take-away files (issue 6): python bench/export_bench.py [--regions 10] [--repeat 2]

Times, on the bundled sample (31 provinces, 6 years):

* ``browser_start`` - starting kaleido's Chromium (once per process);
* ``pptx_cold`` - a deck of N regions in focus with nothing rendered yet (browser already started);
* ``pptx_warm`` - the same deck again: every chart comes from the in-memory image cache;
* ``pptx_other_year`` - a deck of the same regions for another year: new charts, warm browser
  (what a second download button click costs);
* ``pdf`` and ``xlsx`` - the report and the workbook for the same choice;
* ``pdf_font_cache`` - whether the PDF used the cached CJK font subset.

The target of issue 6 is a 10-region deck in under 20 s with the browser started once and reused
(``browser_start + pptx_cold``).  Prints one JSON object.  Each timing has a wall-clock value and
``*_cpu``, the CPU seconds of this process and its Chromium: on a machine shared with other work (see
``load_before``, ``os.getloadavg()``) the wall clock grows with the load, the CPU time does not.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _tree_cpu() -> float:
    """CPU seconds (user + system) of this process and every live descendant (Chromium), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    procs = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            rest = stat[stat.rindex(")") + 2:].split()
            procs[int(d.name)] = (int(rest[1]), (int(rest[11]) + int(rest[12])) / tick)
    me = os.getpid()
    total, todo = 0.0, [me]
    while todo:
        pid = todo.pop()
        total += procs.get(pid, (0, 0.0))[1]
        todo += [c for c, (ppid, _) in procs.items() if ppid == pid]
    return total


def main(argv=None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--regions", type=int, default=10)
    p.add_argument("--lang", default="zh")
    args = p.parse_args(argv)

    from metrics import Dataset, assess
    from export import build_report, images
    from export import pdf as P

    out: dict = {"python": platform.python_version(), "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    t = time.perf_counter()
    a = assess(Dataset.sample())
    out["assess_sample"] = round(time.perf_counter() - t, 2)
    ranks = a.ranks().xs(a.latest_year, level="year").sort_values()
    regions = list(ranks.index[:: max(1, len(ranks) // args.regions)][: args.regions])
    out["regions"] = regions

    t, c0 = time.perf_counter(), _tree_cpu()
    images.start()
    out["browser_start"] = round(time.perf_counter() - t, 2)
    out["browser_start_cpu"] = round(_tree_cpu() - c0, 2)

    def timed(name, fn):
        t0, c0 = time.perf_counter(), _tree_cpu()
        data = fn()
        out[name] = round(time.perf_counter() - t0, 2)
        out[name + "_cpu"] = round(_tree_cpu() - c0, 2)
        out[name + "_bytes"] = len(data)
        return data

    timed("pptx_cold", lambda: build_report(a, "pptx", regions=regions, lang=args.lang))
    timed("pptx_warm", lambda: build_report(a, "pptx", regions=regions, lang=args.lang))
    timed("pptx_other_year", lambda: build_report(a, "pptx", year=a.years[-2], regions=regions, lang=args.lang))
    out["pdf_font_cache"] = P.cached_fonts(start=False) is not None
    timed("pdf", lambda: build_report(a, "pdf", regions=regions, lang=args.lang))
    timed("xlsx", lambda: build_report(a, "xlsx", regions=regions, lang=args.lang))
    timed("xlsx_all_regions", lambda: build_report(a, "xlsx", lang=args.lang))
    out["deck_with_browser_start"] = round(out["browser_start"] + out["pptx_cold"], 2)
    out["target_seconds"] = 20
    out["load_after"] = os.getloadavg()
    images.stop()
    return out


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=2))
