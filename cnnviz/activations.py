"""Capture every layer's output once, then turn channels into pictures.

Pipeline for the Activations lesson::

    capture(model, x)            one forward pass, forward hooks on each layer of interest
      -> LayerActivation.output  float32 numpy, batch item 0: (C, H, W) or (F,)
    normalise(maps, mode)        to [0, 1] per channel, per layer or by a given range
    tile(maps)                   all channels of a layer in one near-square grid (H', W')
    colorize(grid, cmap)         uint8 RGB (H', W', 3) from a small built-in colour map

plus :func:`dead_channels`, :func:`layer_summary` (shapes, parameters, multiply-adds) and
:func:`first_layer_filters` (the first convolution's kernels as little RGB images).

A depthwise-separable convolution (any module with ``depthwise`` and ``pointwise`` submodules,
e.g. :class:`cnnviz.ops.SeparableConv2d`) counts as one layer; its depthwise stage can be
captured as an extra layer named ``<name>.depthwise``.

Everything here is plain torch + numpy + Pillow; nothing reads Streamlit state.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

__all__ = [
    "CMAPS", "LayerActivation", "LayerRow", "capture", "capture_features", "colorize",
    "dead_channels", "first_layer_filters", "grid_shape", "is_separable", "layer_summary",
    "normalise", "tile", "to_tensor",
]

_ACTIVATIONS = (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Sigmoid, nn.Tanh,
                nn.Softmax)
_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm, nn.GroupNorm)
_DROPOUTS = (nn.Dropout, nn.Dropout2d, nn.AlphaDropout)


@dataclass(frozen=True)
class LayerActivation:
    """One layer's output for batch item 0.

    ``name``: display name (e.g. ``conv1``, ``conv1.depthwise``, ``dense2``); ``qualname``: the
    module's path in the model (``features.conv1``); ``kind``: its class name (``Conv2d``,
    ``SeparableConv2d``, ``DepthwiseConv2d``, ``ReLU``, ``MaxPool2d``, ``Flatten``, ``Linear``);
    ``shape``: output shape without the batch axis, (C, H, W) or (F,); ``output``: float32
    numpy array of that shape.
    """

    name: str
    qualname: str
    kind: str
    shape: tuple[int, ...]
    output: np.ndarray

    @property
    def is_spatial(self) -> bool:
        """True for (C, H, W) maps that can be tiled, False for vectors."""
        return self.output.ndim == 3


@dataclass(frozen=True)
class LayerRow:
    """One row of :func:`layer_summary`: output shape without batch axis, parameter count and
    multiply-adds for one input image."""

    name: str
    kind: str
    output_shape: tuple[int, ...]
    params: int
    mult_adds: int


def is_separable(module: nn.Module) -> bool:
    """True for a depthwise-separable convolution (has ``depthwise`` and ``pointwise`` stages)."""
    return isinstance(getattr(module, "depthwise", None), nn.Module) and \
        isinstance(getattr(module, "pointwise", None), nn.Module)


def _is_pool(module: nn.Module) -> bool:
    return isinstance(module, (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d,
                               nn.AdaptiveMaxPool2d, nn.LPPool2d)) or \
        "Pool" in type(module).__name__


def _layers(model: nn.Module, *, include_depthwise: bool = False,
            include_dropout: bool = False) -> Iterator[tuple[str, str, nn.Module]]:
    """(display name, qualname, module) of each layer of interest, in registration order."""
    containers = {n for n, m in model.named_children()
                  if isinstance(m, (nn.Sequential, nn.ModuleList, nn.ModuleDict))}
    separable_prefixes: list[str] = []
    for qualname, module in model.named_modules():
        if not qualname:
            continue
        first, _, rest = qualname.partition(".")
        display = rest if first in containers and rest else qualname
        inside = next((p for p in separable_prefixes if qualname.startswith(p + ".")), None)
        if inside is not None:  # a stage of a separable convolution: handled with its parent
            continue
        if is_separable(module):
            separable_prefixes.append(qualname)
            if include_depthwise:  # the depthwise stage is yielded first, as it runs first
                depthwise = module.depthwise
                yield display + ".depthwise", qualname + ".depthwise", depthwise
            yield display, qualname, module
            continue
        wanted = isinstance(module, (nn.Conv2d, nn.Linear, nn.Flatten, *_ACTIVATIONS, *_NORMS)) \
            or _is_pool(module) or (include_dropout and isinstance(module, _DROPOUTS))
        if wanted:
            yield display, qualname, module


def capture(model: nn.Module, x: torch.Tensor | np.ndarray, *, include_depthwise: bool = False,
            include_dropout: bool = False) -> list[LayerActivation]:
    """Run ``model`` once on ``x`` and record each layer's output for batch item 0.

    ``x``: (N, C, H, W) or (C, H, W) float. Layers: convolutions (a separable convolution as one
    layer, plus its depthwise stage if ``include_depthwise``), activations, normalisations,
    pooling, flatten, linear (dropout only if ``include_dropout``; it is the identity in eval
    mode). Returns the records in the order the layers ran. The model runs in eval mode under
    ``torch.inference_mode``; its training flag is restored and every hook removed afterwards,
    even if the forward pass raises.
    """
    x = torch.as_tensor(x, dtype=torch.float32)
    if x.ndim == 3:
        x = x.unsqueeze(0)
    if x.ndim != 4:
        raise ValueError(f"Expected an input of shape (N, C, H, W), got {tuple(x.shape)}.")
    records: list[LayerActivation] = []

    def make_hook(name: str, qualname: str, kind: str):
        def hook(_module, _inputs, output):
            out = output if isinstance(output, torch.Tensor) else output[0]
            arr = out[0].detach().to(torch.float32).cpu().numpy().copy()
            records.append(LayerActivation(name, qualname, kind, tuple(arr.shape), arr))
        return hook

    handles = []
    was_training = model.training
    try:
        for name, qualname, module in _layers(model, include_depthwise=include_depthwise,
                                              include_dropout=include_dropout):
            handles.append(module.register_forward_hook(
                make_hook(name, qualname, type(module).__name__)))
        model.eval()
        with torch.inference_mode():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    return records


def capture_features(model: nn.Module, x: torch.Tensor | np.ndarray, *,
                     include_depthwise: bool = False) -> list[LayerActivation]:
    """:func:`capture` on ``model.features`` only (the fully convolutional part), so ``x`` can
    be an image at its own resolution: (N, 3, H, W) or (3, H, W) with H, W >= 28 for the shapes
    models. Names are the same as in :func:`capture` (``conv1``, ``pool3``, ...)."""
    features = getattr(model, "features", None)
    if not isinstance(features, nn.Module):
        raise ValueError("This model has no `features` (convolutional) part.")
    return capture(features, x, include_depthwise=include_depthwise)


def to_tensor(image: Image.Image, max_side: int | None = 256) -> torch.Tensor:
    """A PIL image -> float32 tensor (1, 3, H, W) in [0, 1], keeping its proportions.

    If ``max_side`` is given and the longest side exceeds it, the image is shrunk (box filter)
    so its longest side is ``max_side``. Transparent pixels are composited over white.
    """
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    image = image.convert("RGB")
    if max_side is not None and max(image.size) > max_side:
        w, h = image.size
        k = max_side / max(w, h)
        image = image.resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.BOX)
    arr = np.asarray(image, dtype=np.float32) / 255.0
    return torch.from_numpy(arr.transpose(2, 0, 1).copy()).unsqueeze(0)


# ---------------------------------------------------------------- normalising and tiling


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


# ---------------------------------------------------------------- colour maps (no matplotlib)

#: Anchor colours (evenly spaced from 0 to 1) of the built-in colour maps; matplotlib's
#: viridis, magma, inferno and RdBu sampled at 11 points, and plain gray.
CMAPS: dict[str, tuple[str, ...]] = {
    "viridis": ("#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884",
                "#44bf70", "#7ad151", "#bddf26", "#fde725"),
    "magma": ("#000004", "#140e36", "#3b0f70", "#641a80", "#8c2981", "#b73779", "#de4968",
              "#f7705c", "#fe9f6d", "#fecf92", "#fcfdbf"),
    "inferno": ("#000004", "#160b39", "#420a68", "#6a176e", "#932667", "#bc3754", "#dd513a",
                "#f37819", "#fca50a", "#f6d746", "#fcffa4"),
    "gray": ("#000000", "#ffffff"),
    "RdBu": ("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0",
             "#92c5de", "#4393c3", "#2166ac", "#053061"),
}
_LUTS: dict[str, np.ndarray] = {}


def _lut(cmap: str) -> np.ndarray:
    """256×3 uint8 lookup table interpolated linearly between the anchors of ``cmap``."""
    if cmap not in _LUTS:
        if cmap not in CMAPS:
            raise ValueError(f"Unknown colour map {cmap!r}; expected one of {', '.join(CMAPS)}.")
        anchors = np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for h in CMAPS[cmap]],
                           dtype=np.float64)
        xs = np.linspace(0.0, 1.0, len(anchors))
        t = np.linspace(0.0, 1.0, 256)
        _LUTS[cmap] = np.stack([np.interp(t, xs, anchors[:, ch]) for ch in range(3)], axis=1) \
            .round().astype(np.uint8)
    return _LUTS[cmap]


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


def dead_channels(maps: np.ndarray, atol: float = 0.0) -> int:
    """Number of channels of ``maps`` (C, ...) that are all zero (|value| <= ``atol``): after a
    ReLU, filters that did not fire anywhere on this input."""
    arr = np.asarray(maps)
    if arr.ndim == 0 or arr.shape[0] == 0:
        return 0
    return int(np.all(np.abs(arr.reshape(arr.shape[0], -1)) <= atol, axis=1).sum())


# ---------------------------------------------------------------- model summary and filters


def layer_summary(model: nn.Module, input_shape: tuple[int, ...] = (1, 3, 28, 28)) \
        -> list[LayerRow]:
    """Keras-like summary: one :class:`LayerRow` per layer (dropout included, a separable
    convolution as one layer), in the order the layers run.

    ``params`` counts the module's own weights and biases (summing to the model's total);
    ``mult_adds`` are multiply-accumulate operations for one image of ``input_shape`` (N, C, H,
    W), measured by ``torch.utils.flop_counter.FlopCounterMode`` (flops / 2; convolutions and
    matrix products only, biases and element-wise layers count 0).
    """
    from torch.utils.flop_counter import FlopCounterMode

    x = torch.zeros(input_shape, dtype=torch.float32)
    batch = max(1, int(input_shape[0]))
    layers = list(_layers(model, include_dropout=True))
    shapes: dict[str, tuple[int, ...]] = {}
    handles = []
    was_training = model.training
    counter = FlopCounterMode(display=False)
    try:
        for _name, qualname, module in layers:
            def hook(_module, _inputs, out, q=qualname) -> None:  # must return None
                out = out if isinstance(out, torch.Tensor) else out[0]
                shapes.setdefault(q, tuple(out.shape[1:]))
            handles.append(module.register_forward_hook(hook))
        model.eval()
        with torch.no_grad(), counter:
            model(x)
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    counts = counter.get_flop_counts()
    root = type(model).__name__
    order = {q: i for i, q in enumerate(shapes)}  # the order the layers ran
    rows = []
    for name, qualname, module in sorted(layers, key=lambda t: order.get(t[1], len(order))):
        flops = sum(counts.get(f"{root}.{qualname}", {}).values())
        rows.append(LayerRow(name, type(module).__name__, shapes.get(qualname, ()),
                             sum(p.numel() for p in module.parameters()),
                             int(flops // 2 // batch)))
    return rows


def _first_conv(model: nn.Module) -> nn.Module:
    for _name, _qual_name, module in _layers(model):
        if is_separable(module) or isinstance(module, nn.Conv2d):
            return module
    raise ValueError("This model has no convolution layer.")


def first_layer_filters(model: nn.Module, mode: str = "filter") -> np.ndarray:
    """The first convolution's kernels as small RGB images: float32 (C_out, kh, kw, 3) in [0, 1].

    A standard convolution on an RGB input gives one colour image per filter (its red, green and
    blue weights). For a separable convolution the depthwise kernels are shown, one gray image
    per kernel (C_in·depth_multiplier of them), each filtering one input channel in turn (R, G,
    B, R, ...). ``mode``: 'filter' (each kernel stretched to [0, 1] by its own min and max) or
    'signed' (shared scale, 0.5 = zero weight, 0 and 1 = ± the largest magnitude).
    """
    conv = _first_conv(model)
    if is_separable(conv):
        stage = conv.depthwise
        weight = getattr(stage, "weight", None)
        if weight is None:
            weight = next(m.weight for m in stage.modules() if isinstance(m, nn.Conv2d))
    else:
        weight = conv.weight
    w = weight.detach().to(torch.float32).cpu().numpy()  # (C_out, C_in/groups, kh, kw)
    if w.shape[1] == 1:
        w = np.repeat(w, 3, axis=1)
    elif w.shape[1] != 3:
        raise ValueError(f"The first convolution reads {w.shape[1]} channels, not RGB.")
    w = w.transpose(0, 2, 3, 1)  # (C_out, kh, kw, 3)
    if mode == "filter":
        return normalise(w, "channel")
    if mode == "signed":
        peak = float(np.abs(w).max())
        return normalise(w, "global", -peak, peak) if peak > 0 else np.full_like(w, 0.5)
    raise ValueError(f"Unknown mode {mode!r}; expected 'filter' or 'signed'.")
