"""Process-wide preparation for serving many sessions at once (imported by :mod:`cnnviz` when
the app runs inside Streamlit).

1. **Heavy modules are imported once, in one fixed order, by the first thread.** Every later
   thread that imports anything from ``cnnviz`` waits for the package's import to finish, so no
   session builds a figure while another is half-way through importing pandas: Plotly looks
   pandas up in ``sys.modules`` without importing it (``get_module(..., should_load=False)``)
   and a half-initialised pandas gave ``AttributeError: partially initialized module 'pandas'
   has no attribute 'Series'`` when two first visits arrived together.
Uploads are kept off the disk by :func:`cnnviz.ui.keep_uploads_in_memory` (Streamlit's side).
"""

from __future__ import annotations

import importlib

HEAVY_MODULES = ("numpy", "torch", "pandas", "plotly.graph_objects", "plotly.express", "PIL.Image")
"""Imported once at start-up, in this order."""


def import_heavy_modules() -> None:
    for name in HEAVY_MODULES:
        importlib.import_module(name)


def prepare() -> None:
    import_heavy_modules()
