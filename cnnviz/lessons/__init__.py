"""One module per lesson: its numbers, experiments and data models (no drawing, no Streamlit)."""
