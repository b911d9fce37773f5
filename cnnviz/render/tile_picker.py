"""The tile picker's front end (a components-v2 component; the page registers it):
``HTML``, ``CSS`` and ``JS`` read from the files beside this module, shipped in the repo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cnnviz.markup import bold_runs

_HERE = Path(__file__).resolve().parent

HTML = '<div class="tp-root"></div>'
CSS = (_HERE / "tile_picker.css").read_text(encoding="utf-8")
JS = (_HERE / "tile_picker.js").read_text(encoding="utf-8")


def data(src: str, alt: str, selected: list[float] | None, label: str = "",
         caption: str = "") -> dict[str, Any]:
    """The picker's data: the picture (a data URI), its alternative text, the outlined box, and
    the label above it (the app's own sentence, ``**bold**`` its only Markdown, as text runs) and
    the caption below it (plain text). Label and caption travel inside the picker, so a layer is
    one element on the page instead of three (issue 14: fewer elements, faster reruns)."""
    return {"src": src, "alt": alt, "selected": selected, "label": bold_runs(label),
            "caption": str(caption)}


def selected_box(geometry, channel: int) -> list[float] | None:
    """Fractions [top, left, bottom, right] of ``channel``'s tile in a layer picture laid out
    as ``geometry`` (:class:`cnnviz.lessons.channels.TileGeometry`), for the picker's mark."""
    if not 0 <= channel < geometry.channels:
        return None
    height, width = geometry.size
    th, tw = geometry.tile
    r, c = divmod(channel, geometry.cols)
    top, left = r * (th + geometry.gap), c * (tw + geometry.gap)
    return [top / height, left / width, (top + th) / height, (left + tw) / width]


def click_position(state: Any) -> tuple[float, float] | None:
    """Where the picker was last clicked, from its widget state (a mapping whose ``"click"`` is
    ``{"x": .., "y": ..}``): (x, y) fractions of the picture, or None (no click yet)."""
    click = (state or {}).get("click")
    if isinstance(click, dict) and {"x", "y"} <= click.keys():
        return float(click["x"]), float(click["y"])
    return None
