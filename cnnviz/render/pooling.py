"""The pooling lesson's own pictures: the difference map of two pooled photos, with the window
where they differ most outlined (the crops themselves are drawn with
:func:`cnnviz.render.pictures.to_picture`, at one scale for both)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

BOX = (213, 94, 0)
"""The outline of the window (the Okabe–Ito vermillion the lessons use for highlights)."""


def difference_picture(diff: np.ndarray, box: tuple[int, int, int, int], factor: int) -> Image.Image:
    """``diff`` (h, w) in [0, 1] as ink on paper (white: equal; black: the largest difference),
    enlarged ``factor`` times without smoothing, ``box`` (top, left, height, width) outlined."""
    d = np.asarray(diff, dtype=np.float32)
    hi = float(d.max(initial=0.0)) or 1.0
    grey = (255 - np.clip(d / hi, 0, 1) * 255).round().astype(np.uint8)
    img = Image.fromarray(grey, "L").convert("RGB")
    img = img.resize((img.width * factor, img.height * factor), Image.Resampling.NEAREST)
    top, left, bh, bw = box
    width = max(2, factor // 2)
    ImageDraw.Draw(img).rectangle(
        (left * factor, top * factor, (left + bw) * factor - 1, (top + bh) * factor - 1),
        outline=BOX, width=width)
    return img
