"""Start the dashboard warm: ``python -m ui.serve [streamlit run options]`` (what ``scripts/run.sh`` runs).

A fresh ``streamlit run dashboard.py`` imports the pages' libraries (pandas, Plotly, SQLAlchemy, PyArrow and
this project's packages: 2-3 s on a 2-core machine) and builds the national map's geometry (the
projected county boundaries, the painted map's pixels and hover points: ~1 s) inside the first visitor's
page view.  This launcher does that work before the server takes its first request, in the same process,
then hands over to Streamlit's own command line (``streamlit run dashboard.py`` with the options given), so
every visitor's first view starts with them ready (issue 11: the county Overview's first view).

It also turns off NumPy's request for transparent huge pages on its large arrays (``NUMPY_MADVISE_HUGEPAGE=0``,
unless set otherwise): where the kernel compacts memory to find a huge page on the first touch of such an
array (``/sys/kernel/mm/transparent_hugepage/defrag`` = ``madvise``, Debian's default), every fresh 20-60 MB
array of a county table costs tens of milliseconds of system time. Opening and assessing the county version
in a fresh process: 2.0-3.3 s -> 0.9-1.0 s (2.8 -> 0.4 s of it system time; ``bench/README.md``). The arrays
here are short-lived and a few tens of MB: huge pages save them nothing.

Only work that does not depend on a dataset is done here (no dataset is opened or assessed: which ones a
server will be asked for is not known, and their memory would be spent for nothing).  Each step that fails
is logged and skipped: the page then does it on first use, as without this launcher.  Set
``DGS_WARM=0`` to start without it.
"""
from __future__ import annotations

import importlib
import io
import logging
import os
import pkgutil
import sys
import time
from pathlib import Path

# before NumPy is imported (it reads this once); see the module docstring
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

ROOT = Path(__file__).resolve().parent.parent
_LOG = logging.getLogger(__name__)

#: Packages whose every module a page may import (``export`` too: the pages' download buttons).
PACKAGES = ("texts", "metrics", "store", "charts", "viewmodels", "export", "ui")
#: Modules not imported ahead: command-line tools and this launcher (importing a ``__main__`` runs it).
SKIP = ("__main__", "ui.serve", "metrics.cli", "store.cli")


def _imports() -> None:
    # Streamlit first, as in a page run: importing its Plotly element sets Plotly's default template to
    # Streamlit's, which :mod:`charts` then replaces with the dashboard's (the other order would leave every
    # chart in Streamlit's colours)
    import streamlit.elements.plotly_chart  # noqa: F401
    import streamlit.runtime.caching.cache_data_api  # noqa: F401 - its logger exists (and has its level) now
    # Streamlit says "No runtime found" for each cache decorator with a time to live met before the server
    # runs: true and harmless here (the caches are made on first call, by then in the runtime)
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}."):
            if not info.name.endswith(SKIP) and info.name not in SKIP:
                importlib.import_module(info.name)
    import plotly.graph_objects as go
    import plotly.io as pio
    pio.to_json(go.Figure(go.Bar(x=[1], y=[1])), validate=False)  # the default template and the JSON engine


def _geometry() -> None:
    """The painted national map's geometry (:mod:`metrics.geo`) and the pickers' English unit names."""
    from metrics import geo, hierarchy

    geo.prepare_national_map()
    hierarchy.prepare_english_names()


def _parquet() -> None:
    """PyArrow's first read (its memory pool and thread pool: 0.2-0.5 s) and the database's first query."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({"x": [1.0]}), buf, compression="zstd")
    pq.read_table(io.BytesIO(buf.getvalue()))
    from store import get_store
    get_store().list_datasets(user=None, include_hidden=True)


STEPS = (("imports", _imports), ("geometry", _geometry), ("parquet and database", _parquet))


def warm() -> dict[str, float]:
    """Run :data:`STEPS`; seconds per step (``nan`` for one that failed and was skipped)."""
    took = {}
    for name, step in STEPS:
        t0 = time.perf_counter()
        try:
            step()
            took[name] = round(time.perf_counter() - t0, 2)
        except Exception:  # noqa: BLE001 - a warm-up step is an optimisation: the page does it on first use
            _LOG.warning("warm-up step %r failed; the first page view will do it", name, exc_info=True)
            took[name] = float("nan")
    return took


def main(argv: list[str] | None = None) -> None:
    """Warm up (unless ``DGS_WARM=0``), then run ``streamlit run dashboard.py`` with ``argv``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("DGS_WARM", "1") != "0":
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        took = warm()
        print("warm-up: " + ", ".join(f"{k} {v:g} s" for k, v in took.items()), flush=True)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *args]
    sys.exit(cli.main(prog_name="streamlit"))


if __name__ == "__main__":
    main()
