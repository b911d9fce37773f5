"""Pictures: colour maps, many feature maps tiled into one picture, crisp enlarging, signed
maps, small matrices drawn cell by cell, side-by-side comparisons.

Plain values in (numpy arrays), uint8 arrays or ``PIL.Image`` out; bytes are written by
:mod:`cnnviz.render.files`. One tiler (:func:`tile`, used by :func:`layer_picture` and
:func:`filters_picture`), one enlarger (:func:`enlarge`). Colour maps come from
``plotly.colors``, so a tiled PNG and a Plotly heatmap of the same map agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.colors
from PIL import Image, ImageDraw

from cnnviz.i18n import format_value
from cnnviz.render import files

SEPARATOR = (255, 255, 255)
BLUE = (0, 114, 178)
VERMILLION = (213, 94, 0)
INK = "#111111"

CMAPS: dict[str, tuple[str, ...]] = {
    "viridis": tuple(plotly.colors.sequential.Viridis),
    "magma": tuple(plotly.colors.sequential.Magma),
    "inferno": tuple(plotly.colors.sequential.Inferno),
    "gray": ("#000000", "#ffffff"),
    "RdBu": tuple(plotly.colors.diverging.RdBu),
}
"""Anchor colours (evenly spaced from 0 to 1) of the colour maps offered, from plotly.colors
(gray: plain black to white)."""
_LUTS: dict[str, np.ndarray] = {}


def _rgb_anchors(cmap: str) -> np.ndarray:
    colours = plotly.colors.convert_colors_to_same_type(list(CMAPS[cmap]), colortype="tuple")[0]
    return np.array(colours, dtype=np.float64) * 255.0


def _lut(cmap: str) -> np.ndarray:
    """256×3 uint8 lookup table interpolated linearly between the anchors of ``cmap``."""
    if cmap not in _LUTS:
        if cmap not in CMAPS:
            raise ValueError(f"Unknown colour map {cmap!r}; expected one of {', '.join(CMAPS)}.")
        anchors = _rgb_anchors(cmap)
        xs = np.linspace(0.0, 1.0, len(anchors))
        t = np.linspace(0.0, 1.0, 256)
        _LUTS[cmap] = np.stack([np.interp(t, xs, anchors[:, ch]) for ch in range(3)], axis=1) \
            .round().astype(np.uint8)
    return _LUTS[cmap]


def colorscale(cmap: str) -> list[list]:
    """Plotly colour scale of one of :data:`CMAPS`."""
    anchors = CMAPS[cmap]
    return [[i / (len(anchors) - 1), c] for i, c in enumerate(anchors)]


def colorize(array01: np.ndarray, cmap: str = "viridis",
             nan_color: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """Values in [0, 1] (any shape S; clipped) -> uint8 RGB of shape (*S, 3).

    ``cmap``: a key of :data:`CMAPS` ('viridis', 'magma', 'inferno', 'gray', 'RdBu').
    NaN cells (e.g. :func:`tile`'s separators) get ``nan_color``.
    """
    arr = np.asarray(array01, dtype=np.float32)
    nan = np.isnan(arr)
    idx = np.round(np.clip(np.where(nan, 0.0, arr), 0.0, 1.0) * 255).astype(np.intp)
    rgb = _lut(cmap)[idx]
    if nan.any():
        rgb[nan] = np.asarray(nan_color, dtype=np.uint8)
    return rgb


def normalise(maps: np.ndarray, mode: str = "channel", vmin: float | None = None,
              vmax: float | None = None) -> np.ndarray:
    """Rescale activation maps to [0, 1]: same shape in and out, float32, never NaN.

    ``maps``: (C, ...) with channels on the first axis (a 1-D vector counts as one channel).
    ``mode``: 'channel' (each channel by its own min and max), 'layer' (one min and max for the
    whole array) or 'global' (by the given ``vmin`` and ``vmax``, values outside clipped).
    A constant channel (or layer, or ``vmax <= vmin``) maps to zeros.
    """
    arr = np.nan_to_num(np.asarray(maps, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if mode == "global":
        if vmin is None or vmax is None:
            raise ValueError("mode 'global' needs vmin and vmax.")
        if not vmax > vmin:
            return np.zeros_like(arr)
        return np.clip((arr - np.float32(vmin)) / np.float32(vmax - vmin), 0.0, 1.0)
    if mode == "layer" or arr.ndim < 2:
        lo, hi = (float(arr.min()), float(arr.max())) if arr.size else (0.0, 0.0)
        if not hi > lo:
            return np.zeros_like(arr)
        return np.clip((arr - lo) / (hi - lo), 0.0, 1.0).astype(np.float32)
    if mode != "channel":
        raise ValueError(f"Unknown normalisation {mode!r}; expected 'channel', 'layer' or 'global'.")
    flat = arr.reshape(arr.shape[0], -1)
    if flat.shape[1] == 0:
        return np.zeros_like(arr)
    lo = flat.min(axis=1, keepdims=True)
    span = flat.max(axis=1, keepdims=True) - lo
    safe = np.where(span > 0, span, 1.0)
    out = np.where(span > 0, (flat - lo) / safe, 0.0)
    return np.clip(out, 0.0, 1.0).astype(np.float32).reshape(arr.shape)


def grid_shape(n: int, cols: int | None = None) -> tuple[int, int]:
    """(rows, cols) of the near-square grid :func:`tile` uses for ``n`` tiles."""
    if n < 1:
        return (0, 0) if cols is None else (0, max(1, cols))
    cols = max(1, math.ceil(math.sqrt(n))) if cols is None else max(1, min(int(cols), n))
    return math.ceil(n / cols), cols


def tile(maps: np.ndarray, cols: int | None = None, pad: int = 1,
         pad_value: float = np.nan) -> np.ndarray:
    """Tile all channels of a layer into one image.

    ``maps``: (C, H, W), or (C, H, W, K) for per-tile colour images. Returns
    (rows·H + (rows−1)·pad, cols·W + (cols−1)·pad[, K]) float32, channel ``i`` at grid cell
    ``(i // cols, i % cols)``, with ``rows, cols = grid_shape(C, cols)`` (near-square when
    ``cols`` is None). Separator lines and unused cells hold ``pad_value``: NaN by default, which
    :func:`colorize` paints in its ``nan_color`` (and Plotly leaves blank).
    """
    arr = np.asarray(maps, dtype=np.float32)
    if arr.ndim not in (3, 4):
        raise ValueError(f"Expected maps of shape (C, H, W) or (C, H, W, K), got {arr.shape}.")
    c, h, w = arr.shape[:3]
    rows, cols = grid_shape(c, cols)
    pad = max(0, int(pad))
    out_shape = (max(rows * h + (rows - 1) * pad, 0), max(cols * w + (cols - 1) * pad, 0),
                 *arr.shape[3:])
    out = np.full(out_shape, pad_value, dtype=np.float32)
    for i in range(c):
        r, k = divmod(i, cols)
        y, x = r * (h + pad), k * (w + pad)
        out[y:y + h, x:x + w] = arr[i]
    return out


def enlarge(picture, side: int | None = None, factor: int | None = None):
    """The one enlarger: nearest neighbour, so pixels stay crisp squares (what the model sees).

    ``picture``: an array (H, W[, K]) -> an array, or a PIL image -> a PIL image. Enlarged by
    ``factor``, or by the largest whole factor keeping the longest side <= ``side`` (at least 1).
    """
    is_image = isinstance(picture, Image.Image)
    arr = np.asarray(picture.convert("RGB") if is_image and picture.mode not in ("RGB", "L")
                     else picture)
    if factor is None:
        factor = 1 if side is None else side // max(arr.shape[0], arr.shape[1], 1)
    factor = max(1, int(factor))
    big = np.repeat(np.repeat(arr, factor, axis=0), factor, axis=1) if factor > 1 else arr
    return Image.fromarray(big) if is_image else big


def _resize_maps(maps: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(C, H, W) -> (C, h, w): integer nearest-neighbour enlargement, or a box-filter shrink."""
    c, h, w = maps.shape
    th, tw = size
    if (th, tw) == (h, w):
        return maps
    if th >= h and tw >= w and th % h == 0 and tw % w == 0:
        return np.repeat(np.repeat(maps, th // h, axis=1), tw // w, axis=2)
    out = np.empty((c, th, tw), dtype=np.float32)
    for i in range(c):
        out[i] = np.asarray(Image.fromarray(maps[i].astype(np.float32), "F")
                            .resize((tw, th), Image.Resampling.BOX))
    return out


def layer_picture(maps: np.ndarray, mode: str = "channel", cmap: str = "viridis",
                  vmin: float | None = None, vmax: float | None = None, max_side: int = 640,
                  gap: int = 2, cols: int | None = None) -> np.ndarray:
    """All channels of a layer as one picture: (C, H, W) -> uint8 RGB (H', W', 3).

    Channels are normalised (``mode`` 'channel' | 'layer' | 'global' with ``vmin``/``vmax``, see
    :func:`normalise`), each resized so the near-square grid fills about
    ``max_side`` px (small maps enlarged by an integer factor with nearest neighbour so cells
    stay square and crisp, large ones shrunk with a box filter), tiled with ``gap``-px white
    separators and coloured with ``cmap``. Channel ``i`` is at grid cell ``(i // cols, i % cols)``.
    """
    arr = np.asarray(maps, dtype=np.float32)
    if arr.ndim != 3 or min(arr.shape) < 1:
        raise ValueError(f"Expected maps of shape (C, H, W), got {arr.shape}.")
    c, h, w = arr.shape
    rows, cols = grid_shape(c, cols)
    norm = normalise(arr, mode, vmin, vmax)
    room = max(1, (max_side - (max(rows, cols) - 1) * gap) // max(rows, cols))
    scale = room / max(h, w)
    if scale >= 1:
        factor = int(scale)
        size = (h * factor, w * factor)
    else:
        size = (max(1, round(h * scale)), max(1, round(w * scale)))
    return colorize(tile(_resize_maps(norm, size), cols=cols, pad=gap), cmap, nan_color=SEPARATOR)


def filters_picture(filters: np.ndarray, cols: int | None = None, pad: int = 1,
                    side: int | None = None,
                    separator: tuple[int, int, int] = SEPARATOR) -> np.ndarray:
    """Kernels as one picture: (C, kh, kw, 3) floats in [0, 1] (see
    :func:`cnnviz.lessons.activations.first_layer_filters`) -> uint8 RGB (H', W', 3), tiled with
    ``pad``-pixel separators, then enlarged (:func:`enlarge`) to at most ``side`` px."""
    grid = tile(np.asarray(filters, dtype=np.float32), cols=cols, pad=pad)
    nan = np.isnan(grid)
    rgb = np.round(np.clip(np.where(nan, 0.0, grid), 0, 1) * 255).astype(np.uint8)
    rgb[nan.any(axis=-1)] = np.asarray(separator, dtype=np.uint8)
    return rgb if side is None else enlarge(rgb, side)


def signed_rgb(arr: np.ndarray, limit: float | None = None) -> np.ndarray:
    """A signed map (H, W) -> uint8 RGB (H, W, 3): blue below zero, white at zero, vermillion
    above, scaled symmetrically by ``limit`` (default: the map's largest absolute value)."""
    a = np.asarray(arr, dtype=np.float32)
    lim = float(np.abs(a).max(initial=0.0)) if limit is None else float(limit)
    v = np.clip(a / lim, -1.0, 1.0) if lim > 0 else np.zeros_like(a)
    white = np.array([255.0, 255.0, 255.0])
    pos, neg = np.array(VERMILLION, dtype=np.float64), np.array(BLUE, dtype=np.float64)
    vv = v[..., None]
    rgb = np.where(vv >= 0, white + (pos - white) * vv, white + (neg - white) * (-vv))
    return np.clip(rgb.round(), 0, 255).astype(np.uint8)


def map_image(arr: np.ndarray, side: int = 192, signed: bool = True) -> Image.Image:
    """A map as a picture ``side`` pixels on its longest side (nearest-neighbour upscaling, so
    small maps stay crisp). With negative values: blue/white/vermillion; without: grey levels
    (both scaled to the 99.5th percentile). ``signed=False`` shows values in [0, 1] as grey."""
    a = np.asarray(arr, dtype=np.float32)
    if signed and float(a.min(initial=0.0)) < 0:
        # a few extreme pixels must not wash the picture out: scale by the 99.5th percentile
        lim = float(np.percentile(np.abs(a), 99.5)) or float(np.abs(a).max(initial=0.0))
        img = Image.fromarray(signed_rgb(a, lim), "RGB")
    elif signed:  # a map without negative values reads best in grey levels
        hi = float(np.percentile(a, 99.5)) or float(a.max(initial=0.0)) or 1.0
        img = Image.fromarray((np.clip(a / hi, 0, 1) * 255).round().astype(np.uint8), "L").convert("RGB")
    else:
        img = Image.fromarray((np.clip(a, 0, 1) * 255).round().astype(np.uint8), "L").convert("RGB")
    h, w = a.shape
    scale = side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    resample = Image.Resampling.NEAREST if scale >= 1 else Image.Resampling.LANCZOS
    return img.resize(size, resample)


def kernel_image(kernel: np.ndarray, cell: int = 46, lang: str = "en") -> Image.Image:
    """A small matrix drawn cell by cell with its values written in, coloured like the maps."""
    k = np.asarray(kernel, dtype=np.float32)
    if k.ndim == 1:
        k = k[None]
    h, w = k.shape
    rgb = signed_rgb(k)
    img = Image.new("RGB", (w * cell + 1, h * cell + 1), "white")
    draw = ImageDraw.Draw(img)
    font = files.font(15 if cell < 50 else 18)
    lim = float(np.abs(k).max(initial=0.0))
    for i in range(h):
        for j in range(w):
            box = (j * cell, i * cell, (j + 1) * cell, (i + 1) * cell)
            draw.rectangle(box, fill=tuple(int(c) for c in rgb[i, j]), outline=(60, 60, 60))
            strong = lim > 0 and abs(k[i, j]) > 0.6 * lim
            text = format_value(float(k[i, j]), lang, trim=True)
            draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), text,
                      fill="white" if strong else INK, font=font, anchor="mm")
    return img


def to_picture(arr: np.ndarray, lo: float | None = None, hi: float | None = None,
               factor: int = 1) -> Image.Image:
    """A float array (H, W) or (3, H, W) -> an 8-bit image, ``[lo, hi]`` to 0..255, enlarged
    ``factor`` times (:func:`enlarge`).

    Without ``lo``/``hi``, values in [0, 1] keep that range and a map with values outside it is
    stretched to its own range (how a filtered photo with negative values, e.g. Sobel, is shown).
    """
    a = np.asarray(arr, dtype=np.float32)
    if a.ndim == 3:
        a = a.transpose(1, 2, 0)
    a_lo, a_hi = float(a.min(initial=0.0)), float(a.max(initial=1.0))
    inside = a_lo >= 0 and a_hi <= 1
    lo = (0.0 if inside else a_lo) if lo is None else lo
    hi = (1.0 if inside else a_hi) if hi is None else hi
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    out = np.clip((a - lo) * scale, 0, 255).round().astype(np.uint8)
    return enlarge(Image.fromarray(out, "RGB" if out.ndim == 3 else "L"), factor=factor)


def swatch(rgb: Sequence[int], size: int = 64, border: int = 2) -> Image.Image:
    """A ``size``-pixel square of one colour (0..255 values) with a dark grey border, so that
    even white stays visible on a white page."""
    img = Image.new("RGB", (size, size), "#444444")
    img.paste(Image.new("RGB", (size - 2 * border,) * 2, tuple(int(v) for v in rgb)), (border, border))
    return img


def display_factor(width: int, target: int = 384) -> int:
    """The whole-number enlargement that draws a ``width``-pixel input about ``target`` px wide."""
    return max(1, target // max(1, width))


def comparison_image(panels: Sequence[tuple[str, Image.Image]], gap: int = 24,
                     font_size: int = 20) -> Image.Image:
    """Pictures side by side, top-aligned, each with its label above (PNG/GIF export)."""
    font = files.font(font_size)
    label_h = font_size + 14
    widths = []
    for label, img in panels:
        box = font.getbbox(label)
        widths.append(max(img.width, box[2] - box[0] + 4))
    width = sum(widths) + gap * (len(panels) + 1)
    height = label_h + max(img.height for _, img in panels) + 2 * gap
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    x = gap
    for (label, img), w in zip(panels, widths, strict=True):
        draw.text((x, gap // 2), label, fill="#111111", font=font)
        canvas.paste(img.convert("RGB"), (x, gap // 2 + label_h))
        x += w + gap
    return canvas


def labelled(panels: Sequence[tuple[str, np.ndarray, float, float]],
             factor: int = 1) -> list[tuple[str, Image.Image]]:
    """``(label, array, lo, hi)`` -> ``(label, picture)`` (:func:`to_picture`, enlarged
    ``factor`` times)."""
    return [(label, to_picture(arr, lo, hi, factor)) for label, arr, lo, hi in panels]


def comparison_png(panels: Sequence[tuple[str, Image.Image]]) -> bytes:
    """:func:`comparison_image` as PNG bytes."""
    return files.png(comparison_image(panels))


def comparison_gif(frames: Sequence[Sequence[tuple[str, np.ndarray, float, float]]], factor: int,
                   duration_ms: int = 800) -> bytes:
    """One :func:`comparison_image` per frame of ``(label, array, lo, hi)`` panels, as a GIF."""
    return files.gif([comparison_image(labelled(panels, factor)) for panels in frames], duration_ms)


def same_scale_css(key: str, widths: Sequence[int]) -> str:
    """A ``<style>`` keeping the columns of the container keyed ``key`` (``st.container(key=…)``)
    side by side, their widths exactly in proportion to ``widths`` (flex-basis 0, growth by
    width), also on a phone where Streamlit stacks columns: pictures drawn at one pixel scale
    keep it. Static text made of the key and whole numbers, never user input."""
    if not key.replace("_", "").isalnum():
        raise ValueError(f"not a container key: {key!r}")
    rules = [f".st-key-{key} [data-testid=stColumn] {{ min-width: 0 !important; }}"]
    rules += [f".st-key-{key} [data-testid=stColumn]:nth-child({i}) {{ flex: {int(w)} 1 0 !important; }}"
              for i, w in enumerate(widths, start=1)]
    return "<style>" + "\n".join(rules) + "</style>"
