"""Strings of the Synergy page (协同分析), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    "syn_title": ("协同分析", "Synergy analysis"),
    "syn_intro": ("论文提出组织、机制、认识文化三方面协同，只有同步推进才能形成“协同效应”。本页用耦合协调度衡量当前框架的各维度"
                  "（{dims}）是否同步发展，并展示利益相关者的认识分歧和地区差距。",
                  "The paper calls for organisational, mechanism and cultural collaboration to advance together, "
                  "so that they produce a “synergy effect”. This page measures with the coupling-coordination "
                  "degree whether the dimensions of the framework in use ({dims}) develop in step, and shows how "
                  "far stakeholders' perceptions diverge and how unequal the regions are."),
    # headline
    "syn_m_regions": ("参与计算的地区", "Regions assessed"),
    "syn_m_mean_d": ("耦合协调度 D 均值", "Mean coordination degree D"),
    "syn_m_coordinated": ("达到协调（D ≥ 0.5）", "Coordinated (D ≥ 0.5)"),
    "syn_m_coordinated_v": ("{total} 个地区中有 {n} 个的耦合协调度 D 达到 0.5 或以上",
                            "{n} of {total} regions have a coupling-coordination degree D of 0.5 or more"),
    "syn_m_lowest": ("D 最低", "Lowest D"),
    "syn_m_mean_help": ("{year} 年所有地区 D 的算术平均，取值 0–1。", "Arithmetic mean of D over the regions in {year}, on 0–1."),
    "syn_rescaled": ("当前方法的得分不在 0–100 区间：计算 C、T、D 时，各维度得分取其在该方法量表上的位置 (s − lo)/(hi − lo)"
                     "（min-max、目标值、排序用其区间，Z 分数用均值 ±3 个标准差，原始秩次用 1…n），各年份相同。",
                     "Scores of the current method are not on 0–100: C, T and D use each dimension score's position on "
                     "the method's scale, (s − lo)/(hi − lo) (the min-max, goalpost or rank scale; mean ± 3 SD for "
                     "z-scores; 1…n for raw ranks), the same in every year."),
    # explanation
    "syn_explain_heading": ("C、T、D 是什么", "What C, T and D mean"),
    "syn_explain_c": ("**耦合度 C**：各维度是否“齐头并进”。得分越接近，C 越接近 1；一个维度远高于其他维度则 C 偏低。",
                      "**Coupling C**: do the dimensions move together? The closer their scores, the closer "
                      "C is to 1; one dimension far ahead of the others gives a low C."),
    "syn_explain_t": ("**综合发展水平 T**：各维度得分（换算到 0–1）的加权平均，表示整体水平高低。",
                      "**Development level T**: the weighted mean of the dimension scores (on 0–1), "
                      "i.e. the overall level."),
    "syn_explain_d": ("**耦合协调度 D = √(C·T)**：既要同步、又要水平高，D 才高。按 D 每 0.1 一档分为十个协调等级（右表）。",
                      "**Coupling-coordination degree D = √(C·T)**: D is high only when the dimensions are both "
                      "in step and at a high level. D is cut into ten bands of 0.1 each (table on the right)."),
    "syn_explain_u": ("其中 $U_1 \\dots U_n$ 为各维度得分在方法量表上的位置 (s − lo)/(hi − lo)（默认 0–100 量表即除以 100），"
                      "$n$ 为维度数，$a_i$ 为等权重。",
                      "$U_1 \\dots U_n$ are the dimension scores' positions on the method's scale, (s − lo)/(hi − lo) "
                      "(on the default 0–100 scale, the score divided by 100), $n$ the number of dimensions, $a_i$ "
                      "equal weights."),
    "syn_band_no": ("等级", "Band"),
    "syn_band_range": ("D 取值范围", "Range of D"),
    "syn_bands_note": ("十级划分参照廖重斌（1999）的等距分类；耦合阶段参照刘耀彬等（2005）。",
                       "The ten equal-width bands follow Liao Chongbin (1999); the coupling stages follow Liu Yaobin "
                       "et al. (2005)."),
    # map and table
    "syn_map_heading": ("各地区耦合协调度", "Coupling-coordination degree by region"),
    "syn_map_title": ("各地区耦合协调度 D", "Coordination degree D by region"),
    "syn_map_colorbar": ("D（0–1）", "D (0–1)"),
    "syn_map_note": ("颜色表示 D（方块地图上写有数值）：越黄越协调，越蓝越失调。",
                     "The colour is D (written on each tile of the tile map): yellower is better coordinated, "
                     "bluer less so."),
    "syn_col_rank": ("D 排名", "Rank by D"),
    "syn_col_t": ("发展水平 T", "Level T"),
    "syn_table_caption": ("按 D 从高到低排序。耦合阶段按 C 划分：低水平耦合（≤0.3）、拮抗（≤0.5）、磨合（≤0.8）、高水平耦合。",
                          "Sorted by D, highest first. The coupling stage is a band of C: low-level coupling "
                          "(≤ 0.3), antagonism (≤ 0.5), running-in (≤ 0.8), high-level coupling."),
    "syn_sheet": ("耦合协调度", "coordination"),
    # scatter
    "syn_scatter_heading": ("任意两个维度的对比", "Any two dimensions against each other"),
    "syn_scatter_x": ("横轴维度", "Dimension on the x axis"),
    "syn_scatter_y": ("纵轴维度", "Dimension on the y axis"),
    "syn_scatter_title": ("{x}与{y}：各地区是否均衡", "{x} against {y}: are the regions balanced?"),
    "syn_scatter_note": ("虚线为对角线：落在线上的地区两个维度均衡；远在线上方的地区{y}领先，远在线下方的地区{x}领先。",
                         "The dotted line is the diagonal: regions on it are balanced between the two dimensions; "
                         "regions well above it lead on {y}, regions well below it lead on {x}."),
    "syn_same_dim": ("请选择两个不同的维度。", "Choose two different dimensions."),
    "syn_axis_score": ("{name}得分（{unit}）", "{name} score ({unit})"),
    "syn_unit_z": ("z 分数", "z-score"),
    "syn_unit_rank": ("秩次", "rank"),
    # bands chart
    "syn_bands_heading": ("协调等级分布", "How the regions spread over the bands"),
    "syn_bands_title": ("各协调等级的地区数", "Number of regions in each coordination band"),
    "syn_bands_x": ("协调等级（D 由低到高）", "Coordination band (D from low to high)"),
    "syn_bands_y": ("地区数（个）", "Regions (count)"),
    "syn_box_title": ("各区域耦合协调度 D 的分布", "Coordination degree D by region group"),
    "syn_box_y": ("耦合协调度 D（0–1）", "Coordination degree D (0–1)"),
    "syn_all_regions": ("全部地区", "All regions"),
    # perception
    "syn_perc_heading": ("利益相关者认识分歧", "Stakeholder perception gaps"),
    "syn_perc_intro": ("论文 §3.3 指出政府、企业、社会组织和公众对数据协同治理的“认识分歧”。对同一问卷陈述，比较四类主体平均答案的差距（最高组均值 − 最低组均值，"
                       "单位为李克特量表分），并用 Kruskal–Wallis 检验（p < 0.05）判断差异是否显著。",
                       "§3.3 of the paper names divergent perceptions among government, enterprises, social "
                       "organisations and citizens. For each survey statement we compare the groups' mean answers "
                       "(spread = highest group mean − lowest group mean, in Likert points) and test with "
                       "Kruskal–Wallis (p < 0.05) whether the groups really differ."),
    "syn_no_survey": ("当前数据集没有问卷数据，无法分析利益相关者的认识分歧。",
                      "The current dataset has no survey data, so stakeholder perception gaps cannot be analysed."),
    "syn_no_survey_year": ("{year} 年没有由两类及以上主体共同回答的问卷题项。",
                           "In {year} no survey item was answered by two or more stakeholder groups."),
    "syn_perc_col_groups": ("作答主体数", "Groups answering"),
    "syn_perc_col_spread": ("平均分歧（分）", "Mean spread (points)"),
    "syn_perc_col_sig": ("差异显著的地区占比", "Regions with a significant difference"),
    "syn_perc_col_hi": ("最常评价最高", "Most often highest"),
    "syn_perc_col_lo": ("最常评价最低", "Most often lowest"),
    "syn_perc_table_caption": ("按平均分歧从大到小排列；只列出两类及以上主体回答的题项。分歧为各地区的平均值，显著占比为 Kruskal–Wallis 检验 p < 0.05 的地区比例。",
                               "Largest mean spread first; only statements answered by two or more groups are "
                               "listed. The spread is averaged over regions; the share counts regions where the "
                               "Kruskal–Wallis test gives p < 0.05."),
    "syn_perc_heat_title": ("各地区各子维度的认识分歧（平均分歧，李克特分）",
                            "Perception gap by region and sub-dimension (mean spread, Likert points)"),
    "syn_perc_heat_colorbar": ("分歧（分）", "Spread (points)"),
    "syn_perc_heat_note": ("颜色越黄分歧越大；空白表示该子维度没有多类主体共同回答的题项。",
                           "Yellower cells mean wider gaps; blank cells have no item answered by several groups."),
    "syn_sheet_perc": ("认识分歧", "perception gaps"),
    "syn_sheet_perc_heat": ("子维度分歧", "gaps by sub-dimension"),
    # disparity
    "syn_disp_heading": ("地区差距的变化", "Regional disparity over time"),
    "syn_disp_intro": ("用泰尔指数和 Dagum 基尼系数衡量各地区协同治理指数的不均衡程度，并分解为区域之间与区域内部两部分。",
                       "The Theil index and the Dagum Gini coefficient measure how unequal the regions' synergy "
                       "index is, split into a part between region groups and a part within them."),
    "syn_disp_between": ("**区域间差距**：{groups}之间平均水平不同造成的差距。",
                         "**Between groups**: the part due to different average levels of {groups}."),
    "syn_disp_within": ("**区域内差距**：同一区域内部各地区之间的差距（例如东部各省之间）。",
                        "**Within groups**: the part due to differences among the regions of the same group "
                        "(for example among the eastern provinces)."),
    "syn_disp_transvar": ("**超变密度**（Dagum）：不同区域的地区得分交叉重叠的部分——较弱区域中的较强地区超过较强区域中的较弱地区。",
                          "**Transvariation** (Dagum): the overlap between groups — strong regions of a weaker "
                          "group scoring above weak regions of a stronger group."),
    "syn_groups_default": ("东部、中部、西部、东北四大区域", "the East, Centre, West and Northeast"),
    "syn_groups_generic": ("地区表中的各区域", "the region groups of the region table"),
    "syn_no_groups": ("当前数据集的地区没有分组（如东部/中部/西部/东北），无法分解区域间与区域内差距。",
                      "The regions of the current dataset have no groups (such as East/Centre/West/Northeast), so "
                      "disparity cannot be split into between- and within-group parts."),
    "syn_disp_failed": ("地区差距指标（泰尔指数、基尼系数、变异系数）要求得分为正；当前方法会产生 0 或负的得分（如 Z 分数），请在“方法”页改用极差标准化。",
                        "Disparity measures (Theil, Gini, coefficient of variation) need positive scores; the current "
                        "method produces zero or negative scores (z-scores, for example): choose min-max "
                        "normalisation on the Methods page."),
    "syn_theil_positive": ("泰尔指数要求得分严格为正；当前方法会产生 0 或负的得分（如 Z 分数），请在“方法”页改用极差标准化。",
                           "The Theil index needs strictly positive scores; the current method produces zero or "
                           "negative scores (z-scores, for example): choose min-max normalisation on the Methods page."),
    "syn_gini_negative": ("基尼系数要求得分非负；当前方法会产生负的得分（如 Z 分数），请在“方法”页改用极差标准化。",
                          "The Gini coefficient needs non-negative scores; the current method produces negative "
                          "scores (z-scores, for example): choose min-max normalisation on the Methods page."),
    "syn_theil_title": ("泰尔指数及其分解", "Theil index and its decomposition"),
    "syn_theil_total": ("泰尔指数（总体）", "Theil index (total)"),
    "syn_theil_between": ("区域间", "Between groups"),
    "syn_theil_within": ("区域内", "Within groups"),
    "syn_dagum_title": ("Dagum 基尼系数分解", "Dagum Gini decomposition"),
    "syn_dagum_gw": ("区域内 Gw", "Within groups Gw"),
    "syn_dagum_gnb": ("区域间（净）Gnb", "Net between groups Gnb"),
    "syn_dagum_gt": ("超变密度 Gt", "Transvariation Gt"),
    "syn_axis_theil": ("泰尔指数（无量纲）", "Theil index (unitless)"),
    "syn_axis_gini": ("基尼系数（无量纲）", "Gini coefficient (unitless)"),
    "syn_disp_source": ("数据：{dataset} · {years} 年 · 方法：{method}", "Data: {dataset} · {years} · Method: {method}"),
    "syn_col_cv": ("变异系数 CV", "Coefficient of variation"),
    "syn_col_theil": ("泰尔指数 T", "Theil T"),
    "syn_col_theil_b": ("T 区域间", "T between"),
    "syn_col_theil_w": ("T 区域内", "T within"),
    "syn_col_theil_bs": ("区域间占比", "Between share"),
    "syn_col_gini": ("基尼系数 G", "Gini G"),
    "syn_col_gw": ("Gw 区域内", "Gw within"),
    "syn_col_gnb": ("Gnb 区域间", "Gnb between"),
    "syn_col_gt": ("Gt 超变密度", "Gt transvariation"),
    "syn_disp_table_caption": ("G = Gw + Gnb + Gt；T = 区域间 + 区域内。数值越大差距越大。",
                               "G = Gw + Gnb + Gt; T = between + within. Larger values mean wider gaps."),
    "syn_sheet_disp": ("地区差距", "disparity"),
    "syn_m_lowest_help": ("D 最低的地区：{name}（{code}）", "The region with the lowest D: {name} ({code})"),
    "syn_scatter_many": ("地区很多，点画得小而半透明；只标出最不均衡、最好和最差的几个地区，其余地区的名称见悬停提示。",
                         "With this many regions the dots are small and see-through; only a few names are written "
                         "(the most unbalanced, the best and the worst regions): hover over a dot for the others."),
    "syn_perc_heat_title_top": ("分歧最大的 {n} 个地区（共 {total} 个）：各子维度的认识分歧（平均分歧，李克特分）",
                                "The {n} regions with the widest gaps (of {total}): perception gap by sub-dimension "
                                "(mean spread, Likert points)"),
    "syn_perc_heat_note_top": ("图中只画出各子维度平均分歧最大的 {n} 个地区；下载的表格包含全部地区。",
                               "The chart draws the {n} regions with the widest mean gap over the sub-dimensions; "
                               "the download holds every region."),
}
