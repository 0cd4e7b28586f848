"""Strings of the "Path to target" (达标路径) section of the region profile and its presentation slide."""

TEXT: dict[str, tuple[str, str]] = {
    "tp_intro": ("要达到某个目标（下一成熟度等级、协调等级、基准或名次），该地区最少需要在哪些指标上提高多少？"
                 "按当前方法和权重求解，其他地区保持不变。",
                 "What is the least this region has to improve, and on which indicators, to reach a target (the next "
                 "maturity level, a coordination band, a benchmark or a rank)? Solved under the current method and "
                 "weights, with every other region held fixed."),
    "tp_custom": ("自定义指数值…", "A custom index value…"),
    "tp_score": ("目标指数值", "Target index value"),
    "tp_plan": ("方案", "Plan"),
    "tp_actionable": ("可操作指标（“仅可操作指标”方案只提高这些指标）",
                      "Actionable indicators (the 'actionable indicators only' plan raises only these)"),
    "tp_actionable_help": ("默认是行政统计指标：政府可以直接改变；问卷感知指标只能间接改变。",
                           "By default the administrative indicators, which a government changes directly; survey "
                           "perceptions follow only indirectly."),
    "tp_compute": ("计算达标路径", "Compute the path"),
    "tp_press": ("选择目标后点击“计算达标路径”（每个方案各重新评估一次，约需一秒）。",
                 "Choose a target and press 'Compute the path' (each plan is re-assessed once; about a second)."),
    "tp_error": ("无法计算达标路径：{err}", "The path cannot be computed: {err}"),
    "tp_no_regions": ("没有可供计算的地区。", "No region to compute a path for."),
    "tp_m_index": ("指数", "Index"),
    "tp_after": ("达标后 {v}", "after: {v}"),
    "tp_reached": ("可以达到", "reachable"),
    "tp_unreached": ("在上界内无法达到", "not reachable within the bounds"),
    "tp_reassessed": ("重新评估（把计划的原始值放回数据、重新计算）：指数 {index}，{reached}。",
                      "Re-assessed (the planned raw values put back into the data and assessed again): index "
                      "{index}, {reached}."),
    "tp_reassessed_no": ("目标未达到，差别来自标准化或权重随数据变化", "target missed: the normalisation or the weights "
                                                             "moved with the data"),
    "tp_compare": ("方案对比", "The plans compared"),
    "tp_col_reached": ("达标", "Reached"),
    "tp_col_points": ("提高总分（标准化分）", "Points raised (normalised)"),
    "tp_col_cost": ("成本", "Cost"),
    "tp_col_n": ("涉及指标数", "Indicators moved"),
    "tp_col_after": ("计划后指数", "Index after"),
    "tp_col_reassessed": ("重新评估指数", "Index re-assessed"),
    "tp_chart_title": ("{region}：{target}（{plan}）", "{region}: {target} ({plan})"),
    "tp_after_series": ("达标后", "After the plan"),
    "tp_changes": ("需要提高的指标", "Indicators that must rise"),
    "tp_col_before": ("现在（标准化分）", "Now (normalised)"),
    "tp_col_after_n": ("达标后（标准化分）", "After (normalised)"),
    "tp_col_raw": ("原始值（现在 → 达标后）", "Raw value (now → after)"),
    "tp_col_answer": ("问卷回答", "Survey answers"),
    "tp_subdims": ("需要提升的子维度及论文建议措施", "Sub-dimensions that must move, with the paper's measures"),
    "tp_subdim_line": ("**{name}** {points} 分", "**{name}** {points} points"),
    "tp_no_change": ("无需改变。", "Nothing needs to change."),
    # presentation slide
    "pr_path_title": ("{region}：达标路径", "{region}: path to target"),
    "pr_path_more": ("另有 {n} 项指标变化较小，见地区画像页。", "{n} more indicators move a little; see the region "
                                                      "profile."),
}
