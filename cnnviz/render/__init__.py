"""Drawing: plain values and lesson data models in, Plotly figures, pictures or bytes out.

* :mod:`cnnviz.render.animation`: the one animation engine (a GridAnimation as a Plotly figure);
* :mod:`cnnviz.render.raster`: the same animation drawn with Pillow (GIF/PNG downloads);
* :mod:`cnnviz.render.files`: the one PNG/GIF writer (and the font every picture uses);
* :mod:`cnnviz.render.pictures`: colour maps, tiling, enlarging, signed maps, small matrices;
* :mod:`cnnviz.render.charts`: Plotly charts;
* :mod:`cnnviz.render.separable`: the separable lesson's stage pictures.

Nothing here imports a lesson, the models or Streamlit.
"""
