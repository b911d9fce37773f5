"""Figures and pictures for the Activations lesson (plain functions, no Streamlit).

- :func:`probability_bar`: Plotly bar chart of the class probabilities;
- :func:`layer_image`: one layer's channels as a single tiled, coloured picture;
- :func:`filters_image`: the first layer's kernels as one picture;
- :func:`upscale`, :func:`to_pil`: nearest-neighbour enlarging (pixels stay square and crisp).

Labels are passed in already translated; nothing here knows the language.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from cnnviz.activations import colorize, normalise, tile

__all__ = ["filters_image", "layer_image", "probability_bar", "to_pil", "upscale"]

BAR_COLOUR = "#9aa5b1"
TOP_COLOUR = "#1f77b4"


def probability_bar(classes: Sequence[str], probs: Sequence[float] | np.ndarray,
                    labels: Sequence[str] | None = None, title: str | None = None,
                    axis_title: str | None = None, height: int = 260) -> go.Figure:
    """Vertical bars of class probabilities, the most likely class highlighted.

    ``classes``: class keys (e.g. ``model.classes``); ``probs``: one probability per class
    (shape (K,) or (1, K)); ``labels``: the text shown under each bar (translated by the caller;
    defaults to ``classes``); ``axis_title``: the y-axis title. Each bar is labelled with its
    percentage; the y axis runs from 0 to 100 %.
    """
    p = np.asarray(probs, dtype=np.float64).reshape(-1)
    if len(p) != len(classes):
        raise ValueError(f"Got {len(p)} probabilities for {len(classes)} classes.")
    labels = list(classes) if labels is None else list(labels)
    if len(labels) != len(classes):
        raise ValueError(f"Got {len(labels)} labels for {len(classes)} classes.")
    top = int(np.argmax(p)) if len(p) else -1
    colours = [TOP_COLOUR if i == top else BAR_COLOUR for i in range(len(p))]
    fig = go.Figure(go.Bar(
        x=labels, y=p, marker_color=colours, customdata=list(classes),
        text=[f"{v:.1%}" for v in p], textposition="outside", cliponaxis=False,
        hovertemplate="%{x}: %{y:.2%}<extra></extra>",
    ))
    fig.update_layout(title=title, height=height, margin=dict(l=10, r=10, t=40 if title else 20, b=10),
                      showlegend=False, yaxis=dict(range=[0, 1.12], tickformat=".0%",
                                                   title=axis_title, fixedrange=True),
                      xaxis=dict(fixedrange=True))
    return fig


def upscale(image: np.ndarray, size: int | None = None, factor: int | None = None) -> np.ndarray:
    """Enlarge (H, W) or (H, W, K) by an integer factor, nearest neighbour (crisp pixels).

    Give ``factor`` directly, or ``size``: the largest integer factor keeping the longest side
    <= ``size`` (at least 1, so an image already larger is returned unchanged).
    Returns (H·f, W·f[, K]) with the input's dtype.
    """
    arr = np.asarray(image)
    if factor is None:
        factor = 1 if size is None else max(1, int(size) // max(arr.shape[0], arr.shape[1], 1))
    factor = max(1, int(factor))
    if factor == 1:
        return arr.copy()
    return np.repeat(np.repeat(arr, factor, axis=0), factor, axis=1)


def to_pil(image: np.ndarray) -> Image.Image:
    """uint8 (H, W) or (H, W, 3) array -> PIL image ('L' or 'RGB'); floats in [0, 1] are scaled."""
    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        arr = np.round(np.clip(np.nan_to_num(arr.astype(np.float32)), 0, 1) * 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB" if arr.ndim == 3 else "L")


def layer_image(maps: np.ndarray, mode: str = "channel", cmap: str = "viridis",
                cols: int | None = None, pad: int = 1, display_size: int | None = None,
                vmin: float | None = None, vmax: float | None = None,
                separator: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """All channels of one layer as one picture: (C, H, W) -> uint8 RGB (H', W', 3).

    Normalises (``mode`` 'channel' | 'layer' | 'global' with ``vmin``/``vmax``), tiles into a
    near-square grid with ``pad``-pixel ``separator`` lines, colours with ``cmap``, then
    enlarges with nearest neighbour so the longest side is at most ``display_size`` (by an
    integer factor; separators grow with it).
    """
    arr = np.asarray(maps, dtype=np.float32)
    grid = tile(normalise(arr, mode, vmin, vmax), cols=cols, pad=pad)
    return upscale(colorize(grid, cmap, nan_color=separator), size=display_size)


def filters_image(filters: np.ndarray, cols: int | None = None, pad: int = 1,
                  display_size: int | None = None,
                  separator: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """Kernels as one picture: (C, kh, kw, 3) floats in [0, 1] (see
    :func:`cnnviz.activations.first_layer_filters`) -> uint8 RGB (H', W', 3), tiled and enlarged
    like :func:`layer_image`."""
    grid = tile(np.asarray(filters, dtype=np.float32), cols=cols, pad=pad)
    nan = np.isnan(grid)
    rgb = np.round(np.clip(np.where(nan, 0.0, grid), 0, 1) * 255).astype(np.uint8)
    rgb[nan.any(axis=-1)] = np.asarray(separator, dtype=np.uint8)
    return upscale(rgb, size=display_size)
