"""Drawing: plain values and lesson data models in, Plotly figures, pictures or bytes out.

* :mod:`cnnviz.render.stage`: the stage, the one animation engine of the pages (a GridAnimation
  as a payload for the components-v2 front end in ``cnnviz/render/stage/``);
* :mod:`cnnviz.render.raster`: the same animation drawn with Pillow (GIF/PNG downloads);
* :mod:`cnnviz.render.files`: the one PNG/GIF writer (and the font every picture uses);
* :mod:`cnnviz.render.pictures`: colour maps, tiling, enlarging, signed maps, small matrices;
* :mod:`cnnviz.render.shift_chart`: the pooling lesson's shift chart (an SVG);
* :mod:`cnnviz.render.separable`: the separable lesson's pictures, cost bars and tables (HTML);
* :mod:`cnnviz.render.training`: learning curves and first-layer filters epoch by epoch.
* :mod:`cnnviz.render.strokes` (pen strokes to a picture), :mod:`cnnviz.render.looksee`
  (heat overlays, receptive-field box, kernels, galleries), :mod:`cnnviz.render.tile_picker`
  (the clickable layer picture's front end).

Nothing here imports a lesson, the models or Streamlit.
"""
