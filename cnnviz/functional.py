"""Torch operations the lessons run: convolution with every padding mode, transposed
convolution (and its stages), pooling variants.

Shapes follow PyTorch: inputs ``(N, C, H, W)`` (or ``(C, H, W)``, or ``(H, W)``; results keep
the rank), weights ``(C_out, C_in / groups, kh, kw)``. Padding accepts everything
:mod:`cnnviz.geometry` does, including Keras' asymmetric ``'same'``; it is applied explicitly with
``F.pad`` so that the result equals ``torch.nn.Conv2d(..., padding_mode=mode)`` wherever torch
accepts the setting. Pooling calls torch's own ``max_pool2d`` / ``avg_pool2d`` / ``lp_pool2d``
and adaptive pooling (``'min'`` is ``-max(-x)``), after :mod:`cnnviz.geometry` has turned torch's
rules into a readable :class:`~cnnviz.geometry.GeometryError`.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from cnnviz.geometry import (
    GeometryError,
    Pair,
    pair,
    pool_output_size,
    resolve_padding,
    transposed_output_size,
)

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def as_4d(x: torch.Tensor) -> tuple[torch.Tensor, int]:
    """``x`` as (N, C, H, W) and its original rank (2, 3 or 4); arrays become tensors."""
    if not isinstance(x, torch.Tensor):
        x = torch.as_tensor(x)
    if x.dim() == 2:
        return x[None, None], 2
    if x.dim() == 3:
        return x[None], 3
    if x.dim() == 4:
        return x, 4
    raise ValueError(f"expected a 2-, 3- or 4-D tensor, got shape {tuple(x.shape)}")


def pad(
    x: torch.Tensor,
    pads: tuple[int, int, int, int],
    mode: str = "zeros",
) -> torch.Tensor:
    """Pad ``x`` (N, C, H, W) by ``(top, bottom, left, right)`` with a torch padding mode.

    Raises :class:`GeometryError` when the mode cannot pad that much (reflect needs the pad to be
    smaller than the input, circular at most its size), with code ``'pad_too_big_for_mode'``.
    """
    if mode not in PADDING_MODES:
        raise GeometryError("bad_mode", f"padding mode must be one of {PADDING_MODES}", value=mode)
    top, bottom, left, right = pads
    if not any(pads):
        return x
    h, w = x.shape[-2:]
    if mode == "reflect":
        limit_h, limit_w = h - 1, w - 1
    elif mode == "circular":
        limit_h, limit_w = h, w
    else:
        limit_h = limit_w = None
    if limit_h is not None and (max(top, bottom) > limit_h or max(left, right) > limit_w):
        raise GeometryError(
            "pad_too_big_for_mode",
            f"{mode} padding can add at most {limit_h}×{limit_w} cells to a {h}×{w} input",
            mode=mode, limit_h=limit_h, limit_w=limit_w, h=h, w=w,
        )
    torch_mode = "constant" if mode == "zeros" else mode
    return F.pad(x, (left, right, top, bottom), mode=torch_mode)


def conv2d(
    x: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    stride: int | tuple[int, int] = 1,
    padding: str | int | tuple[int, ...] = 0,
    dilation: int | tuple[int, int] = 1,
    padding_mode: str = "zeros",
    groups: int = 1,
) -> torch.Tensor:
    """2-D convolution (cross-correlation, as torch) with any padding and padding mode.

    ``x``: (N, C, H, W), (C, H, W) or (H, W); ``weight``: (O, C/groups, kh, kw) or (kh, kw).
    A 2-D ``weight`` is applied to every channel on its own (depthwise), which is how a classic
    kernel filters a colour photo. Returns a tensor of the same rank as ``x`` (channels of a 2-D
    weight are kept).
    """
    x4, rank = as_4d(x)
    x4 = x4.to(torch.float32)
    if weight.dim() == 2:
        channels = x4.shape[1]
        weight = weight.to(torch.float32)[None, None].expand(channels, 1, *weight.shape)
        groups = channels
    kernel = tuple(weight.shape[-2:])
    pads = resolve_padding(tuple(x4.shape[-2:]), kernel, stride, padding, dilation)
    x4 = pad(x4, pads, padding_mode)
    y = F.conv2d(x4, weight.to(torch.float32), bias, stride=pair(stride, "stride"),
                 dilation=pair(dilation, "dilation"), groups=groups)
    if rank == 4:
        return y
    if rank == 3:
        return y[0]
    return y[0, 0] if y.shape[1] == 1 else y[0]


def transposed_conv2d(
    x: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> torch.Tensor:
    """``F.conv_transpose2d`` after a readable size check. ``weight``: (C_in, C_out, kh, kw)."""
    x4, rank = as_4d(x)
    transposed_output_size(tuple(x4.shape[-2:]), tuple(weight.shape[-2:]), stride, padding,
                           output_padding, dilation)
    y = F.conv_transpose2d(x4.to(torch.float32), weight.to(torch.float32), bias,
                           stride=pair(stride, "stride"), padding=pair(padding, "padding", 0),
                           output_padding=pair(output_padding, "output_padding", 0),
                           dilation=pair(dilation, "dilation"))
    return y if rank == 4 else (y[0] if rank == 3 else y[0, 0])


@dataclass(frozen=True)
class TransposedStages:
    """A transposed convolution written as an ordinary one (what the lesson animates).

    ``spread``: the input with ``stride - 1`` zeros inserted between cells; ``padded``: that grid
    with ``d·(k-1) - p`` zeros around it (plus ``output_padding`` at the bottom/right; a negative
    amount crops); ``kernel``: the kernel flipped in both axes; ``output``: the stride-1
    convolution of ``padded`` with ``kernel``, equal to ``F.conv_transpose2d``.
    ``origin``: for each input cell (row-major), its ``(row, col)`` in ``padded``.
    """

    spread: torch.Tensor
    padded: torch.Tensor
    kernel: torch.Tensor
    output: torch.Tensor
    pads: tuple[int, int, int, int]
    origin: tuple[tuple[int, int], ...]


def transposed_stages(
    x: torch.Tensor,
    kernel: torch.Tensor,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> TransposedStages:
    """Single-channel transposed convolution of ``x`` (H, W) by ``kernel`` (kh, kw), in stages."""
    if x.dim() != 2 or kernel.dim() != 2:
        raise ValueError("transposed_stages takes a 2-D input and a 2-D kernel")
    n = tuple(x.shape)
    k = tuple(kernel.shape)
    s, d = pair(stride, "stride"), pair(dilation, "dilation")
    p, op = pair(padding, "padding", 0), pair(output_padding, "output_padding", 0)
    transposed_output_size(n, k, s, p, op, d)
    x = x.to(torch.float32)
    spread = torch.zeros(((n[0] - 1) * s[0] + 1, (n[1] - 1) * s[1] + 1))
    spread[:: s[0], :: s[1]] = x
    before = [d[a] * (k[a] - 1) - p[a] for a in range(2)]
    after = [before[a] + op[a] for a in range(2)]
    # F.pad accepts negative amounts, which crop: that is exactly what padding > d·(k-1) does.
    padded = F.pad(spread, (before[1], after[1], before[0], after[0]))
    flipped = torch.flip(kernel.to(torch.float32), dims=(0, 1))
    output = F.conv2d(padded[None, None], flipped[None, None], dilation=d)[0, 0]
    origin = tuple(
        (i * s[0] + before[0], j * s[1] + before[1]) for i in range(n[0]) for j in range(n[1])
    )
    return TransposedStages(spread, padded, flipped, output,
                            (before[0], after[0], before[1], after[1]), origin)


# --- pooling -----------------------------------------------------------------------------------

POOL_KINDS = ("max", "avg", "lp", "min")


def _back(y: torch.Tensor, rank: int) -> torch.Tensor:
    return y[0, 0] if rank == 2 else y[0] if rank == 3 else y


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
    """Pool ``x`` with ``kind`` in :data:`POOL_KINDS`, by torch itself:

    * ``'max'``: ``F.max_pool2d(x, k, s, p, ceil_mode=ceil_mode)`` (padding never wins);
    * ``'avg'``: ``F.avg_pool2d(x, k, s, p, ceil_mode, count_include_pad)``;
    * ``'lp'``: ``F.lp_pool2d(x, norm_type, k, s, ceil_mode)`` (padding must be 0, as in torch);
    * ``'min'``: ``-F.max_pool2d(-x, ...)``.

    With ``return_indices`` (max and min only), also the flat index ``row·W + col`` in the input
    plane of the cell each output took its value from (``max_pool2d(return_indices=True)``).
    Impossible settings raise :class:`GeometryError` before torch sees them.
    """
    if kind not in POOL_KINDS:
        raise GeometryError("pool_bad_kind", f"kind must be one of {POOL_KINDS}", value=kind)
    x4, rank = as_4d(x)
    n = (int(x4.shape[-2]), int(x4.shape[-1]))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    if kind == "lp" and any(p):
        raise GeometryError("pool_lp_padding", "torch's Lp pooling takes no padding",
                            padding=max(p))
    if return_indices and kind not in ("max", "min"):
        raise ValueError("return_indices is only for 'max' and 'min'")
    pool_output_size(n, k, s, p, ceil_mode)  # torch's rules as a readable GeometryError
    if kind in ("max", "min"):
        sign = 1.0 if kind == "max" else -1.0
        y, idx = F.max_pool2d(sign * x4, k, s, p, ceil_mode=ceil_mode, return_indices=True)
        y = sign * y
        return (_back(y, rank), _back(idx, rank)) if return_indices else _back(y, rank)
    if kind == "avg":
        return _back(F.avg_pool2d(x4, k, s, p, ceil_mode=ceil_mode,
                                  count_include_pad=count_include_pad), rank)
    return _back(F.lp_pool2d(x4, norm_type, k, s, ceil_mode=ceil_mode), rank)


def unravel_indices(indices: torch.Tensor, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Flat ``row·W + col`` indices (as from ``return_indices``) -> ``(rows, cols)``."""
    return indices // width, indices % width


def global_pool2d(x: torch.Tensor, kind: str = "avg") -> torch.Tensor:
    """One value per channel (shape (N, C, 1, 1) for a 4-D input): global average, max or min
    pooling, as ``F.adaptive_avg_pool2d(x, 1)`` / ``F.adaptive_max_pool2d(x, 1)``."""
    if kind not in ("avg", "max", "min"):
        raise GeometryError("pool_bad_kind", "global pooling is 'avg', 'max' or 'min'", value=kind)
    return adaptive_pool2d(x, kind, (1, 1))


def adaptive_pool2d(
    x: torch.Tensor, kind: str, output_size: int | Pair, return_indices: bool = False,
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
    """Adaptive pooling to ``output_size`` (windows of varying size that tile the input, see
    :func:`cnnviz.geometry.adaptive_windows`): ``F.adaptive_avg_pool2d`` /
    ``F.adaptive_max_pool2d`` (``'min'``: ``-max(-x)``). The output may be larger than the input
    (windows then repeat cells), as in torch.
    """
    if kind not in ("avg", "max", "min"):
        raise GeometryError("pool_bad_kind", "adaptive pooling is 'avg', 'max' or 'min'",
                            value=kind)
    x4, rank = as_4d(x)
    o = pair(output_size, "output_size")
    if kind == "avg":
        if return_indices:
            raise ValueError("return_indices is only for 'max' and 'min'")
        return _back(F.adaptive_avg_pool2d(x4, o), rank)
    sign = 1.0 if kind == "max" else -1.0
    y, idx = F.adaptive_max_pool2d(sign * x4, o, return_indices=True)
    y = sign * y
    return (_back(y, rank), _back(idx, rank)) if return_indices else _back(y, rank)
