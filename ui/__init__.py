"""Streamlit-side helpers: the session language, cached loaders, URL-bound widgets, the map, pickers,
paged tables and the sections of the larger pages."""
