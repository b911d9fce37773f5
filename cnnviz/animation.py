"""The grid-animation data model every lesson fills and every renderer draws.

The lessons (convolution, transposed convolution, pooling, separable convolution, …) all show
the same picture: some grids of cells (an input, a kernel, an output), and at each step a few
highlighted cells, maybe a dashed footprint, lines showing where copied values come from, and a
caption writing out the arithmetic. A lesson only says *what* is highlighted at each step:

* :class:`Panel`: one grid (title, values, the kind of each cell, optional hover texts);
* :class:`Step`: what one animation frame highlights and writes;
* :class:`GridAnimation`: panels + steps + legend.

Pure data (numbers, strings, small numpy arrays), no drawing: the stage
(:mod:`cnnviz.render.stage`) plays it in the browser, :mod:`cnnviz.render.raster` draws it with
Pillow (GIF/PNG).

Coordinates: a cell is ``(row, col)`` inside its panel, row 0 at the top; a ``PanelCell`` is
``(panel index, row, col)``. Text is already translated and numbers already formatted (by the
translator, :func:`cnnviz.i18n.format_value`); captions may hold ``<br>`` and ``<b>`` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

INPUT, PADDING, OUTPUT, KERNEL, INSERTED, EMPTY = range(6)
"""Cell kinds: an input value, a padding cell, an output cell, a kernel weight, a zero inserted
between input cells (transposed convolution), nothing."""

KIND_NAMES = ("input", "padding", "output", "kernel", "inserted", "empty")
"""The kinds' names, by value (also the legend names of the kinds and the stage's names)."""


@dataclass(frozen=True)
class Panel:
    """One grid. ``values`` (h, w) floats (NaN: no number); ``kinds`` (h, w) ints (see
    :data:`INPUT` …); ``hover`` an optional (h, w) nested sequence of strings. With
    ``dynamic_text`` the numbers shown change per step (from :attr:`Step.texts`), e.g. an output
    filling up as the kernel slides. ``row``: panels are laid out left to right, one line per
    row number (0 at the top). ``group``: an optional second arrangement, one line per group
    (e.g. a channel's input, kernel and output side by side), which the stage uses instead when
    it gives larger cells (a phone)."""

    title: str
    values: np.ndarray
    kinds: np.ndarray
    hover: Sequence[Sequence[str]] | None = None
    dynamic_text: bool = False
    row: int = 0
    group: int | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.values.shape[0]), int(self.values.shape[1])


Cell = tuple[int, int]
PanelCell = tuple[int, int, int]  # (panel index, row, col)


@dataclass(frozen=True)
class Step:
    """What one frame shows.

    ``window``: panel index -> cells highlighted in orange (what is read); ``target``: panel
    index -> cells highlighted in blue (what is written); ``boxes``: dashed rectangles
    ``(panel, row0, col0, row1, col1)`` (inclusive), e.g. a dilated kernel's footprint;
    ``notes``: small labels in a cell's corner, e.g. the kernel weight ``×2``; ``links``: lines
    ``(from, to)`` between cells, e.g. from a reflect-padding cell to the input cell it copies;
    ``texts``: for dynamic panels, panel index -> {cell: text} shown at this step;
    ``terms``/``result``: the products written out in the caption (kept as numbers so tests can
    check them against torch).
    """

    label: str
    caption: str
    window: Mapping[int, Sequence[Cell]] = field(default_factory=dict)
    target: Mapping[int, Sequence[Cell]] = field(default_factory=dict)
    boxes: Sequence[tuple[int, int, int, int, int]] = ()
    notes: Mapping[PanelCell, str] = field(default_factory=dict)
    links: Sequence[tuple[PanelCell, PanelCell]] = ()
    texts: Mapping[int, Mapping[Cell, str]] = field(default_factory=dict)
    terms: tuple[tuple[float, float], ...] = ()
    result: float | None = None


@dataclass(frozen=True)
class GridAnimation:
    """Panels, the steps to animate, and the legend ``[(kind or highlight name, label)]``.

    ``total_steps`` counts every step of the lesson; ``steps`` may hold fewer when a very long
    animation was thinned (see :func:`thin`).
    """

    panels: tuple[Panel, ...]
    steps: tuple[Step, ...]
    legend: tuple[tuple[str, str], ...] = ()
    total_steps: int = 0

    @property
    def thinned(self) -> bool:
        return self.total_steps > len(self.steps)


def thin(count: int, limit: int) -> list[int]:
    """At most ``limit`` step indices out of ``count``, evenly spread, first and last kept."""
    if count <= limit:
        return list(range(count))
    if limit < 2:
        return [0]
    return sorted({round(i * (count - 1) / (limit - 1)) for i in range(limit)})
