#!/usr/bin/env bash
# Install what the dashboard needs and start it on the bundled sample data.
# The embedded SQLite database is created under var/ on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m pip install -q -r requirements.txt
# ui/serve.py: the libraries imported and the maps' geometry built before the first visitor, then
# `streamlit run dashboard.py` with these options
exec python3 -m ui.serve --server.headless true --browser.gatherUsageStats false "$@"
