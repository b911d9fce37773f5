"""nn.Modules with Keras' arguments: depthwise and depthwise-separable convolutions.

The models (``models/``) build on these; they are the only part of cnnviz ``models`` imports.

``DepthwiseConv2d`` filters each input channel on its own with ``depth_multiplier`` kernels
(Keras ``DepthwiseConv2D``): ``kh·kw·C_in·dm`` weights ``+ C_in·dm`` biases.
``SeparableConv2d`` follows it with a pointwise 1×1 convolution that mixes channels (Keras
``SeparableConv2D``), bias on the pointwise stage only: ``kh·kw·C_in·dm + C_in·dm·C_out + C_out``.
For a 10-channel input, 32 filters of 3×3: ``90 + 320 + 32 = 442``.

``padding``: ``'valid'``, ``'same'`` (Keras semantics for any stride, padded explicitly, odd cell
bottom/right) or ints, as in :mod:`cnnviz.geometry`.
"""

from __future__ import annotations

import torch
from torch import nn

from cnnviz.functional import pad as pad_tensor
from cnnviz.geometry import pair, resolve_padding


class _ExplicitPadding(nn.Module):
    """Pads its input by cnnviz's resolution of ``padding`` (handles Keras' asymmetric 'same')."""

    def __init__(self, kernel_size, stride, padding, dilation) -> None:
        super().__init__()
        self.kernel_size, self.stride = pair(kernel_size, "kernel"), pair(stride, "stride")
        self.padding, self.dilation = padding, pair(dilation, "dilation")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pads = resolve_padding(tuple(x.shape[-2:]), self.kernel_size, self.stride, self.padding,
                               self.dilation)
        return pad_tensor(x, pads)


class DepthwiseConv2d(nn.Module):
    """Keras ``DepthwiseConv2D``: (N, C, H, W) -> (N, C·depth_multiplier, H', W').

    Output channel ``c·dm + m`` is input channel ``c`` filtered by its ``m``-th kernel (torch's
    grouped-convolution order, the same as Keras').
    """

    def __init__(self, in_channels: int, kernel_size, stride=1, padding="valid", dilation=1,
                 depth_multiplier: int = 1, bias: bool = True) -> None:
        super().__init__()
        if depth_multiplier < 1:
            raise ValueError("depth_multiplier must be at least 1")
        self.in_channels, self.depth_multiplier = in_channels, depth_multiplier
        self.pad = _ExplicitPadding(kernel_size, stride, padding, dilation)
        self.conv = nn.Conv2d(in_channels, in_channels * depth_multiplier, kernel_size,
                              stride=stride, dilation=dilation, groups=in_channels, bias=bias)

    @property
    def out_channels(self) -> int:
        return self.in_channels * self.depth_multiplier

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(self.pad(x))


class SeparableConv2d(nn.Module):
    """Keras ``SeparableConv2D``: depthwise stage, then a 1×1 pointwise stage.

    (N, C_in, H, W) -> (N, C_out, H', W'). ``forward(x, return_depthwise=True)`` also returns the
    depthwise stage's output (N, C_in·dm, H', W') for display. Submodules: ``depthwise`` (a
    :class:`DepthwiseConv2d` without bias) and ``pointwise`` (``nn.Conv2d`` 1×1 with bias).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1,
                 padding="valid", dilation=1, depth_multiplier: int = 1, bias: bool = True) -> None:
        super().__init__()
        self.in_channels, self.out_channels = in_channels, out_channels
        self.depthwise = DepthwiseConv2d(in_channels, kernel_size, stride, padding, dilation,
                                         depth_multiplier, bias=False)
        self.pointwise = nn.Conv2d(in_channels * depth_multiplier, out_channels, 1, bias=bias)

    def forward(self, x: torch.Tensor, return_depthwise: bool = False):
        mid = self.depthwise(x)
        out = self.pointwise(mid)
        return (out, mid) if return_depthwise else out
