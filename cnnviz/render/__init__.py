"""Drawing: Plotly charts and pictures built from plain values (no Streamlit)."""
