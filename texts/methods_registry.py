"""The names of the methods in the method registry (:mod:`metrics.methods`): each normalisation, weighting,
aggregation, imputation and outlier treatment, the kinds themselves and the values of their options.

The registry reads them with ``texts.t(key, lang)``, so the command line, the Methods page and the exports
name a method as the catalogue does.  Keys: ``m_<kind>_<method>`` (a ``-`` in the method's key becomes
``_``), ``m_kind_<kind>``, ``m_opt_<option>_<value>``.
"""

TEXT: dict[str, tuple[str, str]] = {
    # kinds, in the order of the pipeline (COINr: Impute, Treat, Normalise, weights, Aggregate)
    "m_kind_normalize": ("标准化方法", "normalisation"),
    "m_kind_weights": ("赋权方法", "weighting"),
    "m_kind_aggregate": ("汇总方法", "aggregation"),
    "m_kind_impute": ("缺失值插补方法", "imputation"),
    "m_kind_treat": ("异常值处理方法", "outlier treatment"),
    # normalisation
    "m_normalize_minmax": ("极差标准化 (min-max)", "Min-max"),
    "m_normalize_zscore": ("Z 分数标准化", "z-score"),
    "m_normalize_rank": ("排序标准化", "Rank"),
    "m_normalize_goalposts": ("目标值标准化", "Goalposts (distance to target)"),
    # weights
    "m_weights_framework": ("框架权重", "Framework weights"),
    "m_weights_equal": ("等权重", "Equal weights"),
    "m_weights_entropy": ("熵权法", "Entropy weights"),
    "m_weights_critic": ("CRITIC 法", "CRITIC weights"),
    "m_weights_pca": ("主成分（PCA）权重", "PCA weights"),
    "m_weights_ahp": ("层次分析法（AHP）", "AHP weights"),
    # aggregation
    "m_aggregate_arithmetic": ("加权算术平均", "Weighted arithmetic mean"),
    "m_aggregate_geometric": ("加权几何平均", "Weighted geometric mean"),
    "m_aggregate_topsis": ("TOPSIS 贴近度", "TOPSIS closeness"),
    # imputation
    "m_impute_none": ("不插补", "No imputation"),
    "m_impute_mean": ("均值插补", "Mean imputation"),
    "m_impute_median": ("中位数插补", "Median imputation"),
    "m_impute_group_mean": ("组均值插补", "Group-mean imputation"),
    "m_impute_group_median": ("组中位数插补", "Group-median imputation"),
    "m_impute_knn": ("K 近邻插补", "k-NN imputation"),
    # outlier treatment
    "m_treat_none": ("不处理异常值", "No outlier treatment"),
    "m_treat_winsorize": ("缩尾处理", "Winsorisation"),
    # option values
    "m_opt_pca_retain_eigenvalue": ("特征值准则", "eigenvalue"),
    "m_opt_pca_retain_variance": ("累计方差", "cumulative variance"),
    "m_opt_pca_retain_count": ("固定个数", "fixed number"),
    "m_opt_pca_kaiser_true": ("Kaiser 标准化", "Kaiser-normalised"),
    "m_opt_pca_kaiser_false": ("无 Kaiser 标准化", "without Kaiser normalisation"),
    "m_opt_topsis_norm_spec": ("所选标准化", "the chosen normalisation"),
    "m_opt_topsis_norm_vector": ("向量标准化", "vector normalisation"),
}
