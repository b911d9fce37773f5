"""Pictures for the "see what the network sees" parts of the Activations lesson.

- :func:`heat_overlay`: a Grad-CAM or occlusion map over the input the model saw, enlarged;
- :func:`rf_picture`: the input with one unit's receptive-field box drawn on it;
- :func:`kernels_picture`: a channel's kernels (C_in, kh, kw), one tile each, signed colours;
- :func:`gallery`: a few drawings (N, 3, h, w) in a grid (the top-9 of a channel).

All return uint8 RGB arrays (H, W, 3); labels are drawn by the page, not here.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.render.pictures import colorize, normalise, tile

__all__ = ["box_on_picture", "gallery", "heat_overlay", "kernels_picture", "rf_picture"]

RF_COLOUR = (230, 30, 30)


def _enlarge(rgb: np.ndarray, side: int) -> tuple[np.ndarray, int]:
    arr = np.asarray(rgb)
    factor = max(1, side // max(arr.shape[0], arr.shape[1], 1))
    return np.repeat(np.repeat(arr, factor, axis=0), factor, axis=1), factor


def heat_overlay(rgb: np.ndarray, heat: np.ndarray, side: int = 280, signed: bool = False,
                 scale: float | None = None, opacity: float = 0.7) -> np.ndarray:
    """``heat`` (H, W) over the input ``rgb`` uint8 (H, W, 3), enlarged to about ``side`` px.

    Unsigned (Grad-CAM): 0 … ``scale`` (default: the map's max) in 'inferno', more opaque where
    hotter. Signed (occlusion): −``scale`` … ``scale`` (default: the largest magnitude) in
    'RdBu' reversed (red: covering it lowered the score), transparent at 0. The input is shown
    in gray underneath so the colours read clearly. An all-zero map leaves the gray input.
    """
    base = np.asarray(rgb, dtype=np.float32)
    gray = (base @ np.array([0.299, 0.587, 0.114], dtype=np.float32))[..., None]
    under = 0.35 * gray + 0.65 * 255.0  # light gray paper, the drawing still visible
    h = np.nan_to_num(np.asarray(heat, dtype=np.float32))
    peak = float(np.abs(h).max()) if scale is None else float(scale)
    if peak <= 0:
        out = np.repeat(under, 3, axis=2)
    elif signed:
        v = np.clip(h / peak, -1.0, 1.0)
        colours = colorize((1.0 - v) / 2.0, "RdBu").astype(np.float32)  # +1 -> red
        alpha = (opacity * np.abs(v))[..., None]
        out = under * (1 - alpha) + colours * alpha
    else:
        v = np.clip(h / peak, 0.0, 1.0)
        colours = colorize(v, "inferno").astype(np.float32)
        alpha = (opacity * np.sqrt(v))[..., None]
        out = under * (1 - alpha) + colours * alpha
    return _enlarge(np.round(np.clip(out, 0, 255)).astype(np.uint8), side)[0]


def box_on_picture(rgb: np.ndarray, box: tuple[int, int, int, int], side: int = 280,
                   colour: tuple[int, int, int] = RF_COLOUR) -> np.ndarray:
    """``rgb`` uint8 (H, W, 3) enlarged to about ``side`` px, with the input pixels
    ``box`` = (top, left, bottom, right) (bottom, right excluded) outlined and the rest dimmed."""
    big, f = _enlarge(np.asarray(rgb, dtype=np.uint8), side)
    top, left, bottom, right = box
    dim = big.astype(np.float32)
    mask = np.ones(big.shape[:2], dtype=bool)
    mask[top * f:bottom * f, left * f:right * f] = False
    dim[mask] = dim[mask] * 0.45 + 255 * 0.2
    image = Image.fromarray(np.round(dim).astype(np.uint8), "RGB")
    width = max(2, f // 3)
    ImageDraw.Draw(image).rectangle(
        (left * f, top * f, right * f - 1, bottom * f - 1), outline=colour, width=width)
    return np.asarray(image)


def rf_picture(rgb: np.ndarray, box: tuple[int, int, int, int], side: int = 280) -> np.ndarray:
    """The input with one unit's receptive field outlined (see :func:`box_on_picture`)."""
    return box_on_picture(rgb, box, side)


def kernels_picture(kernels: np.ndarray, side: int = 280, gap: int = 1) -> np.ndarray:
    """Kernels (C_in, kh, kw) as one tiled picture in a signed colour map (red negative,
    white zero, blue positive), one shared scale, enlarged to about ``side`` px."""
    k = np.asarray(kernels, dtype=np.float32)
    peak = float(np.abs(k).max())
    norm = normalise(k, "global", -peak, peak) if peak > 0 else np.full_like(k, 0.5)
    grid = tile(norm, pad=gap)
    rgb = colorize(grid, "RdBu", nan_color=(255, 255, 255))
    return _enlarge(rgb, side)[0]


def gallery(images: np.ndarray, cols: int = 3, side: int = 84, gap: int = 6) -> np.ndarray:
    """Drawings (N, 3, h, w) float in [0, 1] -> one uint8 picture, ``cols`` per row, each
    enlarged to about ``side`` px with a ``gap``-px white margin between them."""
    imgs = np.asarray(images, dtype=np.float32)
    n = len(imgs)
    if n == 0:
        return np.full((side, side, 3), 255, dtype=np.uint8)
    tiles = [_enlarge(np.round(np.clip(i.transpose(1, 2, 0), 0, 1) * 255).astype(np.uint8),
                      side)[0] for i in imgs]
    th, tw = tiles[0].shape[:2]
    rows = -(-n // cols)
    out = np.full((rows * th + (rows - 1) * gap, cols * tw + (cols - 1) * gap, 3), 255,
                  dtype=np.uint8)
    for i, t in enumerate(tiles):
        r, c = divmod(i, cols)
        out[r * (th + gap): r * (th + gap) + th, c * (tw + gap): c * (tw + gap) + tw] = t
    return out
