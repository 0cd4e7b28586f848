"""Strings of the survey side of the Data page (platform imports, response quality, questionnaires,
fieldwork), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    # platform import
    "srv_platform": ("识别为 {platform} 导出的答卷。保存前请核对下面的对应关系：保存的是按对应关系转换后的问卷数据。",
                     "Recognised as a response export of {platform}. Check the mapping below before saving: what "
                     "is saved is the survey data converted by it."),
    "srv_mapping": ("对应关系", "Mapping"),
    "srv_change": ("修改题目的对应", "Change what a column is"),
    "srv_change_help": ("按题目文字对应的列附有相似度（1 = 文字完全相同）；相似度低于 1 的请逐一核对。",
                        "Columns matched by question text show their similarity (1 = the same text); check every "
                        "one below 1."),
    "srv_not_used": ("不使用该列", "Not used"),
    "srv_group": ("受访群体", "Stakeholder group"),
    "srv_auto": ("按文件：{source}", "From the file: {source}"),
    "srv_confirm": ("我已核对对应关系", "I have checked the mapping"),
    "srv_confirm_needed": ("请先核对并确认问卷导出的对应关系。", "Check and confirm the mapping of the survey export "
                           "first."),
    "srv_convert_failed": ("按当前对应关系无法转换问卷导出：", "The survey export cannot be converted with this "
                           "mapping:"),
    "srv_converted": ("转换后：{rows} 份答卷，{items} 个题项；保存为 {name}。",
                      "Converted: {rows} responses, {items} items; saved as {name}."),
    # quality
    "srv_quality": ("作答质量", "Response quality"),
    "srv_quality_intro": ("以下回答只作标记，不影响计算；如需排除，请在“方法”页的评估设置中选择排除的类别。",
                          "These responses are only flagged, the scores are unchanged; to leave them out, choose "
                          "what to exclude in the assessment settings on the Methods page."),
    "srv_quality_none": ("没有被标记的回答。", "No response was flagged."),
    "srv_col_id": ("受访者编号", "Respondent id"),
    "srv_col_rules": ("标记", "Flags"),
    "srv_col_reason": ("原因", "Why"),
    "srv_quality_more": ("只列出前 {shown} 位（共 {total} 位被标记）。", "The first {shown} are listed ({total} "
                         "flagged)."),
    "srv_exclude": ("评估中排除被标记的回答", "Leave flagged responses out of the assessment"),
    "srv_exclude_help": ("默认只标记、不排除。选择后，被所选规则标记的受访者不参与计算，评估记录中写明排除了多少回答及原因。",
                         "By default responses are flagged, not excluded. Respondents flagged by the rules chosen "
                         "here are left out, and the assessment's log says how many answers were excluded and why."),
    "srv_excluded": ("本评估排除了 {total} 位受访者中的 {n} 位（{answers} 个回答）。",
                     "This assessment leaves out {n} of {total} respondents ({answers} answers)."),
    # questionnaire downloads
    "srv_q_title": ("问卷", "Questionnaires"),
    "srv_q_intro": ("按当前指标框架生成各受访群体的问卷（只含面向该群体的题项），可下载 Word、PDF 或 LimeSurvey 导入文件。"
                    "题项代码不向受访者显示，但保存在文件中，导入答卷时据此对应。",
                    "Questionnaires made from the active framework, one per stakeholder group (only the items "
                    "aimed at it), as Word, PDF or a LimeSurvey structure to import. Item codes are not shown to "
                    "respondents but are kept in the file, so that the responses can be mapped back."),
    "srv_q_lang": ("问卷语言", "Language"),
    "srv_q_format": ("格式", "Format"),
    "srv_q_fmt_docx": ("Word (.docx)", "Word (.docx)"),
    "srv_q_fmt_pdf": ("PDF", "PDF"),
    "srv_q_fmt_limesurvey": ("LimeSurvey 结构文件 (.txt)", "LimeSurvey structure (.txt)"),
    "srv_q_seed": ("题目顺序", "Item order"),
    "srv_q_order_plain": ("按框架顺序", "Framework order"),
    "srv_q_order_seed": ("各部分内随机（种子 {seed}）", "Shuffled within each part (seed {seed})"),
    "srv_q_text": ("说明与知情同意（可编辑；空行分段）", "Introduction and consent (editable; a blank line starts a "
                   "paragraph)"),
    "srv_q_download": ("下载问卷", "Download the questionnaire"),
    "srv_q_failed": ("未能生成问卷：", "The questionnaire could not be made:"),
    # fieldwork monitor
    "fw_tab": ("调查进度", "Fieldwork"),
    "fw_title": ("调查进度：各地区、年份、群体的答卷数", "Fieldwork: responses per region, year and group"),
    "fw_intro": ("{dataset} 的问卷数据按地区 × 年份 × 受访群体计数，与目标比较（颜色：达到目标的比例，数字：答卷数）。"
                 "低于目标的格子不够可靠，使用这些格子的得分所在页面会给出提示。",
                 "The survey responses of {dataset} counted per region x year x stakeholder group against the "
                 "target (colour: share of the target reached; number: responses). Cells below the target are "
                 "not reliable enough, and pages showing a score that rests on one say so."),
    "fw_no_survey": ("当前数据集没有问卷数据。", "The active dataset has no survey data."),
    "fw_kind_count": ("每格答卷数", "Responses per cell"),
    "fw_kind_margin": ("误差范围（95% 置信）", "Margin of error (95%)"),
    "fw_n": ("每格至少", "At least per cell"),
    "fw_margin": ("误差不超过（%）", "Margin at most (%)"),
    "fw_population": ("群体总人数（可选）", "Group population (optional)"),
    "fw_population_help": ("用于有限总体校正：n = n₀ / (1 + (n₀ − 1) / N)，n₀ = z²p(1−p)/e²，p = 0.5；留空则不校正。",
                           "For the finite population correction: n = n0 / (1 + (n0 - 1) / N), "
                           "n0 = z²p(1-p)/e², p = 0.5; leave empty for none."),
    "fw_summary": ("目标：{target}。{total} 个格子中有 {short} 个低于目标。", "Target: {target}. {short} of {total} "
                   "cells are below it."),
    "fw_colorbar": ("达到目标的比例", "Share of target"),
    "fw_area": ("显示范围", "Show"),
    "fw_short_pick": ("选择一个省份（或区域），即可列出并下载其低于目标的格子。",
                      "Choose a province (or region group) under 'Show' to list and download its cells below the "
                      "target."),
    "fw_area_all": ("全部（按省份或区域汇总）", "Everything, summed by area"),
    "fw_area_title": ("调查进度：各省份达到目标的地区格子比例", "Fieldwork: share of region cells meeting the target, by area"),
    "fw_area_colorbar": ("达到目标的格子比例", "Cells meeting the target"),
    "fw_area_hover": ("%{text} 个格子低于目标", "%{text} cells below the target"),
    "fw_area_note": ("地区较多时按省份（无行政区划代码时按区域）汇总：每格写的是低于目标的地区格子数 / 地区格子数。"
                     "在“显示范围”中选择一个省份，可查看其每个地区。",
                     "With many regions the map is summed by province (by region group where the codes are not GB/T "
                     "2260): each cell reads cells below the target / region cells. Choose a province under "
                     "'Show' to see each of its regions."),
    "fw_short_title": ("低于目标的格子", "Cells below the target"),
    "fw_col_group": ("受访群体", "Group"),
    "fw_col_n": ("答卷数", "Responses"),
    "fw_col_margin": ("误差范围", "Margin of error"),
    "fw_all_met": ("所有格子都达到了目标。", "Every cell meets the target."),
    "fw_warn_region": ("{region} {year} 年的得分所依据的问卷格子低于调查目标（{target}）：{cells}。解读时请谨慎。",
                       "The {year} score of {region} rests on survey cells below the fieldwork target ({target}): "
                       "{cells}. Read it with care."),
    "fw_warn_all": ("{year} 年有 {n} 个地区的得分依据了低于调查目标（{target}）的问卷格子：{regions}。详见“数据管理”页的调查进度。",
                    "In {year}, the scores of {n} regions rest on survey cells below the fieldwork target "
                    "({target}): {regions}. See the fieldwork monitor on the Data page."),
    "fw_more": (" 等另外 {n} 个", " and {n} more"),
}
