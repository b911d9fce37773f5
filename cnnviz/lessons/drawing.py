"""A drawing made on the page's canvas, turned into the model's input.

- :func:`shape_stroke`: the pen path of a hand-drawn-looking circle, square or triangle (the
  starter drawing on the canvas, and the strokes the tests draw);
- :func:`fabric_drawing`: those paths as the canvas's own JSON (Fabric.js ``Path`` objects), to
  put a starter drawing on the canvas;
- :func:`canvas_image`: the canvas's RGBA pixels -> an RGB picture (transparent = white paper);
- :func:`ink_fraction` / :func:`is_blank`: is there anything drawn?
- :func:`prepare`: the picture -> the (1, 3, 28, 28) input, by :func:`models.preprocess`, the
  same function that turns every picture the page shows the model into its input: drawn at a
  larger size and shrunk with a box filter, exactly as the training drawings are made
  (``models/data.py``: drawn at 4×, box-downsampled).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from PIL import Image

import models

__all__ = [
    "CANVAS", "DEFAULT_WIDTH", "canvas_image", "fabric_drawing", "ink_fraction", "is_blank",
    "prepare", "shape_stroke",
]

CANVAS = 280
"""Side of the drawing canvas in CSS pixels (fits a 390-px phone; 10 canvas px per input px)."""

DEFAULT_WIDTH = 18
"""Default pen width in canvas pixels: 1.8 input pixels, inside the training data's stroke
range (5–14 % of the side: 1.4–3.9 px of 28)."""

BLANK_INK = 0.002
"""Below this fraction of inked canvas pixels the canvas counts as empty."""

Point = tuple[float, float]


def shape_stroke(kind: str, size: int = CANVAS, *, scale: float = 0.6,
                 center: tuple[float, float] = (0.5, 0.5), rotation: float = 0.0,
                 points_per_side: int = 12, wobble: float = 0.0, seed: int = 0) -> list[Point]:
    """One closed pen path drawing ``kind`` on a ``size``-px canvas, as a hand would: start at
    a corner (or at the right of a circle), go round, come back to the start.

    ``scale``: the shape's width as a fraction of the canvas; ``center``: fractions of the
    canvas; ``rotation``: degrees clockwise; ``wobble``: random jitter (fraction of the size).
    """
    cx, cy = center[0] * size, center[1] * size
    r = scale * size / 2
    if kind == "circle":
        n = 4 * points_per_side
        angles = [2 * math.pi * i / n for i in range(n + 1)]
        pts = [(r * math.cos(a), r * math.sin(a)) for a in angles]
    elif kind in ("square", "triangle"):
        if kind == "square":
            corners = [(-r, -r), (r, -r), (r, r), (-r, r)]
        else:  # apex up, equilateral, centred on its bounding box
            h = r * math.sqrt(3)
            corners = [(0.0, -h / 2 - r * 0.05), (r, h / 2), (-r, h / 2)]
        pts = []
        for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
            pts += [(x0 + (x1 - x0) * t / points_per_side, y0 + (y1 - y0) * t / points_per_side)
                    for t in range(points_per_side)]
        pts.append(pts[0])
    else:
        raise ValueError(f"Unknown shape {kind!r}; expected circle, square or triangle.")
    theta = math.radians(rotation)
    c, s = math.cos(theta), math.sin(theta)
    rng = np.random.default_rng(seed)
    jitter = rng.normal(0.0, wobble * size, (len(pts), 2)) if wobble > 0 else np.zeros((len(pts), 2))
    return [(cx + x * c - y * s + float(jx), cy + x * s + y * c + float(jy))
            for (x, y), (jx, jy) in zip(pts, jitter, strict=True)]


def fabric_drawing(strokes: Sequence[Sequence[Point]], width: float = DEFAULT_WIDTH,
                   colour: str = "#000000") -> dict:
    """``strokes`` as a Fabric.js canvas JSON (``{"objects": [Path, ...]}``) that the canvas
    (``streamlit-drawable-canvas``'s ``initial_drawing``) paints like a drawn stroke: absolute
    canvas coordinates, the object's centre (``left``, ``top``) at the path's bounding-box
    centre, round caps and joins."""
    objects = []
    for stroke in strokes:
        pts = [(round(float(x), 2), round(float(y), 2)) for x, y in stroke]
        if len(pts) < 2:
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        objects.append({
            "type": "Path", "originX": "center", "originY": "center",
            "left": (min(xs) + max(xs)) / 2, "top": (min(ys) + max(ys)) / 2,
            "width": max(xs) - min(xs), "height": max(ys) - min(ys),
            "fill": None, "stroke": colour, "strokeWidth": width,
            "strokeLineCap": "round", "strokeLineJoin": "round", "strokeMiterLimit": 10,
            "path": [["M", *pts[0]]] + [["L", *p] for p in pts[1:]],
        })
    return {"version": "7.4.0", "objects": objects}


def canvas_image(rgba: np.ndarray) -> Image.Image:
    """The canvas's pixels, uint8 (H, W, 4) RGBA or (H, W, 3) RGB -> RGB picture; transparent
    pixels become white paper (the canvas's background)."""
    arr = np.asarray(rgba)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or min(arr.shape[:2]) < 1:
        raise ValueError(f"Expected canvas pixels of shape (H, W, 4), got {arr.shape}.")
    arr = arr.astype(np.uint8, copy=False)
    if arr.shape[2] == 3:
        return Image.fromarray(arr, "RGB")
    rgba_image = Image.fromarray(arr, "RGBA")
    paper = Image.new("RGBA", rgba_image.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba_image).convert("RGB")


def ink_fraction(image: Image.Image) -> float:
    """Fraction of pixels clearly darker than white paper (luminance below 0.75)."""
    gray = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    return float(np.mean(gray < 0.75)) if gray.size else 0.0


def is_blank(image: Image.Image) -> bool:
    """True when (almost) nothing is drawn: fewer than :data:`BLANK_INK` of the pixels inked."""
    return ink_fraction(image) < BLANK_INK


def prepare(image: Image.Image) -> tuple[torch.Tensor, np.ndarray]:
    """A drawing -> the model's input (1, 3, 28, 28) float32 in [0, 1], and that input as a
    uint8 RGB (28, 28, 3) picture, through :func:`models.preprocess` (box filter to 28×28,
    the way the training drawings are made)."""
    x = models.preprocess(image)
    rgb = np.round(x[0].numpy().transpose(1, 2, 0) * 255.0).astype(np.uint8)
    return x, rgb
