"""Torch operations the lessons need: convolution with padding modes, transposed convolution,
depthwise/separable modules (Keras semantics) and pooling variants.

Split by lesson into submodules; everything public is re-exported here.
"""

from cnnviz.ops.conv import (
    PADDING_MODES,
    conv2d,
    transposed_conv2d,
    transposed_stages,
)
from cnnviz.ops.separable import DepthwiseConv2d, SeparableConv2d

__all__ = [
    "PADDING_MODES",
    "DepthwiseConv2d",
    "SeparableConv2d",
    "conv2d",
    "transposed_conv2d",
    "transposed_stages",
]

try:  # the pooling lesson's operations (cnnviz/ops/pooling.py)
    from cnnviz.ops.pooling import *  # noqa: F403
    from cnnviz.ops.pooling import __all__ as _pooling_all

    __all__ += list(_pooling_all)
except ModuleNotFoundError as _exc:  # pragma: no cover - only while the module is being written
    if _exc.name != "cnnviz.ops.pooling":
        raise
