"""The one animation engine: a :class:`~cnnviz.animation.GridAnimation` as an animated Plotly
figure (play/pause button and a scrub slider; frames play in the browser, a frame never reruns
the server). Every lesson's grid animation is drawn here; :mod:`cnnviz.render.raster` draws the
same data with Pillow for GIF/PNG downloads.

Panels are laid out left to right with a gap of :data:`GAP` cells, top-aligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from cnnviz.animation import (
    EMPTY,
    INPUT,
    INSERTED,
    KERNEL,
    OUTPUT,
    PADDING,
    GridAnimation,
    Panel,
    PanelCell,
    Step,
)
from cnnviz.i18n import format_value

# --- how each kind of cell looks (Okabe–Ito based, colour-blind safe) --------------------------

FILL = {
    INPUT: "#D6E9F8",     # light sky blue
    PADDING: "#D9D9D9",   # light grey, plus a diagonal hatch
    OUTPUT: "#D3EFE3",    # light bluish green
    KERNEL: "#FBE2BE",    # light orange: the kernel's colour matches the window highlight
    INSERTED: "#FFFFFF",  # white, plus a dotted hatch
    EMPTY: "#FFFFFF",
}
TEXT_COLOR = {INPUT: "#111111", PADDING: "#4A4A4A", OUTPUT: "#111111", KERNEL: "#111111",
              INSERTED: "#6B6B6B", EMPTY: "#111111"}
HATCH = {PADDING: "/", INSERTED: "."}
GRID_LINE = "#3A3A3A"
WINDOW = "#E69F00"        # orange: the cells the kernel reads at this step
WINDOW_EDGE = "#A35200"
TARGET = "#0072B2"        # blue: the output cell being written
TARGET_EDGE = "#003F66"
LINK = "#CC79A7"          # reddish purple: "this padding cell copies that input cell"
GAP = 1.6
"""Horizontal gap between panels, in cells."""

MIN_FONT = 14
"""Smallest font on screen (projector rule)."""


# --- layout ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """Where each panel sits: the column of its left edge and the row of its top edge (both in
    cells; panels of :attr:`Panel.row` ``k`` below those of row ``k - 1``), and the sizes."""

    offsets: tuple[float, ...]
    tops: tuple[float, ...]
    width: float
    height: float

    def xy(self, panel: int, row: float, col: float) -> tuple[float, float]:
        """Centre of a cell in figure coordinates (y grows upwards, so rows go down)."""
        return self.offsets[panel] + col, -(self.tops[panel] + row)


TITLE_PX = 20
"""Font size of the panel titles."""


def title_lines(title: str) -> list[str]:
    """A panel title's lines (``<br>`` separates them), without markup."""
    return [re.sub(r"<[^>]+>", "", line) for line in title.split("<br>")]


def title_px(panels: Sequence[Panel]) -> int:
    """Height of the panel titles above a row of panels, in pixels."""
    return 26 * max(len(title_lines(p.title)) for p in panels) + 14


def _title_cells(title: str, cell_px: float) -> float:
    """Approximate width of a panel title, in cells (bold sans-serif: ~0.62 em per character)."""
    return (max(len(line) for line in title_lines(title)) * 0.62 * TITLE_PX + 12) / cell_px


def layout_of(panels: Sequence[Panel], cell_px: float | None = None) -> Layout:
    """Panels side by side, one line per :attr:`Panel.row`. With ``cell_px``, a panel narrower
    than its title gets a wider slot (centred) so titles never overlap, and a row leaves room
    for the titles of the row below."""
    offsets, tops = [0.0] * len(panels), [0.0] * len(panels)
    width, top = 0.0, 0.0
    for n, row in enumerate(sorted({p.row for p in panels})):
        members = [i for i, p in enumerate(panels) if p.row == row]
        if n:
            top += GAP + (title_px([panels[i] for i in members]) / cell_px if cell_px else 1.0)
        x = 0.0
        for i in members:
            w = panels[i].shape[1]
            slot = max(w, _title_cells(panels[i].title, cell_px)) if cell_px else w
            offsets[i], tops[i] = x + (slot - w) / 2, top
            x += slot + GAP
        width = max(width, x - GAP)
        top += max(panels[i].shape[0] for i in members)
    return Layout(tuple(offsets), tuple(tops), width, top)


def _fit(width_cells: float, width_px: int) -> float:
    return max(6.0, min(64.0, (width_px - 40) / (width_cells + 1)))


def cell_pixels(anim: GridAnimation, width_px: int = 1200) -> float:
    """Size of a cell on screen so that the whole figure (titles included) fits ``width_px``."""
    cell = _fit(layout_of(anim.panels).width, width_px)
    for _ in range(4):
        cell = _fit(layout_of(anim.panels, cell).width, width_px)
    return cell


NUMBERS_FROM_PX = 34
"""Smallest cell (px) numbers are written in; a figure may lower it for short numbers."""


def shows_numbers(anim: GridAnimation, width_px: int = 1200,
                  numbers_from_px: float = NUMBERS_FROM_PX) -> bool:
    """Numbers are written in cells only when they can be read (cells ≥ ``numbers_from_px``)."""
    return cell_pixels(anim, width_px) >= numbers_from_px


def _square(x: float, y: float, inset: float = 0.0) -> tuple[list[float | None], list[float | None]]:
    a, b = 0.5 - inset, 0.5 - inset
    return ([x - a, x + a, x + a, x - a, x - a, None], [y - b, y - b, y + b, y + b, y - b, None])


def _squares(lay: Layout, cells: Sequence[PanelCell], inset: float = 0.0) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for p, r, c in cells:
        x, y = lay.xy(p, r, c)
        sx, sy = _square(x, y, inset)
        xs += sx
        ys += sy
    return xs, ys


# --- the Plotly figure -------------------------------------------------------------------------

def _dynamic_traces(anim: GridAnimation, lay: Layout, step: Step, numbers: bool,
                    font: float) -> list[go.Scatter]:
    """The traces that change from frame to frame, always in the same order."""
    window = [(p, r, c) for p, cells in step.window.items() for r, c in cells]
    target = [(p, r, c) for p, cells in step.target.items() for r, c in cells]
    wx, wy = _squares(lay, window, inset=0.04)
    tx, ty = _squares(lay, target, inset=0.04)
    bx: list = []
    by: list = []
    for p, r0, c0, r1, c1 in step.boxes:
        x0, y0 = lay.xy(p, r0, c0)
        x1, y1 = lay.xy(p, r1, c1)
        bx += [x0 - 0.5, x1 + 0.5, x1 + 0.5, x0 - 0.5, x0 - 0.5, None]
        by += [y0 + 0.5, y0 + 0.5, y1 - 0.5, y1 - 0.5, y0 + 0.5, None]
    lx: list = []
    ly: list = []
    for (p0, r0, c0), (p1, r1, c1) in step.links:
        x0, y0 = lay.xy(p0, r0, c0)
        x1, y1 = lay.xy(p1, r1, c1)
        lx += [x0, x1, None]
        ly += [y0, y1, None]
    nx, ny, nt = [], [], []
    if numbers:
        for (p, r, c), text in step.notes.items():
            x, y = lay.xy(p, r, c)
            nx.append(x + 0.46)
            ny.append(y - 0.46)
            nt.append(text)
    traces = [
        go.Scatter(x=wx, y=wy, mode="lines", fill="toself", fillcolor="rgba(230,159,0,0.55)",
                   line={"color": WINDOW_EDGE, "width": 3}, hoverinfo="skip", showlegend=False),
        go.Scatter(x=tx, y=ty, mode="lines", fill="toself", fillcolor="rgba(0,114,178,0.45)",
                   line={"color": TARGET_EDGE, "width": 4}, hoverinfo="skip", showlegend=False),
        go.Scatter(x=bx, y=by, mode="lines", line={"color": WINDOW_EDGE, "width": 2.5, "dash": "dash"},
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=lx, y=ly, mode="lines+markers",
                   line={"color": LINK, "width": 2.5, "dash": "dot"},
                   marker={"size": 8, "color": LINK, "symbol": "circle-open",
                           "line": {"width": 2.5}},
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=nx, y=ny, mode="text", text=nt, textposition="top left",
                   textfont={"size": max(MIN_FONT, font * 0.62), "color": WINDOW_EDGE,
                             "family": "Arial Black, Arial, sans-serif"},
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=[-0.5], y=[-lay.height - 0.1], mode="text", text=[step.caption],
                   textposition="bottom right",
                   textfont={"size": 20, "color": "#111111"}, hoverinfo="skip", showlegend=False),
    ]
    for i, panel in enumerate(anim.panels):
        if not panel.dynamic_text:
            continue
        xs, ys, ts = [], [], []
        if numbers:
            for (r, c), text in step.texts.get(i, {}).items():
                x, y = lay.xy(i, r, c)
                xs.append(x)
                ys.append(y)
                ts.append(text)
        traces.append(go.Scatter(x=xs, y=ys, mode="text", text=ts,
                                 textfont={"size": font, "color": "#111111"},
                                 hoverinfo="skip", showlegend=False))
    return traces


def _static_traces(anim: GridAnimation, lay: Layout, numbers: bool, font: float,
                   lang: str
                   ) -> tuple[list[go.BaseTraceType], list[go.BaseTraceType]]:
    """Traces that never change: (cells, hatches and grid lines; the numbers drawn over them).
    The highlights go between the two, so the numbers stay readable on top of them."""
    traces: list[go.BaseTraceType] = []
    kinds_present = sorted({int(k) for p in anim.panels for k in np.unique(p.kinds)})
    scale = []
    for k in range(6):
        lo, hi = k / 6, (k + 1) / 6
        scale += [[lo, FILL[k]], [hi, FILL[k]]]
    for i, panel in enumerate(anim.panels):
        h, w = panel.shape
        x0, y0 = lay.offsets[i], lay.tops[i]
        hover = panel.hover
        if hover is None:
            hover = [[f"{panel.title} [{r}, {c}] = {format_value(panel.values[r, c], lang)}"
                      for c in range(w)] for r in range(h)]
        traces.append(go.Heatmap(
            z=panel.kinds.astype(float), x=[x0 + c for c in range(w)], y=[-y0 - r for r in range(h)],
            zmin=-0.5, zmax=5.5, colorscale=scale, showscale=False, text=hover,
            hovertemplate="%{text}<extra></extra>",
        ))
    for kind, shape in HATCH.items():
        if kind not in kinds_present:
            continue
        cells = [(i, r, c) for i, p in enumerate(anim.panels)
                 for r, c in zip(*np.nonzero(p.kinds == kind), strict=True)]
        xs, ys = _squares(lay, cells)
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor="rgba(0,0,0,0)",
            fillpattern={"shape": shape, "fgcolor": "#8A8A8A", "size": 10, "solidity": 0.25},
            line={"width": 0}, hoverinfo="skip", showlegend=False,
        ))
    gx: list = []
    gy: list = []
    for i, panel in enumerate(anim.panels):
        h, w = panel.shape
        x0, y0 = lay.offsets[i], lay.tops[i]
        for r in range(h + 1):
            gx += [x0 - 0.5, x0 + w - 0.5, None]
            gy += [-y0 - r + 0.5, -y0 - r + 0.5, None]
        for c in range(w + 1):
            gx += [x0 + c - 0.5, x0 + c - 0.5, None]
            gy += [-y0 + 0.5, -y0 - h + 0.5, None]
    traces.append(go.Scatter(x=gx, y=gy, mode="lines", line={"color": GRID_LINE, "width": 1.2},
                             hoverinfo="skip", showlegend=False))
    texts: list[go.BaseTraceType] = []
    if numbers:
        for kind in kinds_present:
            xs, ys, ts = [], [], []
            for i, panel in enumerate(anim.panels):
                if panel.dynamic_text:
                    continue
                for r, c in zip(*np.nonzero(panel.kinds == kind), strict=True):
                    text = format_value(panel.values[r, c], lang)
                    if text:
                        x, y = lay.xy(i, r, c)
                        xs.append(x)
                        ys.append(y)
                        ts.append(text)
            if ts:
                italic = kind in (PADDING, INSERTED)
                texts.append(go.Scatter(
                    x=xs, y=ys, mode="text", text=ts, hoverinfo="skip", showlegend=False,
                    textfont={"size": font, "color": TEXT_COLOR[kind],
                              "style": "italic" if italic else "normal"},
                ))
    return traces, texts


def _legend_traces(anim: GridAnimation) -> list[go.Scatter]:
    """Invisible points that only draw legend entries (kinds and highlights)."""
    traces = []
    for name, label in anim.legend:
        if name == "window":
            marker = {"color": "rgba(230,159,0,0.7)", "line": {"color": WINDOW_EDGE, "width": 3}}
        elif name == "target":
            marker = {"color": "rgba(0,114,178,0.6)", "line": {"color": TARGET_EDGE, "width": 3}}
        elif name == "link":
            marker = {"color": LINK, "line": {"color": LINK, "width": 1}}
        else:
            kind = {"input": INPUT, "padding": PADDING, "output": OUTPUT, "kernel": KERNEL,
                    "inserted": INSERTED}[name]
            marker = {"color": FILL[kind], "line": {"color": GRID_LINE, "width": 1.5}}
            if kind == PADDING:  # a legend marker cannot be hatched: a crossed square hints at it
                marker["symbol"] = "square-x"
            elif kind == INSERTED:
                marker["symbol"] = "square-dot"
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=label,
                                 marker={"symbol": "square", "size": 20} | marker,
                                 showlegend=True, hoverinfo="skip"))
    return traces


def figure(anim: GridAnimation, lang: str = "en", width_px: int = 1200,
           duration_ms: int = 900, open_at: int = 0,
           numbers_from_px: float = NUMBERS_FROM_PX) -> go.Figure:
    """The animated Plotly figure of ``anim``.

    ``lang`` is the language numbers are written in; ``width_px`` is the width the figure
    is drawn for (cell and font sizes follow it); ``duration_ms`` is the time per frame when
    playing; ``open_at`` the step shown before ▶ is pressed (``-1``: the last, every output
    written); ``numbers_from_px`` the smallest cell numbers are written in (one or two digits
    read in 26-px cells). Frame ``i`` is named ``str(i)`` and shows ``anim.steps[i]``.
    """
    if not anim.steps:
        raise ValueError("an animation needs at least one step")
    cell = cell_pixels(anim, width_px)
    lay = layout_of(anim.panels, cell)
    numbers = shows_numbers(anim, width_px, numbers_from_px)
    font = max(MIN_FONT, min(24.0, cell * 0.40))
    under, over = _static_traces(anim, lay, numbers, font, lang)
    open_at = open_at % len(anim.steps)
    first = _dynamic_traces(anim, lay, anim.steps[open_at], numbers, font)
    legend = _legend_traces(anim)
    # the two highlight fills (window, target) sit under the numbers; the rest above them
    start = len(under) + 2 + len(over)
    dynamic_index = [len(under), len(under) + 1, *range(start, start + len(first) - 2)]
    fig = go.Figure(data=[*under, *first[:2], *over, *first[2:], *legend])
    fig.frames = [
        go.Frame(data=_dynamic_traces(anim, lay, step, numbers, font), traces=dynamic_index,
                 name=str(i))
        for i, step in enumerate(anim.steps)
    ]
    caption_lines = max(s.caption.count("<br>") + 1 for s in anim.steps)
    top_titles = title_px([p for p in anim.panels if p.row == min(q.row for q in anim.panels)])
    caption_px = 30 * caption_lines + 20
    grid_px = cell * lay.height
    height = int(grid_px + top_titles + caption_px + 190)
    annotations = [
        {"x": lay.offsets[i] + p.shape[1] / 2 - 0.5, "y": 0.6 - lay.tops[i], "xref": "x", "yref": "y",
         "text": f"<b>{p.title}</b>", "showarrow": False, "yanchor": "bottom",
         "font": {"size": TITLE_PX, "color": "#111111"}}
        for i, p in enumerate(anim.panels)
    ]
    frame_args = {"frame": {"duration": duration_ms, "redraw": False}, "mode": "immediate",
                  "fromcurrent": True, "transition": {"duration": 0}}
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 110},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        font={"size": 16, "color": "#111111"},
        hoverlabel={"font": {"size": 16}},
        annotations=annotations,
        showlegend=bool(legend),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 16},
                "itemclick": False, "itemdoubleclick": False},
        xaxis={"visible": False, "range": [-0.8, lay.width + 0.3], "fixedrange": True},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1, "fixedrange": True,
               "range": [-lay.height - 0.4 - caption_px / cell, 0.6 + top_titles / cell]},
        updatemenus=[{
            "type": "buttons", "direction": "left", "showactive": False,
            "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "pad": {"t": 10, "r": 10},
            "font": {"size": 16},
            "buttons": [
                {"label": anim.play, "method": "animate", "args": [None, frame_args]},
                {"label": anim.pause, "method": "animate",
                 "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                                   "transition": {"duration": 0}}]},
            ],
        }],
        sliders=[{
            "active": open_at, "x": 0.2, "len": 0.8, "y": 0, "yanchor": "top", "pad": {"t": 10},
            "currentvalue": {"prefix": f"{anim.step_label} ", "font": {"size": 16}},
            # dozens of tick labels would overlap: then only the current value is written
            "font": {"size": 14, "color": "#333333" if len(anim.steps) <= 16 else "rgba(0,0,0,0)"},
            "steps": [
                {"label": s.label, "method": "animate",
                 "args": [[str(i)], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                                     "transition": {"duration": 0}}]}
                for i, s in enumerate(anim.steps)
            ],
        }],
    )
    return fig
