"""Strings of the Overview page (总览), part of the catalogue :data:`texts.TEXT`.

The shared keys ``ov_regions``, ``ov_mean``, ``ov_spread``, ``ov_best``,
``ov_weakest``, ``ov_ranking`` and ``ov_search`` live in :mod:`ui.i18n`.
"""

TEXT: dict[str, tuple[str, str]] = {
    # headline
    "ov_card_region_help": ("{name}（代码 {code}）：指数 {v}", "{name} (code {code}): index {v}"),
    "ov_mean_help": ("{year} 年所有有得分地区的协同治理指数算术平均（0–100）。",
                     "Arithmetic mean of the synergy index of every region with a score in {year} (0–100)."),
    "ov_mean_help_range": ("{year} 年所有有得分地区的协同治理指数算术平均（当前方法的量表 {lo}–{hi}）。",
                           "Arithmetic mean of the synergy index of every region with a score in {year} (on the "
                           "current method's scale, {lo}–{hi})."),
    "ov_spread_help": ("样本标准差：数值越大，地区之间差距越大。",
                       "Sample standard deviation: the larger it is, the further apart the regions are."),
    "ov_levels_heading": ("成熟度等级分布", "Regions by maturity level"),
    "ov_level_label": ("{k} 级地区数", "Regions at level {k}"),
    "ov_level_help": ("{n} 个地区处于 {k} 级（{name}）", "{n} regions at level {k} ({name})"),
    "ov_levels_note": ("按协同治理指数分档，等级名称参照 GB/T 36073（DCMM）。方法：{method}。",
                       "Levels are bands of the synergy index, named after GB/T 36073 (DCMM). Method: {method}."),
    "ov_levels_bands": ("分数段 {edges}", "score bands {edges}"),
    "ov_levels_kmeans": ("k 均值分层", "k-means tiers"),
    # map and distribution
    "ov_color_by": ("地图与图表显示", "Show on the map and charts"),
    "ov_map_title_base": ("各地区{node}", "{node} by region"),
    "ov_dist_title": ("各区域分布情况", "Spread within region groups"),
    # ranking
    "ov_search_ph": ("输入地区名称或代码（中英文均可），按回车搜索",
                     "Type a region name or code (Chinese or English) and press Enter"),
    "ov_search_none": ("没有与搜索内容匹配的地区。", "No region matches the search."),
    "ov_search_count": ("显示 {n} / {total} 个地区", "Showing {n} of {total} regions"),
    "ov_select_hint": ("勾选行首的方框即可打开该地区画像；点击列标题可排序。",
                       "Tick the box at the start of a row to open that region's profile; click a column "
                       "header to sort."),
    "ov_open_profile": ("打开地区画像：", "Open a region profile:"),
    "ov_col_coverage_help": ("该地区指数所用指标权重中有数据的比例。",
                             "Share of the index's indicator weight for which this region has data."),
    "ov_col_change_help": ("与 {y0} 年相比的指数变化（分）。", "Change of the index since {y0} (points)."),
    "ov_col_band_help": ("各维度的耦合协调度等级（十级，极度失调至优质协调）。",
                         "Coupling-coordination band of the dimensions (ten bands, extreme imbalance "
                         "to excellent coordination)."),
    "ov_col_level_help": ("按协同治理指数划分的成熟度等级。", "Maturity level from the synergy index."),
    "ov_sheet_ranking": ("排名", "ranking"),
    "ov_page": ("页码", "Page"),
    "ov_page_size": ("每页行数", "Rows per page"),
    "ov_page_size_n": ("{n} 行", "{n}"),
    "ov_page_count": ("第 {a}–{b} 行，共 {n} 个地区（全部 {total} 个）· 第 {page}/{pages} 页",
                      "Rows {a}–{b} of {n} regions ({total} in all) · page {page} of {pages}"),
    # change
    "ov_change_heading": ("较上年变化", "Change since the previous year"),
    "ov_tab_ranking": ("各地区排名", "Ranking of regions"),
    "ov_change_title": ("各地区{node}较上年变化（{y0} → {y1}）", "Change in {node} by region, {y0} → {y1}"),
    "ov_change_axis": ("变化（分）", "Change (points)"),
    "ov_change_note": ("上升最多的地区在最上方；蓝色为上升，橙色为下降。",
                       "The largest risers are at the top; blue bars rose, orange bars fell."),
    "ov_change_ends_title": ("{node}上升与下降最多的各 {n} 个地区（{y0} → {y1}）",
                             "The {n} largest rises and falls in {node}, {y0} → {y1}"),
    "ov_change_ends_note": ("共 {total} 个地区，这里只列出上升最多和下降最多的各 {n} 个；全部地区的变化见右侧分布和排名表。",
                            "Of {total} regions, the {n} that rose most and the {n} that fell most; the changes of "
                            "all regions are in the distribution beside and in the ranking table."),
    "ov_change_hist_title": ("各地区{node}变化的分布（{y0} → {y1}）", "How {node} changed across regions, {y0} → {y1}"),
    "ov_change_hist_note": ("{up} 个地区上升，{down} 个下降；中位数 {median}。蓝色为上升，橙色为下降。",
                            "{up} regions rose and {down} fell; the median change is {median}. Blue bars rose, "
                            "orange bars fell."),
    "ov_change_single": ("数据只有一年，无法显示较上年变化。", "The data cover a single year, so there is no change to show."),
    "ov_change_first": ("{year} 年是数据中最早的年份，没有上一年可比；请在侧栏选择较晚的年份。",
                        "{year} is the earliest year in the data, so there is no previous year to compare with; "
                        "choose a later year in the sidebar."),
    "ov_change_by_year": ("注意：当前方法逐年单独标准化，变化只反映地区之间相对位置的变化。",
                          "Note: this method normalises each year separately, so a change shows only a shift "
                          "relative to the other regions."),
}
