"""What training changed in the first layer: trained − untrained, weight by weight.

The shipped trained models started from exactly their untrained twins' weights (the same seed),
so the difference of the two first convolutions is what training did to them. Side by side,
each kernel stretched to its own range, the two look alike at display size; the difference,
on one shared diverging scale, shows which weights moved and how far. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnviz.render import files
from cnnviz.render.training import difference_picture


@dataclass(frozen=True)
class FilterChange:
    """The first convolution's weights, trained minus start: ``diff`` (out, in, kh, kw);
    ``limit``: the largest |difference| (the picture's ±end of scale); ``relative``:
    ‖W − W₀‖ / ‖W₀‖ over the whole layer; ``per_filter``: the same for each output filter;
    ``overall``: the same over every convolution of the model; ``png``: the picture."""

    diff: np.ndarray
    limit: float
    relative: float
    per_filter: np.ndarray
    overall: float
    png: bytes


def _convolutions(model: nn.Module) -> list[torch.Tensor]:
    return [m.weight.detach() for m in model.modules() if isinstance(m, nn.Conv2d)]


def filter_change(trained: nn.Module, start: nn.Module, *, cols: int = 8,
                  width: int = 720) -> FilterChange:
    """:class:`FilterChange` of ``trained`` against ``start`` (same architecture), its picture
    about ``width`` px wide (10 to 40 px per weight). For a separable model the first
    convolution is its first depthwise stage."""
    pairs = list(zip(_convolutions(trained), _convolutions(start), strict=True))
    if not pairs:
        raise ValueError("This model has no convolution layer.")
    w, w0 = pairs[0]
    diff = (w - w0).to(torch.float64)
    per_filter = diff.flatten(1).norm(dim=1) / w0.to(torch.float64).flatten(1).norm(dim=1)
    overall = (torch.cat([(a - b).flatten() for a, b in pairs]).norm()
               / torch.cat([b.flatten() for _, b in pairs]).norm())
    d = diff.numpy().astype(np.float32)
    limit = float(np.abs(d).max(initial=0.0))
    n, k, _, kw = d.shape
    cell = max(10, min(40, width // (min(cols, n) * k * kw)))
    return FilterChange(d, limit, float(diff.norm() / w0.to(torch.float64).norm()),
                        per_filter.numpy(), float(overall),
                        files.png(difference_picture(d, limit, cols=cols, cell=cell)))


def change_sentences(change: FilterChange, accuracy: float, tr: Callable) -> tuple[str, str]:
    """(the sentence about what training moved, the difference picture's caption), in ``tr``'s
    language; ``accuracy``: the trained model's test accuracy in [0, 1]."""
    most = int(np.argmax(change.per_filter))
    least = int(np.argmin(change.per_filter))
    said = tr("act.filters.change", first=tr.num(100 * change.relative),
              overall=tr.num(100 * change.overall), acc=tr.num(100 * accuracy, 1))
    count, inputs = change.diff.shape[:2]
    blocks = tr("training.diff.blocks" if inputs > 1 else "training.diff.blocks_depthwise",
                count=count)
    caption = tr("training.diff.caption", blocks=blocks, peak=tr.num(change.limit, 3),
                 first=tr.num(100 * change.relative),
                 most=most, most_pct=tr.num(100 * change.per_filter[most]),
                 least=least, least_pct=tr.num(100 * change.per_filter[least]))
    return said, caption
