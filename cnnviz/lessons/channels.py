"""One channel of the Activations lesson, opened: where a click on a layer's tiled picture
lands, the channel's kernels, its receptive field on the input, and the drawings of the
project's generated dataset that make it fire most.

- :func:`tile_geometry` / :func:`tile_at`: the layout of :func:`cnnviz.render.pictures.layer_picture`
  and which channel a click at (x, y) (fractions of the picture) falls on;
- :func:`receptive_fields` (private equivalent of ``cnnviz.geometry.receptive_fields`` until
  that lands on main) and :func:`rf_box`: Araujo, Norris & Sim, "Computing receptive fields of
  convolutional neural networks" (Distill, 2019): for layers ``1..L`` with kernel ``k_l``
  (dilated: ``d_l (k_l − 1) + 1``), stride ``s_l`` and left padding ``p_l``,
  ``r_L = 1 + Σ_l (k_l − 1) Π_{i<l} s_i``, ``S_L = Π_l s_l``, ``P_L = Σ_l p_l Π_{i<l} s_i``,
  and output unit ``u`` reads input pixels ``u·S_L − P_L`` … ``u·S_L − P_L + r_L − 1``;
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

from cnnviz.render.pictures import grid_shape

__all__ = [
    "RF", "TileGeometry", "channel_kernels", "dataset_maxima", "model_from_weights",
    "receptive_fields", "rf_box", "source_conv", "tile_at", "tile_geometry", "top_k", "weights_bytes",
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


# ---------------------------------------------------------------- receptive fields


@dataclass(frozen=True)
class RF:
    """Receptive field of one layer's output units on the input: ``size``, ``stride`` (jump
    between neighbouring units) and ``padding`` (offset of unit 0's field), (h, w) pairs."""

    size: Pair
    stride: Pair
    padding: Pair


def _pair(v) -> Pair:
    return (int(v), int(v)) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _conv_params(module: nn.Module) -> tuple[Pair, Pair, Pair] | None:
    """(effective kernel, stride, left padding) of a convolution (standard, depthwise or
    separable) or a pooling; None for layers that keep positions (ReLU, dropout)."""
    stage = getattr(module, "depthwise", module)  # a separable convolution: its depthwise stage
    spec = None
    if not isinstance(stage, nn.Conv2d) and isinstance(getattr(stage, "conv", None), nn.Conv2d):
        spec = getattr(getattr(stage, "pad", None), "padding", None)  # explicit padding stage
        stage = stage.conv
    if isinstance(stage, nn.Conv2d):
        k, d, s = _pair(stage.kernel_size), _pair(stage.dilation), _pair(stage.stride)
        spec = stage.padding if spec is None else spec
    elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        k = _pair(module.kernel_size)
        s = _pair(module.stride if module.stride is not None else module.kernel_size)
        d, spec = _pair(getattr(module, "dilation", 1)), module.padding
    else:
        return None
    eff = ((k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1)
    if spec == "same":
        pad = ((eff[0] - 1) // 2, (eff[1] - 1) // 2)
    elif spec == "valid":
        pad = (0, 0)
    else:
        pad = _pair(spec)
    return eff, s, pad


def receptive_fields(model: nn.Module) -> dict[str, RF]:
    """:class:`RF` of every layer of ``model.features`` (by name), with the Distill formula."""
    container = getattr(model, "features", model)
    size, jump, pad = [1, 1], [1, 1], [0, 0]
    out: dict[str, RF] = {}
    for name, module in container.named_children():
        params = _conv_params(module)
        if params is not None:
            k, s, p = params
            for i in range(2):
                size[i] += (k[i] - 1) * jump[i]
                pad[i] += p[i] * jump[i]
                jump[i] *= s[i]
        out[name] = RF(tuple(size), tuple(jump), tuple(pad))  # type: ignore[arg-type]
    return out


def rf_box(rf: RF, row: int, col: int, input_hw: Pair | None = None) \
        -> tuple[int, int, int, int]:
    """Input pixels read by output unit (``row``, ``col``): (top, left, bottom, right), bottom
    and right excluded; clipped to ``input_hw`` if given (the rest is padding)."""
    top = row * rf.stride[0] - rf.padding[0]
    left = col * rf.stride[1] - rf.padding[1]
    bottom, right = top + rf.size[0], left + rf.size[1]
    if input_hw is not None:
        top, left = max(0, top), max(0, left)
        bottom, right = min(input_hw[0], bottom), min(input_hw[1], right)
    return top, left, bottom, right


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
            handles.append(module.register_forward_hook(hook))
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
