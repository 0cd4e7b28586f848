"""One translation table for every string the dashboard shows.

``t(key, **fmt)`` returns the string in the active language (``zh`` or
``en``), formatted with ``fmt``.  A test checks that every key has both
languages and that every ``t("...")`` used by a page exists here.
"""
from __future__ import annotations

import re

import streamlit as st

from metrics.diagnostics import paper_sections  # noqa: F401 - one format for pages and exports

LANGS = ("zh", "en")
LANG_LABELS = {"zh": "中文", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    # app
    "app_title": ("协同治理评估", "Data Governance Synergy"),
    "app_subtitle": ("政府数据协同治理评估：{dims}", "Assessing government data collaborative governance: {dims}"),
    "language": ("语言 / Language", "Language / 语言"),
    "dataset": ("数据集", "Dataset"),
    "dataset_not_found": ("链接中的数据集“{link}”不存在，或你无权查看；现在显示的是示例数据。",
                          "The dataset '{link}' in the link does not exist or you may not open it; the sample "
                          "data is shown instead."),
    "dataset_sample": ("示例数据（合成）", "Sample data (synthetic)"),
    "year": ("年份", "Year"),
    "preset": ("计算方法", "Method"),
    "synthetic_banner": ("演示数据为随机生成的合成数据，不代表任何地区的真实情况。",
                         "The demo data is randomly generated (synthetic) and describes no real region."),
    "source_note": ("数据：{dataset} · {year} 年 · 方法：{method}", "Data: {dataset} · {year} · Method: {method}"),
    "fingerprint": ("数据指纹", "Data fingerprint"),
    "download_csv": ("下载表格（CSV）", "Download table (CSV)"),
    "download_xlsx": ("下载表格（Excel）", "Download table (Excel)"),
    "no_data": ("没有可显示的数据。", "No data to show."),
    "page_error": ("出错了，本页没能完整显示。请刷新页面重试。", "Something went wrong and this page could not be "
                   "shown in full. Reload the page to try again."),
    "error_logged": ("错误已记录，参考编号 {ref}；如果问题仍在，请把参考编号告诉管理员。",
                     "The error has been logged with reference {ref}; if it keeps happening, give the "
                     "reference to the administrator."),
    "upload_button": ("选择文件", "Choose file"),
    "choose": ("请选择", "Choose"),
    "download_image": ("下载图片", "Download image"),
    "download_png": ("PNG 图片", "PNG image"),
    "download_svg": ("SVG 矢量图", "SVG vector image"),
    "download_image_help": ("以演示分辨率（1600×900，2 倍）下载此图", "Download this chart at presentation resolution (1600×900, 2×)"),
    # presets
    "preset_default": ("默认：极差标准化 + 框架权重 + 算术平均", "Default: min-max + framework weights + arithmetic mean"),
    "preset_entropy": ("熵权法 + 算术平均", "Entropy weights + arithmetic mean"),
    "preset_topsis": ("熵权-TOPSIS", "Entropy-TOPSIS"),
    "preset_equal": ("等权重 + 算术平均", "Equal weights + arithmetic mean"),
    "preset_geometric": ("几何平均（[1,100] 标准化）", "Geometric mean (min-max onto [1,100])"),
    "preset_critic": ("CRITIC 权重 + 算术平均", "CRITIC weights + arithmetic mean"),
    "preset_custom": ("自定义（见“方法”页）", "Custom (see the Methods page)"),
    # pages
    "page_overview": ("总览", "Overview"),
    "page_profile": ("地区画像", "Region profile"),
    "page_compare": ("对比", "Compare"),
    "page_synergy": ("协同分析", "Synergy"),
    "page_methods": ("方法", "Methods"),
    "page_data": ("数据管理", "Data"),
    "page_present": ("汇报模式", "Presentation"),
    # columns
    "col_rank": ("排名", "Rank"),
    "col_region": ("地区", "Region"),
    "col_code": ("代码", "Code"),
    "col_group": ("区域", "Region group"),
    "col_index": ("协同治理指数", "Synergy index"),
    "col_level": ("成熟度", "Maturity"),
    "col_band": ("协调等级", "Coordination band"),
    "col_coverage": ("数据覆盖率", "Data coverage"),
    "col_change": ("较上年变化", "Change on last year"),
    # overview
    "ov_regions": ("地区数", "Regions"),
    "ov_mean": ("指数均值", "Mean index"),
    "ov_spread": ("标准差", "Standard deviation"),
    "ov_best": ("最高", "Highest"),
    "ov_weakest": ("最低", "Lowest"),
    "ov_ranking": ("{year} 年各地区协同治理指数排名", "Synergy index ranking of regions, {year}"),
    "ov_search": ("搜索地区", "Search regions"),
}


def _merge_page_tables() -> None:
    """Pages keep their strings in ``ui/text_*.py`` (``TEXT`` dicts); they join this one table."""
    import importlib
    import pkgutil
    from pathlib import Path

    for mod in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if mod.name.startswith("text_"):
            part = importlib.import_module(f"ui.{mod.name}").TEXT
            clash = set(part) & set(TEXT)
            if clash:
                raise KeyError(f"translation keys defined twice: {sorted(clash)}")
            TEXT.update(part)


_merge_page_tables()


def lang() -> str:
    """The active language: the sidebar's choice, else the URL's ``lang``, else the browser's locale, else Chinese."""
    v = st.session_state.get("lang")
    if v in LANGS:
        return v
    q = st.query_params.get("lang")
    if q in LANGS:
        return q
    try:
        loc = (st.context.locale or "").lower()
    except Exception:  # no browser context (bare mode)
        loc = ""
    return "en" if loc.startswith("en") else "zh"


def t(key: str, **fmt) -> str:
    """The string ``key`` in the active language, formatted with ``fmt``."""
    return t_in(lang(), key, **fmt)


def t_in(language: str, key: str, **fmt) -> str:
    """The string ``key`` in ``language``: for ``format_func`` callbacks, which may run outside a script
    run (bind the language when the widget is created: ``lambda k, lg=lang(): t_in(lg, k)``)."""
    zh, en = TEXT[key]
    s = zh if language == "zh" else en
    return s.format(**fmt) if fmt else s


WORD_JOINER = "\u2060"
_SPACE = re.compile(r"\s+")
#: Where an autolinker (GFM's, Streamlit's emoji and icon shortcodes) would start: a scheme's or a
#: shortcode's ':', an e-mail's '@' (not before a space: "Data: x" is left alone), the '.' after 'www'.
#: A word joiner (invisible, zero-width) goes after each, so none of them matches; the text reads the same.
_LINK_START = re.compile(r"([:@])(?!\s|$)|(?<=www)(?=\\?\.)", re.IGNORECASE)
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    r"""User text (region and indicator names, file names, headers, dataset names) made safe for
    anything Streamlit renders as Markdown: ``st.markdown``/``caption``/``header``/alerts, and the
    labels of widgets, metrics, tabs and radio options.

    - Markdown: every ASCII punctuation character is backslash-escaped, so ``**bold**``,
      ``[x](http://…)``, ``:red[x]`` and ``$x$`` show as those characters; whitespace (line breaks,
      tabs) becomes one space, so no line can start a heading, list or code block.
    - HTML: ``< > &`` become entities, so ``<a href=…>`` is shown, never parsed.
    - Links: Markdown auto-links bare ``http://…``, ``www.…`` and e-mail addresses even when escaped;
      a word joiner after the scheme's ``:``, the ``@`` and ``www`` stops that (and emoji/icon
      shortcodes such as ``:material/home:``) without changing what is read.

    Examples
    --------
    >>> md("**a** <b>")
    '\\*\\*a\\*\\* &lt;b&gt;'
    >>> md("http://x.org").replace(WORD_JOINER, "^")
    'http\\:^\\/\\/x\\.org'
    """
    text = _SPACE.sub(" ", str(text))
    text = _ASCII_PUNCT.sub(lambda m: _ENTITY.get(m.group(1), "\\" + m.group(1)), text)
    return _LINK_START.sub(lambda m: (m.group(1) or "") + WORD_JOINER, text)


def pick(zh: str, en: str) -> str:
    """Choose between two data strings (for example a node's Chinese and English names)."""
    return zh if lang() == "zh" else en
