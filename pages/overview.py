"""Overview 总览: headline figures, tile map and ranking of all regions."""
import pandas as pd
import streamlit as st

from ui import charts
from ui.i18n import t
from ui.state import Context

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
st.title(t("app_title"))
st.caption(t("app_subtitle"))

index = a.node_scores(a.root, ctx.year)
ranks = a.ranks().xs(ctx.year, level="year")
table = pd.DataFrame({
    t("col_rank"): ranks.astype("Int64"),
    t("col_region"): [ctx.region_name(r) for r in index.index],
    t("col_index"): index.round(1),
})
for dim in a.framework.children[a.root]:
    table[ctx.node_name(dim)] = a.node_scores(dim, ctx.year).round(1)
table = table.sort_values(t("col_rank"))

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("ov_regions"), f"{index.notna().sum()}")
c2.metric(t("ov_mean"), f"{index.mean():.1f}")
c3.metric(t("ov_best"), ctx.region_name(index.idxmax()), f"{index.max():.1f}", delta_color="off")
c4.metric(t("ov_weakest"), ctx.region_name(index.idxmin()), f"{index.min():.1f}", delta_color="off")

st.subheader(t("ov_ranking", year=ctx.year))
st.dataframe(table, hide_index=True, width="stretch")
st.caption(ctx.source_note())
