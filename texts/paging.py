"""Strings of the paginated table (:mod:`ui.paging`), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    "pg_search": ("搜索地区（名称或代码）", "Search regions (name or code)"),
    "pg_search_hint": ("例如：海淀、Haidian 或 110108", "e.g. 海淀, Haidian or 110108"),
    "pg_page": ("页（共 {pages}）", "Page (of {pages})"),
    "pg_rows": ("第 {a}–{b} 行，共 {n} 行。", "Rows {a}–{b} of {n}."),
    "pg_of": ("（搜索自全部 {total} 行）", "(found among {total})"),
    "pg_none": ("没有符合搜索的行。", "No row matches the search."),
}
