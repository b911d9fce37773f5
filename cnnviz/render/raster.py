"""A :class:`~cnnviz.animation.GridAnimation` drawn with Pillow, for GIF/PNG downloads.

The pages play grid animations on the stage (:mod:`cnnviz.render.stage`, drawn in the browser);
kaleido is not available, so the downloads are drawn again here from the same data: same panels,
colours (the stage's palette, ``cnnviz/render/stage/stage.css``), highlights and captions, one
GIF frame per step. Bytes are written by :mod:`cnnviz.render.files`.

Panels are laid out left to right with a gap of :data:`GAP` cells, top-aligned, one line per
:attr:`~cnnviz.animation.Panel.row`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw

from cnnviz.animation import (
    EMPTY,
    INPUT,
    INSERTED,
    KERNEL,
    OUTPUT,
    PADDING,
    GridAnimation,
    Panel,
    Step,
    thin,
)
from cnnviz.i18n import format_value
from cnnviz.render import files
from cnnviz.render.files import font

# --- how each kind of cell looks (Okabe–Ito based, colour-blind safe; as on the stage) ----------

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
GRID_LINE = "#3A3A3A"
WINDOW = "#E69F00"        # orange: the cells the kernel reads at this step
WINDOW_EDGE = "#A35200"
TARGET = "#0072B2"        # blue: the output cell being written
TARGET_EDGE = "#003F66"
LINK = "#CC79A7"          # reddish purple: "this padding cell copies that input cell"
GAP = 1.6
"""Horizontal gap between panels, in cells."""

TITLE_PX = 20
"""Font size the panel titles' widths are estimated for."""


# --- layout ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """Where each panel sits: the column of its left edge and the row of its top edge (both in
    cells; panels of :attr:`Panel.row` ``k`` below those of row ``k - 1``), and the sizes."""

    offsets: tuple[float, ...]
    tops: tuple[float, ...]
    width: float
    height: float


def _plain(markup: str) -> list[str]:
    """A title's or caption's lines (``<br>`` separates them), without markup (``<b>``)."""
    return [re.sub(r"<[^>]+>", "", line) for line in markup.split("<br>")]


def _title_px(panels: Sequence[Panel]) -> int:
    """Height of the panel titles above a row of panels, in pixels."""
    return 26 * max(len(_plain(p.title)) for p in panels) + 14


def _title_cells(title: str, cell_px: float) -> float:
    """Approximate width of a panel title, in cells (bold sans-serif: ~0.62 em per character)."""
    return (max(len(line) for line in _plain(title)) * 0.62 * TITLE_PX + 12) / cell_px


def layout_of(panels: Sequence[Panel], cell_px: float | None = None) -> Layout:
    """Panels side by side, one line per :attr:`Panel.row`. With ``cell_px``, a panel narrower
    than its title gets a wider slot (centred) so titles never overlap, and a row leaves room
    for the titles of the row below."""
    offsets, tops = [0.0] * len(panels), [0.0] * len(panels)
    width, top = 0.0, 0.0
    for n, row in enumerate(sorted({p.row for p in panels})):
        members = [i for i, p in enumerate(panels) if p.row == row]
        if n:
            top += GAP + (_title_px([panels[i] for i in members]) / cell_px if cell_px else 1.0)
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
    """Size of a cell so that the whole picture (titles included) fits ``width_px``."""
    cell = _fit(layout_of(anim.panels).width, width_px)
    for _ in range(4):
        cell = _fit(layout_of(anim.panels, cell).width, width_px)
    return cell


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


class _Canvas:
    """Pixel geometry of the picture: where each cell of each panel is drawn."""

    def __init__(self, anim: GridAnimation, width_px: int) -> None:
        self.anim = anim
        self.cell = int(min(56, cell_pixels(anim, width_px)))
        self.lay = layout_of(anim.panels, self.cell)
        self.margin = 20
        self.title_lines = max(len(_plain(p.title)) for p in anim.panels)
        self.title_h = 24 * self.title_lines + 16
        caption_lines = max(len(_plain(s.caption)) for s in anim.steps)
        self.caption_h = 30 * caption_lines + 20
        self.width = int(self.margin * 2 + (self.lay.width + 0.2) * self.cell)
        self.height = int(self.title_h + self.lay.height * self.cell + self.caption_h + self.margin * 2)
        self.numbers = self.cell >= 26
        self.font_px = max(12, min(24, int(self.cell * 0.42)))

    def box(self, panel: int, row: int, col: int) -> tuple[int, int, int, int]:
        x = self.margin + (self.lay.offsets[panel] + col) * self.cell
        y = self.margin + self.title_h + (self.lay.tops[panel] + row) * self.cell
        return int(x), int(y), int(x + self.cell), int(y + self.cell)

    def centre(self, panel: int, row: int, col: int) -> tuple[int, int]:
        x0, y0, x1, y1 = self.box(panel, row, col)
        return (x0 + x1) // 2, (y0 + y1) // 2


def _base(cv: _Canvas, lang: str) -> Image.Image:
    img = Image.new("RGB", (cv.width, cv.height), "white")
    draw = ImageDraw.Draw(img)
    cell_font = font(cv.font_px)
    title_font = font(18, bold=True)
    for i, panel in enumerate(cv.anim.panels):
        h, w = panel.shape
        x0, y0, _, _ = cv.box(i, 0, 0)
        _, _, x1, _ = cv.box(i, 0, w - 1)
        for n, line in enumerate(reversed(_plain(panel.title))):
            draw.text(((x0 + x1) // 2, y0 - 8 - 24 * n), line, fill="#111111", font=title_font,
                      anchor="md")
        for r in range(h):
            for c in range(w):
                kind = int(panel.kinds[r, c])
                bx = cv.box(i, r, c)
                draw.rectangle(bx, fill=_rgb(FILL[kind]), outline=_rgb(GRID_LINE))
                if kind == PADDING:  # diagonal hatch, as on screen
                    step = max(5, cv.cell // 4)
                    for k in range(0, 2 * cv.cell, step):
                        a = (bx[0] + max(0, k - cv.cell), bx[3] - min(k, cv.cell))
                        b = (bx[0] + min(k, cv.cell), bx[3] - max(0, k - cv.cell))
                        draw.line([(a[0], a[1]), (b[0], b[1])], fill="#ADADAD", width=1)
                    draw.rectangle(bx, outline=_rgb(GRID_LINE))
                elif kind == INSERTED:
                    cx, cy = cv.centre(i, r, c)
                    draw.point([(cx - cv.cell // 4, cy - cv.cell // 4),
                                (cx + cv.cell // 4, cy + cv.cell // 4)], fill="#8A8A8A")
                if cv.numbers and not panel.dynamic_text:
                    text = format_value(panel.values[r, c], lang)
                    if text:
                        draw.text(cv.centre(i, r, c), text, fill=TEXT_COLOR[kind], font=cell_font,
                                  anchor="mm")
    return img


def _frame(cv: _Canvas, base: Image.Image, step: Step,
           lang: str = "en") -> Image.Image:
    img = base.convert("RGBA")
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)
    for panel, cells in step.window.items():
        for r, c in cells:
            od.rectangle(cv.box(panel, r, c), fill=(*_rgb(WINDOW), 140))
    for panel, cells in step.target.items():
        for r, c in cells:
            od.rectangle(cv.box(panel, r, c), fill=(*_rgb(TARGET), 115))
    img = Image.alpha_composite(img, overlay)
    draw = ImageDraw.Draw(img)
    cell_font = font(cv.font_px)
    for panel, cells in step.window.items():
        values = cv.anim.panels[panel]
        for r, c in cells:
            draw.rectangle(cv.box(panel, r, c), outline=_rgb(WINDOW_EDGE), width=3)
            text = format_value(values.values[r, c], lang) if not values.dynamic_text else ""
            if cv.numbers and text:  # the number stays readable over the highlight
                kind = int(values.kinds[r, c])
                draw.text(cv.centre(panel, r, c), text, fill=TEXT_COLOR[kind], font=cell_font,
                          anchor="mm")
    for panel, cells in step.target.items():
        for r, c in cells:
            draw.rectangle(cv.box(panel, r, c), outline=_rgb(TARGET_EDGE), width=4)
    for panel, r0, c0, r1, c1 in step.boxes:
        x0, y0, _, _ = cv.box(panel, r0, c0)
        _, _, x1, y1 = cv.box(panel, r1, c1)
        _dashed_rect(draw, (x0, y0, x1, y1), _rgb(WINDOW_EDGE))
    for a, b in step.links:
        pa, pb = cv.centre(*a), cv.centre(*b)
        draw.line([pa, pb], fill=_rgb(LINK), width=2)
        r = max(6, cv.cell // 3)  # a ring around the copied number, which stays readable
        draw.ellipse([pb[0] - r, pb[1] - r, pb[0] + r, pb[1] + r], outline=_rgb(LINK), width=2)
    if cv.numbers:
        note_font = font(max(11, int(cv.cell * 0.26)), bold=True)
        for (panel, r, c), text in step.notes.items():
            _, _, x1, y1 = cv.box(panel, r, c)
            draw.text((x1 - 3, y1 - 2), text, fill=_rgb(WINDOW_EDGE), font=note_font,
                      anchor="rd")
        for panel, texts in step.texts.items():
            for (r, c), text in texts.items():
                draw.text(cv.centre(panel, r, c), text, fill="#111111", font=cell_font, anchor="mm")
    cap_font = font(20)
    y = cv.margin + cv.title_h + cv.lay.height * cv.cell + 14
    for line in _plain(step.caption):
        draw.text((cv.margin, y), line, fill="#111111", font=cap_font)
        y += 30
    return img.convert("RGB")


def _dashed_rect(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int],
                 color: tuple[int, int, int], dash: int = 8) -> None:
    x0, y0, x1, y1 = box
    for x in range(x0, x1, 2 * dash):
        draw.line([(x, y0), (min(x + dash, x1), y0)], fill=color, width=3)
        draw.line([(x, y1), (min(x + dash, x1), y1)], fill=color, width=3)
    for y in range(y0, y1, 2 * dash):
        draw.line([(x0, y), (x0, min(y + dash, y1))], fill=color, width=3)
        draw.line([(x1, y), (x1, min(y + dash, y1))], fill=color, width=3)


def frames(anim: GridAnimation, lang: str = "en",
           width_px: int = 1000) -> list[Image.Image]:
    """One RGB picture per step of ``anim``."""
    cv = _Canvas(anim, width_px)
    base = _base(cv, lang)
    return [_frame(cv, base, step, lang) for step in anim.steps]


MAX_GIF_FRAMES = 120
"""A longer animation is thinned evenly (first and last steps kept) to keep the file small."""


def gif(anim: GridAnimation, lang: str = "en", width_px: int = 1000,
        duration_ms: int = 900, max_frames: int = MAX_GIF_FRAMES) -> bytes:
    """The animation as GIF bytes: one frame per step (at most ``max_frames``), looping."""
    keep = thin(len(anim.steps), max_frames)
    if len(keep) < len(anim.steps):
        anim = replace(anim, steps=tuple(anim.steps[i] for i in keep))
    return files.gif(frames(anim, lang, width_px), duration_ms, colors=128)


def png(anim: GridAnimation, step: int = 0, lang: str = "en",
        width_px: int = 1000) -> bytes:
    """One step of the animation as PNG bytes."""
    cv = _Canvas(anim, width_px)
    return files.png(_frame(cv, _base(cv, lang), anim.steps[step], lang))
