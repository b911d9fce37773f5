"""cnnviz: the library behind the CNN teaching app.

Pure Python + torch + numpy + Pillow + plotly. Only :mod:`cnnviz.ui` may import Streamlit.
"""

import sys

if "streamlit" in sys.modules:  # inside the server (or AppTest): see cnnviz/_startup.py
    from cnnviz import _startup

    _startup.prepare()
