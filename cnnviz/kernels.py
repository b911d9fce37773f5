"""Named classic kernels and parsing of a kernel a user types.

Every kernel is a float32 numpy array (kh, kw). Names are stable identifiers; their display
names live in the translation table under ``kernel.<name>``.
"""

from __future__ import annotations

import re

import numpy as np


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


def format_kernel(k: np.ndarray) -> str:
    """A kernel as text :func:`parse` reads back (rows on lines)."""
    return "\n".join(" ".join(f"{v:g}" for v in row) for row in np.asarray(k))


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
