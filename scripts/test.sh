#!/usr/bin/env bash
# Install what the tests need and run the whole suite: unit, Streamlit AppTest and
# Playwright browser tests (in Debian's Chromium). Extra arguments go to pytest.
# As root, it also installs Debian's postgresql and starts a throwaway server on loopback for the
# storage tests (scripts/test-postgres.sh); DGS_NO_POSTGRES=1 skips that, DGS_TEST_POSTGRES_URL uses yours.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=()
if [ "$(id -u)" -eq 0 ] && [ "${DGS_NO_POSTGRES:-0}" != "1" ] && [ -z "${DGS_TEST_POSTGRES_URL:-}" ]; then
  extra+=(postgresql)
fi
bash scripts/system-deps.sh ${extra[@]+"${extra[@]}"}
python3 -m pip install -q -r requirements-test.txt
source scripts/test-postgres.sh
python3 -m pytest "$@"
