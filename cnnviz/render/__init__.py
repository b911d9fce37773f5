"""Drawing: pictures (colour maps, tiling, overlays), strokes, Plotly charts (no Streamlit)."""
