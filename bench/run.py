"""Benchmarks: python bench/run.py [assess|uncertainty|pages|target|county|all|browser] [--write]

Each benchmark runs in its own subprocess so that its peak memory (ru_maxrss)
is its own.  ``--write`` stores the results in bench/results.json.
"""
from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_assess(workload: str) -> dict:
    sys.path.insert(0, str(HERE))
    import workloads
    from metrics import Dataset, assess

    t0 = time.perf_counter()
    ds = getattr(workloads, workload)()
    t_build = time.perf_counter() - t0
    n_resp = len(ds.survey.frame)
    rss_before = _rss_mb()
    times = []
    for i in range(3 if workload == "province" else 2):
        fresh = Dataset(ds.framework, ds.indicators, ds.survey, ds.regions)  # no cached survey aggregation
        t = time.perf_counter()
        a = assess(fresh)
        times.append(time.perf_counter() - t)
    return {"workload": workload, "regions": int(a.scores.index.get_level_values(0).nunique()),
            "years": len(a.years), "indicators": len(ds.framework.indicators),
            "survey_items": len(ds.survey.items), "responses": int(n_resp),
            "assess_seconds": [round(x, 3) for x in times], "best_seconds": round(min(times), 3),
            "peak_rss_mb": round(_rss_mb(), 1), "rss_before_assess_mb": round(rss_before, 1),
            "generate_seconds": round(t_build, 2)}


def bench_uncertainty() -> dict:
    from metrics import Dataset, Spec, load_framework
    from metrics.uncertainty import naive_ranks, uncertainty
    ref = ROOT / "tests" / "fixtures" / "asem"   # COINr's ASEM example, kept in the repository
    ds = Dataset.load(ref / "ASEM_iData.csv", framework=load_framework(ref / "ASEM_iMeta.csv"))
    uncertainty(ds, runs=10, normalize=("minmax", "zscore"))  # warm-up (imports)
    out = {}
    for sens in (False, True):
        t = time.perf_counter()
        r = uncertainty(ds, runs=500, seed=1, weight_noise=0.25, normalize=("minmax", "zscore"), sensitivity=sens)
        out["vectorised_sensitivity" if sens else "vectorised"] = {
            "seconds": round(time.perf_counter() - t, 3), "evaluations": r.evaluations,
            "mean_band": round(r.mean_band, 3)}
    d = r.design
    t = time.perf_counter()
    naive = naive_ranks(ds, Spec(), r.weight_pool[d["weights"].to_numpy()], r.nodes, list(d["normalize"]),
                        list(d["aggregate"]), r.year)
    out["naive_rerun_assess"] = {"seconds": round(time.perf_counter() - t, 2), "evaluations": len(naive),
                                 "identical_ranks": bool((naive == r.samples).all())}
    out["peak_rss_mb"] = round(_rss_mb(), 1)
    return out


def bench_pages() -> dict:
    """Server time of page reruns on the province (sample) data, through Streamlit's AppTest."""
    from streamlit.testing.v1 import AppTest
    out = {}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "zh"
    t = time.perf_counter()
    at.run()
    out["first_load_seconds"] = round(time.perf_counter() - t, 3)
    pages = [p for p in ("overview", "profile", "compare", "synergy", "methods") if (ROOT / f"views/{p}.py").exists()]
    for p in pages:
        at.switch_page(f"views/{p}.py")
        at.run()
        times = []
        for _ in range(5):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        out[f"{p}_rerun_ms"] = round(1000 * sorted(times)[len(times) // 2], 1)
    # change of year and region
    at.switch_page("views/overview.py")
    at.run()
    times = []
    for y in (2023, 2022, 2024):
        at.selectbox(key="year").set_value(y)
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    out["year_change_ms"] = round(1000 * max(times), 1)
    return out


def bench_target() -> dict:
    """Path to target on the province workload: every region of the latest year, target ``level:next``.

    Per region: the solver alone (``verify=False``) for one plan and for all three plans, then the three
    plans with their re-assessment (one ``assess`` per plan).  Wall-clock and process CPU time.
    """
    sys.path.insert(0, str(HERE))
    import numpy as np
    import workloads
    from metrics import Spec, assess
    from metrics.target import PLANS, TargetSolver

    ds = workloads.province()
    out = {}
    for name, spec in (("arithmetic", Spec()), ("geometric", Spec(aggregate="geometric", scale=(1, 100))),
                       ("topsis", Spec(aggregate="topsis"))):
        a = assess(ds, spec)
        year = a.latest_year
        regions = list(a.scores.xs(year, level="year").index)
        TargetSolver(a).solve(regions[0], year, "level:next", verify=False)  # warm-up (imports, measures file)
        t = time.perf_counter()
        solver = TargetSolver(a)
        build = time.perf_counter() - t
        res = {"build_ms": round(1000 * build, 1), "regions": len(regions)}
        for label, plans, verify in (("one_plan", ("cheapest",), False), ("three_plans", PLANS, False),
                                     ("three_plans_verified", PLANS, True)):
            if verify and name != "arithmetic":
                continue
            wall, cpu, methods = [], [], {}
            for r in regions:
                t, c = time.perf_counter(), time.process_time()
                for k in plans:
                    p = solver.solve(r, year, "level:next", k, verify=verify)
                    methods[p.method] = methods.get(p.method, 0) + 1
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            res[label] = {"median_ms": round(1000 * float(np.median(wall)), 1), "p90_ms": round(
                1000 * float(np.percentile(wall, 90)), 1), "max_ms": round(1000 * max(wall), 1),
                "cpu_median_ms": round(1000 * float(np.median(cpu)), 1), "methods": methods}
        out[name] = res
    return out


def bench_county_open(url: str, key: str) -> dict:
    """A fresh server's first views of a saved county dataset, back end only: open the version, assess,
    the synergy page's and the overview's diagnostics (as ``ui.state.diag`` calls them), wall and CPU."""
    from metrics import assess
    from metrics import diagnostics as d
    from metrics.fieldwork import cell_counts, thin_scores
    from store import Store

    did, ver = key[len("db:"):].split("@")
    out, t00 = {}, time.perf_counter()

    def step(name, fn):
        t, c = time.perf_counter(), time.process_time()
        r = fn()
        out[name] = {"wall": round(time.perf_counter() - t, 2), "cpu": round(time.process_time() - c, 2)}
        return r

    store = Store(url)
    ds = step("open", lambda: store.load_dataset(int(did), int(ver)))
    step("fingerprint", lambda: ds.fingerprint)
    out["answers_read_at_open"] = ds.survey.frame_loaded  # false: the assessment ran on the snapshot's cells
    a = step("assess", lambda: assess(ds))
    y = a.latest_year
    step("survey_answers", lambda: ds.survey.frame)  # decoded when first asked for (pages that count respondents)
    step("synergy_page_diagnostics", lambda: (d.synergy(a, year=y), d.perception(a, year=y),
                                              d.perception_by_subdim(a, year=y), d.disparity_over_time(a)))
    counts = step("fieldwork_counts", lambda: cell_counts(a.survey_frame))
    step("overview_diagnostics", lambda: (d.synergy(a, year=y), d.change(a, start=y - 1, end=y),
                                          thin_scores(counts, ds.framework, y)))
    step("another_year", lambda: (d.synergy(a, year=y - 1), d.change(a, start=y - 2, end=y - 1),
                                  thin_scores(counts, ds.framework, y - 1)))
    out["first_synergy_view_backend"] = {k: round(sum(out[s][k] for s in (
        "open", "fingerprint", "assess", "survey_answers", "synergy_page_diagnostics")), 2) for k in ("wall", "cpu")}
    out["first_overview_backend"] = {k: round(sum(out[s][k] for s in (
        "open", "assess", "survey_answers", "fieldwork_counts", "overview_diagnostics")), 2) for k in ("wall", "cpu")}
    out["total_wall"] = round(time.perf_counter() - t00, 2)
    out["peak_rss_mb"] = round(_rss_mb(), 1)
    return out


def bench_county() -> dict:
    """The county workload generated (or read from ``DGS_BENCH_COUNTY_DIR``), imported with
    ``python -m store import`` into a fresh SQLite database, then opened by fresh processes: from its
    snapshot, and as a version saved before snapshots (parsed from its files and converted)."""
    import os
    import shutil
    import sqlite3
    import tempfile

    sys.path.insert(0, str(HERE))
    from workloads import county_files, import_files

    out = {}
    with tempfile.TemporaryDirectory(prefix="dgs-county-") as tmp:
        folder = Path(os.environ.get("DGS_BENCH_COUNTY_DIR") or tmp)
        if not (folder / "survey.csv").exists():
            out["generate"] = county_files(folder)
        url = f"sqlite:///{Path(tmp) / 'county.db'}"
        key, out["import_seconds"] = import_files(folder, url)
        out["from_snapshot"] = _child("county_open", url, key)
        legacy = Path(tmp) / "legacy.db"
        shutil.copy(Path(tmp) / "county.db", legacy)
        con = sqlite3.connect(legacy)
        con.execute("DELETE FROM dgs_snapshots")
        con.commit()
        con.close()
        out["saved_before_snapshots"] = _child("county_open", f"sqlite:///{legacy}", key)
    return out


def _child(name: str, *args: str) -> dict:
    cmd = [sys.executable, __file__, "--child", name, *args]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-3000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        sys.path.insert(0, str(ROOT))
        name = argv[1]
        fn = {"province": lambda: bench_assess("province"), "county": lambda: bench_assess("county"),
              "uncertainty": bench_uncertainty, "pages": bench_pages, "target": bench_target,
              "county_open": lambda: bench_county_open(*argv[2:4])}[name]
        print(json.dumps(fn()))
        return
    if argv[:1] == ["browser"]:  # the browser benchmark has options of its own (bench/browser.py --help)
        sys.path.insert(0, str(ROOT))
        import browser
        browser.main(argv[1:])
        return
    what = [a for a in argv if not a.startswith("--")] or ["all"]
    names = {"assess": ["province", "county"], "uncertainty": ["uncertainty"], "pages": ["pages"],
             "target": ["target"], "county": ["county_dashboard"],
             "all": ["province", "county", "uncertainty", "pages", "target", "county_dashboard"]}
    todo = [n for w in what for n in names.get(w, [w])]
    results = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                           "platform": platform.platform(), "date": time.strftime("%Y-%m-%d")}}
    for n in todo:
        print(f"running {n} ...", file=sys.stderr)
        results[n] = bench_county() if n == "county_dashboard" else _child(n)
        print(json.dumps(results[n], indent=2), file=sys.stderr)
    if "--write" in argv:
        path = HERE / "results.json"
        old = json.loads(path.read_text()) if path.exists() else {}
        old.update(results)
        path.write_text(json.dumps(old, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
