"""View models: one pure builder per view (issue 12).

Each module builds the plain data one view shows (tables, the data of its figures, texts) from an
assessment, the user's choices and the language, with no Streamlit.  The pages in ``views/`` only render
a model; the exports (PPTX, PDF, Excel) render the same models, so the dashboard and the deck cannot
disagree.  Layer: below ``export`` and ``ui``, above ``metrics``, ``store``, ``charts`` and ``texts``.
"""
