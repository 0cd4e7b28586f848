"""Strings the exports write (deck, report, workbook, images, questionnaires)."""

TEXT: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- titles
    "report_title": ("政府数据协同治理评估报告", "Government Data Collaborative Governance Assessment"),
    "deck_title": ("政府数据协同治理评估", "Government Data Collaborative Governance Assessment"),
    "report_subtitle": ("组织协同 · 机制协同 · 认识与文化协同",
                        "Organisational · mechanism · awareness & culture collaboration"),
    "cover_dataset": ("数据集：{dataset}", "Dataset: {dataset}"),
    "cover_year": ("评估年份：{year}", "Assessment year: {year}"),
    "cover_regions": ("地区数：{n}（重点地区：{chosen}）", "Regions: {n} (in focus: {chosen})"),
    "cover_date": ("生成日期：{date}", "Generated: {date}"),
    "dataset_unnamed": ("上传的数据", "Uploaded data"),
    "synthetic_label": ("合成数据（演示用）", "Synthetic demo data"),
    "synthetic_note": ("本报告所用数据为随机生成的合成数据，仅用于演示，不代表任何地区的真实情况。",
                       "The data in this report is randomly generated synthetic data for demonstration; "
                       "it describes no real region."),
    "none": ("无", "none"),
    "year_fmt": ("{year} 年", "{year}"),
    "years_fmt": ("{start}–{end} 年", "{start}–{end}"),
    "no_year": ("不分年份", "no year"),
    "footer": ("{app} · {dataset} · {year}", "{app} · {dataset} · {year}"),
    "page_of": ("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"),
    "toc": ("目录", "Contents"),
    # ---------------------------------------------------------------- sections
    "sec_method": ("评估方法", "Method"),
    "sec_map": ("地区分布图", "Map of the regions"),
    "sec_ranking": ("综合排名", "Ranking"),
    "sec_ranking_table": ("完整排名表", "Full ranking table"),
    "sec_regions": ("重点地区", "Regions in focus"),
    "sec_region": ("{name}：地区画像", "{name}: region profile"),
    "sec_comparison": ("地区对比", "Comparison of regions"),
    "sec_annex": ("方法附录", "Methods annex"),
    "sec_weights": ("指标体系与权重", "Framework and weights"),
    "sec_provenance": ("数据来源与可追溯信息", "Data sources and provenance"),
    "sec_closing": ("数据来源、计算设置与数据指纹", "Data sources, spec and data fingerprint"),
    # ---------------------------------------------------------------- method summary
    "method_intro": ("依据梁宇、郑易平《我国政府数据协同治理的困境及应对研究》（情报杂志，2021(9)），"
                     "从组织、机制、认识与文化三个维度评估各地区的政府数据协同治理水平。",
                     "Following Liang Yu and Zheng Yiping (Journal of Intelligence, 2021(9)), regions are "
                     "assessed on three dimensions of government data collaborative governance: organisational, "
                     "mechanism, and awareness & culture."),
    "m_framework": ("指标体系", "Framework"),
    "m_framework_val": ("{dims} 个维度、{subs} 个子维度、{inds} 个指标（统计指标 {stat} 个，问卷指标 {srv} 个）",
                        "{dims} dimensions, {subs} sub-dimensions, {inds} indicators ({stat} statistical, "
                        "{srv} from surveys)"),
    "m_data": ("数据", "Data"),
    "m_data_val": ("{regions} 个地区，{years}", "{regions} regions, {years}"),
    "m_survey_val": ("；问卷 {n} 份", "; {n} survey responses"),
    "m_maturity": ("成熟度等级", "Maturity levels"),
    "m_maturity_bands": ("按综合指数分五级：{bands}", "Five levels by the index: {bands}"),
    "m_maturity_kmeans": ("按综合指数做 k 均值聚类分为五级（随机种子 {seed}）",
                          "Five k-means tiers of the index (seed {seed})"),
    "m_synergy": ("协同度", "Synergy"),
    "m_synergy_val": ("三个维度的耦合协调度 D，按 0.1 分为十级（极度失调 … 优质协调）",
                      "Coupling-coordination degree D of the three dimensions, ten bands by tenths "
                      "(extreme imbalance … excellent coordination)"),
    "m_obstacle": ("障碍度", "Obstacles"),
    "m_obstacle_val": ("障碍度模型：指标权重 × 与最优值的差距，占全部差距的比例",
                       "Obstacle degree: indicator weight × distance from the best value, as a share of the total"),
    "m_measures_val": ("按障碍度最大的子维度给出论文第 4 节的对应措施",
                       "The paper's §4 measures for the sub-dimensions with the largest obstacle degree"),
    "m_measures": ("建议措施", "Measures"),
    "m_spec": ("计算设置", "Spec"),
    "pooled": ("全部年份合并标准化", "pooled over all years"),
    "by_year": ("逐年分别标准化", "each year separately"),
    "custom_weights": ("自定义权重", "custom weights"),
    # ---------------------------------------------------------------- columns
    "col_T": ("综合发展 T", "Development T"),
    "col_obstacle": ("障碍度 (%)", "Obstacle (%)"),
    "col_sibling_w": ("同级权重", "Weight among siblings"),
    "col_key": ("项目", "Item"),
    "col_value": ("内容", "Value"),
    "col_sheet": ("工作表", "Sheet"),
    # ---------------------------------------------------------------- region pages
    "key_figures": ("综合指数 {score} · 排名 {rank}/{of} · {level} · 协调度 D = {D}（{band}）",
                    "Index {score} · rank {rank} of {of} · {level} · coordination D = {D} ({band})"),
    "dims_line": ("{parts}", "{parts}"),
    "profile": ("子维度得分画像", "Sub-dimension profile"),
    "profile_sub": ("{name}与全部地区均值 · {year}", "{name} and the mean of all regions · {year}"),
    "gaps": ("与均值的差距", "Gaps to the mean"),
    "gaps_sub": ("子维度得分减全部地区均值 · {year}", "Sub-dimension score minus the mean of all regions · {year}"),
    "band_title": ("协同度（耦合协调度 D）", "Synergy (coupling-coordination degree D)"),
    "band_sub": ("{name}：D = {D}，{band}；C = {C}，T = {T}", "{name}: D = {D}, {band}; C = {C}, T = {T}"),
    "band_axis": ("耦合协调度 D", "Coupling-coordination degree D"),
    "obstacles": ("主要障碍因素", "Main obstacles"),
    "obstacles_ind": ("主要障碍指标", "Main obstacle indicators"),
    "obstacle_item": ("{name}：{value}%", "{name}: {value}%"),
    "measure_item": ("{text}（论文 {source}）", "{text} (paper {source})"),
    "measure_for": ("{name}（障碍度 {value}%）", "{name} (obstacle {value}%)"),
    "strengths": ("相对优势", "Strengths"),
    "weaknesses": ("相对短板", "Weaknesses"),
    "more_in_notes": ("完整措施见备注。", "All measures are in the notes."),
    "notes_region": ("{name}（{code}），{year}。", "{name} ({code}), {year}."),
    # ---------------------------------------------------------------- path to target
    "sec_path": ("{name}：达标路径", "{name}: path to target"),
    "path_target": ("目标：{target} · {plan}", "Target: {target} · {plan}"),
    "path_reassessed": ("重新评估（计划的原始值放回数据后重新计算）：指数 {index}，{reached}。",
                        "Re-assessed (the planned raw values put back into the data): index {index}, {reached}."),
    "path_missed": ("目标未达到", "target missed"),
    "path_col_indicator": ("需要提高的指标", "Indicator that must rise"),
    "path_col_raw": ("原始值：现在 → 达标后", "Raw value: now → after"),
    "path_col_after": ("达标后", "After"),
    "path_subdims": ("需要提升的子维度", "Sub-dimensions that must move"),
    "path_subdim_item": ("{name} {points} 分", "{name} {points} points"),
    "path_none": ("该地区已达到目标，无需改变。", "The region already meets the target; nothing needs to change."),
    "path_more": ("另有 {n} 项指标，见备注。", "{n} more indicators in the notes."),
    # ---------------------------------------------------------------- overview & comparison
    "map_title": ("协同治理指数地区分布", "Collaborative governance index by region"),
    "map_sub": ("{year} · 方格图（每格一个地区）", "{year} · tile map (one square per region)"),
    "ranking_title": ("协同治理指数排名", "Ranking by the collaborative governance index"),
    "ranking_sub": ("{year} · 重点地区以橙色标出", "{year} · regions in focus in orange"),
    "index_axis": ("协同治理指数（0–100）", "Collaborative governance index (0–100)"),
    "ranking_summary": ("最高：{top}（{top_v}）；最低：{bottom}（{bottom_v}）；均值 {mean}。",
                        "Highest: {top} ({top_v}); lowest: {bottom} ({bottom_v}); mean {mean}."),
    "levels_count": ("各成熟度等级地区数：{parts}。", "Regions per maturity level: {parts}."),
    "bands_count": ("各协调等级地区数：{parts}。", "Regions per coordination band: {parts}."),
    "compare_title": ("重点地区三维度对比", "Regions in focus on the three dimensions"),
    "compare_sub": ("{year} · 含全部地区均值", "{year} · with the mean of all regions"),
    "trend_title": ("综合指数变化趋势", "The index over the years"),
    "trend_sub": ("重点地区 · {years}", "Regions in focus · {years}"),
    "no_regions": ("未选择重点地区。", "No region in focus was chosen."),
    "no_map": ("地区表没有方格图坐标（row、col），不绘制地区分布图。",
               "The region table has no tile-map positions (row, col); no map is drawn."),
    # ---------------------------------------------------------------- annex
    "annex_missing": ("缺失值", "Missing values"),
    "annex_synergy": ("耦合协调度", "Coupling-coordination degree"),
    "annex_obstacle": ("障碍度", "Obstacle degree"),
    "annex_gaps": ("差距与建议措施", "Gaps and measures"),
    "f_minmax": ("极差标准化：逆向指标先取相反数，再线性映射到 [{lo}, {hi}]："
                 "x′ = {lo} + (x − min) / (max − min) × ({hi} − {lo})；{pooled}。",
                 "Min-max: indicators where less is better are negated, then mapped linearly onto [{lo}, {hi}]: "
                 "x′ = {lo} + (x − min) / (max − min) × ({hi} − {lo}); {pooled}."),
    "f_zscore": ("Z 分数：逆向指标先取相反数，x′ = {m} + {sd} × (x − 均值) / 样本标准差；{pooled}。",
                 "z-score: indicators where less is better are negated, x′ = {m} + {sd} × (x − mean) / sample SD; "
                 "{pooled}."),
    "f_rank": ("排序标准化：按指标值排序，最差的地区为 1，并列取平均名次；{pooled}。",
               "Rank: regions ranked on each indicator, the worst value gets 1, ties share the average rank; "
               "{pooled}."),
    "f_goalposts": ("目标值标准化：以框架中的目标下限和上限为端点线性映射到 [{lo}, {hi}] 并截断；{pooled}。",
                    "Goalposts: mapped linearly onto [{lo}, {hi}] between the framework's lower and upper goal "
                    "posts, and clipped; {pooled}."),
    "f_w_framework": ("采用指标体系文件给定的权重，在同一上级之下归一化。",
                      "The weights given in the framework file, normalised among siblings."),
    "f_w_equal": ("同一上级之下的各项等权。", "Siblings weigh the same."),
    "f_w_entropy": ("熵权法：按各指标在地区间分布的信息熵确定客观权重，差异越大的指标权重越高。",
                    "Entropy weights: objective weights from the information entropy of each indicator across "
                    "regions; an indicator that differs more between regions weighs more."),
    "f_w_critic": ("CRITIC 法：综合指标的对比强度（标准差）与冲突性（与其他指标的相关性）确定权重。",
                   "CRITIC: weights from each indicator's contrast (standard deviation) and conflict "
                   "(correlation with the other indicators)."),
    "f_w_pca": ("主成分权重：按主成分载荷与方差贡献确定权重。",
                "PCA weights: from the loadings and explained variance of the principal components."),
    "f_w_ahp": ("层次分析法：由成对比较判断矩阵的主特征向量得到权重，并检验一致性比率 CR < 0.1。",
                "AHP: weights from the principal eigenvector of pairwise comparison matrices, with the "
                "consistency ratio CR < 0.1 checked."),
    "f_w_overrides": ("另有手动调整的权重：{items}。", "Weights changed by hand: {items}."),
    "f_arithmetic": ("逐层加权算术平均：上级得分 = Σ w_i·x_i，w_i 为同级权重。",
                     "Weighted arithmetic mean, level by level: a parent's score = Σ w_i·x_i with the sibling "
                     "weights w_i."),
    "f_geometric": ("逐层加权几何平均：上级得分 = Π x_i^w_i，短板不能被长处完全抵消。",
                    "Weighted geometric mean, level by level: a parent's score = Π x_i^w_i, so a weakness is not "
                    "fully offset by a strength."),
    "f_topsis": ("TOPSIS：计算各地区到正、负理想解的加权欧氏距离 D+、D-，贴近度 = D- / (D+ + D-) × 100。",
                 "TOPSIS: weighted Euclidean distances D+ and D- to the ideal and anti-ideal points; "
                 "closeness = D- / (D+ + D-) × 100."),
    "f_missing": ("汇总时跳过缺失的指标，其余指标的权重重新归一化；每个得分背后有数据的权重份额报告为数据覆盖率。"
                  "{impute}",
                  "Missing indicators are skipped in aggregation and the remaining weights re-normalised; the "
                  "share of weight with data behind each score is reported as its coverage. {impute}"),
    "f_impute_none": ("未做插补。", "No value was imputed."),
    "f_impute": ("缺失值按“{method}”插补，共 {n} 个单元格。", "Missing values imputed by {method}: {n} cells."),
    "f_levels_bands": ("按综合指数（0–100）划分五级：{bands}。", "Five levels by the index (0–100): {bands}."),
    "f_levels_kmeans": ("按综合指数做 k 均值聚类，由低到高分为五级。",
                        "k-means clustering of the index into five tiers, from low to high."),
    "f_synergy": ("以三个维度得分 U_i（换算到 [0, 1]）为子系统：耦合度 C = n·(Π U_i)^(1/n) / Σ U_i，"
                  "综合发展指数 T = Σ a_i·U_i（a_i 相等），耦合协调度 D = √(C·T)。D 按 0.1 为间隔分为十级："
                  "{bands}。",
                  "The three dimension scores U_i (on [0, 1]) are the subsystems: coupling C = n·(Π U_i)^(1/n) / Σ U_i, "
                  "development T = Σ a_i·U_i (equal a_i), coordination D = √(C·T). D falls in ten bands by tenths: "
                  "{bands}."),
    "f_obstacle": ("障碍度：O_ij = w_j·(1 − x_ij) / Σ_k w_k·(1 − x_ik)，x_ij 为地区 i 在指标 j 上 [0, 1] 的标准化值，"
                   "w_j 为指标总权重；子维度的障碍度为其下各指标障碍度之和。",
                   "Obstacle degree: O_ij = w_j·(1 − x_ij) / Σ_k w_k·(1 − x_ik), where x_ij is region i's value on "
                   "indicator j on [0, 1] and w_j the indicator's overall weight; a sub-dimension's obstacle degree "
                   "is the sum over its indicators."),
    "f_gaps": ("差距为地区得分减去同年全部地区的均值。建议措施取障碍度最大的三个子维度，列出论文第 4 节（及第 3 节所述困境）"
               "提出的对应措施；各子维度得分均不低于 80 的地区不列措施。",
               "A gap is the region's score minus the mean of all regions in the same year. Measures are those the "
               "paper proposes (§4, for the predicaments of §3) for the three sub-dimensions with the largest "
               "obstacle degree; a region scoring at least 80 on every sub-dimension gets none."),
    # ---------------------------------------------------------------- provenance
    "p_synthetic": ("合成数据", "Synthetic data"),
    "p_sources": ("数据来源", "Sources"),
    "p_src_indicators": ("统计指标数据：{n} 个地区 × {years} 个年份，{cells} 个数值",
                         "Indicator data: {n} regions × {years} years, {cells} values"),
    "p_src_survey": ("问卷数据：{n} 份答卷，{items} 个题项", "Survey data: {n} responses to {items} items"),
    "p_src_regions": ("地区表：{n} 个地区", "Region table: {n} regions"),
    "p_src_paper": ("指标体系与措施：梁宇、郑易平《我国政府数据协同治理的困境及应对研究》，情报杂志，2021(9)",
                    "Framework and measures: Liang Yu, Zheng Yiping, Predicaments of and responses to collaborative "
                    "government data governance in China, Journal of Intelligence, 2021(9)"),
    "p_spec": ("计算设置（spec，JSON）", "Spec (JSON)"),
    "p_fw_fingerprint": ("指标体系指纹（SHA-256）", "Framework fingerprint (SHA-256)"),
    "p_generated": ("生成时间", "Generated at"),
    "p_software": ("软件版本", "Software version"),
    "p_year": ("评估年份", "Assessment year"),
    "p_lang": ("语言", "Language"),
    "p_log": ("计算步骤记录（JSON）", "Step log (JSON)"),
    "p_reproduce": ("用同一数据与计算设置可重现本报告的全部数字：python -m metrics assess 或 python -m export report。",
                    "The same data and spec reproduce every number here: python -m metrics assess or "
                    "python -m export report."),
    # ---------------------------------------------------------------- workbook
    "x_readme_title": ("工作簿说明", "About this workbook"),
    "x_readme": ("README", "README"),
    "x_results": ("各地区各年份的全部汇总得分、综合指数排名、成熟度等级与协调度（按年份、排名排序）",
                  "Every aggregate score, the index rank, maturity level and coordination per region and year "
                  "(sorted by year and rank)"),
    "x_raw": ("原始指标值：统计指标与按地区、年份汇总的问卷指标", "Raw indicator values: statistics and survey "
              "indicators aggregated per region and year"),
    "x_imputed": ("插补后的指标值", "Indicator values after imputation"),
    "x_treated": ("异常值处理后的指标值", "Indicator values after outlier treatment"),
    "x_normalised": ("标准化后的指标值（{method}）", "Normalised indicator values ({method})"),
    "x_scores": ("全部汇总层级（子维度、维度、综合指数）的得分，每个年份", "Scores of every aggregate (sub-dimensions, "
                 "dimensions, index), every year"),
    "x_ranks": ("每个汇总节点在各年份内的排名（1 为最好，并列取较好名次）", "Rank of every aggregate within each year "
                "(1 is best; ties share the better rank)"),
    "x_coverage": ("每个得分背后有数据的权重份额（0–1）", "Share (0–1) of each score's weight that had data"),
    "x_synergy": ("三个维度的耦合度 C、综合发展指数 T、耦合协调度 D 与协调等级，每个地区、年份",
                  "Coupling C, development T, coordination D and its band, per region and year"),
    "x_obstacles_sub": ("{year}各子维度障碍度（%，每个地区合计 100）", "Obstacle degree of each sub-dimension in "
                        "{year} (%, each region sums to 100)"),
    "x_obstacles_ind": ("{year}各指标障碍度（%，每个地区合计 100）", "Obstacle degree of each indicator in {year} "
                        "(%, each region sums to 100)"),
    "x_measures": ("{year}各地区的建议措施（按障碍度最大的子维度）", "Recommended measures per region in {year} "
                   "(for the sub-dimensions with the largest obstacle degree)"),
    "x_framework": ("指标体系：层级、方向、同级权重与总权重", "The framework: hierarchy, direction, weights among "
                    "siblings and overall weights"),
    "x_provenance": ("计算设置（spec）、数据指纹、指标体系指纹、合成数据标记、生成时间与软件版本",
                     "The spec, data fingerprint, framework fingerprint, synthetic flag, time of generation and "
                     "software version"),
    "x_note_codes": ("列名为指标或节点代码，名称见 framework 工作表；数值以数字保存，地区代码与名称以文本保存。",
                     "Columns are indicator or node codes (names in the framework sheet); numbers are stored as "
                     "numbers, region codes and names as text."),
    # ---------------------------------------------------------------- images
    "img_no_browser": ("无法生成图片：找不到 Chromium 浏览器。请安装 Debian 的 chromium 与 fonts-noto-cjk"
                       "（运行 scripts/system-deps.sh），或用环境变量 BROWSER_PATH 指定浏览器路径。",
                       "Cannot make images: no Chromium browser was found. Install Debian's chromium and "
                       "fonts-noto-cjk (run scripts/system-deps.sh), or set BROWSER_PATH to the browser."),
    "img_start_failed": ("无法启动 Chromium 生成图片：{error}。请确认已安装 chromium 与 fonts-noto-cjk"
                         "（scripts/system-deps.sh）。",
                         "Could not start Chromium to make images: {error}. Check that chromium and "
                         "fonts-noto-cjk are installed (scripts/system-deps.sh)."),
    "img_failed": ("图片生成失败：{error}", "Image export failed: {error}"),
    "img_timeout": ("图片生成超时（{seconds} 秒）", "Image export timed out ({seconds} s)"),
    "img_bad_format": ("不支持的图片格式“{fmt}”，可用：png、svg", "Unsupported image format '{fmt}'; use png or svg"),
    "no_cjk_font": ("找不到中文字体（Noto Sans CJK）。请安装 fonts-noto-cjk（scripts/system-deps.sh）。",
                    "No Chinese font (Noto Sans CJK) was found. Install fonts-noto-cjk (scripts/system-deps.sh)."),
    # ---------------------------------------------------------------- errors
    "err_format": ("不支持的报告格式“{fmt}”，可用：pptx、pdf、xlsx", "Unsupported report format '{fmt}'; use pptx, pdf "
                   "or xlsx"),
    "err_lang": ("不支持的语言“{lang}”，可用：zh、en", "Unsupported language '{lang}'; use zh or en"),
    "err_year": ("数据中没有 {year} 年；可选年份：{years}", "The data has no year {year}; years: {years}"),
    "err_region": ("数据中没有地区“{region}”（{year} 年）", "Region '{region}' is not in the data ({year})"),
    "err_chart": ("不支持的图表“{chart}”，可用：{charts}", "Unsupported chart '{chart}'; use {charts}"),
    "err_chart_region": ("雷达图需要 --regions 指定一个地区", "The radar chart needs one region in --regions"),
    "err_file": ("无法读取文件：{error}", "Cannot read the file: {error}"),
    "err_out": ("无法写入输出文件：{error}", "Cannot write the output file: {error}"),
    "err_generic": ("错误：{error}", "Error: {error}"),
    "done": ("已写入 {path}（{size} 字节，{seconds} 秒）", "Wrote {path} ({size} bytes, {seconds} s)"),
    # ---------------------------------------------------------------- questionnaires (export.questionnaire)
    "q_title": ("政府数据协同治理调查问卷（{group}卷）", "Survey on Government Data Collaborative Governance ({group})"),
    "q_group_gov": ("政府工作人员", "government staff"),
    "q_group_ent": ("企业", "enterprises"),
    "q_group_org": ("社会组织", "social organisations"),
    "q_group_cit": ("公众", "citizens"),
    "q_greeting": ("尊敬的女士/先生：", "Dear participant,"),
    "q_purpose": ("您好！本问卷旨在了解您所在地区政府数据协同治理的现状：政府、企业、社会组织和公众在组织、机制和"
                  "认识文化方面如何协作。调查结果只用于学术研究和改进相关政策。",
                  "This survey asks how government, enterprises, social organisations and citizens work together "
                  "on government data in your region: the organisation, the mechanisms, and shared awareness and "
                  "culture. The results are used only for research and to improve policy."),
    "q_anonymity": ("本调查匿名进行，不收集您的姓名、联系方式等能识别个人身份的信息；所有回答只以汇总形式分析和发表。"
                    "参与完全自愿，您可以跳过任何题目，也可以随时退出。填写约需 {minutes} 分钟。",
                    "The survey is anonymous: it does not ask for your name, contact details or anything else that "
                    "identifies you, and answers are analysed and published only in aggregate. Taking part is "
                    "voluntary; you may skip any question or stop at any time. It takes about {minutes} minutes."),
    "q_consent": ("继续作答即表示您已阅读以上说明并同意参加本调查。", "By continuing you confirm that you have read "
                  "this information and agree to take part."),
    "q_contact": ("如有疑问，请联系：{contact}", "Questions about the survey: {contact}"),
    "q_contact_blank": ("（研究负责人姓名、单位、电话或电子邮箱）", "(name, institution, telephone or e-mail of the "
                        "researcher in charge)"),
    "q_instructions": ("请根据您的实际感受，选择最符合您看法的一项（1 = {low}，{k} = {high}）。答案没有对错之分。",
                       "Please choose the answer closest to your own view (1 = {low}, {k} = {high}). There are no "
                       "right or wrong answers."),
    "q_background": ("基本情况", "About you"),
    "q_region": ("您所在的地区（省、市或县）", "The region you are in (province, city or county)"),
    "q_block": ("第{n}部分　{name}", "Part {n}. {name}"),
    "q_col_no": ("序号", "No."),
    "q_col_statement": ("题目", "Statement"),
    "q_thanks": ("问卷到此结束，感谢您的参与！", "This is the end of the survey. Thank you for taking part!"),
    "q_codebook": ("题项代码（供研究者使用，不向受访者显示）", "Item codes (for researchers; not shown to respondents)"),
    "q_err_group": ("未知的受访群体“{group}”，可用：gov（政府）、ent（企业）、org（社会组织）、cit（公众）",
                    "Unknown stakeholder group '{group}'; use gov, ent, org or cit"),
    "q_err_format": ("不支持的问卷格式“{fmt}”，可用：docx、pdf、limesurvey", "Unsupported questionnaire format "
                     "'{fmt}'; use docx, pdf or limesurvey"),
    "q_err_empty": ("框架中没有面向“{group}”的问卷题项", "The framework has no survey item for '{group}'"),
}
