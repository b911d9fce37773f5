"""One layer table for any model: output shapes, parameters and multiply-adds (Keras'
``model.summary()``, measured by torch: forward hooks for the shapes, ``FlopCounterMode`` for the
multiply-adds).

:func:`layers` says which modules count as layers (convolutions, a depthwise-separable
convolution as one layer, activations, normalisations, pooling, flatten, linear, dropout on
request); the Activations lesson captures the same layers' outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnviz.hooks import this_thread_only

_ACTIVATIONS = (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Sigmoid, nn.Tanh,
                nn.Softmax)
_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm, nn.GroupNorm)
_DROPOUTS = (nn.Dropout, nn.Dropout2d, nn.AlphaDropout)

KERAS_NAMES = {"SeparableConv2d": "SeparableConv2D", "DepthwiseConv2d": "DepthwiseConv2D",
               "Conv2d": "Conv2D", "Linear": "Dense", "MaxPool2d": "MaxPooling2D",
               "AvgPool2d": "AveragePooling2D", "BatchNorm2d": "BatchNormalization"}
"""Keras' name of a torch layer class, where it differs."""


@dataclass(frozen=True)
class LayerRow:
    """One row of :func:`layer_table`: display name, torch class name, output shape without the
    batch axis, parameter count and multiply-adds for one input image."""

    name: str
    kind: str
    output_shape: tuple[int, ...]
    params: int
    mult_adds: int

    @property
    def keras_kind(self) -> str:
        """The layer's Keras class name (``Conv2D``, ``SeparableConv2D``, ``Dense``, …)."""
        return KERAS_NAMES.get(self.kind, self.kind)

    @property
    def keras_shape(self) -> tuple[int | None, ...]:
        """Output shape as Keras prints it: batch ``None``, channels last."""
        shape = self.output_shape
        return (None, *shape[1:], shape[0]) if len(shape) == 3 else (None, *shape)

    @property
    def torch_shape(self) -> tuple[int, ...]:
        """Output shape for one image, batch axis included, as torch reports it."""
        return (1, *self.output_shape)


def is_separable(module: nn.Module) -> bool:
    """True for a depthwise-separable convolution (has ``depthwise`` and ``pointwise`` stages)."""
    return isinstance(getattr(module, "depthwise", None), nn.Module) and \
        isinstance(getattr(module, "pointwise", None), nn.Module)


def _is_pool(module: nn.Module) -> bool:
    return isinstance(module, (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d,
                               nn.AdaptiveMaxPool2d, nn.LPPool2d)) or \
        "Pool" in type(module).__name__


def layers(model: nn.Module, *, include_depthwise: bool = False,
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


def layer_table(model: nn.Module, input_shape: tuple[int, ...] = (1, 3, 28, 28)) -> list[LayerRow]:
    """Keras-like summary: one :class:`LayerRow` per layer (dropout included, a separable
    convolution as one layer), in the order the layers run.

    ``params`` counts the module's own weights and biases (summing to the model's total);
    ``mult_adds`` are multiply-accumulate operations for one image of ``input_shape`` (N, C, H,
    W), measured by ``torch.utils.flop_counter.FlopCounterMode`` (flops / 2; convolutions and
    matrix products only, biases and element-wise layers count 0).
    """
    x = torch.zeros(input_shape, dtype=torch.float32)
    batch = max(1, int(input_shape[0]))
    found = list(layers(model, include_dropout=True))
    shapes: dict[str, tuple[int, ...]] = {}
    handles = []
    was_training = model.training
    counter = FlopCounterMode(display=False)
    try:
        for _name, qualname, module in found:
            def hook(_module, _inputs, out, q=qualname) -> None:  # must return None
                out = out if isinstance(out, torch.Tensor) else out[0]
                shapes.setdefault(q, tuple(out.shape[1:]))
            handles.append(module.register_forward_hook(this_thread_only(hook)))
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
    for name, qualname, module in sorted(found, key=lambda t: order.get(t[1], len(order))):
        flops = sum(counts.get(f"{root}.{qualname}", {}).values())
        rows.append(LayerRow(name, type(module).__name__, shapes.get(qualname, ()),
                             sum(p.numel() for p in module.parameters()),
                             int(flops // 2 // batch)))
    return rows


def count_params(module: nn.Module) -> int:
    """Number of trainable parameters, as Keras' ``count_params``."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def count_macs(module: nn.Module, x: torch.Tensor) -> int:
    """Multiply-adds of one forward pass, from torch's own ``FlopCounterMode`` (flops / 2)."""
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        module(x)
    return int(counter.get_total_flops()) // 2
