"""The Activations lesson: a small trained CNN opened up, computed without Streamlit.

Pipeline::

    compute(model, image, res)   one forward pass (forward hooks, :func:`capture`) -> Activations
      .probs                      class probabilities on the 28×28 input the model was trained on
      .layers                     each convolution / ReLU / pooling output (C, H, W), numpy only

plus :func:`full_input` (the photo made fit for the fully convolutional part, with codes saying
what was done), :func:`first_layer_filters`, :func:`summary_table` (from :mod:`cnnviz.summary`),
the sample drawings and :func:`weight_change`; :mod:`cnnviz.render.pictures` draws the maps.

:data:`COMPUTE_CALLS` counts the forward passes of :func:`compute`, so a test can check that a
display-only change does not recompute activations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from PIL import Image
from torch import nn

import models
from cnnviz.hooks import this_thread_only
from cnnviz.render.pictures import normalise
from cnnviz.summary import is_separable, layer_table, layers

MAX_SIDE = 256
"""Longest side of a photo run through the convolutional part at its own resolution."""


MIN_SIDE = models.INPUT_SIZE
"""Smallest side the convolutional part accepts (three 'valid' 3×3 convolutions and pools)."""


COMPUTE_CALLS: dict[str, int] = {"count": 0}
"""How many times :func:`compute` ran (tests check the page's cache with it)."""


# ---------------------------------------------------------------- one forward pass, every layer

@dataclass(frozen=True)
class LayerActivation:
    """One layer's output for batch item 0.

    ``name``: display name (e.g. ``conv1``, ``conv1.depthwise``, ``dense2``); ``qualname``: the
    module's path in the model (``features.conv1``); ``kind``: its class name (``Conv2d``,
    ``SeparableConv2d``, ``DepthwiseConv2d``, ``ReLU``, ``MaxPool2d``, ``Flatten``, ``Linear``);
    ``shape``: output shape without the batch axis, (C, H, W) or (F,); ``output``: float32
    numpy array of that shape.
    """

    name: str
    qualname: str
    kind: str
    shape: tuple[int, ...]
    output: np.ndarray

    @property
    def is_spatial(self) -> bool:
        """True for (C, H, W) maps that can be tiled, False for vectors."""
        return self.output.ndim == 3


def capture(model: nn.Module, x: torch.Tensor | np.ndarray, *, include_depthwise: bool = False,
            include_dropout: bool = False) -> list[LayerActivation]:
    """Run ``model`` once on ``x`` and record each layer's output for batch item 0.

    ``x``: (N, C, H, W) or (C, H, W) float. Layers: convolutions (a separable convolution as one
    layer, plus its depthwise stage if ``include_depthwise``), activations, normalisations,
    pooling, flatten, linear (dropout only if ``include_dropout``; it is the identity in eval
    mode). Returns the records in the order the layers ran. The model runs in eval mode under
    ``torch.inference_mode``; its training flag is restored and every hook removed afterwards,
    even if the forward pass raises.
    """
    x = torch.as_tensor(x, dtype=torch.float32)
    if x.ndim == 3:
        x = x.unsqueeze(0)
    if x.ndim != 4:
        raise ValueError(f"Expected an input of shape (N, C, H, W), got {tuple(x.shape)}.")
    records: list[LayerActivation] = []

    def make_hook(name: str, qualname: str, kind: str):
        def hook(_module, _inputs, output):
            out = output if isinstance(output, torch.Tensor) else output[0]
            arr = out[0].detach().to(torch.float32).cpu().numpy().copy()
            records.append(LayerActivation(name, qualname, kind, tuple(arr.shape), arr))
        return hook

    handles = []
    was_training = model.training
    try:
        for name, qualname, module in layers(model, include_depthwise=include_depthwise,
                                              include_dropout=include_dropout):
            handles.append(module.register_forward_hook(this_thread_only(
                make_hook(name, qualname, type(module).__name__))))
        model.eval()
        with torch.inference_mode():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    return records


def capture_features(model: nn.Module, x: torch.Tensor | np.ndarray, *,
                     include_depthwise: bool = False) -> list[LayerActivation]:
    """:func:`capture` on ``model.features`` only (the fully convolutional part), so ``x`` can
    be an image at its own resolution: (N, 3, H, W) or (3, H, W) with H, W >= 28 for the shapes
    models. Names are the same as in :func:`capture` (``conv1``, ``pool3``, ...)."""
    features = getattr(model, "features", None)
    if not isinstance(features, nn.Module):
        raise ValueError("This model has no `features` (convolutional) part.")
    return capture(features, x, include_depthwise=include_depthwise)


def to_tensor(image: Image.Image, max_side: int | None = 256) -> torch.Tensor:
    """A PIL image -> float32 tensor (1, 3, H, W) in [0, 1], keeping its proportions.

    If ``max_side`` is given and the longest side exceeds it, the image is shrunk (box filter)
    so its longest side is ``max_side``. Transparent pixels are composited over white.
    """
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    image = image.convert("RGB")
    if max_side is not None and max(image.size) > max_side:
        w, h = image.size
        k = max_side / max(w, h)
        image = image.resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.BOX)
    arr = np.asarray(image, dtype=np.float32) / 255.0
    return torch.from_numpy(arr.transpose(2, 0, 1).copy()).unsqueeze(0)


def dead_channels(maps: np.ndarray, atol: float = 0.0) -> int:
    """Number of channels of ``maps`` (C, ...) that are all zero (|value| <= ``atol``): after a
    ReLU, filters that did not fire anywhere on this input."""
    arr = np.asarray(maps)
    if arr.ndim == 0 or arr.shape[0] == 0:
        return 0
    return int(np.all(np.abs(arr.reshape(arr.shape[0], -1)) <= atol, axis=1).sum())


# ---------------------------------------------------------------- inputs

def drawing(kind: str, size_pct: int, rotation: int, filled: bool, side: int = 224) -> Image.Image:
    """A black-on-white drawing of ``kind`` ('circle' | 'square' | 'triangle'), ``side`` px wide:
    ``size_pct`` is the circle diameter (or the shape's matching size) in percent of the side,
    ``rotation`` degrees clockwise. Drawn by :func:`models.data.draw_shape` like the training
    data, so :func:`models.preprocess` brings it back to 28×28."""
    from models.data import draw_shape

    return draw_shape(kind, side, scale=max(5, min(100, int(size_pct))) / 100.0,
                      rotation=float(rotation), filled=bool(filled), stroke=0.1)


def full_input(image: Image.Image, max_side: int = MAX_SIDE,
               min_side: int = MIN_SIDE) -> tuple[torch.Tensor, tuple[str, ...]]:
    """``image`` -> (1, 3, H, W) float32 in [0, 1] for the convolutional part, and what was done.

    The longest side is shrunk to ``max_side`` (box filter) if larger. If a side is then below
    ``min_side``, the image is padded to a square with its border's median colour (as
    :func:`models.preprocess` does) and brought to ``max(min_side, longest side)`` px. Codes:
    ``'shrunk'``, ``'padded'`` (very elongated), ``'enlarged'`` (tiny).
    """
    notes: list[str] = []
    w, h = image.size
    if max(w, h) > max_side:
        notes.append("shrunk")
    x = to_tensor(image, max_side)
    if min(x.shape[-2:]) < min_side:
        longest = max(x.shape[-2:])
        if longest < min_side:
            notes.append("enlarged")
        if w != h:
            notes.append("padded")
        x = models.preprocess(image, size=max(min_side, min(int(longest), max_side)))
    return x, tuple(notes)


# ---------------------------------------------------------------- what the page shows

@dataclass(frozen=True)
class LayerMaps:
    """One spatial layer's output (C, H, W) and the numbers the page prints about it."""

    name: str
    kind: str
    group: str  # 'conv', 'relu' or 'pool'
    maps: np.ndarray
    dead: int
    zero_fraction: float
    vmin: float
    vmax: float

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(int(s) for s in self.maps.shape)  # type: ignore[return-value]

    @property
    def channels(self) -> int:
        return int(self.maps.shape[0])


class ClassScores:
    """The most likely class of ``classes``/``probs`` (Activations, prediction.Prediction)."""

    @property
    def top(self) -> str:
        return self.classes[int(np.argmax(self.probs))]

    @property
    def top_probability(self) -> float:
        return float(np.max(self.probs))


@dataclass(frozen=True)
class Activations(ClassScores):
    """Everything the page shows for one (image, model, resolution), numpy only (cacheable).

    ``probs``: (K,) softmax on the 28×28 input; ``input28``: that input, uint8 (28, 28, 3);
    ``input_maps``: the input of the convolutional part at this resolution, uint8 (H, W, 3);
    ``layers``: each convolution, ReLU and pooling output, in the order they ran;
    ``notes``: what :func:`full_input` did to the photo (only at full resolution), and
    ``'grayscale'`` when the three colour channels are equal.
    """

    classes: tuple[str, ...]
    probs: np.ndarray
    input28: np.ndarray
    input_maps: np.ndarray
    layers: tuple[LayerMaps, ...]
    notes: tuple[str, ...] = field(default=())

    def layer(self, name: str) -> LayerMaps:
        for record in (r for r in self.layers if r.name == name):
            return record
        raise KeyError(name)

    def global_range(self, record: LayerMaps) -> tuple[float, float]:
        """The colour range shared by all layers like ``record``: all convolutions (signed
        values) share their overall min and max; all ReLU and pooling layers (values >= 0)
        share 0 to their overall max, so a zero is the darkest colour in every one of them."""
        if record.group == "conv":
            same = [r for r in self.layers if r.group == "conv"]
            return min(r.vmin for r in same), max(r.vmax for r in same)
        same = [r for r in self.layers if r.group != "conv"]
        return min(0.0, *(r.vmin for r in same)), max(r.vmax for r in same)

    def color_range(self, record: LayerMaps, mode: str, channel: int | None = None
                    ) -> tuple[float, float]:
        """The values mapped to the colour map's ends: one channel's own min and max
        (``'channel'``, ``channel`` given), the layer's (``'layer'``), or the range shared by
        layers like it (``'global'``, :meth:`global_range`)."""
        if mode == "global":
            return self.global_range(record)
        if mode == "channel" and channel is not None:
            values = record.maps[channel]
            return float(values.min()), float(values.max())
        if mode in ("channel", "layer"):
            return record.vmin, record.vmax
        raise ValueError(f"Unknown colour range {mode!r}; expected 'channel', 'layer' or 'global'.")


def layer_group(kind: str) -> str | None:
    """'conv', 'relu', 'pool' or None (layers the page does not tile)."""
    if "Conv" in kind:
        return "conv"
    if kind == "ReLU":
        return "relu"
    if "Pool" in kind:
        return "pool"
    return None


def _uint8(x: torch.Tensor) -> np.ndarray:
    arr = x[0].detach().numpy().transpose(1, 2, 0)
    return np.round(np.clip(arr, 0.0, 1.0) * 255.0).astype(np.uint8)


def compute(model: nn.Module, image: Image.Image, resolution: str) -> Activations:
    """Prediction on the 28×28 input, and the convolutional part's outputs at ``resolution``
    ('28' or 'full': the photo's own size, see :func:`full_input`)."""
    if resolution not in ("28", "full"):
        raise ValueError(f"Unknown resolution {resolution!r}; expected '28' or 'full'.")
    COMPUTE_CALLS["count"] += 1
    x28 = models.preprocess(image)
    probs = models.predict(model, x28)[0]
    notes: tuple[str, ...] = ()
    x = x28
    if resolution == "full":
        x, notes = full_input(image)
    rgb28 = _uint8(x28)
    if np.array_equal(rgb28[..., 0], rgb28[..., 1]) and np.array_equal(rgb28[..., 1], rgb28[..., 2]):
        notes = (*notes, "grayscale")
    layers = []
    for record in capture_features(model, x):
        group = layer_group(record.kind)
        if group is None or not record.is_spatial:
            continue
        out = record.output
        layers.append(LayerMaps(record.name, record.kind, group, out, dead_channels(out),
                                float(np.mean(out == 0)), float(out.min()), float(out.max())))
    return Activations(tuple(model.classes), probs.astype(np.float32), rgb28, _uint8(x),
                       tuple(layers), notes)


def relu_sparsity(acts: Activations) -> list[tuple[str, float, int, int]]:
    """(name, fraction of exact zeros, dead channels, channels) of each ReLU layer, in order."""
    return [(r.name, r.zero_fraction, r.dead, r.channels) for r in acts.layers if r.group == "relu"]


# ---------------------------------------------------------------- filters, summary, samples

def _first_conv(model: nn.Module) -> nn.Module:
    for _name, _qual_name, module in layers(model):
        if is_separable(module) or isinstance(module, nn.Conv2d):
            return module
    raise ValueError("This model has no convolution layer.")


def first_layer_filters(model: nn.Module, mode: str = "filter") -> np.ndarray:
    """The first convolution's kernels as small RGB images: float32 (C_out, kh, kw, 3) in [0, 1].

    A standard convolution on an RGB input gives one colour image per filter (its red, green and
    blue weights). For a separable convolution the depthwise kernels are shown, one gray image
    per kernel (C_in·depth_multiplier of them), each filtering one input channel in turn (R, G,
    B, R, ...). ``mode``: 'filter' (each kernel stretched to [0, 1] by its own min and max) or
    'signed' (shared scale, 0.5 = zero weight, 0 and 1 = ± the largest magnitude).
    """
    conv = _first_conv(model)
    if is_separable(conv):
        stage = conv.depthwise
        weight = getattr(stage, "weight", None)
        if weight is None:
            weight = next(m.weight for m in stage.modules() if isinstance(m, nn.Conv2d))
    else:
        weight = conv.weight
    w = weight.detach().to(torch.float32).cpu().numpy()  # (C_out, C_in/groups, kh, kw)
    if w.shape[1] == 1:
        w = np.repeat(w, 3, axis=1)
    elif w.shape[1] != 3:
        raise ValueError(f"The first convolution reads {w.shape[1]} channels, not RGB.")
    w = w.transpose(0, 2, 3, 1)  # (C_out, kh, kw, 3)
    if mode == "filter":
        return normalise(w, "channel")
    if mode == "signed":
        peak = float(np.abs(w).max())
        return normalise(w, "global", -peak, peak) if peak > 0 else np.full_like(w, 0.5)
    raise ValueError(f"Unknown mode {mode!r}; expected 'filter' or 'signed'.")


def summary_table(model: nn.Module, headers: Sequence[str], num: Callable[[float], str],
                  total_label: str) -> tuple[list[dict[str, str]], int, int]:
    """Rows (dicts keyed by the 5 ``headers``: layer, type, output shape, parameters,
    multiply-adds) for one 28×28 image, the totals row last; also returns the totals."""
    return summary_rows(layer_rows(model), headers, num, total_label)


def layer_rows(model: nn.Module) -> list:
    """The model's layer table for one 28×28 image (counting multiply-adds runs the model under
    FlopCounterMode): the same in every language, so a page computes it once per model."""
    return layer_table(model, (1, 3, models.INPUT_SIZE, models.INPUT_SIZE))


def summary_rows(rows: Sequence, headers: Sequence[str], num: Callable[[float], str],
                 total_label: str) -> tuple[list[dict[str, str]], int, int]:
    """:func:`summary_table` from rows of :func:`layer_rows` (formatting only)."""
    layer_h, kind_h, shape_h, params_h, madds_h = headers
    out = [{layer_h: r.name, kind_h: r.kind,
            shape_h: " × ".join(str(s) for s in r.output_shape),
            params_h: num(r.params), madds_h: num(r.mult_adds)} for r in rows]
    params = sum(r.params for r in rows)
    madds = sum(r.mult_adds for r in rows)
    out.append({layer_h: total_label, kind_h: "", shape_h: "", params_h: num(params),
                madds_h: num(madds)})
    return out, params, madds


SAMPLE_STYLES: tuple[tuple[str, int, int, bool], ...] = (
    ("circle", 55, 0, False), ("circle", 70, 0, True),
    ("square", 50, 0, False), ("square", 55, 30, True),
    ("triangle", 60, 0, False), ("triangle", 55, 200, True),
)
"""(kind, size %, rotation, filled) of the sample drawings: two of each class."""


def sample_drawings(model: nn.Module, side: int = 112) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(true class, uint8 RGB preview ``side`` px, probabilities) for each of
    :data:`SAMPLE_STYLES`, predicted by ``model`` on the 28×28 input."""
    out = []
    for kind, size, rotation, filled in SAMPLE_STYLES:
        image = drawing(kind, size, rotation, filled, side=side)
        probs = models.predict(model, models.preprocess(image))[0]
        out.append((kind, np.asarray(image), probs))
    return out


def sample_caption(truth: str, probs, tr: Callable) -> str:
    """A sample drawing's true class and what the model says of it (class, probability)."""
    top, p = top_class(probs)
    return tr("act.samples.caption", truth=tr(f"act.class.{truth}"),
              label=tr(f"act.class.{models.CLASSES[top]}"), p=tr.num(100 * p))


def weight_change(trained: nn.Module, start: nn.Module) -> tuple[float, float]:
    """How far training moved the convolution weights from ``start`` (same architecture):
    (first convolution, all convolutions together), each ``‖W − W₀‖ / ‖W₀‖``."""
    pairs = [(a.weight.detach(), b.weight.detach())
             for a, b in zip(trained.modules(), start.modules(), strict=True)
             if isinstance(a, nn.Conv2d)]
    if not pairs:
        raise ValueError("This model has no convolution layer.")
    first = float((pairs[0][0] - pairs[0][1]).norm() / pairs[0][1].norm())
    diff = torch.cat([(w - w0).flatten() for w, w0 in pairs])
    base = torch.cat([w0.flatten() for _, w0 in pairs])
    return first, float(diff.norm() / base.norm())


def format_shape(shape: Sequence[int]) -> str:
    return " × ".join(str(int(s)) for s in shape)


def top_class(probs) -> tuple[int, float]:
    """Index and probability of the most likely class."""
    p = np.asarray(probs, dtype=np.float64).reshape(-1)
    top = int(np.argmax(p))
    return top, float(p[top])


@dataclass(frozen=True)
class ChannelStats:
    """What the page prints about one channel: its range, its share of exact zeros, and whether
    it is dead (all zero on this input)."""

    min: float
    max: float
    zero_fraction: float
    dead: bool


def channel_stats(values: np.ndarray) -> ChannelStats:
    """:class:`ChannelStats` of one channel (H, W)."""
    v = np.asarray(values)
    return ChannelStats(float(v.min()), float(v.max()), float(np.mean(v == 0)), not bool(np.any(v)))
