"""Every command in the README runs, so a documented example can never fail again.

The fenced ``bash`` blocks are read from README.md (continuation lines joined, comments dropped) and
each command is run as written, in a temporary directory that holds the sample files under the
README's placeholder names (``indicators.csv`` is the bundled sample, ``ASEM_iData.csv`` COINr's
example from tests/fixtures, ...).  Each must exit 0 and its ``--out`` file must read back.  The
``python`` block runs in the same directory.  The server scripts are checked differently:
``./scripts/run.sh --server.port P`` must answer /_stcore/health and is then stopped;
``./scripts/test.sh`` is not run again from inside the suite, only checked to be what CI runs.
The options listed for ``assess`` are each accepted, with the sample data.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import textwrap
import tomllib
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ASEM, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = ROOT / "data" / "sample"
# the README's placeholder file names -> the files that stand in for them
PLACEHOLDERS = {
    "indicators.csv": SAMPLE / "indicators.csv",
    "survey.csv": SAMPLE / "survey.csv",
    "survey.xlsx": SAMPLE / "survey.csv",          # converted to .xlsx in the work directory
    "ASEM_iData.csv": ASEM / "ASEM_iData.csv",
    "ASEM_iMeta.csv": ASEM / "ASEM_iMeta.csv",
    "framework.csv": ROOT / "data" / "framework.csv",
    "regions.csv": ROOT / "data" / "regions.csv",
}
COMMANDS = {("python", "-m", "metrics"), ("python", "-m", "export"), ("python", "-m", "store")}
SERVER_SCRIPTS = ("./scripts/run.sh", "./scripts/test.sh")


def blocks(lang: str) -> list[str]:
    """The bodies of the README's fenced blocks in ``lang`` (also those indented in a list item)."""
    return [textwrap.dedent(b) for b in re.findall(rf"^[ \t]*```{lang}\n(.*?)^[ \t]*```", README, flags=re.M | re.S)]


def commands() -> list[list[str]]:
    """Every command of the README's bash blocks, as argument lists."""
    out = []
    for body in blocks("bash"):
        for line in body.replace("\\\n", " ").splitlines():
            argv = shlex.split(line, comments=True)
            if argv:
                out.append(argv)
    return out


def _id(argv: list[str]) -> str:
    out = argv[argv.index("--out") + 1] if "--out" in argv else None
    return " ".join(argv[:4 if argv[0] == "python" else 1]) + (f" > {out}" if out else "")


CLI = [c for c in commands() if c[0] not in SERVER_SCRIPTS]


def test_the_readme_has_the_commands_this_test_knows():
    """A new kind of command in the README must be taught to this test, not silently skipped."""
    cmds = commands()
    assert len(CLI) >= 8, [_id(c) for c in CLI]
    assert {tuple(c[:3]) for c in CLI} <= COMMANDS, [c for c in CLI if tuple(c[:3]) not in COMMANDS]
    assert {c[0] for c in cmds} - {"python"} == set(SERVER_SCRIPTS)
    assert len(blocks("python")) == 1
    known = {"bash", "python", "toml", "nginx", ""}
    assert set(re.findall(r"^[ \t]*```(\w*)\n", README, flags=re.M)) <= known


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A directory with the sample files under the README's names, and data/ as in the repository
    (one for the module: the .xlsx copy of the survey takes a while to write)."""
    path = tmp_path_factory.mktemp("readme")
    for name, src in PLACEHOLDERS.items():
        if name.endswith(".xlsx"):
            pd.read_csv(src, dtype=str, keep_default_na=False).to_excel(path / name, index=False)
        else:
            (path / name).write_bytes(src.read_bytes())
    (path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    return path


def read_back(path: Path) -> int:
    """Open an output file with an independent reader; returns how many rows/records/pages/slides it has."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return len(pd.read_csv(path, encoding="utf-8-sig"))
    if suffix == ".xlsx":
        return sum(len(df) for df in pd.read_excel(path, sheet_name=None, engine="openpyxl").values())
    if suffix == ".json":
        return len(json.loads(path.read_text(encoding="utf-8")))
    if suffix == ".pdf":
        from pypdf import PdfReader
        pages = PdfReader(path).pages
        assert pages[0].extract_text().strip()
        return len(pages)
    if suffix == ".pptx":
        from pptx import Presentation
        return len(Presentation(path).slides)
    raise AssertionError(f"no reader for {path.name}")


@pytest.mark.slow
@pytest.mark.parametrize("argv", CLI, ids=[_id(c) for c in CLI])
def test_readme_command_runs(argv, workdir):
    """The documented command, as written, with the sample data (the uncertainty example exited 1 while
    geometric aggregation could not be drawn with z-scores: issue 9 item 6)."""
    files = [a for a in argv if a in PLACEHOLDERS or a.startswith("data/")]
    assert all((workdir / f).exists() for f in files), files
    out = workdir / argv[argv.index("--out") + 1] if "--out" in argv else None
    if out is not None:
        out.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if argv[2] == "store":  # an import: into a database of its own
        env["DGS_DATABASE_URL"] = f"sqlite:///{workdir / 'readme-store.db'}"
    r = subprocess.run([sys.executable, *argv[1:]], cwd=workdir, env=env, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, f"{shlex.join(argv)}\nexit {r.returncode}\n{r.stderr[-3000:]}{r.stdout[-3000:]}"
    if argv[2] == "store":
        assert r.stdout.strip().splitlines()[-1].startswith("?dataset=db:"), r.stdout[-500:]
    if out is not None:
        assert out.exists(), shlex.join(argv)
        assert read_back(out) > 0, out.name


def test_readme_python_snippet_runs(workdir, monkeypatch):
    """The Python example, in the directory where indicators.csv and survey.csv are the sample's."""
    (code,) = blocks("python")
    monkeypatch.chdir(workdir)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)     # noqa: S102 - the README's own example
    a, b = scope["a"], scope["b"]
    assert len(a.results(lang="en")) > 0 and a.spec.weights == "entropy"
    assert b.spec.aggregate == "geometric" and b.spec.scale == (1, 100) and b.spec.weights == "entropy"


def test_readme_toml_example_parses():
    (toml,) = blocks("toml")
    assert tomllib.loads(toml)["database"]["url"].startswith("postgresql+psycopg://")


# ------------------------------------------------------------------ the options listed for assess
def option_values() -> list[tuple[str, str]]:
    """``(option, value)`` for every value of every option in the README's "Options of `assess`"."""
    para = README[README.index("Options of `assess`"):]
    para = para[:para.index("\n\n")]
    out = []
    for opt, values in re.findall(r"`(--[\w-]+)(?: ([^`]+))?`", para):
        for v in (values.split("|") if values else [""]):
            out.append((opt, v))
    return out


def ahp_file(path: Path) -> Path:
    """Equal judgements for every parent of the default framework (rows ``parent,a,b,value``)."""
    from metrics import default_framework
    fw = default_framework()
    rows = [(p, a, b, 1) for p in fw.aggregates for a, b in combinations(fw.children[p], 2)]
    pd.DataFrame(rows, columns=["parent", "a", "b", "value"]).to_csv(path, index=False)
    return path


OPTIONS = option_values()
# what an option needs beside it to mean anything (the README: "used only with --weights pca / --aggregate topsis")
PCA = ["--weights", "pca"]
CONTEXT = {"--pca-retain": PCA, "--pca-threshold": PCA, "--no-kaiser": PCA, "--topsis-norm": ["--aggregate", "topsis"],
           "geometric": ["--scale", "1,100"],     # the geometric mean needs positive scores (as in COINr)
           "count": ["--pca-threshold", "3"]}     # the first T factors: T has no default
# the paragraph's placeholders, with values for the sample data (COL: the region table's group column)
PLACEHOLDER_VALUES = {"LO,HI": "1,100", "T": "1", "group-mean:COL": "group-mean:group",
                      "group-median:COL": "group-median:group"}


def test_the_options_paragraph_is_read():
    opts = {o for o, _ in OPTIONS}
    assert {"--normalize", "--scale", "--weights", "--aggregate", "--impute", "--treat", "--group-weights",
            "--by-year", "--lang"} <= opts, opts
    assert ("--weights", "ahp:FILE") in OPTIONS and ("--impute", "group-mean:COL") in OPTIONS


@pytest.mark.parametrize("opt,value", OPTIONS, ids=[f"{o} {v}".strip() for o, v in OPTIONS])
def test_every_documented_assess_option_is_accepted(opt, value, tmp_path, capsys):
    from metrics.cli import main

    value = f"ahp:{ahp_file(tmp_path / 'ahp.csv')}" if value == "ahp:FILE" else PLACEHOLDER_VALUES.get(value, value)
    args = ([opt, value] if value else [opt]) + CONTEXT.get(opt, []) + CONTEXT.get(value, [])
    out = tmp_path / "scores.csv"
    code = main(["assess", "--data", str(SAMPLE / "indicators.csv"), "--survey", str(SAMPLE / "survey.csv"),
                 *args, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert read_back(out) > 0


# ------------------------------------------------------------------ the server scripts
def test_test_script_is_what_ci_runs():
    """``./scripts/test.sh`` is not run from inside the suite (it runs the suite); it must exist, be
    executable, pass its arguments to pytest, and be what .ci/run calls."""
    script = ROOT / "scripts" / "test.sh"
    assert os.access(script, os.X_OK)
    assert re.search(r'^python3 -m pytest "\$@"$', script.read_text(), flags=re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^bash scripts/test\.sh\b", ci, flags=re.M), ci
    for sh in [*(ROOT / "scripts").glob("*.sh"), ROOT / ".ci" / "run"]:
        r = subprocess.run(["bash", "-n", str(sh)], capture_output=True, text=True)
        assert r.returncode == 0, (sh.name, r.stderr)


@pytest.mark.slow
def test_run_script_serves_the_dashboard(tmp_path):
    """``./scripts/run.sh --server.port P`` (the README's example with a free port) answers the health check."""
    from tests.e2e.conftest import _free_port, wait_healthy

    assert ["./scripts/run.sh"] in commands()
    assert "`./scripts/run.sh --server.port 8600`" in README
    port = _free_port()
    log = tmp_path / "run.log"
    env = dict(os.environ, DGS_DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}")
    with open(log, "wb") as out:
        proc = subprocess.Popen(["./scripts/run.sh", "--server.port", str(port), "--server.address", "127.0.0.1"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, log, seconds=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)      # run.sh and whatever it started (its own group)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert "Uvicorn server started" in log.read_text() or "You can now view" in log.read_text()


def test_every_readme_image_exists_and_the_screenshot_script_writes_the_ones_it_shows():
    """The README's pictures are files in the repository, and each dashboard screenshot it links is one
    that ``scripts/screenshots.py`` retakes (every view, both languages, 1440×900 and 1024×768)."""
    import importlib.util

    linked = set(re.findall(r"\((docs/images/[^)\s]+\.png)\)", README))
    assert linked and all((ROOT / p).is_file() for p in linked), sorted(p for p in linked if not (ROOT / p).is_file())
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    shots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shots)
    for prefix, views in (("dashboard", shots.VIEWS), ("county", shots.COUNTY_VIEWS)):
        taken = {f"docs/images/{prefix}-{v}-{lang}-{w}x{h}.png" for v in views for lang in shots.LANGS
                 for w, h in shots.SIZES}
        assert {p for p in linked if p.startswith(f"docs/images/{prefix}-")} == taken, prefix
