"""协同治理评估 · Data Governance Synergy — the dashboard's entry point.

Builds the page configuration, the shared sidebar (language, dataset, year,
method) and the navigation; every page is a thin script in ``pages/``.
Run with ``streamlit run dashboard.py`` (see the README).
"""
import streamlit as st

from ui.i18n import t
from ui.state import sidebar

st.set_page_config(page_title="协同治理评估 · Data Governance Synergy", page_icon="🧭", layout="wide")

ctx = sidebar()
st.session_state["ctx"] = ctx

PAGES = [
    ("pages/overview.py", "page_overview", ":material/dashboard:", True),
]
nav = st.navigation([st.Page(path, title=t(key), icon=icon, default=default)
                     for path, key, icon, default in PAGES])
nav.run()
