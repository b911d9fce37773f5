"""cnnviz: the library behind the CNN teaching app.

Pure Python + torch + numpy + Pillow + plotly. Only :mod:`cnnviz.ui` may import Streamlit.
"""
