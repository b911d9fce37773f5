"""Pooling: max, average, power-average (Lp), min, global and adaptive, equal to torch's.

Computed from explicit windows (padding, then ``Tensor.unfold``), so that besides the pooled map
the lesson can show *why* each value came out: which cell won a max, which cells were summed and
what the sum was divided by. The tests compare every result with ``torch.nn.functional``.

Shapes follow PyTorch: ``x`` is (N, C, H, W), (C, H, W) or (H, W); results keep the rank.
Sizes are ints (squares) or (h, w) pairs.

torch's rules, which :func:`pool_output_size` applies and turns into :class:`GeometryError`:

* padding at most half the pool size (``p <= k // 2``) per axis;
* per axis ``out = floor((n + 2p - k) / s) + 1``; with ``ceil_mode`` the division rounds up, but
  the last window must start inside the input or the left padding (``(out - 1)·s < n + p``,
  otherwise one window is dropped);
* at least one output cell.

Kinds: ``'max'``, ``'avg'``, ``'lp'`` (``F.lp_pool2d``: ``(Σ x^p)^(1/p)``, L2 by default; torch
offers it without padding), and ``'min'`` (not a torch layer: ``-max_pool2d(-x)``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from cnnviz.geometry import GeometryError, Pair, pair, pool_output_size
from cnnviz.ops.conv import _as_4d

__all__ = [
    "POOL_KINDS",
    "DownsamplingLayer",
    "PoolStep",
    "adaptive_pool2d",
    "adaptive_windows",
    "avg_pool_as_conv",
    "downsampling_layers",
    "global_pool2d",
    "pool2d",
    "pool_output_size",
    "pool_padding_extent",
    "pool_steps",
    "pool_windows",
    "shift_sensitivity",
    "unravel_indices",
]

POOL_KINDS = ("max", "avg", "lp", "min")


def _back(y: torch.Tensor, rank: int) -> torch.Tensor:
    return y[0, 0] if rank == 2 else y[0] if rank == 3 else y


def pool_padding_extent(
    size: int | Pair, kernel: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False,
) -> tuple[int, int, int, int]:
    """Cells the windows reach beyond the input: ``(top, bottom, left, right)``.

    ``top``/``left`` are the padding; ``bottom``/``right`` are the padding plus, with
    ``ceil_mode``, the overhang of the last window past the padding (cells no pooling counts).
    """
    n = pair(size, "size")
    k = pair(kernel, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    o = pool_output_size(n, k, s, p, ceil_mode)
    after = [max(p[a], (o[a] - 1) * s[a] + k[a] - n[a] - p[a]) for a in range(2)]
    return p[0], after[0], p[1], after[1]


def _patches(x4: torch.Tensor, k: Pair, s: Pair, extent: tuple[int, int, int, int], out: Pair,
             fill: float) -> torch.Tensor:
    """(N, C, out_h, out_w, kh·kw): every window's cells, row-major, ``fill`` outside the input."""
    top, bottom, left, right = extent
    xp = F.pad(x4, (left, right, top, bottom), value=fill)
    patches = xp.unfold(2, k[0], s[0]).unfold(3, k[1], s[1])[:, :, : out[0], : out[1]]
    return patches.reshape(*patches.shape[:4], k[0] * k[1])


def _divisor(n: Pair, k: Pair, s: Pair, p: Pair, extent, out: Pair, count_include_pad: bool,
             dtype: torch.dtype) -> torch.Tensor:
    """(out_h, out_w) divisors of torch's avg_pool2d: cells of the window inside the padded input
    (``count_include_pad``) or inside the input; the ceil-mode overhang never counts."""
    mask = torch.zeros(n[0] + extent[0] + extent[1], n[1] + extent[2] + extent[3], dtype=dtype)
    if count_include_pad:
        mask[: n[0] + 2 * p[0], : n[1] + 2 * p[1]] = 1
    else:
        mask[p[0]: p[0] + n[0], p[1]: p[1] + n[1]] = 1
    windows = mask.unfold(0, k[0], s[0]).unfold(1, k[1], s[1])[: out[0], : out[1]]
    return windows.sum(dim=(-1, -2))


def pool2d(
    x: torch.Tensor,
    kind: str,
    kernel_size: int | Pair,
    stride: int | Pair | None = None,
    padding: int | Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    norm_type: float = 2.0,
    return_indices: bool = False,
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
    """Pool ``x`` with ``kind`` in :data:`POOL_KINDS`; equals torch's

    * ``'max'``: ``F.max_pool2d(x, k, s, p, ceil_mode=ceil_mode)`` (padding never wins);
    * ``'avg'``: ``F.avg_pool2d(x, k, s, p, ceil_mode, count_include_pad)``;
    * ``'lp'``: ``F.lp_pool2d(x, norm_type, k, s, ceil_mode)`` (padding must be 0, as in torch);
    * ``'min'``: ``-F.max_pool2d(-x, ...)``.

    With ``return_indices`` (max and min only), also the flat index ``row·W + col`` in the input
    plane of the cell each output took its value from, as ``max_pool2d(return_indices=True)``
    (the first one in row-major order on ties).
    """
    if kind not in POOL_KINDS:
        raise GeometryError("pool_bad_kind", f"kind must be one of {POOL_KINDS}", value=kind)
    x4, rank = _as_4d(x)
    n = (int(x4.shape[-2]), int(x4.shape[-1]))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    if kind == "lp" and any(p):
        raise GeometryError("pool_lp_padding", "torch's Lp pooling takes no padding",
                            padding=max(p))
    if return_indices and kind not in ("max", "min"):
        raise ValueError("return_indices is only for 'max' and 'min'")
    out = pool_output_size(n, k, s, p, ceil_mode)
    extent = pool_padding_extent(n, k, s, p, ceil_mode)
    if kind in ("max", "min"):
        sign = 1.0 if kind == "max" else -1.0
        patches = _patches(sign * x4, k, s, extent, out, -math.inf)
        values, arg = patches.max(dim=-1)  # first maximum on ties (torch's scan order)
        y = sign * values
        if not return_indices:
            return _back(y, rank)
        rows = torch.arange(out[0]).view(-1, 1) * s[0] - extent[0] + arg // k[1]
        cols = torch.arange(out[1]).view(1, -1) * s[1] - extent[2] + arg % k[1]
        return _back(y, rank), _back(rows * n[1] + cols, rank)
    if kind == "avg":
        total = _patches(x4, k, s, extent, out, 0.0).sum(dim=-1)
        return _back(total / _divisor(n, k, s, p, extent, out, count_include_pad, x4.dtype), rank)
    # lp, as torch: average of x^p over the window cells inside the input, times kh·kw, ^(1/p)
    if norm_type in (math.inf, -math.inf):  # torch's special cases: max (or min) of |x|
        sign = 1.0 if norm_type > 0 else -1.0
        return _back(sign * pool2d(sign * x4.abs(), "max", k, s, 0, ceil_mode), rank)
    powered = x4.pow(norm_type)
    mean = _patches(powered, k, s, extent, out, 0.0).sum(dim=-1) / _divisor(
        n, k, s, p, extent, out, True, x4.dtype)
    y = (torch.sign(mean) * F.relu(torch.abs(mean))).mul(k[0] * k[1]).pow(1.0 / norm_type)
    return _back(y, rank)


def unravel_indices(indices: torch.Tensor, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Flat ``row·W + col`` indices (as from ``return_indices``) -> ``(rows, cols)``."""
    return indices // width, indices % width


def global_pool2d(x: torch.Tensor, kind: str = "avg") -> torch.Tensor:
    """One value per channel (shape (N, C, 1, 1) for a 4-D input): global average or max
    pooling, as ``F.adaptive_avg_pool2d(x, 1)`` / ``F.adaptive_max_pool2d(x, 1)``."""
    if kind not in ("avg", "max", "min"):
        raise GeometryError("pool_bad_kind", "global pooling is 'avg', 'max' or 'min'", value=kind)
    x4, rank = _as_4d(x)
    if kind == "avg":
        y = x4.mean(dim=(-2, -1), keepdim=True)
    elif kind == "max":
        y = x4.amax(dim=(-2, -1), keepdim=True)
    else:
        y = x4.amin(dim=(-2, -1), keepdim=True)
    return _back(y, rank)


def adaptive_windows(size: int, out: int) -> list[tuple[int, int]]:
    """torch's adaptive pooling windows along one axis: ``[floor(i·n/o), ceil((i+1)·n/o))``."""
    if size < 1 or out < 1:
        raise GeometryError("too_small", "sizes must be at least 1", name="size", minimum=1,
                            value=(size, out))
    return [((i * size) // out, -((-(i + 1) * size) // out)) for i in range(out)]


def adaptive_pool2d(
    x: torch.Tensor, kind: str, output_size: int | Pair, return_indices: bool = False,
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
    """Adaptive pooling to ``output_size`` (windows of varying size that tile the input), equal
    to ``F.adaptive_avg_pool2d`` / ``F.adaptive_max_pool2d`` (``'min'``: ``-max(-x)``).

    The output may be larger than the input (windows then repeat cells), as in torch.
    """
    if kind not in ("avg", "max", "min"):
        raise GeometryError("pool_bad_kind", "adaptive pooling is 'avg', 'max' or 'min'",
                            value=kind)
    x4, rank = _as_4d(x)
    h, w = int(x4.shape[-2]), int(x4.shape[-1])
    o = pair(output_size, "output_size")
    rows, cols = adaptive_windows(h, o[0]), adaptive_windows(w, o[1])
    y = x4.new_empty(*x4.shape[:2], *o)
    idx = torch.empty(*x4.shape[:2], *o, dtype=torch.long)
    sign = -1.0 if kind == "min" else 1.0
    for i, (r0, r1) in enumerate(rows):
        for j, (c0, c1) in enumerate(cols):
            block = x4[:, :, r0:r1, c0:c1]
            if kind == "avg":
                y[:, :, i, j] = block.mean(dim=(-2, -1))
                continue
            flat = (sign * block).reshape(*block.shape[:2], -1)
            best, arg = flat.max(dim=-1)
            y[:, :, i, j] = sign * best
            idx[:, :, i, j] = (r0 + arg // (c1 - c0)) * w + c0 + arg % (c1 - c0)
    if return_indices:
        if kind == "avg":
            raise ValueError("return_indices is only for 'max' and 'min'")
        return _back(y, rank), _back(idx, rank)
    return _back(y, rank)


# --- the arithmetic of each window, for the step-by-step animation ----------------------------

@dataclass(frozen=True)
class PoolStep:
    """One output cell of one pooling kind: where its window lies and how its value came out.

    ``cells`` are the window's (row, col) in the *extended* grid whose (0, 0) is the top-left
    padding cell (see :func:`pool_padding_extent`); ``region`` says for each cell ``'input'``,
    ``'pad'`` (padding) or ``'out'`` (ceil-mode overhang past the padding). ``values`` are the
    input values read (``None`` outside the input). ``winner`` is the index into ``cells`` of the
    cell a max/min took; ``total`` and ``divisor`` are the sum (of ``x^p`` for Lp) and what it
    was divided by (avg, lp). ``value`` is the output, equal to torch's.
    """

    out: Pair
    cells: tuple[Pair, ...]
    region: tuple[str, ...]
    values: tuple[float | None, ...]
    value: float
    winner: int | None = None
    total: float | None = None
    divisor: float | None = None


def pool_windows(
    size: int | Pair, kernel: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False,
) -> list[tuple[Pair, tuple[Pair, ...], tuple[str, ...]]]:
    """For each output position (row-major): ``(out, cells, region)`` as in :class:`PoolStep`."""
    n = pair(size, "size")
    k = pair(kernel, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    o = pool_output_size(n, k, s, p, ceil_mode)
    result = []
    for i in range(o[0]):
        for j in range(o[1]):
            cells, region = [], []
            for a in range(k[0]):
                for b in range(k[1]):
                    r, c = i * s[0] + a, j * s[1] + b
                    cells.append((r, c))
                    if p[0] <= r < p[0] + n[0] and p[1] <= c < p[1] + n[1]:
                        region.append("input")
                    elif r < n[0] + 2 * p[0] and c < n[1] + 2 * p[1]:
                        region.append("pad")
                    else:
                        region.append("out")
            result.append(((i, j), tuple(cells), tuple(region)))
    return result


def pool_steps(
    grid: torch.Tensor, kind: str, kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False, count_include_pad: bool = True,
    norm_type: float = 2.0,
) -> list[PoolStep]:
    """Every output cell of pooling the 2-D ``grid`` with ``kind``, with its arithmetic.

    The values come from :func:`pool2d` (equal to torch); ``winner``, ``total`` and ``divisor``
    are read off the same windows.
    """
    g = torch.as_tensor(grid, dtype=torch.float64)
    if g.dim() != 2:
        raise ValueError("pool_steps takes a 2-D grid")
    n = (int(g.shape[0]), int(g.shape[1]))
    p = pair(padding, "padding", minimum=0)
    k = pair(kernel_size, "kernel")
    if kind in ("max", "min"):
        y, idx = pool2d(g, kind, k, stride, p, ceil_mode, return_indices=True)
    else:
        y, idx = pool2d(g, kind, k, stride, p, ceil_mode, count_include_pad, norm_type), None
    steps = []
    for (i, j), cells, region in pool_windows(n, k, stride, p, ceil_mode):
        values = tuple(float(g[r - p[0], c - p[1]]) if reg == "input" else None
                       for (r, c), reg in zip(cells, region, strict=True))
        winner = total = divisor = None
        if idx is not None:
            src = divmod(int(idx[i, j]), n[1])
            winner = cells.index((src[0] + p[0], src[1] + p[1]))
        elif kind == "avg":
            total = sum(v for v in values if v is not None)
            counted = ("input", "pad") if count_include_pad else ("input",)
            divisor = float(sum(reg in counted for reg in region))
        else:  # lp: torch averages x^p over the cells inside the input, times kh·kw
            total = sum(v ** norm_type for v in values if v is not None)
            divisor = float(sum(reg == "input" for reg in region)) / (k[0] * k[1])
        steps.append(PoolStep((i, j), cells, region, values, float(y[i, j]), winner, total,
                              divisor))
    return steps


# --- experiments the lesson runs on a photo ---------------------------------------------------

def shift_sensitivity(
    x: torch.Tensor, kinds: Sequence[str], kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False, count_include_pad: bool = True,
    norm_type: float = 2.0, max_shift: int = 2,
) -> dict[str, list[float]]:
    """How much each pooling's output changes when the input moves left by 0..``max_shift`` px.

    ``x`` (C, H, W) or (H, W). The input seen at shift ``d`` is the crop ``x[..., d : d + W']``
    with ``W' = W - max_shift`` (no border is invented). For each kind, and for ``'none'`` (one
    pixel in ``s`` kept, the same downsampling without pooling), the value at ``d`` is
    ``100 · mean|P(x_d) - P(x_0)| / mean|P(x_0)|``: the mean change in % of the mean output.
    A kind whose setting torch refuses raises :class:`GeometryError` (call it per kind).
    """
    x4, _ = _as_4d(torch.as_tensor(x, dtype=torch.float64))
    width = int(x4.shape[-1]) - max_shift
    if width < 1:
        raise GeometryError("kernel_too_big", "the input is narrower than the shift", axis=1,
                            span=max_shift + 1, padded=int(x4.shape[-1]))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")

    def pooled(kind: str, d: int) -> torch.Tensor:
        crop = x4[..., d: d + width]
        if kind == "none":
            return crop[..., :: s[0], :: s[1]]
        return pool2d(crop, kind, k, s, padding, ceil_mode, count_include_pad, norm_type)

    result = {}
    for kind in [*kinds, "none"]:
        base = pooled(kind, 0)
        scale = float(base.abs().mean()) or 1.0
        result[kind] = [100.0 * float((pooled(kind, d) - base).abs().mean()) / scale
                        for d in range(max_shift + 1)]
    return result


@dataclass(frozen=True)
class DownsamplingLayer:
    """One way to downsample: its torch module, the output shape it gives, its parameters."""

    name: str
    module: str
    out_shape: tuple[int, ...]
    params: int


def downsampling_layers(
    channels: int, size: int | Pair, kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False,
) -> list[DownsamplingLayer]:
    """Max pooling, average pooling, a strided convolution (C -> C) and a strided depthwise
    convolution with the same window, stride and padding; shapes and parameter counts are what
    the torch modules report (a zero input is run through each)."""
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    h, w = pair(size, "size")
    pool_output_size((h, w), k, s, p, ceil_mode)  # torch's rules as a GeometryError
    modules = {
        "max": nn.MaxPool2d(k, s, p, ceil_mode=ceil_mode),
        "avg": nn.AvgPool2d(k, s, p, ceil_mode=ceil_mode),
        "conv": nn.Conv2d(channels, channels, k, s, p),
        "depthwise": nn.Conv2d(channels, channels, k, s, p, groups=channels),
    }
    rows = []
    with torch.no_grad():
        x = torch.zeros(1, channels, h, w)
        for name, module in modules.items():
            rows.append(DownsamplingLayer(
                name, repr(module), tuple(module(x).shape),
                sum(q.numel() for q in module.parameters()),
            ))
    return rows


def avg_pool_as_conv(
    x: torch.Tensor, kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False, count_include_pad: bool = True,
) -> tuple[Pair, Pair, float]:
    """Compare average pooling with a depthwise convolution whose weights are all ``1/(kh·kw)``.

    Returns ``(pool (h, w), conv (h, w), largest difference)``, the difference taken over the
    cells both outputs have. They agree (up to rounding) unless windows are divided by fewer
    cells (``count_include_pad=False`` with padding); with ``ceil_mode`` pooling may also keep a
    last, partial window the convolution has no room for.
    """
    x4, _ = _as_4d(torch.as_tensor(x, dtype=torch.float32))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    c = int(x4.shape[1])
    pooled = pool2d(x4, "avg", k, s, p, ceil_mode, count_include_pad)
    weight = torch.full((c, 1, *k), 1.0 / (k[0] * k[1]))
    conv = F.conv2d(x4, weight, stride=s, padding=p, groups=c)
    h, w = min(pooled.shape[-2], conv.shape[-2]), min(pooled.shape[-1], conv.shape[-1])
    diff = float((pooled[..., :h, :w] - conv[..., :h, :w]).abs().max())
    return (int(pooled.shape[-2]), int(pooled.shape[-1])), (int(conv.shape[-2]), int(conv.shape[-1])), diff
