"""Benchmark: validate and save a 1,000,000-row survey file (issue 5's speed target: < 20 s, < 2 GB).

    python bench/store_bench.py [--rows N] [--url SQLALCHEMY_URL] [--write]

The county workload's files (data/generate_sample.py: 2,844 synthetic regions x 10 years,
the 150-indicator benchmark framework with 30 survey items, about 1,000,000 responses)
are generated in one subprocess and written as CSV (the survey, the framework and the
region table); a second subprocess, whose peak resident memory is its own, then does
what the upload page does: ``store.validate_files`` on the uploaded bytes (the
preview and report) and ``Store.save_version`` (which reuses that parse and writes
the snapshot in one transaction; the survey CSV is stored zlib-compressed), then loads the version back from the database
with a cold cache, as the dashboard does after a restart.  ``--url`` stores into
that database (default: a fresh SQLite file in a temporary directory).
``--write`` adds the result to bench/results.json under ``store_save``.
"""
from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def generate(folder: Path, rows: int) -> dict:
    sys.path.insert(0, str(ROOT / "data"))
    import generate_sample as gen

    t = time.perf_counter()
    fw = gen.make_benchmark_framework(150, 30)
    n_regions = 2844
    per_cell = rows / (n_regions * 10)  # respondents per region and year
    lo, hi = max(1, round(per_cell * 0.85)), max(1, round(per_cell * 1.15))
    regions = gen.make_regions(n_regions)
    _, survey = gen.generate(fw, regions, years=range(2015, 2025), respondents=(lo, hi), seed=1, messy=False)
    fw.to_csv(folder / "framework.csv", index=False, lineterminator="\n")
    regions.to_csv(folder / "regions.csv", index=False, lineterminator="\n")
    survey.to_csv(folder / "survey.csv", index=False, lineterminator="\n")
    return {"rows": len(survey), "generate_seconds": round(time.perf_counter() - t, 1)}


def save(folder: Path, url: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from store import Store
    from store.parse import clear_cache, validate_files

    files = {k: (f"{k}.csv", (folder / f"{k}.csv").read_bytes()) for k in ("survey", "framework", "regions")}
    rss_files = _rss_mb()
    store = Store(url)
    t0, c0 = time.perf_counter(), time.process_time()
    report, ds = validate_files(files)
    t1, c1 = time.perf_counter(), time.process_time()
    if ds is None:
        raise SystemExit("validation failed:\n" + "\n".join(p.text() for p in report.errors[:10]))
    v = store.save_version("county survey 1M", files, description="bench")
    t2, c2 = time.perf_counter(), time.process_time()
    rss_saved = _rss_mb()
    del ds, report
    clear_cache()
    t3 = time.perf_counter()
    loaded = store.load_dataset(v.dataset_id, v.version)
    t4 = time.perf_counter()
    assert loaded.fingerprint == v.fingerprint
    return {"backend": store.backend, "survey_rows": int(len(loaded.survey.frame)),
            "survey_mb": round(len(files["survey"][1]) / 2**20, 1),
            "validate_seconds": round(t1 - t0, 2), "save_seconds": round(t2 - t1, 2),
            "validate_and_save_seconds": round(t2 - t0, 2),
            # CPU time of this process (all threads): the same figures, unaffected by other load
            "validate_cpu_seconds": round(c1 - c0, 2), "save_cpu_seconds": round(c2 - c1, 2),
            "peak_rss_mb_validate_and_save": round(rss_saved, 1), "rss_mb_raw_files": round(rss_files, 1),
            "load_seconds_cold": round(t4 - t3, 2), "peak_rss_mb_with_load": round(_rss_mb(), 1),
            "warnings": len(validate_files(files)[0].warnings)}


def _run(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-3000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv[:1] == ["--generate"]:
        print(json.dumps(generate(Path(argv[1]), int(argv[2]))))
        return
    if argv[:1] == ["--save"]:
        print(json.dumps(save(Path(argv[1]), argv[2])))
        return
    rows = int(argv[argv.index("--rows") + 1]) if "--rows" in argv else 1_000_000
    with tempfile.TemporaryDirectory(prefix="dgs-bench-") as tmp:
        folder = Path(tmp)
        url = argv[argv.index("--url") + 1] if "--url" in argv else f"sqlite:///{folder / 'bench.db'}"
        print(f"generating about {rows:,} survey rows ...", file=sys.stderr)
        gen = _run(["--generate", str(folder), str(rows)])
        print(json.dumps(gen), file=sys.stderr)
        print("validating and saving ...", file=sys.stderr)
        result = {**_run(["--save", str(folder), url]), "generate_seconds": gen["generate_seconds"],
                  "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                              "date": time.strftime("%Y-%m-%d")}}
    if "--write" in argv:
        path = HERE / "results.json"
        old = json.loads(path.read_text()) if path.exists() else {}
        old["store_save"] = result
        path.write_text(json.dumps(old, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
