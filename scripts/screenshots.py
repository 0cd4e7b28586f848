"""Retake the README's dashboard screenshots (docs/images/dashboard-*.png).

    python scripts/screenshots.py            # every shot below, into docs/images/
    python scripts/screenshots.py --out /tmp/shots --only overview

Starts the dashboard on a free port with a throwaway database (the sample data), opens each view in
Debian's Chromium at 1440×900 and at 1024×768, in Chinese and in English, and saves it as
``dashboard-<view>-<lang>-<width>x<height>.png``: a page's first two screens (laid out at that window
size), a presentation slide as the screen shows it.  The same server and browser set-up as the
browser tests (``tests/e2e/conftest.py``); needs the test requirements (Playwright) and ``chromium``.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import LAUNCH, streamlit_server, wait_idle  # noqa: E402

SIZES = [(1440, 900), (1024, 768)]
LANGS = ("zh", "en")
#: view -> (path, an element that shows the view has rendered)
VIEWS = {
    "overview": ("/", '[data-testid="stPlotlyChart"]'),
    "profile": ("/profile?region=440000", '[data-testid="stPlotlyChart"]'),
    "compare": ("/compare", '[data-testid="stPlotlyChart"]'),
    "synergy": ("/synergy", '[data-testid="stPlotlyChart"]'),
    "present": ("/present?deck=profile&regions=440000&play=1", '[data-testid="stPlotlyChart"]'),
}


def small(file: Path) -> None:
    """Re-save a screenshot with a 256-colour palette (a third of the size; Pillow comes with Streamlit)."""
    from PIL import Image

    with Image.open(file) as im:
        shot = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    shot.save(file, optimize=True)


def take(url: str, out: Path, only: list[str]) -> list[Path]:
    """Every (view, language, size) shot of ``only``; the files written."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**LAUNCH)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page.set_default_timeout(60000)
        page.goto(url + "/?lang=zh")  # a fresh server's first session runs a page alone once
        wait_idle(page)
        for view in only:
            path, ready = VIEWS[view]
            for lang in LANGS:
                for width, height in SIZES:
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(url + path + ("&" if "?" in path else "?") + f"lang={lang}")
                    wait_idle(page)
                    page.locator(ready).first.wait_for()
                    page.wait_for_timeout(800)  # charts finish drawing
                    if "play=1" not in path:  # the page's first two screens (Streamlit scrolls inside stMain)
                        tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                        page.set_viewport_size({"width": width, "height": min(int(tall), 2 * height)})
                        page.wait_for_timeout(300)
                    file = out / f"dashboard-{view}-{lang}-{width}x{height}.png"
                    page.screenshot(path=str(file))
                    small(file)
                    written.append(file)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNG files")
    ap.add_argument("--only", nargs="*", choices=sorted(VIEWS), default=list(VIEWS), help="views to take")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(Path(tmp) / "shots.db") as url:
        for file in take(url, args.out, args.only):
            print(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
