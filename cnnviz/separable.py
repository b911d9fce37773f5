"""The separable-convolution lesson's numbers: stages, costs, spatially separable kernels, layer tables.

Everything here is computed by torch (the oracle) from plain values and returns numpy arrays or
small dataclasses of ints/floats, so the page only shows what comes back and tests can check it.

Conventions (as in Keras' ``SeparableConv2D``/``DepthwiseConv2D`` and MobileNet's paper):

* ``M`` input channels, ``N`` output channels (filters), a ``k×k`` kernel, depth multiplier ``dm``;
* depthwise stage: ``k·k·M·dm`` weights, one ``k×k`` kernel per input channel (and per multiplier);
* pointwise stage: ``M·dm·N`` weights (+ ``N`` biases, the only biases of SeparableConv2D);
* a standard convolution with the same channels: ``k·k·M·N`` weights + ``N`` biases;
* multiply-adds on an ``H'×W'`` output: depthwise ``k·k·M·dm·H'·W'``, pointwise ``M·dm·N·H'·W'``,
  standard ``k·k·M·N·H'·W'``; their ratio is MobileNet's ``dm/N + dm/k²``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnviz import kernels as kernel_lib
from cnnviz.geometry import conv_output_size, pair, resolve_padding, windows
from cnnviz.ops.conv import conv2d
from cnnviz.ops.separable import SeparableConv2d

DEPTHWISE_CLASSICS = ("sobel_x", "sobel_y", "laplacian", "sharpen", "box_blur", "emboss",
                      "prewitt_x", "prewitt_y", "outline", "identity")
"""The 3×3 classic kernels offered for the depthwise stage (all the same size, as one layer needs)."""

RGB_DEFAULTS = ("sobel_x", "sobel_y", "laplacian", "box_blur")
"""Default depthwise kernel of input channels 0, 1, 2, 3: one different filter per channel."""

MAX_CHANNELS = 4
MAX_MULTIPLIER = 4
MAX_OUT = 4


# --- inputs and weights ------------------------------------------------------------------------

def synthetic_input(channels: int = 3, size: int = 48) -> np.ndarray:
    """A small multi-channel input (C, size, size) in [0, 1]: channel 0 vertical stripes,
    1 horizontal bars, 2 a disc, 3 a diagonal ramp (repeating for more channels)."""
    if not 1 <= channels <= 8:
        raise ValueError("channels must be between 1 and 8")
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    period = max(size // 4, 2)
    patterns = [
        ((xx // (period // 2)) % 2).astype(np.float32),
        ((yy // (period // 2)) % 2).astype(np.float32),
        (((yy - size / 2) ** 2 + (xx - size / 2) ** 2) < (size / 3) ** 2).astype(np.float32),
        (xx + yy) / (2 * (size - 1)),
    ]
    return np.stack([patterns[c % len(patterns)] for c in range(channels)]).astype(np.float32)


def depthwise_kernels(channels: int, depth_multiplier: int = 1, mode: str = "classic",
                      names: tuple[str, ...] = RGB_DEFAULTS, size: int = 3,
                      seed: int = 0) -> tuple[np.ndarray, list[str | None]]:
    """The depthwise stage's kernels, shape (C·dm, k, k), in torch/Keras order ``c·dm + m``.

    ``mode='classic'``: channel ``c`` takes ``names[c]`` for its first kernel and the following
    classic kernels of :data:`DEPTHWISE_CLASSICS` for its other multipliers (3×3).
    ``mode='random'``: seeded normal weights of ``size×size`` scaled by ``1/size``.
    Also returns the classic name of each kernel (``None`` for random ones).
    """
    if not 1 <= depth_multiplier <= 16:
        raise ValueError("depth_multiplier must be between 1 and 16")
    if mode == "random":
        rng = np.random.default_rng(seed)
        ks = rng.normal(0.0, 1.0, (channels * depth_multiplier, size, size)) / size
        return ks.astype(np.float32), [None] * (channels * depth_multiplier)
    if mode != "classic":
        raise ValueError(f"unknown kernel mode {mode!r}")
    out, labels = [], []
    for c in range(channels):
        first = names[c % len(names)] if names else DEPTHWISE_CLASSICS[0]
        start = DEPTHWISE_CLASSICS.index(first) if first in DEPTHWISE_CLASSICS else 0
        for m in range(depth_multiplier):
            name = DEPTHWISE_CLASSICS[(start + m) % len(DEPTHWISE_CLASSICS)]
            out.append(kernel_lib.get(name))
            labels.append(name)
    return np.stack(out).astype(np.float32), labels


def pointwise_weights(out_channels: int, mid_channels: int, mode: str = "mix",
                      seed: int = 0) -> np.ndarray:
    """The 1×1 weights of the pointwise stage, shape (N, C·dm) (row ``j`` makes output map ``j``).

    ``'mix'``: a readable default: output 0 averages every depthwise map, output 1 is the first
    map minus the second, the next ones pick one map each; ``'random'``: seeded, rounded to 0.1.
    """
    if mode == "random":
        rng = np.random.default_rng(seed + 1000)
        return np.round(rng.uniform(-1.0, 1.0, (out_channels, mid_channels)), 1).astype(np.float32)
    if mode != "mix":
        raise ValueError(f"unknown pointwise mode {mode!r}")
    w = np.zeros((out_channels, mid_channels), dtype=np.float32)
    for j in range(out_channels):
        if j == 0:
            w[j] = round(1.0 / mid_channels, 2)
        elif j == 1 and mid_channels > 1:
            w[j, 0], w[j, 1] = 1.0, -1.0
        else:
            w[j, (j - 1) % mid_channels] = 1.0
    return w


# --- the two stages ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stages:
    """Input (C, H, W), depthwise maps (C·dm, H', W') and output maps (N, H', W'), all from one
    :class:`cnnviz.ops.SeparableConv2d` whose weights are ``dw_kernels`` and ``pw_weights``."""

    input: np.ndarray
    depthwise: np.ndarray
    output: np.ndarray
    dw_kernels: np.ndarray
    pw_weights: np.ndarray
    depth_multiplier: int


def build_separable(in_channels: int, dw_kernels: np.ndarray, pw_weights: np.ndarray,
                    stride=1, padding="same", dilation=1) -> SeparableConv2d:
    """A :class:`SeparableConv2d` holding the given weights (pointwise bias zero)."""
    mid, kh, kw = dw_kernels.shape
    if mid % in_channels:
        raise ValueError("the number of depthwise kernels must be a multiple of the channels")
    dm = mid // in_channels
    out = pw_weights.shape[0]
    if pw_weights.shape != (out, mid):
        raise ValueError(f"pointwise weights must have shape (N, {mid}), got {pw_weights.shape}")
    module = SeparableConv2d(in_channels, out, (kh, kw), stride=stride, padding=padding,
                             dilation=dilation, depth_multiplier=dm, bias=True)
    with torch.no_grad():
        module.depthwise.conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(dw_kernels))[:, None])
        module.pointwise.weight.copy_(torch.from_numpy(np.ascontiguousarray(pw_weights))[:, :, None, None])
        module.pointwise.bias.zero_()
    return module


def compute_stages(x: np.ndarray, dw_kernels: np.ndarray, pw_weights: np.ndarray, stride=1,
                   padding="same", dilation=1) -> Stages:
    """Run ``x`` (C, H, W) through a separable convolution and keep both stages.

    Raises :class:`cnnviz.geometry.GeometryError` for an impossible setting (checked first).
    """
    x = np.asarray(x, dtype=np.float32)
    c, h, w = x.shape
    conv_output_size((h, w), tuple(dw_kernels.shape[-2:]), stride, padding, dilation)
    module = build_separable(c, dw_kernels, pw_weights, stride, padding, dilation)
    with torch.no_grad():
        out, mid = module(torch.from_numpy(x)[None], return_depthwise=True)
    return Stages(x, mid[0].numpy(), out[0].numpy(), np.asarray(dw_kernels, np.float32),
                  np.asarray(pw_weights, np.float32), module.depthwise.depth_multiplier)


# --- costs ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Costs:
    """Parameters and multiply-adds of a separable convolution and of the standard convolution
    with the same input/output channels, kernel, stride and padding, for one input image.

    Multiply-adds are torch's ``FlopCounterMode`` total divided by 2 (a multiply-add is 2 flops).
    """

    in_channels: int
    out_channels: int
    kernel: tuple[int, int]
    depth_multiplier: int
    in_size: tuple[int, int]
    out_size: tuple[int, int]
    params_depthwise: int
    params_pointwise: int
    params_separable: int
    params_standard: int
    macs_depthwise: int
    macs_pointwise: int
    macs_separable: int
    macs_standard: int

    @property
    def params_ratio(self) -> float:
        return self.params_separable / self.params_standard

    @property
    def macs_ratio(self) -> float:
        return self.macs_separable / self.macs_standard

    @property
    def formula_ratio(self) -> float:
        """MobileNet's ``dm/N + dm/(kh·kw)`` (``1/N + 1/k²`` when ``dm = 1``)."""
        return mobilenet_ratio(self.out_channels, self.kernel, self.depth_multiplier)


def mobilenet_ratio(out_channels: int, kernel, depth_multiplier: int = 1) -> float:
    """Multiply-adds of separable / standard: ``dm/N + dm/(kh·kw)``."""
    kh, kw = pair(kernel, "kernel")
    return depth_multiplier / out_channels + depth_multiplier / (kh * kw)


def count_params(module: nn.Module) -> int:
    """Number of trainable parameters, as Keras' ``count_params``."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def count_macs(module: nn.Module, x: torch.Tensor) -> int:
    """Multiply-adds of one forward pass, from torch's own ``FlopCounterMode`` (flops / 2)."""
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        module(x)
    return int(counter.get_total_flops()) // 2


def compare_costs(in_channels: int, out_channels: int, kernel, size, stride=1, padding="same",
                  dilation=1, depth_multiplier: int = 1, bias: bool = True) -> Costs:
    """Count a separable and a standard convolution built as real torch modules (on the ``meta``
    device: shapes and counts without computing any value)."""
    k = pair(kernel, "kernel")
    hw = pair(size, "size")
    out_size = conv_output_size(hw, k, stride, padding, dilation)
    pads = resolve_padding(hw, k, stride, padding, dilation)
    with torch.device("meta"):
        sep = SeparableConv2d(in_channels, out_channels, k, stride, padding, dilation,
                              depth_multiplier, bias=bias)
        std = nn.Sequential(nn.ZeroPad2d((pads[2], pads[3], pads[0], pads[1])),
                            nn.Conv2d(in_channels, out_channels, k, stride=stride,
                                      dilation=dilation, bias=bias))
        x = torch.empty(1, in_channels, *hw)
    with torch.no_grad():
        mid = sep.depthwise(x)
    out_size_torch = tuple(mid.shape[-2:])
    if out_size_torch != out_size:  # pragma: no cover - geometry and torch always agree
        raise AssertionError(f"geometry says {out_size}, torch says {out_size_torch}")
    macs_dw, macs_pw = count_macs(sep.depthwise, x), count_macs(sep.pointwise, mid)
    macs_sep = count_macs(sep, x)
    if macs_sep != macs_dw + macs_pw:  # pragma: no cover - the two stages are the whole layer
        raise AssertionError("the stages' multiply-adds do not add up")
    return Costs(
        in_channels=in_channels, out_channels=out_channels, kernel=k,
        depth_multiplier=depth_multiplier, in_size=hw, out_size=out_size,
        params_depthwise=count_params(sep.depthwise), params_pointwise=count_params(sep.pointwise),
        params_separable=count_params(sep), params_standard=count_params(std),
        macs_depthwise=macs_dw, macs_pointwise=macs_pw, macs_separable=macs_sep,
        macs_standard=count_macs(std, x),
    )


# --- spatially separable kernels -----------------------------------------------------------------

@dataclass(frozen=True)
class SpatialSplit:
    """A 2-D kernel, its matrix rank, and for a rank-1 kernel a column (kh, 1) and a row (1, kw)
    whose product is the kernel (scaled to read well: a blur's column sums to 1, an edge
    detector's smallest non-zero entry is ±1)."""

    name: str
    kernel: np.ndarray
    rank: int
    column: np.ndarray | None
    row: np.ndarray | None

    @property
    def separable(self) -> bool:
        return self.column is not None


def spatial_split(name: str, kernel: np.ndarray | None = None) -> SpatialSplit:
    """Split a classic kernel (or ``kernel``) into column × row when it has rank 1."""
    k = np.asarray(kernel_lib.get(name) if kernel is None else kernel, dtype=np.float32)
    rank = int(np.linalg.matrix_rank(k.astype(np.float64), tol=1e-6 * max(np.abs(k).max(), 1e-12)))
    if not kernel_lib.is_separable(k):
        return SpatialSplit(name, k, rank, None, None)
    col, row = kernel_lib.separate(k)
    if np.all(k >= 0):  # a blur: a column that sums to 1 reads best (1/3 1/3 1/3, Gaussian)
        scale = float(col.sum())
    else:  # an edge detector: integers such as 1 2 1 and -1 0 1
        nonzero = np.abs(col[np.abs(col) > 1e-6])
        scale = float(nonzero.min()) if nonzero.size else 1.0
    col, row = col / scale, row * scale
    col = np.where(np.abs(col - np.round(col)) < 1e-4, np.round(col), col) + 0.0
    row = np.where(np.abs(row - np.round(row)) < 1e-4, np.round(row), row) + 0.0
    return SpatialSplit(name, k, rank, col.astype(np.float32), row.astype(np.float32))


def separability_table() -> list[SpatialSplit]:
    """Every classic kernel with its rank and, when rank 1, its column and row."""
    return [spatial_split(name) for name in kernel_lib.CLASSIC]


@dataclass(frozen=True)
class TwoPass:
    """One 2-D pass with the kernel vs. a column pass then a row pass (same padding)."""

    one_pass: np.ndarray
    column_pass: np.ndarray
    two_pass: np.ndarray
    max_difference: float
    mults_one: int
    mults_two: int


def two_pass(image: np.ndarray, split: SpatialSplit) -> TwoPass:
    """Filter ``image`` (H, W) with ``split.kernel`` at once, and with its column then its row.

    Padding is ``'same'`` with zeros, split between the two passes (zero padding is separable
    too), so both results have the image's size and agree up to float rounding.
    """
    if not split.separable:
        raise ValueError(f"{split.name} is not separable")
    x = torch.from_numpy(np.asarray(image, dtype=np.float32))
    kh, kw = split.kernel.shape
    one = conv2d(x, torch.from_numpy(split.kernel), padding="same")
    col = conv2d(x, torch.from_numpy(split.column), padding="same")
    two = conv2d(col, torch.from_numpy(split.row), padding="same")
    return TwoPass(one.numpy(), col.numpy(), two.numpy(), float((one - two).abs().max()),
                   kh * kw, kh + kw)


# --- a layer table like Keras' model.summary() ---------------------------------------------------

@dataclass(frozen=True)
class LayerRow:
    """One line of a summary: layer type (Keras name), output shapes, parameter count."""

    layer: str
    keras_shape: tuple[int | None, ...]
    torch_shape: tuple[int, ...]
    params: int


def course_model(kind: str, size: int = 28, in_channels: int = 1, filters: int = 16,
                 kernel: int = 3, classes: int = 10) -> nn.Sequential:
    """The course example: ``size×size×in_channels`` -> SeparableConv2D or Conv2D(filters, k×k,
    relu, 'valid') -> Flatten -> Dense(classes), as torch modules."""
    out_h, out_w = conv_output_size(size, kernel, 1, "valid")
    if kind == "separable":
        conv: nn.Module = SeparableConv2d(in_channels, filters, kernel)
    elif kind == "conv":
        conv = nn.Conv2d(in_channels, filters, kernel)
    else:
        raise ValueError(f"unknown model kind {kind!r}")
    return nn.Sequential(conv, nn.ReLU(), nn.Flatten(), nn.Linear(filters * out_h * out_w, classes))


_KERAS_NAMES = {SeparableConv2d: "SeparableConv2D", nn.Conv2d: "Conv2D", nn.Flatten: "Flatten",
                nn.Linear: "Dense"}


def layer_table(kind: str, size: int = 28, in_channels: int = 1, filters: int = 16,
                kernel: int = 3, classes: int = 10) -> list[LayerRow]:
    """Layer, output shape and parameters of :func:`course_model`, measured with forward hooks.

    The ReLU is folded into the convolution's line, as Keras writes ``activation='relu'``.
    ``keras_shape`` is channels-last with ``None`` for the batch, as ``model.summary()`` prints it.
    """
    model = course_model(kind, size, in_channels, filters, kernel, classes)
    shapes: dict[int, tuple[int, ...]] = {}
    hooks = [m.register_forward_hook(lambda mod, inp, out, i=i: shapes.__setitem__(i, tuple(out.shape)))
             for i, m in enumerate(model)]
    with torch.device("meta"):
        model_meta = model.to("meta")
        model_meta(torch.empty(1, in_channels, size, size))
    for h in hooks:
        h.remove()
    rows = []
    for i, m in enumerate(model):
        if isinstance(m, nn.ReLU):
            continue
        shape = shapes[i]
        keras = (None, shape[2], shape[3], shape[1]) if len(shape) == 4 else (None, *shape[1:])
        rows.append(LayerRow(_KERAS_NAMES[type(m)], keras, shape, count_params(m)))
    return rows


# --- the animation's small example ---------------------------------------------------------------

@dataclass(frozen=True)
class AnimationExample:
    """Small integer grids for the depthwise-vs-standard animation.

    ``x`` (C, n, n) integers; ``dw`` (C, k, k) one kernel per channel; ``std`` (C, k, k) the single
    standard filter spanning all channels; ``dw_out`` (C, H', W') and ``std_out`` (H', W') from
    torch; ``pads`` (top, bottom, left, right); ``windows`` the padded-grid cells each output
    position reads (row-major, from :func:`cnnviz.geometry.windows`).
    """

    x: np.ndarray
    dw: np.ndarray
    std: np.ndarray
    dw_out: np.ndarray
    std_out: np.ndarray
    pads: tuple[int, int, int, int]
    windows: list
    stride: int


def animation_example(channels: int = 3, size: int = 5, kernel: int = 3, stride: int = 1,
                      padding="same", seed: int = 0) -> AnimationExample:
    """Seeded small integers so every product can be read on the projector."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 4, (channels, size, size)).astype(np.float32)
    dw = rng.integers(-1, 2, (channels, kernel, kernel)).astype(np.float32)
    std = rng.integers(-1, 2, (channels, kernel, kernel)).astype(np.float32)
    wins = windows(size, kernel, stride, padding)  # raises GeometryError on impossible settings
    pads = resolve_padding(size, kernel, stride, padding)
    xt = torch.from_numpy(x)
    dw_out = conv2d(xt[None], torch.from_numpy(dw)[:, None], stride=stride, padding=padding,
                    groups=channels)[0]
    std_out = conv2d(xt[None], torch.from_numpy(std)[None], stride=stride, padding=padding)[0, 0]
    return AnimationExample(x, dw, std, dw_out.numpy(), std_out.numpy(), pads, wins, stride)


def output_grid_size(size: int, kernel: int, stride: int, padding) -> tuple[int, int]:
    """Output size of the animation's grids (for labels)."""
    return conv_output_size(size, kernel, stride, padding)


def ceil_div(a: int, b: int) -> int:
    return math.ceil(a / b)
