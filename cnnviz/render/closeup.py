"""Plotly-free pictures for the Activations page's first screens: the class probabilities as
plain HTML bars, and one feature map up close as a picture with its colour bar.

Plotly's 4.7 MB bundle was loaded for these two charts alone; a picture and a few lines of HTML
teach the same (every number is written out) and need no JavaScript. Labels and numbers come in
already translated (the translator formats the numbers); every text is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.render import files
from cnnviz.render.pictures import colorize

TOP_COLOUR = "#1f77b4"
BAR_COLOUR = "#9aa5b1"
TRACK = "#eceff3"
MARK = (230, 159, 0)  # Okabe–Ito orange: the opened unit
GRID = (255, 255, 255)


def probability_html(labels: Sequence[str], probs: Sequence[float] | np.ndarray,
                     texts: Sequence[str]) -> str:
    """One bar per class, as long as its probability, the most likely class in blue and bold:
    ``labels`` (translated class names), ``probs`` (K,), ``texts`` (each probability written
    by the translator, e.g. ``"72,5 %"``). Static HTML (inline styles, no script)."""
    p = np.asarray(probs, dtype=np.float64).reshape(-1)
    if not len(p) == len(labels) == len(texts):
        raise ValueError(f"Got {len(p)} probabilities, {len(labels)} labels, {len(texts)} texts.")
    top = int(np.argmax(p)) if len(p) else -1
    rows = []
    for i, (label, value, text) in enumerate(zip(labels, p, texts, strict=True)):
        width = 100.0 * min(1.0, max(0.0, float(value)))
        colour, weight = (TOP_COLOUR, 700) if i == top else (BAR_COLOUR, 400)
        rows.append(  # the class and its probability on one line, the bar the column's width
            f'<div class="cnnviz-prob" data-class-index="{i}" data-p="{float(value):.6f}" '
            f'style="margin:0.3rem 0 0.7rem 0;font-size:1.15rem;font-weight:{weight};'
            f'color:#1a1a1a"><div style="display:flex;justify-content:space-between;gap:0.6rem">'
            f'<span style="overflow-wrap:anywhere">{html.escape(label)}</span>'
            f'<span style="font-variant-numeric:tabular-nums;white-space:nowrap">'
            f'{html.escape(text)}</span></div>'
            f'<div style="background:{TRACK};height:1.1rem;border-radius:4px;overflow:hidden">'
            f'<div style="height:100%;width:{width:.2f}%;background:{colour}"></div></div></div>')
    return '<div class="cnnviz-probs" role="list">' + "".join(rows) + "</div>"


def cell_size(h: int, w: int, side: int) -> int:
    """Pixels per map cell in :func:`channel_picture` (whole, at least 1)."""
    return max(1, side // max(h, w, 1))


def channel_picture(values: np.ndarray, cmap: str, lo: float, hi: float, *,
                    num: Callable[[float, int], str], side: int = 440, annotate_up_to: int = 12,
                    unit: tuple[int, int] | None = None) -> Image.Image:
    """One channel (H, W) large: each cell a square of one colour (``cmap`` over ``[lo, hi]``,
    as :func:`cnnviz.render.pictures.colorize`), white lines between cells when they are 8 px
    or more, the value written in each cell (``num(value, 2)``) when the map is at most
    ``annotate_up_to`` cells wide and high, and ``unit`` (row, column) outlined in orange.
    Row 0 at the top. Maps of more than ``side / 2`` cells are enlarged to ``side`` px (nearest
    neighbour); maps larger than ``side`` are shown one pixel per cell."""
    arr = np.asarray(values, dtype=np.float32)
    h, w = arr.shape
    span = hi - lo if hi > lo else 1.0
    rgb = colorize(np.clip((arr - lo) / span, 0.0, 1.0), cmap)
    c = cell_size(h, w, side)
    big = np.repeat(np.repeat(rgb, c, axis=0), c, axis=1)
    if c >= 8:
        big[::c, :] = GRID
        big[:, ::c] = GRID
    img = Image.fromarray(big, "RGB")
    if c == 1 and max(h, w) < side:  # a large map: enlarged to ``side`` (nearest, crisp)
        k = side / max(h, w)
        img = img.resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.NEAREST)
    draw = ImageDraw.Draw(img)
    if max(h, w) <= annotate_up_to:
        font = files.font(16 if max(h, w) <= 6 else 13)
        luminance = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32) / 255.0
        for y in range(h):
            for x in range(w):
                draw.text((x * c + c / 2, y * c + c / 2), num(float(arr[y, x]), 2), anchor="mm",
                          font=font, fill="white" if luminance[y, x] < 0.5 else "black")
    if unit is not None:
        y, x = unit
        kx, ky = img.width / w, img.height / h
        width = max(2, min(4, int(kx) // 6))
        pad = width if kx < 4 else 0  # a tiny cell: outline around it, not over it
        draw.rectangle((int(x * kx) - pad, int(y * ky) - pad, int((x + 1) * kx) - 1 + pad,
                        int((y + 1) * ky) - 1 + pad), outline=MARK, width=width)
    return img


def colour_bar(cmap: str, lo_text: str, hi_text: str, height: int, width: int = 22,
               font_size: int = 15) -> Image.Image:
    """A vertical colour bar ``height`` px tall: ``cmap`` from its top (largest value,
    ``hi_text``) to its bottom (``lo_text``), with both written at its right."""
    font = files.font(font_size)
    text_w = max(int(font.getlength(t)) for t in (lo_text, hi_text)) + 8
    ramp = colorize(np.linspace(1.0, 0.0, max(2, height - 2))[:, None].repeat(width, 1), cmap)
    img = Image.new("RGB", (width + 2 + text_w, height), "white")
    img.paste(Image.fromarray(ramp, "RGB"), (1, 1))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width + 1, height - 1), outline=(90, 90, 90))
    draw.text((width + 6, 0), hi_text, fill="#111111", font=font, anchor="la")
    draw.text((width + 6, height - 1), lo_text, fill="#111111", font=font, anchor="ld")
    return img


def with_colour_bar(picture: Image.Image, bar: Image.Image, gap: int = 14) -> Image.Image:
    """``picture`` with ``bar`` at its right, top-aligned, on white."""
    out = Image.new("RGB", (picture.width + gap + bar.width, max(picture.height, bar.height)),
                    "white")
    out.paste(picture, (0, 0))
    out.paste(bar, (picture.width + gap, 0))
    return out


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def markdown_table(rows: Sequence[dict[str, str]], right: Sequence[str] = (),
                   scroll: bool = False) -> str:
    """Rows (dicts with the same keys, the headers) as a Markdown table, every cell escaped
    (nothing in it can become a link, an image, a colour or a formula), its spaces no-break;
    columns named in
    ``right`` right-aligned (numbers). Rendered by Streamlit's own Markdown: no data-frame
    grid, no Arrow (1.2 MB of JavaScript a page view did not need for an 18-row table).
    ``scroll``: inside a box that scrolls sideways on a narrow screen (show it with
    ``unsafe_allow_html``: every cell is escaped, ``<`` and ``>`` included)."""
    if not rows:
        return ""
    headers = list(rows[0])

    def cell(value: object) -> str:
        text = " ".join(str(value).splitlines()).strip()  # keeps narrow no-break spaces
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text) if text else "\u00a0"

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join("---:" if h in right else "---" for h in headers) + "|"]
    lines += ["| " + " | ".join(cell(row[h]).replace(" ", "\u00a0") for h in headers) + " |"
              for row in rows]  # a cell never wraps ("32 × 28 × 28" on one line)
    table = "\n".join(lines)
    # a narrow screen scrolls the table, not the page (the blank lines keep it Markdown)
    return f'<div style="overflow-x:auto">\n\n{table}\n\n</div>' if scroll else table
