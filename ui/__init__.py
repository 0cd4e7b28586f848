"""Streamlit-side helpers: translations, chart builders, cached loaders, shared widgets."""
