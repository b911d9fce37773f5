"""Figure builders: plain values in, Plotly figures or images out (no Streamlit here).

* :mod:`cnnviz.figures.grid`: a general animated-grid figure (panels of cells, one frame per
  step, played in the browser) that any lesson can reuse;
* :mod:`cnnviz.figures.conv`: the convolution lesson (sliding kernel, transposed convolution,
  output-size formulas, a filtered photo);
* :mod:`cnnviz.figures.raster`: the same animations drawn with Pillow, for GIF/PNG downloads.
"""

from cnnviz.figures.grid import GridAnimation, Panel, Step, figure

__all__ = ["GridAnimation", "Panel", "Step", "figure"]
