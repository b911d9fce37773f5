"""What the Activations page shows, computed without Streamlit.

The page caches these functions (keyed on primitives) and only draws what they return:

- :func:`compute`: one image through one model -> :class:`Activations` (numpy only): the class
  probabilities on the 28×28 input the model was trained on, that 28×28 input itself, and every
  convolution / ReLU / pooling output of the convolutional part at the chosen resolution
  (28×28, or the photo's own resolution capped at :data:`MAX_SIDE` px);
- :func:`full_input`: the photo made fit for the fully convolutional part (shrunk, or padded and
  enlarged when tiny), with codes saying what was done, for a sentence on the page;
- :func:`layer_picture`: all channels of a layer as one crisp picture of bounded size (small maps
  enlarged with nearest neighbour, large ones shrunk with a box filter, thin separators);
- :func:`channel_figure`: one channel large as a Plotly heatmap (numbers written in small maps);
- :func:`relu_sparsity`, :func:`summary_table`, :func:`drawing`, :func:`sample_drawings`.

:data:`COMPUTE_CALLS` counts the forward passes of :func:`compute`, so a test can check that a
display-only change does not recompute activations.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
import torch
from PIL import Image
from torch import nn

import models
from cnnviz.activations import (
    CMAPS,
    capture_features,
    colorize,
    dead_channels,
    grid_shape,
    layer_summary,
    normalise,
    to_tensor,
)

__all__ = [
    "COMPUTE_CALLS", "MAX_SIDE", "MIN_SIDE", "Activations", "LayerMaps", "channel_figure",
    "colorscale", "compute", "drawing", "full_input", "layer_group", "layer_picture", "png_bytes",
    "relu_sparsity", "sample_drawings", "summary_table", "weight_change",
]

MAX_SIDE = 256
"""Longest side of a photo run through the convolutional part at its own resolution."""

MIN_SIDE = models.INPUT_SIZE
"""Smallest side the convolutional part accepts (three 'valid' 3×3 convolutions and pools)."""

SEPARATOR = (255, 255, 255)

COMPUTE_CALLS: dict[str, int] = {"count": 0}
"""How many times :func:`compute` ran (tests check the page's cache with it)."""


# ---------------------------------------------------------------- inputs


def drawing(kind: str, size_pct: int, rotation: int, filled: bool, side: int = 224) -> Image.Image:
    """A black-on-white drawing of ``kind`` ('circle' | 'square' | 'triangle'), ``side`` px wide:
    ``size_pct`` is the circle diameter (or the shape's matching size) in percent of the side,
    ``rotation`` degrees clockwise. Drawn by :func:`models.data.draw_shape` like the training
    data, so :func:`models.preprocess` brings it back to 28×28."""
    from models.data import draw_shape

    return draw_shape(kind, side, scale=max(5, min(100, int(size_pct))) / 100.0,
                      rotation=float(rotation), filled=bool(filled), stroke=0.1)


def full_input(image: Image.Image, max_side: int = MAX_SIDE,
               min_side: int = MIN_SIDE) -> tuple[torch.Tensor, tuple[str, ...]]:
    """``image`` -> (1, 3, H, W) float32 in [0, 1] for the convolutional part, and what was done.

    The longest side is shrunk to ``max_side`` (box filter) if larger. If a side is then below
    ``min_side``, the image is padded to a square with its border's median colour (as
    :func:`models.preprocess` does) and brought to ``max(min_side, longest side)`` px. Codes:
    ``'shrunk'``, ``'padded'`` (very elongated), ``'enlarged'`` (tiny).
    """
    notes: list[str] = []
    w, h = image.size
    if max(w, h) > max_side:
        notes.append("shrunk")
    x = to_tensor(image, max_side)
    if min(x.shape[-2:]) < min_side:
        longest = max(x.shape[-2:])
        if longest < min_side:
            notes.append("enlarged")
        if w != h:
            notes.append("padded")
        x = models.preprocess(image, size=max(min_side, min(int(longest), max_side)))
    return x, tuple(notes)


# ---------------------------------------------------------------- one forward pass


@dataclass(frozen=True)
class LayerMaps:
    """One spatial layer's output (C, H, W) and the numbers the page prints about it."""

    name: str
    kind: str
    group: str  # 'conv', 'relu' or 'pool'
    maps: np.ndarray
    dead: int
    zero_fraction: float
    vmin: float
    vmax: float

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(int(s) for s in self.maps.shape)  # type: ignore[return-value]

    @property
    def channels(self) -> int:
        return int(self.maps.shape[0])


@dataclass(frozen=True)
class Activations:
    """Everything the page shows for one (image, model, resolution), numpy only (cacheable).

    ``probs``: (K,) softmax on the 28×28 input; ``input28``: that input, uint8 (28, 28, 3);
    ``input_maps``: the input of the convolutional part at this resolution, uint8 (H, W, 3);
    ``layers``: each convolution, ReLU and pooling output, in the order they ran;
    ``notes``: what :func:`full_input` did to the photo (only at full resolution), and
    ``'grayscale'`` when the three colour channels are equal.
    """

    classes: tuple[str, ...]
    probs: np.ndarray
    input28: np.ndarray
    input_maps: np.ndarray
    layers: tuple[LayerMaps, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def top(self) -> str:
        return self.classes[int(np.argmax(self.probs))]

    def layer(self, name: str) -> LayerMaps:
        for record in self.layers:
            if record.name == name:
                return record
        raise KeyError(name)

    def global_range(self, record: LayerMaps) -> tuple[float, float]:
        """The colour range shared by all layers like ``record``: all convolutions (signed
        values) share their overall min and max; all ReLU and pooling layers (values >= 0)
        share 0 to their overall max, so a zero is the darkest colour in every one of them."""
        if record.group == "conv":
            same = [r for r in self.layers if r.group == "conv"]
            return min(r.vmin for r in same), max(r.vmax for r in same)
        same = [r for r in self.layers if r.group != "conv"]
        return min(0.0, *(r.vmin for r in same)), max(r.vmax for r in same)


def layer_group(kind: str) -> str | None:
    """'conv', 'relu', 'pool' or None (layers the page does not tile)."""
    if "Conv" in kind:
        return "conv"
    if kind == "ReLU":
        return "relu"
    if "Pool" in kind:
        return "pool"
    return None


def _uint8(x: torch.Tensor) -> np.ndarray:
    arr = x[0].detach().numpy().transpose(1, 2, 0)
    return np.round(np.clip(arr, 0.0, 1.0) * 255.0).astype(np.uint8)


def compute(model: nn.Module, image: Image.Image, resolution: str) -> Activations:
    """Prediction on the 28×28 input, and the convolutional part's outputs at ``resolution``
    ('28' or 'full': the photo's own size, see :func:`full_input`)."""
    if resolution not in ("28", "full"):
        raise ValueError(f"Unknown resolution {resolution!r}; expected '28' or 'full'.")
    COMPUTE_CALLS["count"] += 1
    x28 = models.preprocess(image)
    probs = models.predict(model, x28)[0]
    notes: tuple[str, ...] = ()
    x = x28
    if resolution == "full":
        x, notes = full_input(image)
    rgb28 = _uint8(x28)
    if np.array_equal(rgb28[..., 0], rgb28[..., 1]) and np.array_equal(rgb28[..., 1], rgb28[..., 2]):
        notes = (*notes, "grayscale")
    layers = []
    for record in capture_features(model, x):
        group = layer_group(record.kind)
        if group is None or not record.is_spatial:
            continue
        out = record.output
        layers.append(LayerMaps(record.name, record.kind, group, out, dead_channels(out),
                                float(np.mean(out == 0)), float(out.min()), float(out.max())))
    return Activations(tuple(model.classes), probs.astype(np.float32), rgb28, _uint8(x),
                       tuple(layers), notes)


def relu_sparsity(acts: Activations) -> list[tuple[str, float, int, int]]:
    """(name, fraction of exact zeros, dead channels, channels) of each ReLU layer, in order."""
    return [(r.name, r.zero_fraction, r.dead, r.channels) for r in acts.layers if r.group == "relu"]


# ---------------------------------------------------------------- pictures


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
    :func:`cnnviz.activations.normalise`), each resized so the near-square grid fills about
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
    tiles = _resize_maps(norm, size)
    th, tw = size
    grid = np.full((rows * th + (rows - 1) * gap, cols * tw + (cols - 1) * gap), np.nan,
                   dtype=np.float32)
    for i in range(c):
        r, k = divmod(i, cols)
        grid[r * (th + gap): r * (th + gap) + th, k * (tw + gap): k * (tw + gap) + tw] = tiles[i]
    return colorize(grid, cmap, nan_color=SEPARATOR)


def png_bytes(rgb: np.ndarray) -> bytes:
    """uint8 (H, W, 3) or (H, W) -> PNG bytes."""
    arr = np.asarray(rgb, dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr, "RGB" if arr.ndim == 3 else "L").save(buf, "PNG", optimize=False)
    return buf.getvalue()


def enlarge(rgb: np.ndarray, side: int) -> np.ndarray:
    """Nearest-neighbour enlargement by the largest integer factor keeping the longest side
    <= ``side`` (pixels stay square: what the model sees, crisp)."""
    arr = np.asarray(rgb)
    factor = max(1, side // max(arr.shape[0], arr.shape[1], 1))
    return np.repeat(np.repeat(arr, factor, axis=0), factor, axis=1)


def colorscale(cmap: str) -> list[list]:
    """Plotly colour scale of one of :data:`cnnviz.activations.CMAPS`."""
    anchors = CMAPS[cmap]
    return [[i / (len(anchors) - 1), c] for i, c in enumerate(anchors)]


def channel_figure(values: np.ndarray, cmap: str, zmin: float, zmax: float, *,
                   num: Callable[[float, int], str], value_label: str, x_label: str,
                   y_label: str, height: int = 520, annotate_up_to: int = 12) -> go.Figure:
    """One channel (H, W) large as a heatmap: square cells, row 0 at the top, a colour bar,
    values on hover, and the numbers written in each cell when the map is at most
    ``annotate_up_to`` cells wide and high. ``num(value, decimals)`` formats numbers in the
    page's language."""
    arr = np.asarray(values, dtype=np.float32)
    h, w = arr.shape
    if not zmax > zmin:
        zmax = zmin + 1.0
    annotate = max(h, w) <= annotate_up_to
    # Numbers are written in the cells only for small maps; hover values use Plotly's own
    # formatting (the page sets layout.separators for French): formatting 50,000 cells of a
    # 224×224 map in Python took most of a rerun.
    text = [[num(float(v), 2) for v in row] for row in arr] if annotate else None
    fig = go.Figure(go.Heatmap(
        z=arr, zmin=zmin, zmax=zmax, colorscale=colorscale(cmap),
        hovertemplate=f"{y_label} %{{y}}, {x_label} %{{x}}<br>{value_label}: %{{z:.2f}}<extra></extra>",
        colorbar=dict(title=dict(text=value_label, font=dict(size=16)), tickfont=dict(size=14),
                      thickness=18),
        xgap=1 if max(h, w) <= 32 else 0, ygap=1 if max(h, w) <= 32 else 0,
    ))
    if annotate:
        cells = colorize(np.clip((arr - zmin) / (zmax - zmin), 0.0, 1.0), cmap).astype(np.float32)
        luminance = cells @ np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0
        for y in range(h):
            for x in range(w):
                fig.add_annotation(x=x, y=y, text=text[y][x], showarrow=False, font=dict(
                    size=16 if max(h, w) <= 6 else 13,
                    color="white" if luminance[y, x] < 0.5 else "black"))
    fig.update_layout(
        height=height, margin=dict(l=50, r=10, t=10, b=45), font=dict(size=15),
        xaxis=dict(title=x_label, constrain="domain", showgrid=False, zeroline=False),
        yaxis=dict(title=y_label, autorange="reversed", scaleanchor="x", scaleratio=1,
                   constrain="domain", showgrid=False, zeroline=False),
        plot_bgcolor="white",
    )
    small = dict(tickmode="linear", tick0=0, dtick=1) if max(h, w) <= annotate_up_to else {}
    fig.update_xaxes(tickfont=dict(size=14), **small)
    fig.update_yaxes(tickfont=dict(size=14), **small)
    return fig


# ---------------------------------------------------------------- model summary and samples


def summary_table(model: nn.Module, headers: Sequence[str], num: Callable[[float], str],
                  total_label: str) -> tuple[list[dict[str, str]], int, int]:
    """Rows (dicts keyed by the 5 ``headers``: layer, type, output shape, parameters,
    multiply-adds) for one 28×28 image, the totals row last; also returns the totals."""
    rows = layer_summary(model, (1, 3, models.INPUT_SIZE, models.INPUT_SIZE))
    layer_h, kind_h, shape_h, params_h, madds_h = headers
    out = [{layer_h: r.name, kind_h: r.kind,
            shape_h: " × ".join(str(s) for s in r.output_shape),
            params_h: num(r.params), madds_h: num(r.mult_adds)} for r in rows]
    params = sum(r.params for r in rows)
    madds = sum(r.mult_adds for r in rows)
    out.append({layer_h: total_label, kind_h: "", shape_h: "", params_h: num(params),
                madds_h: num(madds)})
    return out, params, madds


SAMPLE_STYLES: tuple[tuple[str, int, int, bool], ...] = (
    ("circle", 55, 0, False), ("circle", 70, 0, True),
    ("square", 50, 0, False), ("square", 55, 30, True),
    ("triangle", 60, 0, False), ("triangle", 55, 200, True),
)
"""(kind, size %, rotation, filled) of the sample drawings: two of each class."""


def sample_drawings(model: nn.Module, side: int = 112) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(true class, uint8 RGB preview ``side`` px, probabilities) for each of
    :data:`SAMPLE_STYLES`, predicted by ``model`` on the 28×28 input."""
    out = []
    for kind, size, rotation, filled in SAMPLE_STYLES:
        image = drawing(kind, size, rotation, filled, side=side)
        probs = models.predict(model, models.preprocess(image))[0]
        out.append((kind, np.asarray(image), probs))
    return out


def weight_change(trained: nn.Module, start: nn.Module) -> tuple[float, float]:
    """How far training moved the convolution weights from ``start`` (same architecture):
    (first convolution, all convolutions together), each ``‖W − W₀‖ / ‖W₀‖``."""
    pairs = [(a.weight.detach(), b.weight.detach())
             for a, b in zip(trained.modules(), start.modules(), strict=True)
             if isinstance(a, nn.Conv2d)]
    if not pairs:
        raise ValueError("This model has no convolution layer.")
    first = float((pairs[0][0] - pairs[0][1]).norm() / pairs[0][1].norm())
    diff = torch.cat([(w - w0).flatten() for w, w0 in pairs])
    base = torch.cat([w0.flatten() for _, w0 in pairs])
    return first, float(diff.norm() / base.norm())


def grid_columns(channels: int) -> int:
    """Columns of the near-square channel grid (as :func:`layer_picture` lays it out)."""
    return grid_shape(channels)[1] if channels > 0 else 1


def format_shape(shape: Sequence[int]) -> str:
    return " × ".join(str(int(s)) for s in shape)
