"""The drawing canvas's toolbar names: every button of the pinned streamlit-drawable-canvas is
known to our translator, and has a name in English and in French."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from cnnviz import i18n
from cnnviz.render import canvas_toolbar


def _bundle() -> str:
    spec = importlib.util.find_spec("streamlit_drawable_canvas")  # found, not imported: its
    build = Path(spec.origin).parent / "frontend" / "build"  # import registers a component
    return "".join(p.read_text(encoding="utf-8") for p in build.glob("index-*.js"))


def test_every_toolbar_button_of_the_installed_canvas_is_translated():
    # the bundle makes each button with a helper(icon, "English name", handler)
    names = set(re.findall(r'\w+\("(?:upload|undo|redo|edit|forward|backward|deleteSelected|bin)",'
                           r'\s*"([^"]+)"', _bundle()))
    assert names == set(canvas_toolbar.BUTTONS), names ^ set(canvas_toolbar.BUTTONS)


def test_labels_in_both_languages():
    en = canvas_toolbar.labels(i18n.translator("en"))
    fr = canvas_toolbar.labels(i18n.translator("fr"))
    assert set(en) == set(fr) == set(canvas_toolbar.BUTTONS)
    assert en["Undo"] == "Undo the last stroke" and fr["Undo"] == "Annuler le dernier trait"
    assert len(set(fr.values())) == len(fr)  # no two buttons share a name
    assert not set(fr.values()) & set(canvas_toolbar.BUTTONS)  # nothing left in English
    assert "data.labels" in canvas_toolbar.JS and "aria-label" in canvas_toolbar.JS
