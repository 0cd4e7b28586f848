#!/usr/bin/env bash
# Install what the tests need and run the whole suite: unit, Streamlit AppTest and
# Playwright browser tests (in Debian's Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m pip install -q -r requirements-test.txt
exec python3 -m pytest "$@"
