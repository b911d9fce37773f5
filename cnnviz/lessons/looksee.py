""""See what the network sees" on the Activations page, as plain values for a thin page.

The page passes primitives and bytes (canvas PNG, weights) and gets back pictures (PNG bytes)
and numbers, so it imports neither torch nor numpy and can cache every call:

- :func:`canvas_picture` / :func:`starter_picture`: what was drawn, as a picture;
- :func:`opened_channel`: a clicked tile -> channel, its kernels, its receptive-field box;
- :func:`where_it_looked_pictures`: Grad-CAM and occlusion for a model and its twin;
- :func:`top_drawings`: the 9 drawings of the generated dataset a channel answers most;
- :func:`dataset` / :func:`dataset_maxima`: the generated drawings (the test split's seed) and
  every channel's strongest response on each, computed once per model.
"""

from __future__ import annotations

import base64
import functools
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image
from torch import nn

import models
from cnnviz.lessons import attribution, channels, drawing
from cnnviz.render import looksee as pictures
from cnnviz.render.strokes import render_strokes

__all__ = [
    "DATASET_SEED",
    "DATASET_SIZE",
    "LookPictures",
    "OpenedChannel",
    "canvas_picture",
    "data_uri",
    "dataset",
    "dataset_maxima",
    "opened_channel",
    "pick_tile",
    "png",
    "starter_drawing",
    "starter_picture",
    "top_drawings",
    "where_it_looked_pictures",
]

DATASET_SIZE = 600
DATASET_SEED = 2
"""The drawings searched for a channel's favourites: ``make_dataset(600, 2)``, drawn with the
test split's seed of ``python -m models.train`` (training uses seed 0), so they are not the
training drawings. 600 keeps the one-off forward pass short on the first page view."""

STARTER = "triangle"


def png(rgb: np.ndarray) -> bytes:
    """uint8 (H, W, 3) -> PNG bytes."""
    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgb, dtype=np.uint8), "RGB").save(buf, "PNG")
    return buf.getvalue()


def data_uri(png_bytes: bytes) -> str:
    """PNG bytes as a ``data:`` URI (for the tile picker; no file, no network)."""
    return "data:image/png;base64," + base64.b64encode(png_bytes).decode("ascii")


# ---------------------------------------------------------------- drawing


def _starter_strokes() -> list[list[tuple[float, float]]]:
    return [drawing.shape_stroke(STARTER, scale=0.62, center=(0.5, 0.53), wobble=0.004, seed=3)]


def starter_drawing(width: int = drawing.DEFAULT_WIDTH) -> dict:
    """The canvas's starting drawing (a hand-drawn-looking triangle) as Fabric JSON."""
    return drawing.fabric_drawing(_starter_strokes(), width)


def starter_picture(width: int = drawing.DEFAULT_WIDTH) -> Image.Image:
    """The same starting drawing painted in Python (before the canvas reports its pixels)."""
    return render_strokes(_starter_strokes(), drawing.CANVAS, width)


def canvas_picture(png_bytes: bytes) -> tuple[Image.Image, bool]:
    """The canvas's PNG -> (RGB picture on white paper, True if nothing is drawn).
    Raises ``ValueError`` for bytes that are not a picture."""
    try:
        with Image.open(io.BytesIO(png_bytes)) as img:
            img.load()
            rgba = np.asarray(img.convert("RGBA"))
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValueError("The canvas did not send a picture.") from exc
    picture = drawing.canvas_image(rgba)
    return picture, drawing.is_blank(picture)


# ---------------------------------------------------------------- a channel, opened


@dataclass(frozen=True)
class OpenedChannel:
    """What the page shows for one opened channel: the convolution computing it, its kernels
    picture (PNG) and their count/size, the unit whose field is drawn, and that field."""

    conv: str
    kernels_png: bytes
    kernel_count: int
    kernel_size: tuple[int, int]
    kernel_peak: float
    unit: tuple[int, int]
    rf_size: tuple[int, int]
    rf_stride: tuple[int, int]
    box: tuple[int, int, int, int]
    rf_png: bytes


def pick_tile(channels_: int, h: int, w: int, max_side: int, x: float, y: float) \
        -> tuple[int, int, int] | None:
    """A click at (``x``, ``y``) (fractions) on a layer picture of (``channels_``, ``h``,
    ``w``) maps drawn ``max_side`` px -> (channel, row, column) of the unit under it, or None."""
    geo = channels.tile_geometry(channels_, h, w, max_side)
    channel = channels.tile_at(geo, x, y)
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


def opened_channel(model: nn.Module, layer: str, channel: int, unit: tuple[int, int],
                   input_rgb: np.ndarray, side: int = 280) -> OpenedChannel:
    """Kernels and receptive field of ``channel`` of ``layer`` at ``unit`` (row, col), the box
    drawn on ``input_rgb`` (the input of the convolutional part, uint8 (H, W, 3))."""
    conv, kernels = channels.channel_kernels(model, layer, channel)
    rf = channels.receptive_fields(model)[layer]
    h, w = input_rgb.shape[:2]
    box = channels.rf_box(rf, unit[0], unit[1], (h, w))
    return OpenedChannel(conv, png(pictures.kernels_picture(kernels, side)), kernels.shape[0],
                         (kernels.shape[1], kernels.shape[2]), float(np.abs(kernels).max()),
                         unit, rf.size, rf.stride, box, png(pictures.rf_picture(input_rgb, box, side)))


# ---------------------------------------------------------------- what makes a channel fire


def dataset() -> tuple[np.ndarray, np.ndarray]:
    """The generated drawings searched for a channel's favourites (see :data:`DATASET_SEED`)."""
    from models.data import make_dataset

    return make_dataset(DATASET_SIZE, DATASET_SEED)


@functools.lru_cache(maxsize=1)
def cached_dataset() -> tuple[np.ndarray, np.ndarray]:
    """:func:`dataset`, generated once per process (read-only arrays)."""
    images, labels = dataset()
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def dataset_maxima(model: nn.Module, images: np.ndarray) -> dict[str, np.ndarray]:
    """Every channel's strongest response on every drawing (:func:`channels.dataset_maxima`);
    read-only arrays, so a cached copy cannot be changed by a caller."""
    out = channels.dataset_maxima(model, images)
    for arr in out.values():
        arr.flags.writeable = False
    return out


def top_drawings(maxima: dict[str, np.ndarray], images: np.ndarray, labels: np.ndarray,
                 layer: str, channel: int, k: int = 9) -> tuple[bytes, list[float], list[str]]:
    """The ``k`` drawings that make ``channel`` of ``layer`` fire most: (picture PNG, their
    responses strongest first, their true classes)."""
    if layer not in maxima:
        raise ValueError(f"No recorded responses for layer {layer!r}.")
    idx = channels.top_k(maxima[layer], channel, k)
    values = [float(maxima[layer][i, channel]) for i in idx]
    return (png(pictures.gallery(images[idx])), values,
            [models.CLASSES[int(labels[i])] for i in idx])


# ---------------------------------------------------------------- where did it look


@dataclass(frozen=True)
class LookPictures:
    """Grad-CAM and occlusion pictures (PNG) of one model, its probability of the class, and
    the largest values of both maps (0 when a map is empty)."""

    grad_cam_png: bytes
    occlusion_png: bytes
    probability: float
    grad_cam_peak: float
    occlusion_peak: float


def where_it_looked_pictures(named_models: dict[str, nn.Module], image: Image.Image,
                             target: int, layer: str, side: int = 280) -> dict[str, LookPictures]:
    """For each model (e.g. trained and untrained twin): Grad-CAM of class ``target`` at
    ``layer`` and occlusion sensitivity, over the 28×28 input the model saw."""
    x, rgb = drawing.prepare(image)
    found = attribution.where_it_looked(named_models, x, target, layer)
    out = {}
    for name, a in found.items():
        out[name] = LookPictures(
            png(pictures.heat_overlay(rgb, a.grad_cam, side)),
            png(pictures.heat_overlay(rgb, a.occlusion, side, signed=True)),
            a.probability, float(np.abs(a.grad_cam).max()), float(np.abs(a.occlusion).max()))
    return out


def selected_box(channels_: int, h: int, w: int, max_side: int, channel: int) \
        -> list[float] | None:
    """Fractions [top, left, bottom, right] of ``channel``'s tile in the layer picture of
    (``channels_``, ``h``, ``w``) maps drawn ``max_side`` px (the tile picker's red mark)."""
    from cnnviz.render.tile_picker import selected_box as box

    return box(channels.tile_geometry(channels_, h, w, max_side), channel)


def session_model(arch: str, weights: bytes) -> nn.Module:
    """The model trained on the Training page: architecture ``arch`` with safetensors
    ``weights`` (see :func:`cnnviz.lessons.channels.model_from_weights`)."""
    return channels.model_from_weights(arch, weights)


def grad_cam_layers(model: nn.Module) -> list[str]:
    """The convolutions Grad-CAM can be computed at, first to last."""
    return attribution.conv_layer_names(model)


def zero_fraction(values: np.ndarray) -> float:
    """Fraction of exact zeros in a map."""
    return float(np.mean(np.asarray(values) == 0)) if np.size(values) else 0.0
