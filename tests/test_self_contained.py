"""The suite runs on a bare clone: no test reads data from beside the repository, and the reference
data it checks against is in tests/fixtures/, unchanged (its README lists each file's SHA-256)."""
import hashlib
import re
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

TESTS = ROOT / "tests"
# a path into a "shared" folder, however it is spelled: ../shared/..., "shared" / "reference", shared\ref
OUTSIDE = re.compile(r"""\bshared["']?\s*[/\\]+\s*["']?\w|\.\.[/\\]+shared\b|parents\[([3-9]|\d\]\.parent\b)""")
HERE = Path(__file__).resolve()


def test_no_file_under_tests_points_outside_the_repository():
    offending = []
    for path in sorted(TESTS.rglob("*")):
        if not path.is_file() or path.resolve() == HERE or path.suffix in (".pyc", ".png", ".xlsx", ".pdf"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue                          # the corpus's deliberately mis-encoded files
        for n, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offending.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offending, "tests must read tests/fixtures/, not ../shared/:\n" + "\n".join(offending)


def test_the_pattern_catches_the_old_spellings():
    for line in ['REF = Path(__file__).resolve().parents[3] / "shared" / "reference" / "asem"',
                 "data = '../shared/reference/tai/tai_raw_23.csv'", "open(r'..\\shared\\x.csv')",
                 'REF = Path(__file__).resolve().parents[2].parent / "data"', "# CI lays shared/ beside the clone"]:
        assert OUTSIDE.search(line), line
    for line in ['store.save_version("shared", files)', "def shared_runtime(monkeypatch):",
                 "from metrics.perception import shared_understanding", "ROOT = Path(__file__).parents[1]",
                 "url = f\"sqlite:///{tmp_path / 'shared.db'}\""]:
        assert not OUTSIDE.search(line), line


def test_fixtures_are_the_documented_files_unchanged():
    readme = (FIXTURES / "README.md").read_text("utf-8")
    listed = dict(re.findall(r"\| `([\w/.]+\.csv)` \| `([0-9a-f]{64})` \|", readme))
    present = {p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.csv")}
    assert set(listed) == present and len(present) == 3
    for name, digest in listed.items():
        assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() == digest, name
