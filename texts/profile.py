"""Strings of the Region profile page (地区画像), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    # selectors and header
    "pf_intro": ("一个地区在各维度上的得分、与基准的差距、障碍因素和论文提出的应对措施。",
                 "One region's scores on each dimension, its gaps to a benchmark, "
                 "what holds it back, and the measures the paper proposes."),
    "pf_benchmark": ("对比基准", "Benchmark"),
    "pf_peer": ("对标地区", "Peer region"),
    "pf_no_regions": ("{year} 年没有可评估的地区。", "No region has a score for {year}."),
    "pf_region_caption": ("代码 {code} · {group}", "Code {code} · {group}"),
    "pf_region_place": ("{place} · 代码 {code} · {group}", "{place} · code {code} · {group}"),
    "pf_no_group": ("未分组", "no region group"),
    "pf_group_missing": ("该地区没有所属区域，无法计算区域均值，已改用全部地区均值。",
                         "This region has no region group, so the group mean cannot be computed; "
                         "the mean of all regions is used instead."),
    "pf_bench_error": ("无法计算所选基准（{err}），已改用全部地区均值。",
                       "The chosen benchmark cannot be computed ({err}); the mean of all regions is used instead."),
    "pf_download_all": ("下载本地区画像（Excel，全部表格）", "Download this profile (Excel, every table)"),
    # benchmark short labels (deltas, legends)
    "pf_b_mean": ("全部地区均值", "mean of all regions"),
    "pf_b_best": ("最佳地区（{name}）", "best region ({name})"),
    "pf_b_group": ("{group}均值", "{group} mean"),
    "pf_b_peer": ("对标地区{name}", "peer region {name}"),
    "pf_b_target": ("目标值", "target values"),
    "pf_vs": ("{gap} 对比{bench}", "{gap} vs {bench}"),
    "pf_short_mean": ("均值", "mean"),
    "pf_short_target": ("目标值", "target"),
    # metric cards
    "pf_m_rank_of": ("排名（共 {n} 个）", "Rank of {n}"),
    "pf_m_rank_value": ("第 {rank} / {n} 名", "{rank} of {n}"),
    "pf_m_rank_delta": ("{d} 位（较 {year} 年）", "{d} places vs {year}"),
    "pf_m_rank_same": ("与 {year} 年持平", "same as {year}"),
    "pf_m_band": ("协调发展度 D", "Coordination (D)"),
    "pf_m_coverage_help": ("有数据的指标所占的权重份额；缺失的指标不计入得分。",
                           "Share of the indicator weight that has data; missing indicators are left out of the score."),
    "pf_m_coverage_low": ("部分数据缺失", "some data missing"),
    "pf_m_coverage_full": ("数据完整", "complete"),
    "pf_m_dim_help": ("0–100 分，越高越好；变化值为与所选基准之差。",
                      "0–100, higher is better; the delta is the difference to the chosen benchmark."),
    "pf_m_dim_help_range": ("{lo}–{hi}（当前方法的量表），越高越好；变化值为与所选基准之差。",
                            "{lo}–{hi} (the current method's scale), higher is better; the delta is the difference "
                            "to the chosen benchmark."),
    # key points
    "pf_key_points": ("要点", "Key points"),
    "pf_strengths": ("优势：高于{bench}最多的子维度", "Strengths: furthest above the {bench}"),
    "pf_weaknesses": ("短板：低于{bench}最多的子维度", "Weaknesses: furthest below the {bench}"),
    "pf_priorities": ("优先领域：障碍度最大的子维度", "Priorities: the sub-dimensions that hold it back most"),
    "pf_none_above": ("没有高于基准的子维度。", "No sub-dimension is above the benchmark."),
    "pf_none_below": ("没有低于基准的子维度。", "No sub-dimension is below the benchmark."),
    "pf_points": ("分", "points"),
    # tabs
    "pf_tab_scores": ("得分", "Scores"),
    "pf_tab_gaps": ("差距", "Gaps"),
    "pf_tab_measures": ("措施建议", "Recommended measures"),
    "pf_tab_obstacles": ("障碍因素", "Obstacles"),
    "pf_tab_synergy": ("协调发展", "Coordination"),
    "pf_tab_trend": ("历年趋势", "Trend"),
    "pf_tab_views": ("各方认识", "Stakeholder views"),
    # scores and gaps
    "pf_radar_dims": ("{region}：各维度得分与{bench}对比", "{region}: the dimensions against the {bench}"),
    "pf_radar_subs": ("{region}：{n} 个子维度得分与{bench}对比", "{region}: the {n} sub-dimensions against the {bench}"),
    "pf_gap_title": ("{region}各子维度与{bench}的差距", "{region}: gap of each sub-dimension to the {bench}"),
    "pf_gap_axis": ("与基准之差（分，0–100 分制）", "Difference to the benchmark (points on the 0–100 scale)"),
    "pf_gap_axis_range": ("与基准之差（分，{lo}–{hi} 分制）",
                          "Difference to the benchmark (points on the {lo}–{hi} scale)"),
    "pf_gap_caption": ("紫色条高于基准，橙色条低于基准。", "Purple bars are above the benchmark, orange bars below."),
    "pf_scores_table": ("得分明细", "Scores in detail"),
    "pf_lvl_index": ("总指数", "Index"),
    # measures
    "pf_by": ("按什么排列优先顺序", "Order priorities by"),
    "pf_by_obstacle": ("障碍度（拖后腿最多的子维度）", "Obstacle degree (what holds the region back most)"),
    "pf_by_gap": ("与基准的差距（低于基准最多）", "Gap to the benchmark (furthest below it)"),
    "pf_measures_intro": ("以下是论文《我国政府数据协同治理的困境及应对研究》第 4 节针对这些子维度提出的措施，按优先顺序排列。",
                          "These are the measures that §4 of the paper (Liang & Zheng 2021) proposes for these "
                          "sub-dimensions, in order of priority."),
    "pf_trigger_obstacle": ("障碍度 {v}% · 得分 {s}", "obstacle degree {v}% · score {s}"),
    "pf_trigger_gap": ("低于基准 {v} 分 · 得分 {s}", "{v} points below the benchmark · score {s}"),
    "pf_measure_line": ("优先级 {p} · {src}", "priority {p} · {src}"),
    "pf_no_measures_lib": ("措施库中没有该子维度的措施。", "The measures library has no measure for this sub-dimension."),
    "pf_col_trigger": ("触发值", "Trigger"),
    "pf_measures_table": ("措施一览", "All measures"),
    # obstacles
    "pf_obst_intro": ("障碍度：某一子维度或指标造成的差距（离满分的距离乘以权重）占该地区全部差距的比例，合计 100%。"
                      "比例越大，越拖后腿。",
                      "Obstacle degree: the share of the region's total shortfall (distance from the top score "
                      "times the weight) that a sub-dimension or indicator causes; they add up to 100%. "
                      "The larger the share, the more it holds the region back."),
    "pf_obst_sub_title": ("{region}：各子维度的障碍度", "{region}: obstacle degree of each sub-dimension"),
    "pf_obst_ind_title": ("{region}：障碍度最大的 10 个指标", "{region}: the 10 indicators with the largest obstacle degree"),
    "pf_col_dimension": ("所属维度", "Dimension"),
    "pf_obst_sub_table": ("子维度障碍度", "Obstacle degree by sub-dimension"),
    "pf_obst_ind_table": ("指标障碍度（前 10）", "Obstacle degree by indicator (top 10)"),
    # synergy
    "pf_syn_t": ("综合发展水平 T", "Development level T"),
    "pf_syn_d": ("协调发展度 D", "Coordination degree D"),
    "pf_syn_band": ("协调等级", "Band"),
    "pf_syn_c_help": ("各维度得分是否接近：1 表示完全均衡。", "Whether the dimensions score alike: 1 means fully balanced."),
    "pf_syn_t_help": ("各维度得分的平均水平（0–1）。", "The average level of the dimensions (0–1)."),
    "pf_syn_d_help": ("D = √(C × T)，0–1，按十分位分为十个等级。", "D = √(C × T), 0–1, split into ten bands by tenths."),
    "pf_syn_sentence": (
        "{region}的协调发展度 D = {d}，属于“{band}”（十个等级中的第 {k} 级，从“极度失调”到“优质协调”）。"
        "D 同时看各维度的整体水平（T = {t}）和它们是否齐头并进（耦合度 C = {c}）："
        "各维度都高且彼此接近，D 才高；任何一个维度明显落后都会拉低 D。"
        "目前得分最低的维度是“{weakest}”（{wscore} 分），补齐它最能提升协同效应。",
        "{region} has a coordination degree D = {d}, band “{band}” (band {k} of ten, from “Extreme imbalance” "
        "to “Excellent coordination”). D looks at both the overall level of the dimensions (T = {t}) and "
        "whether they move together (coupling C = {c}): D is high only when all of them are high and close to "
        "each other; one dimension lagging behind pulls D down. Its weakest dimension is “{weakest}” "
        "({wscore} points); raising it does most for the synergy."),
    "pf_syn_compare": ("{year} 年 {n} 个地区中，有 {above} 个地区的 D 高于{region}；全部地区 D 的均值为 {mean}。",
                       "In {year}, {above} of {n} regions have a higher D than {region}; the mean D of all regions "
                       "is {mean}."),
    "pf_syn_rescaled": ("注：当前方法的得分不在 0–100 之间，计算 C、T、D 时取各维度得分在该方法量表上的位置 (s − lo)/(hi − lo)，各年份相同。",
                        "Note: scores of the current method are not on 0–100, so C, T and D use each dimension "
                        "score's position on the method's scale, (s − lo)/(hi − lo), the same in every year."),
    "pf_band_title": ("{region}在十个协调等级中的位置", "Where {region} sits among the ten coordination bands"),
    "pf_band_axis": ("协调发展度 D（0–1）", "Coordination degree D (0–1)"),
    "pf_syn_table": ("协调发展度明细", "Coordination in detail"),
    "pf_col_who": ("对象", "Who"),
    # trend
    "pf_trend_title": ("{region}：协同治理指数与各维度的历年变化", "{region}: synergy index and its dimensions over the years"),
    "pf_trend_subtitle": ("{dataset} · {first}–{last} 年 · 方法：{method}", "{dataset} · {first}–{last} · Method: {method}"),
    "pf_trend_one_year": ("当前数据集只有一个年份（{year}），无法显示历年趋势。",
                          "The current dataset has only one year ({year}), so there is no trend to show."),
    "pf_trend_table": ("历年得分", "Scores by year"),
    "pf_col_d": ("协调发展度 D", "Coordination D"),
    "pf_trend_change": ("{first}–{last} 年指数变化 {d} 分。", "The index changed by {d} points from {first} to {last}."),
    # stakeholder views
    "pf_views_none": ("当前数据集没有问卷数据，无法比较政府、企业、社会组织和公众的看法。",
                      "The current dataset has no survey data, so the views of government, enterprises, social "
                      "organisations and citizens cannot be compared."),
    "pf_views_empty": ("{region}在 {year} 年没有问卷答卷。", "There are no survey answers for {region} in {year}."),
    "pf_views_intro": ("问卷为 1–{k} 分量表（1 = 完全不同意，{k} = 完全同意）。下图只列出至少两类主体回答的题目；"
                       "★ 表示各主体的回答差异显著（Kruskal-Wallis 检验，p < 0.05）。"
                       "主体间的分歧越大，“认识一致”（AWA5）得分越低。",
                       "Survey answers on a 1–{k} scale (1 = strongly disagree, {k} = strongly agree). The chart "
                       "shows statements answered by at least two groups; ★ marks a significant difference between "
                       "the groups (Kruskal-Wallis test, p < 0.05). The wider the disagreement, the lower the "
                       "“shared understanding” score (AWA5)."),
    "pf_views_title": ("{region}：各主体对问卷陈述的平均认同度", "{region}: how much each group agrees with each statement"),
    "pf_views_axis": ("平均认同度（1–{k} 分）", "Mean agreement (1–{k})"),
    "pf_views_table": ("各题目的主体差异", "Differences between groups by statement"),
    "pf_views_single": ("只有一类主体回答的 {n} 道题无法比较，仅列在表中。",
                        "{n} statements answered by one group only cannot be compared; they are listed in the table only."),
    "pf_views_sig_count": ("{n} 道题中有 {s} 道题各主体的回答差异显著（p < 0.05）。",
                           "For {s} of {n} statements the groups answer significantly differently (p < 0.05)."),
    "pf_col_statement": ("问卷陈述", "Statement"),
    "pf_col_spread": ("最大差", "Spread"),
    "pf_col_hi": ("最认同", "Agrees most"),
    "pf_col_lo": ("最不认同", "Agrees least"),
    "pf_col_p": ("p 值", "p-value"),
    "pf_col_sig": ("差异显著", "Significant"),
    "pf_col_n": ("答卷数", "Answers"),
    # colour names of the Okabe-Ito palette, in order (for captions that explain bar colours)
    "pf_colors": ("蓝色,橙色,绿色,粉色,天蓝色,朱红色,黄色,黑色",
                  "blue,orange,green,pink,sky blue,vermilion,yellow,black"),
    "pf_color_legend": ("条形颜色表示所属维度：{items}。", "Bar colours show the dimension: {items}."),
}
