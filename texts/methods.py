"""Strings of the Methods page (方法), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    "mt_intro": ("得分是怎样算出来的、用了哪些权重、换一种方法结果会怎样、问卷量表是否可信、排名有多稳健。",
                 "How the scores are computed, which weights are used, what changes under another method, whether "
                 "the survey scales can be trusted and how robust the ranking is."),
    "mt_tab_how": ("计算过程", "How it is computed"),
    "mt_tab_weights": ("当前权重", "Active weights"),
    "mt_tab_choose": ("选择方法与权重", "Choose methods and weights"),
    "mt_tab_scale": ("问卷量表检验", "Survey scale checks"),
    "mt_tab_unc": ("不确定性分析", "Uncertainty analysis"),
    # ------------------------------------------------------------------ how it is computed
    "mt_how_intro": ("当前方法：**{method}**。从原始数据到指数共六步，下面按当前方法逐步说明。",
                     "Active method: **{method}**. Six steps lead from the raw data to the index; each is described "
                     "below for the active method."),
    "mt_step_survey": ("问卷汇总", "Survey aggregation"),
    "mt_survey_text": ("每位受访者的答案先按框架对反向题反向计分（k + 1 − x），在该指标的题项上取平均并换算到 0–1；只统计该指标所针对的主体组，"
                       "再按“地区 × 年份 × 主体组”求平均。",
                       "Each respondent's answers are reverse-coded where the framework says so (k + 1 − x), "
                       "averaged over the indicator's items and rescaled to 0–1; only the stakeholder groups the "
                       "indicator addresses count, and answers are averaged per region, year and group."),
    "mt_survey_equal": ("四类主体（政府、企业、社会组织、公众）的组均值再以**相同权重**平均，任何一组样本多也不会左右结果；最后换算为 0–100 分。"
                        "认识一致（AWA5）= 100 ×（1 − 各组均值极差的平均）。",
                        "The group means (government, enterprises, social organisations, citizens) are then "
                        "averaged with **equal group weights**, so an over-sampled group cannot dominate, and "
                        "reported on 0–100. Shared understanding (AWA5) = 100 × (1 − mean range of the group means)."),
    "mt_survey_size": ("各主体组按受访人数加权平均（即全部受访者的平均），最后换算为 0–100 分。",
                       "The groups are weighted by their number of respondents (the plain respondent mean) and "
                       "reported on 0–100."),
    "mt_survey_symbols": ("$x$：李克特答案（1…k）；$v$：换算到 0–1 的答案；$\\bar v_{r,g}$：地区 $r$ 主体组 $g$ 的均值；$G$：回答该题的主体组。",
                          "$x$: Likert answer (1…k); $v$: the answer on 0–1; $\\bar v_{r,g}$: mean of group $g$ in "
                          "region $r$; $G$: the groups that answer the item."),
    "mt_survey_none": ("当前数据集没有问卷数据，只使用统计指标。", "The current dataset has no survey data; only statistical indicators are used."),
    "mt_impute_none": ("不插补：缺失值保持缺失，汇总时跳过，其余权重重新归一（COINr 惯例）。",
                       "No imputation: missing values stay missing and are skipped in aggregation, with the "
                       "remaining weights re-normalised (COINr's convention)."),
    "mt_impute_text": ("{method}：每年分别用同年其他地区的数据填补，共填补 {cells} 个单元格；填补过的值在数据中有标记。",
                       "{method}: each year is filled from the other regions of the same year; {cells} cells "
                       "were filled, and every filled cell is flagged."),
    "mt_impute_missing": ("插补后仍缺失 {cells} 个单元格，汇总时跳过。", "{cells} cells are still missing after this step and are skipped in aggregation."),
    "mt_treat_none": ("不处理异常值。", "No outlier treatment."),
    "mt_treat_text": ("缩尾处理（COINr 默认规则）：偏度绝对值 ≥ 2 且峰度 ≥ 3.5 的指标，逐个缩尾最极端的值（最多 5 个），仍不满足则改用对数变换。"
                      "本次处理了 {k} 个指标。",
                      "Winsorisation (COINr's default rule): an indicator with |skewness| ≥ 2 and kurtosis ≥ 3.5 "
                      "has its most extreme value winsorised one at a time (up to 5 points); if it still fails it is "
                      "log-transformed instead. {k} indicators were treated."),
    "mt_norm_minmax": ("把每个指标线性映射到 [{l}, {u}]：最差的地区为 {l}，最好的为 {u}。",
                       "Each indicator is mapped linearly onto [{l}, {u}]: the worst region gets {l}, the best {u}."),
    "mt_norm_goalposts": ("按框架给定的目标区间（下限 b、上限 g，缺失时用目标值或观测极值）换算到 [{l}, {u}]，超出区间的截断。",
                          "Distance between the framework's goalposts (bad end b, good end g; the target or the "
                          "observed extreme where missing), clipped and mapped onto [{l}, {u}]."),
    "mt_norm_zscore": ("Z 分数：减去均值、除以样本标准差（n − 1），再换算为均值 {m}、标准差 {s}。",
                       "z-score: minus the mean, divided by the sample standard deviation (n − 1), then set to mean "
                       "{m} and standard deviation {s}."),
    "mt_norm_rank": ("排序标准化：按取值排序，最差为 1，并列取较小的秩。", "Rank: values are ranked, the worst gets 1 and ties share the lower rank."),
    "mt_norm_rank_scale": ("秩次再线性映射到 [{l}, {u}]。", "The ranks are then mapped linearly onto [{l}, {u}]."),
    "mt_norm_pooled": ("所有年份合在一起标准化，因此不同年份的得分在同一尺度上，年度变化是真实变化。",
                       "All years are normalised together, so scores of different years share one scale and a "
                       "change between years is a real change."),
    "mt_norm_by_year": ("每年单独标准化（COINr 的 purse 方式）：得分只反映当年地区之间的相对位置。",
                        "Each year is normalised separately (COINr's purse): scores show only the position among "
                        "the regions of that year."),
    "mt_norm_symbols": ("$x_{ij}$：地区 $i$ 指标 $j$ 的值；$d_j = \\pm 1$：指标方向（越小越好的指标先乘以 −1）；$n$：地区-年份数。",
                        "$x_{ij}$: value of indicator $j$ in region $i$; $d_j = \\pm 1$: its direction (less-is-better "
                        "indicators are multiplied by −1 first); $n$: number of region-years."),
    "mt_weights_framework": ("框架权重：框架表中每个节点的权重，在同一上级节点下归一。",
                             "Framework weights: each node's weight from the framework table, normalised among its "
                             "siblings."),
    "mt_weights_equal": ("等权重：同一上级下的各节点权重相同。", "Equal weights: siblings weigh the same."),
    "mt_weights_entropy": ("熵权法：指标在地区间差异越大（信息熵越小），权重越大。在极差标准化到 [0, 1] 的数据上计算，所有年份合并，缺失值跳过；"
                           "上级节点的权重为其下指标熵权之和。",
                           "Entropy weights: the more an indicator differs between regions (the lower its "
                           "entropy), the more it weighs. Computed on the data min-max scaled to [0, 1], all years "
                           "pooled, missing values skipped; an aggregate weighs the sum of its indicators' weights."),
    "mt_weights_critic": ("CRITIC 法：同时考虑指标的离散程度（标准差）与和其他指标的冲突程度（1 − 相关系数）。上级节点的权重为其下指标权重之和。",
                          "CRITIC weights: combine an indicator's contrast (standard deviation) and its conflict "
                          "with the others (1 − correlation). An aggregate weighs the sum of its indicators' weights."),
    "mt_weights_pca": ("主成分权重（OECD/JRC 手册 §6.1）：按规则保留主成分（默认保留特征值 > 1 的），做方差最大化旋转（默认带 Kaiser 标准化），"
                       "取载荷平方在各因子内的占比与因子解释方差占比之积。",
                       "PCA weights (OECD/JRC Handbook §6.1): the components kept by the retention rule (by default "
                       "those with eigenvalue > 1) are varimax-rotated (with Kaiser normalisation by default); each "
                       "indicator takes its largest scaled squared loading times that factor's share of the "
                       "explained variance."),
    "mt_weights_ahp": ("层次分析法：专家对各维度两两比较（Saaty 1–9 标度），判断矩阵主特征向量即为权重；一致性比率 CR 必须小于 0.10。",
                       "AHP: experts compare the dimensions in pairs (Saaty's 1–9 scale); the principal "
                       "eigenvector of the matrix gives the weights, and the consistency ratio CR must stay below "
                       "0.10."),
    "mt_weights_framework_symbols": ("$W$：框架表中的原始权重；$\\mathrm{sib}(i)$：与 $i$ 同属一个上级的节点；$\\omega$：指标总权重（路径上各级权重之积）。",
                                     "$W$: raw weight in the framework table; $\\mathrm{sib}(i)$: the nodes sharing "
                                     "$i$'s parent; $\\omega$: an indicator's overall weight (product of the weights on "
                                     "its path)."),
    "mt_weights_equal_symbols": ("$\\mathrm{sib}(i)$：与 $i$ 同属一个上级的节点；$\\omega$：指标总权重。",
                                 "$\\mathrm{sib}(i)$: the nodes sharing $i$'s parent; $\\omega$: an indicator's overall "
                                 "weight."),
    "mt_weights_entropy_symbols": ("$z$：极差标准化到 [0, 1] 的数据；$n$：有数据的地区-年份数；$e$：信息熵；$\\omega$：指标总权重。",
                                   "$z$: data min-max scaled to [0, 1]; $n$: region-years with data; $e$: entropy; "
                                   "$\\omega$: an indicator's overall weight."),
    "mt_weights_critic_symbols": ("$\\sigma$：[0, 1] 数据的样本标准差；$r$：皮尔逊相关系数；$\\omega$：指标总权重。",
                                  "$\\sigma$: sample standard deviation of the [0, 1] data; $r$: Pearson correlation; "
                                  "$\\omega$: an indicator's overall weight."),
    "mt_weights_pca_symbols": ("$\\lambda_{jf}$：指标 $j$ 在旋转后因子 $f$ 上的载荷；$\\omega$：指标总权重。",
                               "$\\lambda_{jf}$: loading of indicator $j$ on rotated factor $f$; $\\omega$: an "
                               "indicator's overall weight."),
    "mt_weights_ahp_symbols": ("$A$：判断矩阵；$\\lambda_{\\max}$：最大特征值；$RI_n$：Saaty 随机一致性指标；$\\omega$：指标总权重。",
                               "$A$: the pairwise matrix; $\\lambda_{\\max}$: its largest eigenvalue; $RI_n$: Saaty's "
                               "random index; $\\omega$: an indicator's overall weight."),
    "mt_weights_overrides": ("情景权重（覆盖上述方法得到的原始权重，再在同级内归一）：{nodes}。",
                             "What-if weights (replace the raw weights above, then re-normalised among siblings): {nodes}."),
    "mt_weights_overall": ("指标的总权重等于从指标到顶层路径上各级同级内权重的乘积，全部指标总权重之和为 1。",
                           "An indicator's overall weight is the product of the within-parent weights on its path to "
                           "the top; the overall weights sum to 1."),
    "mt_agg_arithmetic": ("从指标到子维度、维度、总指数逐级加权算术平均。缺失值跳过，其余权重重新归一（COINr 惯例）。",
                          "Weighted arithmetic mean level by level: indicators → sub-dimensions → dimensions → "
                          "index. Missing values are skipped and the remaining weights re-normalised (COINr)."),
    "mt_agg_geometric": ("逐级加权几何平均：某一方面很弱时无法被其他方面完全弥补（部分补偿）。要求所有值严格为正，因此标准化区间固定为 [1, 100]。",
                         "Weighted geometric mean level by level: a weak area cannot be fully made up by strong "
                         "ones (partial compensation). Every value must be strictly positive, so the scale is fixed "
                         "to [1, 100]."),
    "mt_agg_topsis": ("TOPSIS（熵权-TOPSIS）：对每个汇总节点，用其下全部指标及总权重，计算到正理想点（各指标最优值）和负理想点（最差值）的加权欧氏距离，"
                      "贴近度 × 100 即得分。",
                      "TOPSIS (entropy-TOPSIS): for each aggregate, over all indicators below it with their overall "
                      "weights, the weighted Euclidean distances to the ideal (best observed values) and anti-ideal "
                      "(worst observed values) points; the closeness × 100 is the score."),
    "mt_agg_arithmetic_symbols": ("$P_i$：地区 $i$ 有数据的下级节点；$w$：同级内权重。",
                                  "$P_i$: children with data for region $i$; $w$: within-parent weights."),
    "mt_agg_topsis_symbols": ("$x_j^{+}$ / $x_j^{-}$：各指标观测到的最优 / 最差值；$\\tilde w_{ij}$：地区 $i$ 有数据的指标总权重（重新归一）。",
                              "$x_j^{+}$ / $x_j^{-}$: best / worst observed value of each indicator; $\\tilde w_{ij}$: "
                              "overall weights of the indicators with data for region $i$ (re-normalised)."),
    "mt_diag_heading": ("诊断公式", "Diagnostic formulas"),
    "mt_coupling_title": ("耦合协调度（协同分析页）", "Coupling-coordination degree (Synergy page)"),
    "mt_coupling_text": ("$U_i$ 为各维度得分在当前方法量表上的位置 $(s - lo)/(hi - lo)$（0–1，各年份相同）：默认 [0, 100] 即除以 100，"
                         "几何平均预设为 [1, 100]，TOPSIS 为 [0, 100]，Z 分数取均值 ±3 个标准差（超出截断），原始秩次取 1…n。"
                         "$n$ 为维度数，$a_i$ 为等权重。$C$ 衡量各维度是否同步，$T$ 为整体水平，$D$ 按每 0.1 分为十个协调等级。",
                         "$U_i$ is each dimension score's position on the active method's scale, $(s - lo)/(hi - lo)$ "
                         "(0–1, the same in every year): the score divided by 100 on the default [0, 100], [1, 100] "
                         "for the geometric preset, [0, 100] for TOPSIS, mean ± 3 SD for z-scores (clipped beyond), "
                         "1…n for raw ranks. $n$ is the number of dimensions, $a_i$ equal weights. $C$ measures "
                         "whether the dimensions move together, $T$ the overall level; $D$ falls into ten bands of 0.1."),
    "mt_obstacle_title": ("障碍度（地区画像页）", "Obstacle degree (Region profile page)"),
    "mt_obstacle_text": ("$x_{ij}$ 为指标标准化到 0–1 的值（1 最好），$\\omega_j$ 为指标总权重。子维度或维度的障碍度为其下指标障碍度之和。",
                         "$x_{ij}$ is the indicator normalised onto 0–1 (1 best) and $\\omega_j$ its overall weight. A "
                         "sub-dimension's or dimension's obstacle degree is the sum over its indicators."),
    "mt_conventions_heading": ("约定", "Conventions"),
    "mt_conv_source": ("遵循 OECD/JRC《构建综合指数手册》（2008）和欧盟联合研究中心 COINr 软件包（v1.1）的惯例；在 COINr 的 ASEM 示例上与其结果一致到 1e-9。",
                       "Follows the OECD/JRC Handbook on Constructing Composite Indicators (2008) and the JRC's "
                       "COINr package (v1.1); it agrees with COINr on its ASEM example to 1e-9."),
    "mt_conv_sd": ("标准差一律使用样本标准差（除以 n − 1）。", "Standard deviations are sample standard deviations (divided by n − 1)."),
    "mt_conv_missing": ("缺失值在汇总时跳过，其余权重重新归一；每个得分都报告其背后的数据覆盖率。",
                        "Missing values are skipped in aggregation with the remaining weights re-normalised; every "
                        "score reports the share of data behind it."),
    "mt_conv_ties": ("排名 1 为最好；得分相同的地区并列，取较好的名次。", "Rank 1 is best; tied regions share the better rank."),
    "mt_conv_direction": ("越小越好的指标在标准化前乘以 −1，因此标准化后所有指标都是越大越好。",
                          "Less-is-better indicators are multiplied by −1 before normalising, so every normalised "
                          "indicator is more-is-better."),
    "mt_conv_provenance": ("每个结果都附带生成它的方法设置和输入数据的 SHA-256 指纹（见“当前权重”页签），可追溯、可复现。",
                           "Every result carries the settings that made it and a SHA-256 fingerprint of its input "
                           "data (see the Active weights tab), so it can be traced and reproduced."),
    "mt_other_formulas": ("其他可选方法的公式", "Formulas of the other methods"),
    # ------------------------------------------------------------------ weights
    "mt_weights_intro": ("当前权重方法：**{method}**。下表列出每个节点在其上级中的权重和在总指数中的总权重。",
                         "Active weighting: **{method}**. The table lists every node's weight within its parent and "
                         "its overall weight in the index."),
    "mt_col_within": ("同级内权重", "Weight within parent"),
    "mt_level_aggregate": ("汇总层", "Aggregate"),
    "mt_weights_caption": ("同级内权重在每个上级下合计 100%；指标总权重合计 100%，维度和子维度的总权重为其下指标之和。",
                           "Weights within a parent sum to 100%; indicators' overall weights sum to 100%, and a "
                           "dimension's or sub-dimension's overall weight is the sum over its indicators."),
    "mt_sheet_weights": ("权重", "weights"),
    "mt_sunburst_title": ("各维度、子维度在总指数中的权重", "Overall weight of each dimension and sub-dimension"),
    "mt_sunburst_note": ("内圈为维度，外圈为子维度，扇形面积即总权重；点击扇形可展开到指标，点击中心返回。",
                         "Inner ring: dimensions; outer ring: sub-dimensions; the area is the overall weight. Click a "
                         "sector to expand it down to the indicators, click the centre to go back."),
    "mt_provenance_heading": ("数据指纹与方法设置", "Data fingerprint and settings"),
    "mt_fp_framework": ("指标框架指纹（SHA-256）", "Framework fingerprint (SHA-256)"),
    "mt_fp_note": ("输入数据或框架的任何改动都会改变指纹；导出的文件带有同样的指纹。",
                   "Any change to the input data or the framework changes the fingerprint; exported files carry the "
                   "same fingerprint."),
    "mt_spec_json": ("方法设置（spec）", "Settings (spec)"),
    "mt_log_json": ("计算步骤日志", "Step log"),
    "mt_dl_provenance": ("下载指纹与设置（JSON）", "Download fingerprint and settings (JSON)"),
    # ------------------------------------------------------------------ choose
    "mt_choose_intro": ("在这里改变任何一项方法或权重，都会立即成为整个仪表盘的“自定义”方法（侧栏随之切换），右侧表格显示排名相对默认方法的变化。",
                        "Any change here immediately becomes the dashboard's custom method (the sidebar switches to "
                        "it); the table on the right shows how the ranking moves against the default method."),
    "mt_by_group": ("（按东/中/西/东北分组）", " (by region group)"),
    "mt_geo_note": ("几何平均要求所有值严格为正，标准化区间已固定为 [1, 100]。",
                    "The geometric mean needs strictly positive values, so the scale is fixed to [1, 100]."),
    "mt_geo_zscore": ("几何平均不能与 Z 分数（含负值）组合，已改用极差标准化 [1, 100]。",
                      "The geometric mean cannot be combined with z-scores (negative values), so min-max onto [1, 100] "
                      "is used instead."),
    "mt_pca_heading": ("主成分权重的设置", "PCA weight settings"),
    "mt_pca_retain": ("保留因子的规则", "Keep factors by"),
    "mt_pca_rule_eigenvalue": ("特征值大于阈值", "eigenvalue above a threshold"),
    "mt_pca_rule_variance": ("累计方差比例", "cumulative share of variance"),
    "mt_pca_rule_count": ("固定个数", "a fixed number"),
    "mt_pca_threshold_eigenvalue": ("特征值阈值", "Eigenvalue threshold"),
    "mt_pca_threshold_variance": ("累计方差比例（0–1）", "Cumulative share of variance (0–1)"),
    "mt_pca_threshold_count": ("因子个数", "Number of factors"),
    "mt_pca_kaiser": ("旋转时做 Kaiser 标准化", "Kaiser normalisation in the varimax rotation"),
    "mt_pca_kaiser_help": ("R、SPSS 与 factor_analyzer 的默认做法：旋转前把每个指标的载荷除以其共同度的平方根，旋转后再乘回，"
                           "共同度低的指标与其他指标同等地参与旋转。",
                           "The default of R, SPSS and factor_analyzer: each indicator's loadings are divided by the "
                           "square root of its communality before rotating and multiplied back afterwards, so "
                           "indicators with low communalities count as much in the rotation."),
    "mt_pca_kept": ("保留 {k} 个因子，共解释 {var} 的方差。", "{k} factors kept, explaining {var} of the variance."),
    "mt_weights_pca_active": ("本次设置：{rule}；保留 {k} 个因子，共解释 {var} 的方差。",
                              "Active settings: {rule}; {k} factors kept, explaining {var} of the variance."),
    "mt_topsis_norm": ("TOPSIS 的输入", "TOPSIS input"),
    "mt_topsis_norm_spec": ("当前标准化方法的得分", "scores of the active normalisation"),
    "mt_topsis_norm_vector": ("向量标准化（经典 TOPSIS）", "vector normalisation (classic TOPSIS)"),
    "mt_topsis_norm_note": ("经典 TOPSIS 先把每个指标除以其平方和的平方根 x/√Σx²，保留各指标原有的相对离散程度；在极差等标准化得分上运行，"
                            "则先把每个指标拉伸到同一区间，地区间差异很小的指标与差异很大的指标分量相同。",
                            "Classic TOPSIS divides each indicator by its Euclidean norm, x/√Σx², which keeps its "
                            "relative spread; run on the active normalisation (such as min-max), every indicator is "
                            "first stretched onto the same range, so one on which regions hardly differ counts as "
                            "much as one on which they differ widely."),
    "mt_agg_topsis_vector": ("本次 TOPSIS 使用向量标准化（经典 TOPSIS）：每个指标除以 √Σx²（所有年份合并），越小越好的指标以最小值为理想点；"
                             "指标得分仍按上面的标准化方法显示。",
                             "This TOPSIS uses vector normalisation (classic TOPSIS): each indicator is divided by "
                             "√Σx² (all years pooled), and a less-is-better indicator has its ideal at its smallest "
                             "value; indicator scores are still shown on the normalisation above."),
    "mt_ahp_heading": ("层次分析法：各维度的两两比较", "AHP: pairwise comparison of the dimensions"),
    "mt_ahp_intro": ("在“A 比 B”列选择 A 相对 B 的重要程度：1 同等重要，3 稍重要，5 明显重要，7 强烈重要，9 极端重要；1/3 等表示 B 更重要。",
                     "In the “A vs B” column choose how much more important A is than B: 1 equal, 3 moderately, 5 "
                     "strongly, 7 very strongly, 9 extremely; 1/3 and so on mean B is more important."),
    "mt_ahp_a": ("A", "A"),
    "mt_ahp_b": ("B", "B"),
    "mt_ahp_value": ("A 比 B", "A vs B"),
    "mt_ahp_value_help": ("Saaty 1–9 标度", "Saaty's 1–9 scale"),
    "mt_ahp_scale": ("完整判断矩阵（右）由这些判断及其倒数构成；一致性比率 CR ≥ 0.10 的矩阵不会被采用。",
                     "The full matrix (right) is built from these judgements and their reciprocals; a matrix "
                     "with a consistency ratio CR ≥ 0.10 is refused."),
    "mt_ahp_ok": ("✓ 一致性可以接受：CR = {cr} < 0.10（λmax = {lam}，RI = {ri}），已采用这组权重。",
                  "✓ Consistent enough: CR = {cr} < 0.10 (λmax = {lam}, RI = {ri}); these weights are in use."),
    "mt_whatif_heading": ("情景分析：调整权重", "What-if: change the weights"),
    "mt_whatif_intro": ("拖动滑块改变各维度的相对权重（0–3，同级平均为 1），排名立即更新。",
                        "Move a slider to change a dimension's relative weight (0–3; siblings average 1); the "
                        "ranking updates at once."),
    "mt_whatif_sub": ("子维度权重", "Sub-dimension weights"),
    "mt_whatif_note": ("滑块显示同级节点之间的相对权重，只看比例：1、1、2 与 0.5、0.5、1 结果相同。移动一个滑块后，该组全部滑块的数值即为所用权重；"
                       "同级全部为 0 时按等权重处理。",
                       "Sliders show relative weights among siblings; only the ratios matter: 1, 1, 2 gives the same "
                       "result as 0.5, 0.5, 1. Once you move a slider, the values of all sliders in its group are the "
                       "weights used; a group set entirely to 0 falls back to equal weights."),
    "mt_reset": ("恢复默认方法", "Reset to the default method"),
    "mt_cmp_heading": ("{year} 年排名：默认方法与当前方法", "Ranking in {year}: default method against the current one"),
    "mt_cmp_moved": ("排名变化的地区", "Regions that moved"),
    "mt_cmp_moved_v": ("{n} / {total}", "{n} of {total}"),
    "mt_cmp_max": ("最大变动（名次）", "Largest move (places)"),
    "mt_cmp_rho": ("秩相关 ρ", "Rank correlation ρ"),
    "mt_cmp_rho_help": ("两种方法排名的 Spearman 相关系数，1 表示排名完全相同。",
                        "Spearman correlation of the two rankings; 1 means identical rankings."),
    "mt_cmp_same": ("当前使用的就是默认方法，排名没有变化。改变上面的任一方法或权重即可比较。",
                    "The default method is active, so nothing moves. Change any method or weight above to compare."),
    "mt_col_rank_default": ("默认方法排名", "Rank (default)"),
    "mt_col_rank_current": ("当前方法排名", "Rank (current)"),
    "mt_col_rank_change": ("名次变化", "Change in places"),
    "mt_col_index_default": ("默认方法指数", "Index (default)"),
    "mt_col_index_current": ("当前方法指数", "Index (current)"),
    "mt_cmp_change_help": ("正数表示在当前方法下名次上升。", "Positive: the region moves up under the current method."),
    "mt_cmp_caption": ("按名次变化幅度从大到小排列。当前方法：{method}。", "Sorted by the size of the move, largest first. Current method: {method}."),
    "mt_sheet_cmp": ("排名对比", "rank comparison"),
    # ------------------------------------------------------------------ scale checks
    "mt_scale_intro": ("问卷量表在使用前应检验：Cronbach's α ≥ 0.7 表示同一子维度的题项测量的是同一件事（内部一致）；KMO ≥ 0.6 且 Bartlett 检验显著表示题项适合做因子分析。"
                       "全部年份合并计算，题项已按框架反向计分。",
                       "Survey scales should be checked before they are trusted: Cronbach's α ≥ 0.7 means the items "
                       "of a sub-dimension measure the same thing (internal consistency); KMO ≥ 0.6 with a "
                       "significant Bartlett test means the items suit factor analysis. All years are pooled and "
                       "items are reverse-coded as the framework says."),
    "mt_scale_no_survey": ("当前数据集没有问卷数据，无需量表检验。", "The current dataset has no survey data, so there is no scale to check."),
    "mt_alpha_heading": ("内部一致性：Cronbach's α", "Internal consistency: Cronbach's α"),
    "mt_alpha_none": ("没有含两个及以上同一批受访者回答的题项的子维度，无法计算 α。",
                      "No sub-dimension has two or more items answered by the same respondents, so α cannot be "
                      "computed."),
    "mt_alpha_ok": ("✓ 可接受（≥ 0.70）", "✓ acceptable (≥ 0.70)"),
    "mt_alpha_low": ("⚠ 偏低（< 0.70）", "⚠ low (< 0.70)"),
    "mt_alpha_summary_ok": ("✓ 全部 {total} 个子维度的 α 都不低于 0.7。", "✓ All {total} sub-dimensions have α of at least 0.7."),
    "mt_alpha_summary_low": ("⚠ {total} 个子维度中有 {n} 个 α 低于 0.7，这些题项的汇总结果需谨慎解读。",
                             "⚠ {n} of {total} sub-dimensions have α below 0.7; read their survey results with care."),
    "mt_alpha_chart_title": ("各子维度问卷题项的 Cronbach's α", "Cronbach's α of the survey items of each sub-dimension"),
    "mt_alpha_axis": ("Cronbach's α（0–1）", "Cronbach's α (0–1)"),
    "mt_threshold": ("阈值 {v}", "threshold {v}"),
    "mt_alpha_items": ("逐题分析：校正题总相关与删除该题后的 α", "Item analysis: corrected item-total correlation and α if deleted"),
    "mt_alpha_items_note": ("题项均值和标准差为换算到 0–1 后的值；“删除后 α 上升”的题项可能与同组其他题项测量的不是同一件事。"
                            "只有两个题项时，删除一个只剩一个题项，α 无定义，显示为“—”。",
                            "Means and SDs are on 0–1; an item whose deletion raises α may not measure the same "
                            "thing as the other items of its group. With two items, deleting one leaves a single "
                            "item, for which α is not defined (shown as “—”)."),
    "mt_col_items": ("题项数", "Items"),
    "mt_col_n": ("有效样本", "Complete responses"),
    "mt_col_alpha": ("α", "α"),
    "mt_col_status": ("判断", "Verdict"),
    "mt_col_sd": ("标准差", "SD"),
    "mt_col_itr": ("校正题总相关", "Item-total r"),
    "mt_col_aid": ("删除后 α", "α if deleted"),
    "mt_col_raises": ("删除后 α 上升", "Deleting raises α"),
    "mt_sheet_alpha": ("α", "alpha"),
    "mt_kmo_heading": ("结构效度：KMO 与 Bartlett 球形检验", "Sampling adequacy: KMO and Bartlett's test"),
    "mt_kmo_none": ("题项或样本太少，无法计算 KMO。", "Too few items or responses to compute KMO."),
    "mt_kmo_ok": ("✓ 适合（≥ 0.60）", "✓ adequate (≥ 0.60)"),
    "mt_kmo_low": ("⚠ 不足（< 0.60）", "⚠ inadequate (< 0.60)"),
    "mt_kmo_summary_ok": ("✓ 全部 {total} 组的 KMO 都不低于 0.6。", "✓ All {total} groups have a KMO of at least 0.6."),
    "mt_kmo_summary_low": ("⚠ {total} 组中有 {n} 组 KMO 低于 0.6，不宜做因子分析。",
                           "⚠ {n} of {total} groups have a KMO below 0.6 and do not suit factor analysis."),
    "mt_col_group": ("受访主体", "Respondents"),
    "mt_col_kmo": ("KMO", "KMO"),
    "mt_col_kaiser": ("Kaiser 评价", "Kaiser's label"),
    "mt_col_chi2": ("Bartlett χ²", "Bartlett χ²"),
    "mt_col_dof": ("自由度", "df"),
    "mt_col_p": ("p 值", "p"),
    "mt_group_all": ("全部主体（共同题项）", "All groups (items everyone answers)"),
    "mt_kmo_note": ("每类主体只用其被问到的题项（完整作答者）；“全部主体”一行只用四类主体都回答的题项。",
                    "Each group uses the items it was asked (complete responses); the “all groups” row uses only "
                    "the items every group answers."),
    # ------------------------------------------------------------------ uncertainty
    "mt_unc_intro": ("权重和方法都带有主观选择。不确定性分析（蒙特卡洛模拟）随机扰动权重、随机选取标准化、汇总和插补方法，重复计算排名，"
                     "看每个地区的名次在多大范围内变化；敏感性分析（SALib 的 Saltelli/Jansen 估计）说明名次的变化主要来自哪个因素。"
                     "几何平均与任何标准化都可组合：区间起点不大于 0 的换到 [1, 100]，Z 分数整体平移到最小值为 1。",
                     "Weights and methods are choices. Uncertainty analysis (Monte Carlo) perturbs the weights and "
                     "draws the normalisation, aggregation and imputation at random, re-computing the ranking each "
                     "time to show how far each region's rank can move; sensitivity analysis (SALib's "
                     "Saltelli/Jansen estimators) tells which factor drives the movement. The geometric mean "
                     "combines with any normalisation: scales starting at or below 0 go onto [1, 100], z-scores "
                     "are shifted so that the smallest is 1."),
    "mt_unc_runs": ("模拟次数", "Replications"),
    "mt_unc_runs_help": ("蒙特卡洛模拟次数（50–2000）；敏感性分析另需 (因素数 + 1) 倍的计算。",
                         "Monte Carlo replications (50–2000); sensitivity analysis adds (factors + 1) times as many "
                         "evaluations."),
    "mt_unc_seed": ("随机种子", "Random seed"),
    "mt_unc_seed_help": ("相同的种子和设置得到完全相同的结果。", "The same seed and settings give exactly the same result."),
    "mt_unc_noise": ("权重扰动幅度", "Weight noise"),
    "mt_unc_noise_help": ("每次模拟把维度和子维度权重乘以 [1 − 幅度, 1 + 幅度] 上的均匀随机数（COINr 惯例）；0 表示不扰动权重。",
                          "Each replication multiplies the dimension and sub-dimension weights by a uniform random "
                          "number on [1 − noise, 1 + noise] (COINr's convention); 0 turns weight noise off."),
    "mt_unc_norm": ("备选标准化方法", "Alternative normalisations"),
    "mt_unc_agg": ("备选汇总方法", "Alternative aggregations"),
    "mt_unc_imp": ("插补方法也作为不确定因素（不插补 / 均值插补）", "Vary the imputation too (none / mean)"),
    "mt_unc_imp_help": ("打开后每次模拟随机选择是否用均值插补缺失值。", "When on, each replication draws whether missing values are mean-imputed."),
    "mt_unc_run": ("运行不确定性分析", "Run the uncertainty analysis"),
    "mt_unc_running": ("正在运行 {runs} 次模拟……", "Running {runs} replications…"),
    "mt_unc_progress": ("已完成 {pct}%", "{pct}% done"),
    "mt_unc_done": ("完成：{n} 次计算，用时 {s} 秒", "Done: {n} evaluations in {s} s"),
    "mt_unc_failed": ("无法运行不确定性分析", "The uncertainty analysis could not run"),
    "mt_unc_stale": ("方法、数据或年份已改变，上次的分析结果不再适用。请点击“运行不确定性分析”重新计算。",
                     "The method, data or year has changed since the last run, so its results no longer apply. "
                     "Press “Run the uncertainty analysis” again."),
    "mt_unc_hint": ("设置好参数后点击“运行不确定性分析”。", "Choose the settings and press “Run the uncertainty analysis”."),
    "mt_unc_band": ("平均名次区间宽度", "Mean rank-interval width"),
    "mt_unc_band_help": ("各地区 5%–95% 名次区间宽度的平均值（名次）；越小排名越稳健。",
                         "Mean width of the regions' 5–95% rank intervals (places); the smaller, the more robust the "
                         "ranking."),
    "mt_unc_evals": ("计算次数（含敏感性）", "Evaluations (with sensitivity)"),
    "mt_unc_factors": ("不确定因素", "Uncertain factors"),
    "mt_unc_sub": ("{runs} 次模拟 · 种子 {seed}", "{runs} replications · seed {seed}"),
    "mt_unc_chart_title": ("不确定性下各地区的名次区间", "Rank intervals of the regions under uncertainty"),
    "mt_unc_axis": ("名次（1 = 最好）", "Rank (1 = best)"),
    "mt_unc_nominal": ("当前方法的名次", "Rank under the current method"),
    "mt_unc_median": ("模拟名次中位数（横线：5%–95% 区间）", "Median simulated rank (bar: 5–95% interval)"),
    "mt_unc_chart_note": ("按当前方法名次从上到下排列。结果由随机种子 {seed} 决定：相同的种子和设置总能复现完全相同的结果。",
                          "Regions in order of their rank under the current method. The result is fixed by seed "
                          "{seed}: the same seed and settings always reproduce exactly the same result."),
    "mt_col_nominal": ("当前名次", "Nominal rank"),
    "mt_col_median": ("名次中位数", "Median rank"),
    "mt_col_p05": ("5% 分位", "5th percentile"),
    "mt_col_p95": ("95% 分位", "95th percentile"),
    "mt_col_width": ("区间宽度", "Interval width"),
    "mt_sheet_unc": ("名次区间", "rank intervals"),
    "mt_unc_no_sens": ("只有一个不确定因素或没有因素，无需敏感性分析。加入备选方法或权重扰动即可。",
                       "There is at most one uncertain factor, so there is nothing to apportion; add alternative "
                       "methods or weight noise."),
    "mt_unc_S": ("一阶效应 S", "First-order S"),
    "mt_unc_ST": ("总效应 ST", "Total effect ST"),
    "mt_unc_sens_title": ("名次方差来自哪个因素", "Which factor drives the rank variance"),
    "mt_unc_sens_axis": ("占名次方差的比例（0–1）", "Share of rank variance (0–1)"),
    "mt_unc_sens_note": ("按各地区名次方差加权平均。S 为该因素单独造成的方差比例，ST 含与其他因素的交互；有限样本的估计值可能略超出 0–1。",
                         "Averaged over regions, weighted by their rank variance. S is the share of variance due to "
                         "the factor alone, ST includes its interactions; finite-sample estimates can stray slightly "
                         "outside 0–1."),
    "mt_col_factor": ("因素", "Factor"),
    "mt_sheet_sens": ("敏感性", "sensitivity"),
    "mt_unc_chart_title_few": ("名次最好和最差的各 {n} 个地区（共 {total} 个）在不确定性下的名次区间",
                               "Rank intervals under uncertainty of the {n} best and {n} worst regions (of {total})"),
    "mt_unc_chart_few": ("地区很多，图中只画出当前方法下名次最好和最差的各 {n} 个地区；下表可搜索全部地区，下载包含全部地区。",
                         "With this many regions the chart draws the {n} best and {n} worst regions under the current "
                         "method; the table below finds any region and the download holds them all."),
    "mt_unc_cost": ("按上次提交的设置共需 {evals} 次计算，每次都对 {regions} 个地区、{years} 个年份重新评估。",
                    "With the settings last submitted this is {evals} evaluations, each re-assessing {regions} "
                    "regions over {years} years."),
    "mt_unc_cost_time": ("按本服务器上次的速度约需 {min} 分钟。", "At this server's last measured speed: about {min} min."),
}
