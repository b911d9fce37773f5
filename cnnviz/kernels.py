"""Named classic kernels, parsing of a kernel a user types, and spatially separable kernels
(a rank-1 kernel split into a column and a row, applied in two passes).

Every kernel is a float32 numpy array (kh, kw). Names are stable identifiers; their display
names live in the translation table under ``kernel.<name>``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import torch

from cnnviz.functional import conv2d


def _gaussian(size: int = 5, sigma: float = 1.0) -> np.ndarray:
    ax = np.arange(size, dtype=np.float64) - (size - 1) / 2
    g = np.exp(-(ax**2) / (2 * sigma**2))
    k = np.outer(g, g)
    return k / k.sum()


CLASSIC: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box_blur": np.full((3, 3), 1 / 9),
    "gaussian": _gaussian(5, 1.0),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
    "sobel_y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "prewitt_x": np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
    "prewitt_y": np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
    "outline": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
}
CLASSIC = {name: np.asarray(k, dtype=np.float32) for name, k in CLASSIC.items()}

MAX_CUSTOM_SIDE = 9


class KernelParseError(ValueError):
    """A typed kernel that cannot be used. ``code``: ``empty``, ``not_number``, ``ragged``,
    ``too_big``, ``not_finite``; ``values`` carries the numbers for the message."""

    def __init__(self, code: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):  # survives pickle (caches) with its code, values and message
        return functools.partial(type(self), **self.values), (self.code, str(self))


def get(name: str) -> np.ndarray:
    """A copy of the classic kernel ``name`` (KeyError if unknown)."""
    return CLASSIC[name].copy()


def parse(text: str) -> np.ndarray:
    """Parse a kernel typed as rows on lines (or separated by ``;``), numbers by spaces or commas.

    Accepts fractions like ``1/9``. ``"1 0 -1; 2 0 -2; 1 0 -1"`` -> a 3×3 array.
    """
    if not isinstance(text, str) or not text.strip():
        raise KernelParseError("empty", "The kernel is empty.")
    rows_text = [r for r in re.split(r"[;\n]+", text.strip()) if r.strip()]
    rows: list[list[float]] = []
    for r in rows_text:
        cells = [c for c in re.split(r"[,\s]+", r.strip().strip("[]")) if c]
        row = []
        for c in cells:
            try:
                if "/" in c:
                    num, den = c.split("/", 1)
                    value = float(num) / float(den)
                else:
                    value = float(c)
            except (ValueError, ZeroDivisionError):
                raise KernelParseError("not_number", f"{c!r} is not a number.", cell=c[:20]) from None
            row.append(value)
        rows.append(row)
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise KernelParseError("ragged", "Every row of the kernel needs the same number of values.")
    h, w = len(rows), widths.pop()
    if h > MAX_CUSTOM_SIDE or w > MAX_CUSTOM_SIDE:
        raise KernelParseError("too_big", f"The kernel is {h}×{w}; at most "
                               f"{MAX_CUSTOM_SIDE}×{MAX_CUSTOM_SIDE} is allowed.",
                               h=h, w=w, limit=MAX_CUSTOM_SIDE)
    arr = np.asarray(rows, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.abs(arr).max() > 1e6:
        raise KernelParseError("not_finite", "Kernel values must be finite numbers below a million.")
    return arr.astype(np.float32)


def is_separable(k: np.ndarray, tol: float = 1e-6) -> bool:
    """True when ``k`` is an outer product of a column and a row (matrix rank 1)."""
    s = np.linalg.svd(np.asarray(k, dtype=np.float64), compute_uv=False)
    return bool(s[0] > 0 and (len(s) < 2 or s[1] <= tol * s[0]))


def separate(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a rank-1 ``k`` (kh, kw): column (kh, 1) and row (1, kw) with ``column @ row == k``."""
    u, s, vt = np.linalg.svd(np.asarray(k, dtype=np.float64))
    col = u[:, :1] * np.sqrt(s[0])
    row = vt[:1, :] * np.sqrt(s[0])
    if col.sum() < 0 or (col.sum() == 0 and row.sum() < 0):
        col, row = -col, -row
    return col.astype(np.float32), row.astype(np.float32)


# --- spatially separable kernels ----------------------------------------------------------------

@dataclass(frozen=True)
class SpatialSplit:
    """A 2-D kernel, its matrix rank, and for a rank-1 kernel a column (kh, 1) and a row (1, kw)
    whose product is the kernel (scaled to read well: a blur's column sums to 1, an edge
    detector's smallest non-zero entry is ±1)."""

    name: str
    kernel: np.ndarray
    rank: int
    column: np.ndarray | None
    row: np.ndarray | None

    @property
    def separable(self) -> bool:
        return self.column is not None


def spatial_split(name: str, kernel: np.ndarray | None = None) -> SpatialSplit:
    """Split a classic kernel (or ``kernel``) into column × row when it has rank 1."""
    k = np.asarray(get(name) if kernel is None else kernel, dtype=np.float32)
    rank = int(np.linalg.matrix_rank(k.astype(np.float64), tol=1e-6 * max(np.abs(k).max(), 1e-12)))
    if not is_separable(k):
        return SpatialSplit(name, k, rank, None, None)
    col, row = separate(k)
    if np.all(k >= 0):  # a blur: a column that sums to 1 reads best (1/3 1/3 1/3, Gaussian)
        scale = float(col.sum())
    else:  # an edge detector: integers such as 1 2 1 and -1 0 1
        nonzero = np.abs(col[np.abs(col) > 1e-6])
        scale = float(nonzero.min()) if nonzero.size else 1.0
    col, row = col / scale, row * scale
    col = np.where(np.abs(col - np.round(col)) < 1e-4, np.round(col), col) + 0.0
    row = np.where(np.abs(row - np.round(row)) < 1e-4, np.round(row), row) + 0.0
    return SpatialSplit(name, k, rank, col.astype(np.float32), row.astype(np.float32))


def separability_table() -> list[SpatialSplit]:
    """Every classic kernel with its rank and, when rank 1, its column and row."""
    return [spatial_split(name) for name in CLASSIC]


@dataclass(frozen=True)
class TwoPass:
    """One 2-D pass with the kernel vs. a column pass then a row pass (same padding)."""

    one_pass: np.ndarray
    column_pass: np.ndarray
    two_pass: np.ndarray
    max_difference: float
    mults_one: int
    mults_two: int


def two_pass(image: np.ndarray, split: SpatialSplit) -> TwoPass:
    """Filter ``image`` (H, W) with ``split.kernel`` at once, and with its column then its row.

    Padding is ``'same'`` with zeros, split between the two passes (zero padding is separable
    too), so both results have the image's size and agree up to float rounding.
    """
    if not split.separable:
        raise ValueError(f"{split.name} is not separable")
    x = torch.from_numpy(np.asarray(image, dtype=np.float32))
    kh, kw = split.kernel.shape
    one = conv2d(x, torch.from_numpy(split.kernel), padding="same")
    col = conv2d(x, torch.from_numpy(split.column), padding="same")
    two = conv2d(col, torch.from_numpy(split.row), padding="same")
    return TwoPass(one.numpy(), col.numpy(), two.numpy(), float((one - two).abs().max()),
                   kh * kw, kh + kw)
