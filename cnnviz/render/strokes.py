"""Pen strokes -> a picture, the way the drawing canvas paints them.

The canvas (Fabric.js, ``streamlit-drawable-canvas``) paints each stroke as a polyline with
round caps and round joins, black on white. :func:`render_strokes` does the same with Pillow,
so a stroke path from a test (or the starter drawing the page puts on the canvas) gives the
same picture in Python as in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw

Point = tuple[float, float]

__all__ = ["render_strokes"]


def render_strokes(strokes: Sequence[Sequence[Point]], size: int = 280, width: float = 18,
                   ink: tuple[int, int, int] = (0, 0, 0),
                   paper: tuple[int, int, int] = (255, 255, 255),
                   supersample: int = 2) -> Image.Image:
    """``strokes`` (each a list of (x, y) canvas pixels) -> RGB image ``size``×``size``.

    Each stroke is a polyline ``width`` px wide with round caps and joins; drawn at
    ``supersample`` times the size and shrunk with a box filter (antialiased like a browser).
    """
    k = max(1, int(supersample))
    big = Image.new("RGB", (size * k, size * k), paper)
    draw = ImageDraw.Draw(big)
    radius = width * k / 2
    for stroke in strokes:
        pts = [(float(x) * k, float(y) * k) for x, y in stroke]
        if not pts:
            continue
        if len(pts) > 1:
            draw.line(pts, fill=ink, width=max(1, round(width * k)), joint="curve")
        for x, y in pts:  # round caps and joins
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ink)
    return big.resize((size, size), Image.Resampling.BOX) if k > 1 else big
