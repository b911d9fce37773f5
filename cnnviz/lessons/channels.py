"""One channel of the Activations lesson, opened: where a click on a layer's tiled picture
lands, the channel's kernels, its receptive field on the input, and the drawings of the
project's generated dataset that make it fire most.

- :func:`tile_geometry` / :func:`tile_at`: the layout of :func:`cnnviz.render.pictures.layer_picture`
  and which channel a click at (x, y) (fractions of the picture) falls on; :func:`pick_tile`:
  the channel and unit under a click; :func:`selected_box`: where to mark an opened channel;
- :func:`layer_spec` / :func:`layer_fields`: each layer of ``model.features`` as the
  ``(kernel, stride, padding, dilation)`` that :func:`cnnviz.geometry.receptive_fields` reads,
  and the receptive field of every layer by name (Araujo, Norris & Sim, Distill 2019);
- :func:`channel_kernels`: the 3×3 kernels producing a channel (one per input channel; for a
  separable convolution, the equivalent kernels ``pointwise[c, i] · depthwise[i]``);
- :func:`dataset_maxima` / :func:`top_k`: each channel's strongest response (spatial max) on
  every drawing of a dataset, computed once, then the ``k`` drawings with the largest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnviz.geometry import ReceptiveField, receptive_fields, resolve_padding
from cnnviz.hooks import this_thread_only
from cnnviz.render.pictures import grid_shape

__all__ = [
    "IDENTITY", "TileGeometry", "channel_kernels", "dataset_maxima", "layer_fields", "layer_spec",
    "model_from_weights", "pick_tile", "selected_box", "source_conv", "tile_at", "tile_geometry",
    "top_k", "weights_bytes",
]

Pair = tuple[int, int]


# ---------------------------------------------------------------- clicking a tile


@dataclass(frozen=True)
class TileGeometry:
    """Layout of a layer picture: ``rows``×``cols`` tiles of ``tile`` (h, w) px, ``gap`` px
    apart; ``size`` is the whole picture's (height, width)."""

    channels: int
    rows: int
    cols: int
    tile: Pair
    gap: int

    @property
    def size(self) -> Pair:
        th, tw = self.tile
        return (self.rows * th + (self.rows - 1) * self.gap,
                self.cols * tw + (self.cols - 1) * self.gap)


def tile_geometry(channels: int, h: int, w: int, max_side: int = 640, gap: int = 2,
                  cols: int | None = None) -> TileGeometry:
    """The layout :func:`cnnviz.render.pictures.layer_picture` gives (C, h, w) maps."""
    rows, cols = grid_shape(channels, cols)
    room = max(1, (max_side - (max(rows, cols) - 1) * gap) // max(rows, cols))
    scale = room / max(h, w)
    if scale >= 1:
        tile = (h * int(scale), w * int(scale))
    else:
        tile = (max(1, round(h * scale)), max(1, round(w * scale)))
    return TileGeometry(channels, rows, cols, tile, gap)


def tile_at(geometry: TileGeometry, x: float, y: float) -> int | None:
    """The channel under a click at (``x``, ``y``), fractions (0–1) of the picture's width and
    height; a click on a separator goes to the nearest tile; ``None`` outside any tile (an
    empty cell of the last row, or outside the picture)."""
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        return None
    height, width = geometry.size
    th, tw = geometry.tile
    px, py = x * width, y * height
    col = min(geometry.cols - 1, max(0, int((px + geometry.gap / 2) // (tw + geometry.gap))))
    row = min(geometry.rows - 1, max(0, int((py + geometry.gap / 2) // (th + geometry.gap))))
    channel = row * geometry.cols + col
    return channel if channel < geometry.channels else None


def pick_tile(channels_: int, h: int, w: int, max_side: int, x: float, y: float) \
        -> tuple[int, int, int] | None:
    """A click at (``x``, ``y``) (fractions) on a layer picture of (``channels_``, ``h``,
    ``w``) maps drawn ``max_side`` px -> (channel, row, column) of the unit under it, or None."""
    geo = tile_geometry(channels_, h, w, max_side)
    channel = tile_at(geo, x, y)
    if channel is None:
        return None
    height, width = geo.size
    th, tw = geo.tile
    r, c = divmod(channel, geo.cols)
    py = y * height - r * (th + geo.gap)
    px = x * width - c * (tw + geo.gap)
    row = min(h - 1, max(0, int(py * h / th)))
    col = min(w - 1, max(0, int(px * w / tw)))
    return channel, row, col


def selected_box(channels_: int, h: int, w: int, max_side: int, channel: int) \
        -> list[float] | None:
    """Fractions [top, left, bottom, right] of ``channel``'s tile in the layer picture of
    (``channels_``, ``h``, ``w``) maps drawn ``max_side`` px (the tile picker's red mark)."""
    from cnnviz.render.tile_picker import selected_box as box

    return box(tile_geometry(channels_, h, w, max_side), channel)


# ---------------------------------------------------------------- receptive fields


IDENTITY = (1, 1, 0, 1)
"""The spec of a layer that keeps positions (ReLU, dropout): its field is its input's."""


def layer_spec(module: nn.Module) -> tuple:
    """``(kernel, stride, top/left padding, dilation)`` of one layer, as
    :func:`cnnviz.geometry.receptive_fields` reads it: a convolution (standard; depthwise, with
    its explicit padding stage; separable: its depthwise stage, the pointwise one is 1×1) or a
    pooling; :data:`IDENTITY` for anything else. A ``'same'`` padding is resolved as for stride 1,
    the only stride ``nn.Conv2d`` accepts it with (a strided Keras 'same' depends on the size)."""
    stage = getattr(module, "depthwise", module)  # a separable convolution: its depthwise stage
    spec = None
    if not isinstance(stage, nn.Conv2d) and isinstance(getattr(stage, "conv", None), nn.Conv2d):
        spec = getattr(getattr(stage, "pad", None), "padding", None)  # explicit padding stage
        stage = stage.conv
    if isinstance(stage, nn.Conv2d):
        kernel, stride, dilation = stage.kernel_size, stage.stride, stage.dilation
        spec = stage.padding if spec is None else spec
    elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        kernel, spec = module.kernel_size, module.padding
        stride = module.stride if module.stride is not None else module.kernel_size
        dilation = getattr(module, "dilation", 1)
    else:
        return IDENTITY
    top, _, left, _ = resolve_padding(1, kernel, 1, spec, dilation)
    return kernel, stride, (top, left), dilation


def layer_fields(model: nn.Module) -> dict[str, ReceptiveField]:
    """The receptive field on the input of every layer of ``model.features`` (by name), from
    :func:`cnnviz.geometry.receptive_fields`."""
    named = list(getattr(model, "features", model).named_children())
    fields = receptive_fields([layer_spec(module) for _, module in named])
    return {name: rf for (name, _), rf in zip(named, fields, strict=True)}


# ---------------------------------------------------------------- kernels of a channel


def source_conv(model: nn.Module, layer: str) -> str | None:
    """Name of the convolution whose output ``layer`` shows (itself, or the last convolution
    before a ReLU / pooling); ``None`` before the first convolution."""
    container = getattr(model, "features", model)
    last = None
    for name, module in container.named_children():
        if isinstance(module, nn.Conv2d) or hasattr(module, "depthwise"):
            last = name
        if name == layer:
            return last
    raise ValueError(f"This model has no layer {layer!r}.")


def channel_kernels(model: nn.Module, layer: str, channel: int) -> tuple[str, np.ndarray]:
    """(convolution name, kernels (C_in, kh, kw) float32) that compute output ``channel`` of
    the convolution behind ``layer``. A separable convolution's channel ``c`` equals a standard
    convolution with kernels ``pointwise[c, i] · depthwise[i]`` (both linear, no bias between)."""
    conv_name = source_conv(model, layer)
    if conv_name is None:
        raise ValueError(f"No convolution computes layer {layer!r}.")
    module = dict(getattr(model, "features", model).named_children())[conv_name]
    if hasattr(module, "depthwise"):
        dw = next(m for m in module.depthwise.modules() if isinstance(m, nn.Conv2d)).weight
        pw = next(m for m in module.pointwise.modules() if isinstance(m, nn.Conv2d)).weight
        if dw.shape[0] != pw.shape[1]:
            raise ValueError("Only depth multiplier 1 is supported.")
        kernels = pw[channel, :, 0, 0].view(-1, 1, 1) * dw[:, 0]
    else:
        kernels = module.weight[channel]
    return conv_name, kernels.detach().to(torch.float32).numpy().copy()


# ---------------------------------------------------------------- what makes a channel fire


def dataset_maxima(model: nn.Module, images: np.ndarray, batch: int = 500) -> dict[str, np.ndarray]:
    """Each channel's strongest response on each image: layer name -> float32 (N, C), the
    spatial max of that channel's map for image ``n`` (spatial layers of ``model.features``)."""
    images = np.asarray(images, dtype=np.float32)
    out: dict[str, list[np.ndarray]] = {}
    features = getattr(model, "features", model)
    was_training = model.training
    handles = []
    try:
        for name, module in features.named_children():
            def hook(_m, _i, y, name=name) -> None:
                if y.ndim == 4:
                    out.setdefault(name, []).append(y.amax(dim=(2, 3)).detach().numpy())
            handles.append(module.register_forward_hook(this_thread_only(hook)))
        model.eval()
        with torch.inference_mode():
            for start in range(0, len(images), batch):
                features(torch.tensor(images[start:start + batch]))  # a copy: images may be read-only
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    return {k: np.concatenate(v).astype(np.float32) for k, v in out.items()}


def top_k(maxima: np.ndarray, channel: int, k: int = 9) -> np.ndarray:
    """Indices of the ``k`` images with the largest response of ``channel`` (from
    :func:`dataset_maxima`'s (N, C) array), strongest first (ties: lower index first)."""
    values = np.asarray(maxima)[:, channel]
    order = np.lexsort((np.arange(len(values)), -values))
    return order[:k]


def model_from_weights(arch: str, weights: bytes) -> nn.Module:
    """A model of architecture ``arch`` ('shapes' | 'shapes_separable') with safetensors
    ``weights`` (bytes, e.g. trained on the Training page), in eval mode, with ``.classes``."""
    from safetensors.torch import load as load_bytes

    import models

    model = models.build(arch)
    model.load_state_dict(load_bytes(bytes(weights)), strict=True)
    model.classes = models.CLASSES
    model.name = "session"
    return model.eval()


def weights_bytes(model: nn.Module) -> bytes:
    """``model``'s state dict as safetensors bytes (the inverse of :func:`model_from_weights`)."""
    from safetensors.torch import save

    return save({k: v.contiguous() for k, v in model.state_dict().items()})
