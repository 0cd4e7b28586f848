"""Strings of the region map (:mod:`ui.geomap`), shared by every page that draws one; merged into
:data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    "map_kind": ("地图", "Map"),
    "map_kind_tiles": ("方块地图", "Tile map"),
    "map_kind_geo": ("行政区划图", "Boundary map"),
    "map_kind_help": ("方块地图每个地区大小相同，适合出版；行政区划图按真实边界绘制，仅为示意。",
                      "The tile map gives every region the same size and suits publication; the boundary map "
                      "follows the real borders and is for illustration only."),
    "map_province_all": ("全国", "Whole country"),
    "map_province_help": ("只看一个省的地区；也可以直接点击地图上的某个地区进入其所在省份。",
                          "Show one province's regions; clicking a region on the map opens its province too."),
    "map_back": ("返回全国", "Back to the whole country"),
    "map_title_geo": ("{title}（行政区划图）", "{title} (boundary map)"),
    "map_title_tiles": ("{title}（方块地图）", "{title} (tile map)"),
    "map_in_province": ("{title} · {province}", "{title} · {province}"),
    "map_click_hint": ("点击任一地区可进入其所在省份查看；鼠标悬停查看名称与得分。",
                       "Click any region to open its province; hover for the name and score."),
    "map_drill_note": ("显示{province}的 {n} 个地区（共 {total} 个）。", "Showing the {n} regions of {province} "
                       "(of {total})."),
    "map_geo_note": ("边界仅为示意，非标准地图（在中国正式出版地图需审图号）。",
                     "Boundaries are for illustration only, not a standard map (a map published in China "
                     "needs a review number, 审图号)."),
    "map_geo_note_tiles": ("边界仅为示意，非标准地图（在中国正式出版地图需审图号）；出版请用方块地图。",
                           "Boundaries are for illustration only, not a standard map (a map published in China "
                           "needs a review number, 审图号); use the tile map for publication."),
    "map_tiles_note": ("每个方块代表一个地区，位置大致对应地理方位；颜色越黄得分越高，越蓝越低。鼠标悬停可查看名称与得分。",
                       "Each tile is one region, placed roughly where it lies on the map; yellower tiles score "
                       "higher, bluer tiles lower. Hover for the name and score."),
    "map_missing": ("{n} 个地区在行政区划边界中找不到（代码不是现行 GB/T 2260 代码），未画入地图。",
                    "{n} regions are not in the administrative boundaries (their codes are not current GB/T "
                    "2260 codes) and are not drawn."),
    "map_missing_list": ("未画入地图的地区", "Regions not drawn"),
    "map_no_position": ("以下地区在地区表中没有地图位置（row/col），未画入方块地图：{names}",
                        "These regions have no map position (row/col) in the region table and are not drawn on "
                        "the tile map: {names}"),
    "map_unavailable": ("无法绘制行政区划图：{error}", "The boundary map cannot be drawn: {error}"),
}
