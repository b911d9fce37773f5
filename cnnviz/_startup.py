"""Process-wide preparation for serving many sessions at once (imported by :mod:`cnnviz` when
the app runs inside Streamlit).

1. **Heavy modules are imported once, in one fixed order, by the first thread.** Every later
   thread that imports anything from ``cnnviz`` waits for the package's import to finish, so no
   session builds a figure while another is half-way through importing pandas: Plotly looks
   pandas up in ``sys.modules`` without importing it (``get_module(..., should_load=False)``)
   and a half-initialised pandas gave ``AttributeError: partially initialized module 'pandas'
   has no attribute 'Series'`` when two first visits arrived together.
Uploads are kept off the disk: Streamlit's upload route (``web/server/starlette/
starlette_routes.py``) parses the body with Starlette's ``MultiPartParser``, which keeps each
file in a ``SpooledTemporaryFile`` of ``MultiPartParser.spool_max_size`` bytes (1 MiB by default)
and writes anything larger to a file in ``tempfile.gettempdir()``. :func:`keep_uploads_in_memory`
raises that class attribute above the largest request the server accepts
(``server.maxUploadSize`` plus 1 MiB of multipart framing); :mod:`cnnviz.ui` calls it when it is
imported, before any page can show an uploader.
"""

from __future__ import annotations

import importlib
import logging

HEAVY_MODULES = ("numpy", "torch", "pandas", "plotly.graph_objects", "plotly.express", "PIL.Image")
"""Imported once at start-up, in this order."""


def import_heavy_modules() -> None:
    for name in HEAVY_MODULES:
        importlib.import_module(name)


def prepare() -> None:
    import_heavy_modules()


def keep_uploads_in_memory(max_upload_mb: int) -> int:
    """Raise Starlette's multipart spool size above ``max_upload_mb`` MB + 1 MiB; returns it."""
    from starlette.formparsers import MultiPartParser

    size = (max_upload_mb + 1) * 1024 * 1024
    if MultiPartParser.spool_max_size < size:
        MultiPartParser.spool_max_size = size
    return MultiPartParser.spool_max_size


def logger() -> logging.Logger:
    """The app's logger, writing to standard error (Streamlit configures only its own)."""
    log = logging.getLogger("cnnviz")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log
