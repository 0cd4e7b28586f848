"""Strings of the Compare page (对比), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    "cmp_title": ("地区对比", "Compare regions"),
    "cmp_intro": ("选择 2–6 个地区，对比各维度与子维度的得分、与基准的差距，以及论文提出的适用对策。",
                  "Choose 2–6 regions to compare their dimension and sub-dimension scores, their gaps to a "
                  "benchmark and the measures the paper proposes for them."),
    "cmp_regions": ("选择地区（2–6 个）", "Regions (2–6)"),
    "cmp_regions_ph": ("输入名称搜索地区", "Type to search for a region"),
    "cmp_need_two": ("请至少选择两个地区进行对比。", "Choose at least two regions to compare."),
    "cmp_missing_year": ("以下地区在 {year} 年没有得分，未参与对比：{names}",
                         "These regions have no score in {year} and are left out: {names}"),
    # charts
    "cmp_sec_scores": ("各地区得分", "Scores"),
    "cmp_view": ("图表内容", "Chart"),
    "cmp_view_dims": ("各维度与指数", "Dimensions and index"),
    "cmp_view_sub": ("子维度（柱状图）", "Sub-dimensions (bars)"),
    "cmp_view_par": ("子维度（平行坐标）", "Sub-dimensions (parallel coordinates)"),
    "cmp_dims_title": ("各地区的各维度与协同治理指数", "Dimensions and the synergy index by region"),
    "cmp_sub_title": ("各地区子维度得分", "Sub-dimension scores by region"),
    "cmp_par_title": ("各地区子维度得分（平行坐标）", "Sub-dimension scores by region (parallel coordinates)"),
    "cmp_par_note": ("每条线代表一个地区，每条竖线是一个子维度；线的起伏显示各地区的长处与短板。",
                     "Each line is one region and each vertical line one sub-dimension; the ups and downs show "
                     "where each region is strong or weak."),
    # gaps
    "cmp_gap_heading": ("与基准的差距", "Gaps to a benchmark"),
    "cmp_bench_best": ("最佳地区", "Best region"),
    "cmp_bench_group": ("所在区域均值", "Mean of its region group"),
    "cmp_gap_title": ("各子维度与基准的差距（基准：{bench}）", "Sub-dimension gaps to the benchmark ({bench})"),
    "cmp_gap_note": ("紫色高于基准，橙色低于基准；数字为得分减基准（分）。",
                     "Purple is above the benchmark, orange below; numbers are score minus benchmark (points)."),
    "cmp_gap_best": ("最佳地区为 {name}。", "The best region is {name}."),
    "cmp_gap_group_missing": ("以下地区没有所属区域，无法与区域均值比较：{names}",
                              "These regions have no region group, so they cannot be compared with a group mean: "
                              "{names}"),
    "cmp_sheet_gaps": ("差距", "gaps"),
    # side-by-side table
    "cmp_table_heading": ("得分与排名对照", "Scores and ranks side by side"),
    "cmp_table_note": ("排名为 {year} 年在全部 {n} 个地区中的名次（1 为最好）。",
                       "Ranks are among all {n} regions in {year} (1 is best)."),
    "cmp_col_score": ("{name} 得分", "{name} score"),
    "cmp_col_rank": ("{name} 排名", "{name} rank"),
    "cmp_sheet_scores": ("得分与排名", "scores and ranks"),
    # measures
    "cmp_measures_heading": ("适用的对策", "Measures that apply"),
    "cmp_measures_intro": ("每个地区列出障碍度最大的子维度，以及论文针对它们提出的对策（按优先级排列，§ 为论文章节）。",
                           "For each region: the sub-dimensions that hold it back most (largest obstacle degree) "
                           "and the measures the paper proposes for them, in order of priority (§ marks the "
                           "paper's section)."),
    "cmp_measure_item": ("{i}. {name}（{code}）· 得分 {score} · 障碍度 {obstacle}",
                         "{i}. {name} ({code}) · score {score} · obstacle degree {obstacle}"),
    "cmp_no_measures": ("没有找到适用于该地区的对策。", "No measure applies to this region."),
    "cmp_open_profile": ("在地区画像中查看{name}的对策及其依据",
                         "Open {name}'s measures and what triggers them in the region profile"),
    "cmp_measure_none": ("论文中没有针对该子维度的对策。", "The paper proposes no measure for this sub-dimension."),
    "cmp_col_measure": ("对策", "Measure"),
    "cmp_sheet_measures": ("对策", "measures"),
}
