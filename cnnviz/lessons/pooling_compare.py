"""Two pooled photos that look alike: where do they differ, and by how much?

At display size max- and average-pooled photos look the same: they differ by a few grey levels,
mostly along edges. This module measures it with torch: the difference map ``|a − b|`` (the mean
over the colour channels), the square window of the output where it is largest
(``avg_pool2d`` of the map, stride 1, then the arg-max), the two outputs cropped to that window,
and the mean and largest difference in grey levels (0–255). The page shows the two crops
enlarged at the same scale next to the difference map.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

COMPARABLE = ("max", "avg", "min")
"""Kinds whose outputs are grey levels in [0, 1] (an Lp map is not), so differences are levels."""


@dataclass(frozen=True)
class PoolComparison:
    """``diff`` (h, w) float32 in [0, 1]; ``box`` (top, left, height, width) in output pixels;
    ``crops`` the two outputs (C, height, width) inside ``box``; the differences in grey levels
    (0–255): over the whole output (mean, largest) and inside the box (mean)."""

    kinds: tuple[str, str]
    diff: np.ndarray
    box: tuple[int, int, int, int]
    crops: tuple[np.ndarray, np.ndarray]
    mean_levels: float
    max_levels: float
    box_levels: float


def pick_kinds(outputs: Mapping[str, object]) -> tuple[str, str] | None:
    """The two outputs to compare: max and average when both came out, else the first two
    comparable kinds; ``None`` when there are fewer than two."""
    kinds = [k for k in COMPARABLE if isinstance(outputs.get(k), np.ndarray)]
    if "max" in kinds and "avg" in kinds:
        return "max", "avg"
    return (kinds[0], kinds[1]) if len(kinds) >= 2 else None


def compare(outputs: Mapping[str, object], side: int = 16) -> PoolComparison | None:
    """Compare the two outputs :func:`pick_kinds` chooses; the crop is ``side``×``side`` output
    pixels (less when the output is smaller)."""
    kinds = pick_kinds(outputs)
    if kinds is None:
        return None
    a = torch.as_tensor(np.asarray(outputs[kinds[0]], dtype=np.float32))
    b = torch.as_tensor(np.asarray(outputs[kinds[1]], dtype=np.float32))
    if a.shape != b.shape:
        return None
    diff = (a - b).abs().mean(dim=0)
    h, w = diff.shape
    bh, bw = min(side, h), min(side, w)
    window = F.avg_pool2d(diff[None, None], (bh, bw), stride=1)[0, 0]
    top, left = divmod(int(torch.argmax(window)), window.shape[1])
    crop = (slice(None), slice(top, top + bh), slice(left, left + bw))
    return PoolComparison(
        kinds=kinds, diff=diff.numpy(), box=(top, left, bh, bw),
        crops=(a[crop].numpy(), b[crop].numpy()),
        mean_levels=float(diff.mean()) * 255, max_levels=float(diff.max()) * 255,
        box_levels=float(window[top, left]) * 255,
    )


def zoom(box_side: int, target: int = 240) -> int:
    """The one whole-number enlargement of both crops (the same pixel scale for both)."""
    return max(1, target // max(1, box_side))
