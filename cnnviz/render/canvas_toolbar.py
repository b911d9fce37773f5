"""The drawing canvas's toolbar in the page's language (a components-v2 companion; ui.py
registers it): ``JS`` (the file beside this module) and the labels it needs.

streamlit-drawable-canvas 0.13.0 (pinned) has no option for its toolbar's language: its buttons'
tooltips and accessible names are English strings in its bundle. ``BUTTONS`` lists them (a test
checks each against the installed bundle) with the translation key of each.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

JS = (Path(__file__).resolve().parent / "canvas_toolbar.js").read_text(encoding="utf-8")

#: The canvas's own English button names -> our translation keys.
BUTTONS: dict[str, str] = {
    "Update the app with this drawing": "look.toolbar.send",
    "Undo": "look.toolbar.undo",
    "Redo": "look.toolbar.redo",
    "Edit": "look.toolbar.edit",
    "Bring forward": "look.toolbar.forward",
    "Send backward": "look.toolbar.backward",
    "Delete selected": "look.toolbar.delete",
    "Reset canvas & history": "look.toolbar.reset",
}


def labels(tr: Callable[[str], str]) -> dict[str, str]:
    """Each toolbar button's English name -> its name in ``tr``'s language."""
    return {english: tr(key) for english, key in BUTTONS.items()}
