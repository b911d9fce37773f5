"""What the home page fetches for the lessons while its visitor reads (a components-v2 companion;
ui.py registers it): ``JS`` (the file beside this module) and the files it asks for.

Streamlit's front end loads each kind of element's code the first time a page shows one (a
slider, a radio, KaTeX for a formula, a component...). A visitor who arrives on the home page
(which has none of these) and opens a lesson waited for that code to arrive and compile. The home
page now asks for it once the page is idle: the lessons' own pages load nothing more.

The files are Streamlit's own build (hashed names, pinned version). ``LAZY`` names them by the
part of the name before the hash; :func:`files` finds them in the installed Streamlit (a test
checks that each is found, so an upgrade that renames one fails there, not silently). Plotly's
and the data frame's code (Receptive field, Architectures, Training) are left out: over 5 MB,
for the pages that show them.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

JS = (Path(__file__).resolve().parent / "prefetch.js").read_text(encoding="utf-8")

#: Code the Convolution, Separable, Pooling, Activations and Training pages load beyond the
#: home page's (measured in Chromium: the static files requested by a switch from home).
LAZY = ("Slider", "Checkbox", "Radio", "BidiComponent", "Html", "DownloadButton", "rehype-katex",
        "rehype-raw", "TextInput", "Button", "Metric")
#: Fonts the formulas (KaTeX) and code spans use on those pages.
FONTS = ("KaTeX_Main-Regular", "KaTeX_Main-Bold", "KaTeX_Math-Italic", "SourceCodeVF-Upright.ttf")


def static_dir() -> Path:
    """Streamlit's built front end (``static/``), found without importing Streamlit."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("streamlit is not installed")
    return Path(spec.origin).parent / "static" / "static"


def _find(folder: Path, stem: str, suffix: str) -> str | None:
    names = sorted(p.name for p in folder.glob(f"{stem}.*{suffix}")
                   if p.name.count(".") == stem.count(".") + 2)  # stem.HASH.js, not stem-x.HASH.js
    return names[0] if len(names) == 1 else None


@cache
def files() -> dict[str, list[str]]:
    """``{"js": [...], "fonts": [...]}``: paths relative to Streamlit's ``static/`` URL (e.g.
    ``js/Slider.WU6er_Bo.js``) of each of ``LAZY`` and ``FONTS`` found in the installed build."""
    root = static_dir()
    js = [f"js/{n}" for s in LAZY if (n := _find(root / "js", s, ".js"))]
    fonts = [f"media/{n}" for s in FONTS if (n := _find(root / "media", s, ".woff2"))]
    return {"js": js, "fonts": fonts}
