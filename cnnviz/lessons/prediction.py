"""The Activations page's first answers, cheap and Plotly-free.

- :func:`predict`: what the model says of an input (its 28×28 view, the probabilities, what was
  done to a photo), without the full-resolution forward pass, so the page shows the prediction
  before it computes every layer (:func:`cnnviz.lessons.activations.compute` gives the same
  values, and more);
- :func:`probability_bars`: the probabilities as plain HTML bars;
- :func:`channel_closeup`: one channel up close as a PNG with its colour bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image
from torch import nn

import models
from cnnviz import memo
from cnnviz.lessons import activations
from cnnviz.render import closeup, files
from cnnviz.render.pictures import enlarge

SEEN_SIDE = 280
"""Width (px) of the 'what the model sees' picture: 28×28 enlarged 10 times, no smoothing."""


@dataclass(frozen=True)
class Prediction(activations.ClassScores):
    """The fields of :class:`cnnviz.lessons.activations.Activations` the prediction shows:
    ``probs`` (K,), ``input28`` uint8 (28, 28, 3), ``notes`` (what was done to the photo, and
    ``'grayscale'``), and ``seen_png``: the 28×28 input enlarged to 280 px (PNG, encoded once)."""

    classes: tuple[str, ...]
    probs: np.ndarray
    input28: np.ndarray
    notes: tuple[str, ...]
    seen_png: bytes = b""


def predict(model: nn.Module, image: Image.Image, resolution: str) -> Prediction:
    """:class:`Prediction` of ``model`` on ``image``: one forward pass at 28×28 (milliseconds),
    and at ``'full'`` resolution the notes of :func:`activations.full_input` (a resize only)."""
    if resolution not in ("28", "full"):
        raise ValueError(f"Unknown resolution {resolution!r}; expected '28' or 'full'.")
    x28 = models.preprocess(image)
    probs = models.predict(model, x28)[0]
    notes = activations.full_input(image)[1] if resolution == "full" else ()
    rgb28 = activations._uint8(x28)
    if np.array_equal(rgb28[..., 0], rgb28[..., 1]) and np.array_equal(rgb28[..., 1], rgb28[..., 2]):
        notes = (*notes, "grayscale")
    return Prediction(tuple(model.classes), probs.astype(np.float32), rgb28, notes,
                      files.png(enlarge(rgb28, SEEN_SIDE)))


def probability_bars(pred: Prediction, tr: Callable) -> str:
    """The probabilities as HTML bars (:func:`closeup.probability_html`) in ``tr``'s language."""
    return closeup.probability_html([tr(f"act.class.{c}") for c in pred.classes], pred.probs,
                                    [f"{tr.num(100 * float(p), 1)}\u202f%" for p in pred.probs])


@dataclass(frozen=True)
class Closeup:
    """One channel up close, ready to show: heading, picture (PNG) with its colour bar, the
    colour scale in words, min / max / share of zeros as (label, value), and whether it is dead."""

    heading: str
    png: bytes
    scale: str
    numbers: list[tuple[str, str]]
    dead: bool


@memo.bounded_cache(max_bytes=48 * 1024 * 1024, max_entries=64)
def closeup_png(values: bytes, shape: tuple[int, int], lo: float, hi: float, cmap: str,
                unit: tuple[int, int] | None, side: int, lo_text: str, hi_text: str,
                number_style: str, _num: Callable) -> bytes:
    """The close-up picture with its colour bar as PNG, made once per map (``values``: its
    float32 bytes, keyed by their SHA-256), colours, unit and number style (``_num`` writes
    the numbers: ``number_style`` is how it writes one, so each language has its own entry)."""
    arr = np.frombuffer(values, dtype=np.float32).reshape(shape)
    picture = closeup.channel_picture(arr, cmap, lo, hi, num=_num, side=side, unit=unit)
    bar = closeup.colour_bar(cmap, lo_text, hi_text, picture.height)
    return files.png(closeup.with_colour_bar(picture, bar))


def channel_closeup(acts: activations.Activations, record: activations.LayerMaps, channel: int,
                    mode: str, cmap: str, tr: Callable, unit: tuple[int, int] | None = None,
                    side: int = 440) -> Closeup:
    """:class:`Closeup` of ``channel`` of ``record`` in ``cmap`` over the colour range ``mode``
    (:meth:`Activations.color_range`), ``unit`` (row, column) outlined, in ``tr``'s language."""
    values = record.maps[channel]
    lo, hi = acts.color_range(record, mode, channel)
    (h, w), stats = values.shape, activations.channel_stats(values)
    png = closeup_png(np.ascontiguousarray(values, np.float32).tobytes(), (h, w), lo, hi, cmap,
                      unit, side, tr.num(lo, 2), tr.num(hi, 2), tr.num(-1234.5, 2), _num=tr.num)
    return Closeup(
        tr("act.detail.heading", name=record.name, channel=channel, h=h, w=w), png,
        tr("act.detail.scale", lo=tr.num(lo, 2), hi=tr.num(hi, 2),
           range=tr(f"act.range.{mode}").lower()),
        [(tr("act.detail.min"), tr.num(stats.min, 3)), (tr("act.detail.max"), tr.num(stats.max, 3)),
         (tr("act.detail.zeros"), f"{tr.num(100 * stats.zero_fraction)} %")], stats.dead)
