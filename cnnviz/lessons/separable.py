"""The separable-convolution lesson: stages, costs, spatially separable kernels, layer tables, and
the depthwise-versus-standard animation's numbers.

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

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnviz import kernels as kernel_lib
from cnnviz.functional import conv2d
from cnnviz.geometry import conv_output_size, pair, resolve_padding, windows
from cnnviz.i18n import format_value
from cnnviz.modules import SeparableConv2d
from cnnviz.summary import LayerRow, count_macs, count_params
from cnnviz.summary import layer_table as model_table

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
    :class:`cnnviz.modules.SeparableConv2d` whose weights are ``dw_kernels`` and ``pw_weights``."""

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


def compute_stages(x: np.ndarray, dw_kernels: np.ndarray, pw_weights, stride=1,
                   padding="same", dilation=1) -> Stages:
    """Run ``x`` (C, H, W) through a separable convolution and keep both stages.

    ``pw_weights``: (N, C·dm) numbers (an array or nested rows). Raises
    :class:`cnnviz.geometry.GeometryError` for an impossible setting (checked first).
    """
    x = np.asarray(x, dtype=np.float32)
    pw_weights = np.asarray(pw_weights, dtype=np.float32)
    c, h, w = x.shape
    conv_output_size((h, w), tuple(dw_kernels.shape[-2:]), stride, padding, dilation)
    module = build_separable(c, dw_kernels, pw_weights, stride, padding, dilation)
    with torch.no_grad():
        out, mid = module(torch.from_numpy(x)[None], return_depthwise=True)
    return Stages(x, mid[0].numpy(), out[0].numpy(), np.asarray(dw_kernels, np.float32),
                  pw_weights, module.depthwise.depth_multiplier)


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


# --- a layer table like Keras' model.summary() ---------------------------------------------------


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


def layer_table(kind: str, size: int = 28, in_channels: int = 1, filters: int = 16,
                kernel: int = 3, classes: int = 10) -> list[LayerRow]:
    """Rows of :func:`cnnviz.summary.layer_table` for :func:`course_model` (shapes, parameters).

    The ReLU is left out: Keras folds it into the convolution's line (``activation='relu'``).
    """
    model = course_model(kind, size, in_channels, filters, kernel, classes)
    rows = model_table(model, (1, in_channels, size, size))
    return [r for r in rows if r.kind != "ReLU"]


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


# --- what the page computes from its widgets ------------------------------------------------------

WEIGHT_LIMIT = 10.0
"""Largest pointwise weight a lecturer may type (either sign)."""


def animation_costs(ex: AnimationExample) -> tuple[int, int]:
    """Multiplications of the animation's depthwise stage and of its standard convolution:
    (kernel taps) × channels × output positions, the kernel size read from the example."""
    kh, kw = ex.dw.shape[-2:]
    channels = ex.x.shape[0]
    return (kh * kw * channels * ex.dw_out.shape[1] * ex.dw_out.shape[2],
            kh * kw * channels * ex.std_out.shape[0] * ex.std_out.shape[1])


def stage_sizes(stages: Stages) -> dict[str, str]:
    """The three tensors' shapes as ``C×H×W`` text: input, depthwise maps, output maps."""
    return {name: "×".join(str(int(v)) for v in arr.shape)
            for name, arr in (("in", stages.input), ("mid", stages.depthwise),
                              ("out", stages.output))}


def kernel_size_text(stages: Stages) -> str:
    """The depthwise kernels' size, ``kh×kw``."""
    return f"{stages.dw_kernels.shape[1]}×{stages.dw_kernels.shape[2]}"


def vector_text(vector: np.ndarray | None, lang: str) -> str:
    """A split kernel's column or row written out (``1  2  1``), ``—`` when there is none."""
    if vector is None:
        return "—"
    return "  ".join(format_value(float(v), lang, trim=True) for v in np.ravel(vector))
