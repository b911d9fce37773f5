"""Receptive-field lesson: a stack of convolution and pooling layers, the field of each layer
(size, effective stride, effective padding, after Araujo et al., Distill 2019), the box one
output reads on the photo, the *effective* field measured by gradients (Luo et al., 2016), and
5×5 versus two 3×3 versus a dilated 3×3.

Numbers only (no drawing): torch computes every feature-map size and gradient shown.

A stack is written as text, one layer per comma: ``c3p1`` is a 3×3 convolution with padding 1,
``m2s2`` a 2×2 max pooling with stride 2, ``a3s2p1`` an average pooling; ``s`` (stride), ``p``
(padding on each side) and ``d`` (dilation, convolutions only) are optional (defaults 1, 0, 1;
a pooling's stride defaults to its size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.flop_counter import FlopCounterMode

from cnnviz.geometry import GeometryError, ReceptiveField, conv_output_size, receptive_fields

MAX_LAYERS = 12
MAX_KERNEL = 11
MAX_STEP = 8  # largest stride, padding or dilation a stack may ask for

PRESETS: dict[str, str] = {
    # the course's shapes CNN: three blocks of (3×3 'same', 3×3 valid, max pool 2)
    "shapes": "c3p1, c3, m2, c3p1, c3, m2, c3p1, c3, m2",
    # VGG16's first two blocks
    "vgg": "c3p1, c3p1, m2, c3p1, c3p1, m2",
    # dilations 1, 2, 4 ('same' padding): the field grows exponentially with no stride
    "dilated": "c3p1d1, c3p2d2, c3p4d4",
}

_LAYER = re.compile(r"^([cma])(\d{1,2})((?:[spd]\d{1,2})*)$")
_OPTION = re.compile(r"([spd])(\d{1,2})")


@dataclass(frozen=True)
class Layer:
    kind: str  # 'conv', 'max' or 'avg'
    kernel: int
    stride: int
    padding: int
    dilation: int

    @property
    def spec(self) -> tuple[int, int, int, int]:
        return self.kernel, self.stride, self.padding, self.dilation

    def text(self) -> str:
        letter = {"conv": "c", "max": "m", "avg": "a"}[self.kind]
        default_stride = 1 if self.kind == "conv" else self.kernel
        return (f"{letter}{self.kernel}" + (f"s{self.stride}" if self.stride != default_stride else "")
                + (f"p{self.padding}" if self.padding else "")
                + (f"d{self.dilation}" if self.dilation != 1 else ""))


def parse_stack(text: str) -> list[Layer]:
    """Layers of a stack written as text (see the module docstring).

    Raises :class:`GeometryError` with code ``'stack_syntax'`` (``item``: the offending piece,
    ``index``), ``'stack_empty'``, ``'stack_long'`` (``limit``), ``'stack_range'`` (``item``)
    or ``'pool_pad_too_big'`` (torch's rule: a pooling pads at most half its size).
    """
    items = [item.strip().lower() for item in str(text).replace(";", ",").split(",")]
    items = [item.replace(" ", "") for item in items if item]
    if not items:
        raise GeometryError("stack_empty", "the stack has no layer")
    if len(items) > MAX_LAYERS:
        raise GeometryError("stack_long", f"at most {MAX_LAYERS} layers", limit=MAX_LAYERS)
    layers = []
    for index, item in enumerate(items, start=1):
        match = _LAYER.match(item)
        if not match:
            raise GeometryError("stack_syntax", f"cannot read layer {index}: {item[:20]!r}",
                                item=item[:20], index=index)
        letter, kernel, options = match.groups()
        values = {key: int(v) for key, v in _OPTION.findall(options)}
        kind = {"c": "conv", "m": "max", "a": "avg"}[letter]
        k = int(kernel)
        layer = Layer(kind, k, values.get("s", 1 if kind == "conv" else k), values.get("p", 0),
                      values.get("d", 1))
        if not (1 <= k <= MAX_KERNEL and 1 <= layer.stride <= MAX_STEP
                and layer.padding <= MAX_STEP and 1 <= layer.dilation <= MAX_STEP) \
                or (kind != "conv" and layer.dilation != 1):
            raise GeometryError("stack_range", f"layer {index} ({item}) is out of range",
                                item=item[:20], index=index, kernel=MAX_KERNEL, step=MAX_STEP)
        if kind != "conv" and layer.padding > k // 2:
            raise GeometryError("pool_pad_too_big", "pooling pads at most half its size",
                                axis=0, padding=layer.padding, limit=k // 2, kernel=k)
        layers.append(layer)
    return layers


def stack_text(layers: list[Layer]) -> str:
    return ", ".join(layer.text() for layer in layers)


@dataclass(frozen=True)
class LayerRow:
    """One row of the per-layer table: the layer, its output size on the photo, its field."""

    index: int
    layer: Layer
    out_size: tuple[int, int]
    rf: ReceptiveField


def stack_table(layers: list[Layer], size: tuple[int, int]) -> list[LayerRow]:
    """Output size (torch's rule, see :mod:`cnnviz.geometry`) and receptive field of each layer
    for an input of ``size`` (h, w). Raises ``GeometryError`` (``'kernel_too_big'``, with
    ``index``) at the first layer whose window no longer fits."""
    rows, current = [], size
    fields = receptive_fields([layer.spec for layer in layers])
    for index, (layer, rf) in enumerate(zip(layers, fields, strict=True), start=1):
        try:
            current = conv_output_size(current, layer.kernel, layer.stride, layer.padding,
                                       layer.dilation)
        except GeometryError as exc:
            exc.values["index"] = index
            raise
        rows.append(LayerRow(index, layer, current, rf))
    return rows


def torch_stack(layers: list[Layer], weight: float | None = None) -> nn.Sequential:
    """The stack as single-channel torch layers (``weight``: a constant for every kernel tap)."""
    modules: list[nn.Module] = []
    for layer in layers:
        if layer.kind == "conv":
            conv = nn.Conv2d(1, 1, layer.kernel, layer.stride, layer.padding, layer.dilation,
                             bias=False)
            if weight is not None:
                nn.init.constant_(conv.weight, weight)
            modules.append(conv)
        elif layer.kind == "max":
            modules.append(nn.MaxPool2d(layer.kernel, layer.stride, layer.padding))
        else:
            modules.append(nn.AvgPool2d(layer.kernel, layer.stride, layer.padding))
    return nn.Sequential(*modules)


@dataclass(frozen=True)
class Box:
    """The field of one output on the input: ``box`` (top, left, bottom, right) inclusive and
    possibly outside the image; ``clipped`` the part on the image; the centres of the output's
    neighbours (one effective stride apart)."""

    position: tuple[int, int]
    box: tuple[int, int, int, int]
    clipped: tuple[int, int, int, int]
    centre: tuple[float, float]
    neighbours: tuple[tuple[float, float], ...]
    overhang: bool


def field_box(rf: ReceptiveField, out_size: tuple[int, int], size: tuple[int, int],
              row: int, col: int) -> Box:
    """The box output ``(row, col)`` (clamped to the map) reads on an input of ``size``."""
    row, col = min(max(row, 0), out_size[0] - 1), min(max(col, 0), out_size[1] - 1)
    top, left, bottom, right = rf.box(row, col)
    clipped = (max(top, 0), max(left, 0), min(bottom, size[0] - 1), min(right, size[1] - 1))
    neighbours = tuple(rf.centre(row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                       if (dr or dc) and 0 <= row + dr < out_size[0] and 0 <= col + dc < out_size[1])
    return Box((row, col), (top, left, bottom, right), clipped, rf.centre(row, col), neighbours,
               clipped != (top, left, bottom, right))


# --- the effective receptive field (gradients) ---------------------------------------------------

SHAPES_LAYERS = parse_stack(PRESETS["shapes"])


@dataclass(frozen=True)
class Effective:
    """|∂ output / ∂ input| of one output position (summed over the input's colours and the
    output's channels), cut to the theoretical box (clipped to the image), normalised to a
    maximum of 1; ``side90`` the side of the smallest square around the centre holding 90 % of
    it."""

    heat: np.ndarray
    box: tuple[int, int, int, int]
    side90: int
    outside: float  # share of the gradient outside the theoretical box (0 up to rounding)


def effective_field(features: nn.Module, photo: np.ndarray, row: int, col: int) -> Effective:
    """The gradient of output ``(row, col)`` of ``features`` (channels summed) with respect to
    ``photo`` (3, H, W) in [0, 1], for a model in eval mode."""
    x = torch.from_numpy(np.ascontiguousarray(photo, dtype=np.float32)).unsqueeze(0)
    x.requires_grad_(True)
    with torch.enable_grad():
        y = features(x)
        row, col = min(row, y.shape[-2] - 1), min(col, y.shape[-1] - 1)
        y[0, :, row, col].sum().backward()
    grad = x.grad[0].abs().sum(dim=0).numpy()
    rf = receptive_fields([layer.spec for layer in SHAPES_LAYERS])[-1]
    top, left, bottom, right = rf.box(row, col)
    t, lft = max(top, 0), max(left, 0)
    b, r = min(bottom, grad.shape[0] - 1), min(right, grad.shape[1] - 1)
    inside = grad[t:b + 1, lft:r + 1]
    total = float(grad.sum())
    outside = 0.0 if total == 0 else 1.0 - float(inside.sum()) / total
    heat = inside / inside.max() if inside.max() > 0 else inside
    return Effective(heat.astype(np.float32), (t, lft, b, r), _side90(grad, rf.centre(row, col)),
                     outside)


def _side90(grad: np.ndarray, centre: tuple[float, float]) -> int:
    total = grad.sum()
    if total <= 0:
        return 0
    cy, cx = round(centre[0]), round(centre[1])
    for half in range(0, max(grad.shape)):
        part = grad[max(cy - half, 0):cy + half + 1, max(cx - half, 0):cx + half + 1].sum()
        if part >= 0.9 * total:
            return 2 * half + 1
    return max(grad.shape)


# --- one 5×5 against two 3×3 against a dilated 3×3 --------------------------------------------------

COMPARE = {"one5": [Layer("conv", 5, 1, 2, 1)],
           "two3": [Layer("conv", 3, 1, 1, 1), Layer("conv", 3, 1, 1, 1)],
           "dil3": [Layer("conv", 3, 1, 2, 2)]}


@dataclass(frozen=True)
class Coverage:
    """How one output of a stack reads a 5×5 patch: ``paths`` counts, for each input cell, the
    routes from it to the output (torch's gradient through kernels of ones), ``weights`` per
    input/output channel pair, ``macs`` multiply-adds on a one-channel photo of ``size`` with
    'same' padding (FlopCounterMode), ``field`` the receptive field size."""

    name: str
    paths: np.ndarray
    weights: int
    macs: int
    field: int


def coverage(name: str, size: tuple[int, int]) -> Coverage:
    layers = COMPARE[name]
    net = torch_stack(layers, weight=1.0).double()
    x = torch.zeros(1, 1, 9, 9, dtype=torch.float64, requires_grad=True)
    net(x)[0, 0, 4, 4].backward()
    paths = x.grad[0, 0, 2:7, 2:7].numpy().round().astype(np.int64)
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad(), torch.device("meta"):
        torch_stack(layers)(torch.empty(1, 1, *size))
    weights = sum(layer.kernel ** 2 for layer in layers)
    field = receptive_fields([layer.spec for layer in layers])[-1].size[0]
    return Coverage(name, paths, weights, counter.get_total_flops() // 2, field)


def blur(photo: np.ndarray, name: str) -> np.ndarray:
    """The photo (3, H, W) through the stack with averaging kernels (each tap 1/k²): the three
    stacks see the same 5×5 patch but weigh it differently."""
    x = torch.from_numpy(np.ascontiguousarray(photo, dtype=np.float32)).unsqueeze(1)
    with torch.no_grad():
        for layer in COMPARE[name]:
            w = torch.full((1, 1, layer.kernel, layer.kernel), 1.0 / layer.kernel ** 2)
            x = F.conv2d(x, w, padding=layer.padding, dilation=layer.dilation)
    return x[:, 0].numpy()
