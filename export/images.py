"""Plotly figures to PNG and SVG through kaleido 1.x and one long-lived Chromium.

kaleido 1.x drives an installed Chromium (Debian's ``chromium``); starting it
costs about 3 s, a render then about 0.2-0.5 s.  This module starts the
browser once, on first use (or :func:`start`), and reuses it for every image
of every export, from any thread (Streamlit runs each session in its own
thread).

Why not ``kaleido.start_sync_server()``: with kaleido 1.5 that server's
thread dies if the browser cannot start, and every later call then waits
forever (``Queue.join``); and it hands results back through one shared queue,
so two threads rendering at once can receive each other's image.  Here one
asyncio loop in a daemon thread owns a :class:`kaleido.Kaleido`; callers
submit with :func:`asyncio.run_coroutine_threadsafe` and wait with a timeout,
so a missing or crashed browser becomes a clear :class:`ImageExportError`
(in Chinese and English) instead of a hang.

Chinese renders when Debian's ``fonts-noto-cjk`` is installed: the figures use
``charts.FONT`` (Noto Sans CJK SC first).  Without the font, Chromium draws
empty boxes; :func:`cjk_font_path` tells whether it is there.

>>> import plotly.graph_objects as go
>>> png = figure_bytes(go.Figure(go.Bar(x=["北京"], y=[1])), "png", 400, 300, 1)  # doctest: +SKIP
>>> png[:4]  # doctest: +SKIP
b'\\x89PNG'
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import hashlib
import json
import logging
import os
import shutil
import threading
from collections import OrderedDict
from pathlib import Path

from .errors import ExportError
from .i18n import both

log = logging.getLogger(__name__)

FORMATS = ("png", "svg", "jpeg")   # jpeg: for the PDF report, where fpdf2 embeds it without re-encoding
#: Presentation resolution: 1600 x 900 layout pixels at scale 2 (3200 x 1800 PNG).
WIDTH, HEIGHT, SCALE = 1600, 900, 2
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc")


class ImageExportError(ExportError, RuntimeError):
    """An image could not be made (no browser, browser crashed, time-out); the message is bilingual."""


def browser_path() -> str | None:
    """The Chromium kaleido will use: ``$BROWSER_PATH``, else the first browser on ``PATH``."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if Path(env).exists() else None
    for name in _BROWSERS:
        p = shutil.which(name)
        if p:
            return p
    return None


def cjk_font_path() -> str | None:
    """Path of Noto Sans CJK (Debian ``fonts-noto-cjk``), or ``None``."""
    for p in _CJK_FONTS:
        if Path(p).exists():
            return p
    try:
        import subprocess
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True,
                             timeout=10).stdout.strip()
        if "CJK" in out and Path(out).exists():
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    return None


#: kaleido reloads its page after every image (about 0.25 s of Chromium CPU, two thirds of the cost of a
#: chart); plotly.js draws each figure into a fresh element, so the images are the same without it (the
#: tests compare).  The page is still reloaded every RELOAD_EVERY images; EXPORT_KALEIDO_RELOAD=1 restores
#: kaleido's reload after every image.
RELOAD_EVERY = 40


def _kaleido_class():
    import kaleido

    base = kaleido.Kaleido
    if os.environ.get("EXPORT_KALEIDO_RELOAD") == "1" or not hasattr(base, "_return_kaleido_tab"):
        return base

    class ReusingKaleido(base):
        _renders = 0

        async def _return_kaleido_tab(self, tab):
            self._renders += 1
            queue = getattr(self, "tabs_ready", None)
            if queue is None or self._renders % RELOAD_EVERY == 0:
                return await super()._return_kaleido_tab(tab)
            await queue.put(tab)

    return ReusingKaleido


class _Renderer:
    """One Chromium (via kaleido) in one asyncio loop on a daemon thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._k = None
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._k is not None and self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = START_TIMEOUT) -> None:
        with self._lock:
            if self.running:
                return
            self._shutdown()
            path = browser_path()
            if path is None:
                raise ImageExportError(both("img_no_browser"))
            cls = _kaleido_class()
            loop = asyncio.new_event_loop()
            th = threading.Thread(target=loop.run_forever, name="export-kaleido", daemon=True)
            th.start()

            async def _open():
                # mathjax=False: no network fetch of MathJax (the charts use none)
                k = cls(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
                await k.open()
                return k

            fut = asyncio.run_coroutine_threadsafe(_open(), loop)
            try:
                k = fut.result(timeout)
            except Exception as exc:  # noqa: BLE001 - any failure to start is reported the same way
                fut.cancel()
                loop.call_soon_threadsafe(loop.stop)
                th.join(5)
                if isinstance(exc, concurrent.futures.TimeoutError):
                    exc = TimeoutError(f"{timeout:g} s")
                raise ImageExportError(both("img_start_failed", error=f"{type(exc).__name__}: {exc}")) from exc
            self._loop, self._thread, self._k = loop, th, k
            self.starts += 1

    def render(self, fig_dict: dict, opts: dict, timeout: float = RENDER_TIMEOUT) -> bytes:
        self.start()
        k, loop = self._k, self._loop
        fut = asyncio.run_coroutine_threadsafe(k.calc_fig(fig_dict, opts=opts), loop)
        try:
            return fut.result(timeout)
        except concurrent.futures.TimeoutError as exc:
            fut.cancel()
            self.stop()
            raise ImageExportError(both("img_timeout", seconds=f"{timeout:g}")) from exc
        except Exception as exc:  # noqa: BLE001
            if not self._browser_alive():
                self.stop()
            raise ImageExportError(both("img_failed", error=f"{type(exc).__name__}: {exc}")) from exc

    def _browser_alive(self) -> bool:
        try:
            proc = getattr(self._k, "subprocess", None)
            return proc is None or proc.poll() is None
        except Exception:  # noqa: BLE001
            return False

    def _shutdown(self) -> None:
        k, loop, th = self._k, self._loop, self._thread
        self._k = self._loop = self._thread = None
        if loop is None:
            return
        if k is not None and loop.is_running():
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
            except Exception:  # noqa: BLE001 - closing a broken browser may fail; the loop stops anyway
                log.debug("kaleido close failed", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        if th is not None:
            th.join(5)

    def stop(self) -> None:
        with self._lock:
            self._shutdown()


_renderer = _Renderer()
atexit.register(_renderer.stop)

_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_BYTES = 200 * 1024 * 1024
_cache_size = 0


def start(timeout: float = START_TIMEOUT) -> None:
    """Start the browser now (otherwise it starts on the first image).  Idempotent and thread-safe.

    Raises :class:`ImageExportError` (bilingual) when Chromium is missing or does not start.
    """
    _renderer.start(timeout)


def stop() -> None:
    """Close the browser (it restarts on the next image)."""
    _renderer.stop()


def is_running() -> bool:
    return _renderer.running


def available() -> bool:
    """Whether images can be made here (a browser is installed); does not start it."""
    return browser_path() is not None


def _key(fig_dict: dict, opts: dict) -> str:
    h = hashlib.sha256(json.dumps(fig_dict, sort_keys=True, default=str).encode())
    h.update(json.dumps(opts, sort_keys=True).encode())
    return h.hexdigest()


def _cache_get(key: str) -> bytes | None:
    with _cache_lock:
        b = _cache.get(key)
        if b is not None:
            _cache.move_to_end(key)
        return b


def _cache_put(key: str, data: bytes) -> None:
    global _cache_size
    with _cache_lock:
        if key in _cache:
            return
        _cache[key] = data
        _cache_size += len(data)
        while _cache_size > CACHE_BYTES and _cache:
            _, old = _cache.popitem(last=False)
            _cache_size -= len(old)


def clear_cache() -> None:
    global _cache_size
    with _cache_lock:
        _cache.clear()
        _cache_size = 0


def figure_bytes(fig, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE,
                 cache: bool = True) -> bytes:
    """A Plotly figure as PNG or SVG bytes.

    Parameters
    ----------
    fig : plotly Figure or dict
    fmt : {"png", "svg", "jpeg"}
    width, height : int
        Layout size in CSS pixels (default 1600 x 900).
    scale : float
        Pixel multiplier for PNG and JPEG (default 2: a 3200 x 1800 image); SVG ignores it.
    cache : bool
        Reuse the bytes of an identical figure and size made before (in memory, bounded).

    Raises
    ------
    ImageExportError
        No Chromium, the browser failed, or the render timed out (message in Chinese and English).
    """
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ImageExportError(both("img_bad_format", fmt=fmt))
    if hasattr(fig, "to_json"):
        fig_dict = json.loads(fig.to_json())
    else:
        fig_dict = json.loads(json.dumps(dict(fig), default=_json_default))
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": float(scale) if fmt != "svg" else 1.0}
    key = _key(fig_dict, opts) if cache else ""
    if cache:
        hit = _cache_get(key)
        if hit is not None:
            return hit
    data = _renderer.render(fig_dict, opts)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if cache:
        _cache_put(key, data)
    return data


def _json_default(o):
    import numpy as np
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, np.generic):
        return o.item()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    return str(o)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of PNG bytes (from the IHDR chunk)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
