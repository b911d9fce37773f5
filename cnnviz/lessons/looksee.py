""""See what the network sees" on the Activations page, as plain values for a thin page.

The page passes primitives and bytes (canvas PNG, weights) and gets back pictures (PNG bytes)
and numbers, so it imports neither torch nor numpy and can cache every call:

- :func:`canvas_picture` / :func:`starter_picture`: what was drawn, as a picture;
- :func:`opened_channel`: a channel, its kernels, its receptive-field box;
- :func:`where_it_looked_pictures`: Grad-CAM and occlusion for a model and its twin;
- :func:`top_drawings`: the 9 drawings of the generated dataset a channel answers most;
- :func:`dataset` / :func:`dataset_maxima`: the generated drawings (the test split's seed) and
  every channel's strongest response on each, computed once per model;
- the page's choices as values: cache keys, a model's twin, which notes and sentences to show,
  the first layer's filters, the size of the layer pictures.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image
from torch import nn

import models
from cnnviz.lessons import activations, attribution, channels, drawing, training
from cnnviz.render import files
from cnnviz.render import looksee as pictures
from cnnviz.render.pictures import enlarge, filters_picture
from cnnviz.render.strokes import render_strokes
from cnnviz.summary import is_separable

__all__ = [
    "COLUMN_PIXELS", "DATASET_SEED", "DATASET_SIZE", "Filters", "LookPictures",
    "OpenedChannel", "accuracy_sentence", "cached_dataset", "canvas_key", "canvas_picture",
    "compared", "data_uri", "dataset", "dataset_maxima", "drawing_key",
    "field_sentences", "first_filters", "grad_cam_layers", "is_silent", "kernel_sentences",
    "layer_sentences", "look_sentences", "map_side", "maps_sentences", "model_label",
    "model_sentence", "opened_channel", "png", "says_sentence", "session_key",
    "session_model", "shown_input", "sparsity_sentence", "starter_drawing", "starter_picture",
    "summary", "top_drawings", "top_sentence", "trained_accuracy", "twin", "visible_notes",
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
    """What the page shows for one opened channel: the convolution computing it (``separable``
    or not), its kernels picture (PNG) and their count/size, the unit whose field is drawn, and
    that field: its size and stride, the input pixels it reads (top, left, bottom, right),
    inclusive and clipped to the input (``clipped``: part of it is padding), and the picture."""

    conv: str
    separable: bool
    kernels_png: bytes
    kernel_count: int
    kernel_size: tuple[int, int]
    kernel_peak: float
    unit: tuple[int, int]
    rf_size: tuple[int, int]
    rf_stride: tuple[int, int]
    box: tuple[int, int, int, int]
    clipped: bool
    rf_png: bytes


def opened_channel(model: nn.Module, layer: str, channel: int, unit: tuple[int, int],
                   input_rgb: np.ndarray, side: int = 280) -> OpenedChannel:
    """Kernels and receptive field of ``channel`` of ``layer`` at ``unit`` (row, col), the box
    drawn on ``input_rgb`` (the input of the convolutional part, uint8 (H, W, 3))."""
    conv, kernels = channels.channel_kernels(model, layer, channel)
    separable = is_separable(dict(getattr(model, "features", model).named_children())[conv])
    rf = channels.layer_fields(model)[layer]
    h, w = input_rgb.shape[:2]
    field = rf.box(*unit)
    top, left, bottom, right = box = (max(0, field[0]), max(0, field[1]), min(h - 1, field[2]),
                                      min(w - 1, field[3]))
    drawn = pictures.rf_picture(input_rgb, (top, left, bottom + 1, right + 1), side)
    return OpenedChannel(conv, separable, png(pictures.kernels_picture(kernels, side)),
                         kernels.shape[0], (kernels.shape[1], kernels.shape[2]),
                         float(np.abs(kernels).max()), unit, rf.size, rf.stride, box,
                         box != field, png(drawn))


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


def is_silent(responses: Sequence[float], group: str) -> bool:
    """True when a channel after a ReLU or a pooling (``group`` 'relu' | 'pool') stays at zero
    on every drawing (a dead filter); a convolution's values can be negative, so its strongest
    responses are always worth showing."""
    return max(responses) <= 0 and group != "conv"


def field_sentences(o: OpenedChannel, layer: str, tr: Callable) -> list[str]:
    """Which input pixels the opened unit reads, and whether part of its field is padding."""
    top, left, bottom, right = o.box
    said = [tr("look.rf.how", row=o.unit[0], col=o.unit[1], layer=layer, top=top, bottom=bottom,
               left=left, right=right, stride=o.rf_stride[0])]
    return said + ([tr("look.rf.clipped", h=o.rf_size[0], w=o.rf_size[1])] if o.clipped else [])


def kernel_sentences(o: OpenedChannel, channel: int, tr: Callable) -> list[str]:
    """How the opened channel's kernels make it (and that they are a separable pair's product)."""
    said = [tr("look.kernels.how", channel=channel, conv=o.conv, count=o.kernel_count,
               kh=o.kernel_size[0], kw=o.kernel_size[1], peak=tr.num(o.kernel_peak, 3))]
    return said + ([tr("look.kernels.separable")] if o.separable else [])


def top_sentence(responses: Sequence[float], classes: Sequence[str], tr: Callable) -> str:
    """The responses of the top drawings and their true classes, in ``tr``'s language."""
    return tr("look.top.values", values=", ".join(tr.num(v, 2) for v in responses),
              classes=", ".join(tr(f"act.class.{c}") for c in classes))


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


def session_model(arch: str, weights: bytes) -> nn.Module:
    """The model trained on the Training page: architecture ``arch`` with safetensors
    ``weights`` (see :func:`cnnviz.lessons.channels.model_from_weights`)."""
    return channels.model_from_weights(arch, weights)


def grad_cam_layers(model: nn.Module) -> list[str]:
    """The convolutions Grad-CAM can be computed at, first to last."""
    return attribution.conv_layer_names(model)


# ---------------------------------------------------------------- the page's choices, as values

COLUMN_PIXELS = 1180
"""Width (px) of the page's main column on a 1600-px window with the sidebar open."""


def session_key(weights: bytes) -> str:
    """The cache key of a model trained on the Training page: ``session:`` + its weights' hash."""
    return "session:" + hashlib.sha256(bytes(weights)).hexdigest()[:16]


def canvas_key(data: bytes) -> str:
    """The cache key of a drawing on the canvas: ``canvas:`` + its PNG's hash."""
    return "canvas:" + hashlib.sha256(bytes(data)).hexdigest()[:16]


def drawing_key(shape: str, size: int, rotation: int, filled: bool) -> str:
    """The cache key of a generated drawing: its parameters."""
    return f"drawing:{shape}:{size}:{rotation}:{int(filled)}"


def twin(name: str, session: dict | None = None) -> str:
    """The trained model for an untrained one and vice versa; for a model trained on the
    Training page (``session:…``), its architecture (``session['arch']``), untrained."""
    if name.startswith("session:"):
        return f"{(session or {}).get('arch', 'shapes')}_untrained"
    return name.removesuffix("_untrained") if name.endswith("_untrained") else f"{name}_untrained"


def compared(name: str, session: dict | None = None) -> tuple[str, ...]:
    """``name`` and its :func:`twin` when the twin can be loaded here (a trained model's
    weights may be missing), else ``name`` alone."""
    other = twin(name, session)
    return (name, other) if other in models.available() else (name,)


def visible_notes(notes: Sequence[str], source: str, size: tuple[int, int],
                  tr: Callable) -> list[tuple[str, bool]]:
    """The notes about the input (:attr:`Activations.notes`) worth saying for ``source``
    ('canvas' | 'drawing' | 'photo') of ``size`` (w, h), each with True when it is ordinary (a
    quiet caption): a drawing is black on white, so 'grayscale' is said of photos only; the
    canvas has a fixed size, so 'shrunk' is not said of it, and said quietly of a photo."""
    return [(tr(f"act.note.{note}", w=size[0], h=size[1]), note == "shrunk") for note in notes
            if not ((note == "grayscale" and source != "photo")
                    or (note == "shrunk" and source == "canvas"))]


def sparsity_sentence(acts: activations.Activations, tr: Callable) -> str | None:
    """How much darker the last ReLU is than the first, in ``tr``'s language ('grows' when the
    share of zeros rises by 15 points or more, else 'flat'); None with fewer than two ReLUs."""
    relus = activations.relu_sparsity(acts)
    if len(relus) < 2:
        return None
    (_, first, _, _), (last_name, last, dead, count) = relus[0], relus[-1]
    key = "act.sparse.grows" if last - first >= 0.15 else "act.sparse.flat"
    return tr(key, first=tr.num(100 * first), last=tr.num(100 * last), last_name=last_name,
              dead=dead, channels=count)


def map_side(per_row: int, column: int = COLUMN_PIXELS) -> int:
    """Longest side (px) of each layer picture when ``per_row`` of them share the ``column``
    (30 px of gaps each), between 200 and 900 px."""
    return max(200, min(900, column // per_row - 30))


@dataclass(frozen=True)
class Filters:
    """A model's first-layer filters as one picture (PNG), their count and (h, w) size, and
    whether the model's convolutions are separable (its first filters are then depthwise)."""

    png: bytes
    count: int
    size: tuple[int, int]
    separable: bool


def first_filters(model: nn.Module, side: int = 360) -> Filters:
    """:class:`Filters` of ``model`` (:func:`cnnviz.lessons.activations.first_layer_filters`)."""
    filters = activations.first_layer_filters(model)
    count, kh, kw = filters.shape[:3]
    return Filters(files.png(filters_picture(filters, pad=1, side=side)), int(count),
                   (int(kh), int(kw)), any(is_separable(m) for m in model.modules()))


def trained_accuracy(name: str) -> float | None:
    """Test accuracy of the shipped trained model behind ``name`` (itself or its untrained
    twin) when it started from exactly its twin's weights (the same seed), so that comparing
    the two shows what training changed; None otherwise (no shipped weights, a session model)."""
    trained = name.removesuffix("_untrained")
    if trained not in models.available():
        return None
    card = models.model_card(trained)
    if card.get("torch_seed") != models.UNTRAINED_SEED or "test_accuracy" not in card:
        return None
    return float(card["test_accuracy"])


def accuracy_sentence(name: str, tr: Callable, session: dict | None = None) -> str:
    """What a model's card says of its accuracy, in ``tr``'s language (a session model: see
    :func:`training.session_sentence`; an untrained one: the 'random weights' sentence)."""
    if name.startswith("session:"):
        return training.session_sentence((session or {}).get("card") or {}, tr)
    card = models.model_card(name)
    if not card.get("trained"):
        return tr("act.summary.random")
    return tr("act.summary.accuracy", n=tr.num(card.get("test_size", 0)),
              acc=tr.num(100 * float(card.get("test_accuracy", 0.0)), 1),
              epochs=card.get("epochs", "?"))


def summary(rows: list, tr: Callable) -> tuple[list[dict[str, str]], int, int]:
    """The layer table (``rows`` from :func:`cnnviz.lessons.activations.layer_rows`, counted once
    per model) with headers in ``tr``'s language."""
    headers = [tr(f"act.summary.{h}") for h in ("layer", "kind", "shape", "params", "madds")]
    return activations.summary_rows(rows, headers, tr.num, tr("act.summary.total"))


def model_label(key: str, tr: Callable) -> str:
    """A model's name (a shipped one, or ``session:…``, trained on the Training page)."""
    return tr("act.model.session") if key.startswith("session:") else tr(f"act.model.{key}")


def says_sentence(acts: activations.Activations, tr: Callable) -> str:
    """The predicted class and its probability (%)."""
    return tr("act.pred.says", label=tr(f"act.class.{acts.top}"),
              p=tr.num(100 * acts.top_probability, 1))


def model_sentence(key: str, target: str, probability: float, tr: Callable) -> str:
    """A model's probability (%) of the class ``target`` (above its Grad-CAM and occlusion)."""
    return tr("look.where.model", model=model_label(key, tr), label=tr(f"act.class.{target}"),
              p=tr.num(100 * float(probability), 1))


def layer_sentences(record: activations.LayerMaps, tr: Callable) -> tuple[str, str]:
    """A layer picture's label (name, kind, output shape) and its numbers (dead channels, range)."""
    return (tr("act.layer.label", name=record.name, kind=record.kind,
               shape=activations.format_shape(record.shape)),
            tr("act.layer.stats", dead=record.dead, channels=record.channels,
               vmin=tr.num(record.vmin, 2), vmax=tr.num(record.vmax, 2)))


def maps_sentences(acts: activations.Activations, res: str, tr: Callable) -> list[str]:
    """What the layer maps show, at which resolution, and how much darker deep layers get."""
    h, w = acts.input_maps.shape[:2]
    said = [tr("act.maps.how"), tr("act.maps.res28") if res == "28"
            else tr("act.maps.resfull", w=w, h=h), sparsity_sentence(acts, tr)]
    return [sentence for sentence in said if sentence is not None]


def look_sentences(a: LookPictures, layer: str, tr: Callable) -> tuple[list[str], str]:
    """Captions of one model's Grad-CAM (with a word when it is all zero) and occlusion."""
    grad_cam = [tr("look.where.gradcam", layer=layer, peak=tr.num(a.grad_cam_peak, 2))]
    if a.grad_cam_peak == 0:
        grad_cam.append(tr("look.where.empty"))
    return grad_cam, tr("look.where.occlusion", peak=tr.num(a.occlusion_peak, 2))


def shown_input(image: Image.Image, side: int = 280) -> Image.Image | bytes:
    """The input as the page shows it: a small one enlarged without smoothing (PNG bytes)."""
    return files.png(enlarge(image, side)) if max(image.size) < side // 2 else image
