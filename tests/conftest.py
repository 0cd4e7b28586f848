"""Shared test configuration."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
ARTIFACTS = ROOT / "test-artifacts"
# reference data the tests check against, kept in the repository (tests/fixtures/README.md: source, licence)
FIXTURES = ROOT / "tests" / "fixtures"
ASEM = FIXTURES / "asem"
TAI = FIXTURES / "tai" / "tai_raw_23.csv"
