"""协同治理评估 · Data Governance Synergy — the dashboard's entry point.

Builds the page configuration, the shared sidebar (language, dataset, year,
method) and the navigation; every page is a thin script in ``views/``, run inside
:func:`ui.guard.run_guarded` (an error is a friendly message with a reference, logged in full).
Run with ``streamlit run dashboard.py`` (see the README).
"""
from pathlib import Path

import streamlit as st

from ui.guard import run_guarded
from ui.i18n import t
from ui.layout import inject as layout_rules
from ui.state import sidebar

st.set_page_config(page_title="协同治理评估 · Data Governance Synergy", page_icon="🧭", layout="wide")

HERE = Path(__file__).parent
PAGES = [
    ("views/overview.py", "page_overview", ":material/dashboard:", True),
    ("views/profile.py", "pr_view_profile", ":material/location_city:", False),
    ("views/compare.py", "page_compare", ":material/compare_arrows:", False),
    ("views/synergy.py", "page_synergy", ":material/hub:", False),
    ("views/methods.py", "page_methods", ":material/functions:", False),
    ("views/data.py", "page_data", ":material/upload_file:", False),
    ("views/present.py", "page_present", ":material/slideshow:", False),
]


def main() -> None:
    """The layout rules, the sidebar, then the page chosen in the navigation."""
    layout_rules()
    ctx = sidebar()
    st.session_state["ctx"] = ctx
    nav = st.navigation([st.Page(path, title=t(key), icon=icon, default=default, url_path=Path(path).stem)
                         for path, key, icon, default in PAGES if (HERE / path).exists()])
    nav.run()


# every page's unexpected error ends here: a friendly message with a reference, the traceback in the log
run_guarded(main, "dashboard")
