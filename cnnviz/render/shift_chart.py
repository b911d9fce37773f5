"""The pooling lesson's shift chart without Plotly: an SVG line chart (shift in pixels -> mean
change of each kind's output, in %), written here as text and shown by ``st.image`` (an SVG
string). No JavaScript bundle, a few kilobytes, sharp at any size on a projector.

Every text in it comes from the translation table or the translator's number formatting (no
user text), and is XML-escaped all the same. Each curve is one ``<polyline>`` carrying its kind
(``data-kind``) and the values drawn as text (``data-values``), so tests can read the picture
back: the points' heights, mapped through the y ticks, are the numbers torch computed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

KIND_COLORS = {"max": "#0072B2", "avg": "#E69F00", "lp": "#009E73", "min": "#CC79A7",
               "none": "#555555"}
"""Okabe–Ito colours (colour-blind safe), one per kind; ``none`` is the no-pooling baseline."""

WIDTH = 560
"""The drawing's own width (its viewBox): the page scales it to its column (about 520 px on a
1280-px projector, so text keeps about the size written here)."""
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 58, 22, 84, 230
FONT = 18
"""Tick, axis and legend text, in viewBox units: about the page's own body text."""
INK, GRID, FAMILY = "#111111", "#D5D5D5", "'Source Sans Pro', 'Source Sans 3', Arial, sans-serif"


def nice_ticks(top: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values 0, step, 2·step… covering ``[0, top]`` (about ``count`` of them), and
    the decimals their labels need."""
    top = max(float(top), 1e-9)
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    n = math.ceil(top / step - 1e-9)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) + (1 if step / power == 2.5 else 0)
    return [round(i * step, 10) for i in range(n + 1)], decimals


def _marker(kind: str, x: float, y: float, color: str) -> str:
    r = 7.0
    if kind == "max":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{color}"/>'
    if kind == "avg":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" '
                f'fill="{color}"/>')
    if kind == "lp":
        d = r * 1.35
        return (f'<polygon points="{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} '
                f'{x - d:.1f},{y:.1f}" fill="{color}"/>')
    if kind == "min":
        d = r * 1.3
        return (f'<polygon points="{x:.1f},{y - d:.1f} {x + d:.1f},{y + 0.8 * d:.1f} '
                f'{x - d:.1f},{y + 0.8 * d:.1f}" fill="{color}"/>')
    return (f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}'
            f'L{x + r:.1f},{y - r:.1f}" stroke="{color}" stroke-width="3.5"/>')


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a sans-serif line's width (no font metrics in an SVG string)."""
    return 0.56 * size * len(text)


def _legend(items: list[tuple[str, str]], top: float) -> tuple[list[str], float]:
    """Legend entries (sample line, marker, name) laid out in rows under the plot; the parts
    and the height used."""
    parts, x, y, row_h, swatch = [], PLOT_LEFT, top + FONT, FONT + 14, 44
    for kind, name in items:
        w = swatch + 10 + _text_width(name, FONT) + 28
        if x > PLOT_LEFT and x + w > WIDTH - PLOT_RIGHT:
            x, y = PLOT_LEFT, y + row_h
        color = KIND_COLORS[kind]
        dash = ' stroke-dasharray="9 6"' if kind == "none" else ""
        parts.append(f'<line x1="{x}" y1="{y - 6}" x2="{x + swatch}" y2="{y - 6}" '
                     f'stroke="{color}" stroke-width="4"{dash}/>')
        parts.append(_marker(kind, x + swatch / 2, y - 6, color))
        parts.append(f'<text x="{x + swatch + 10}" y="{y}">{escape(name)}</text>')
        x += w
    return parts, y - top + 12


def shift_svg(curves: dict[str, list[float]], names: dict[str, str],
              t: Callable[..., str]) -> str:
    """The chart as SVG markup: x the shift (0..len-1 px), y the mean change (%) from 0, one
    line with markers per curve (``'none'``, the no-pooling baseline, dashed), a title, axis
    titles and a legend from ``t`` (its ``t.num`` writes the tick labels)."""
    shifts = max((len(v) for v in curves.values()), default=1) - 1
    top_value = max((max(v) for v in curves.values() if v), default=0.0)
    ticks, decimals = nice_ticks(top_value * 1.05 if top_value > 0 else 1.0)
    y_max = ticks[-1]
    plot_w = WIDTH - PLOT_LEFT - PLOT_RIGHT
    bottom = PLOT_TOP + PLOT_HEIGHT

    def px(d: float) -> float:
        return PLOT_LEFT + plot_w * (d / shifts if shifts else 0.5)

    def py(v: float) -> float:
        return bottom - PLOT_HEIGHT * v / y_max

    # the title, then the y axis's title written flat above the axis (rotated, it would be
    # longer than the axis in French and hard to read on a projector)
    out = [f'<text x="2" y="24" font-size="{FONT + 2}" font-weight="700">'
           f'{escape(t("pooling.shift.title"))}</text>',
           f'<text x="2" y="{PLOT_TOP - 26}" fill="#333333">{escape(t("pooling.shift.y"))}</text>']
    for v in ticks:  # horizontal grid lines and y tick labels
        y = py(v)
        out.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{WIDTH - PLOT_RIGHT}" y2="{y:.1f}" '
                   f'stroke="{GRID}" stroke-width="1.5"/>')
        out.append(f'<text class="ytick" x="{PLOT_LEFT - 10}" y="{y:.2f}" '
                   f'dominant-baseline="central" text-anchor="end">{escape(t.num(v, decimals))}</text>')
    for d in range(shifts + 1):  # x tick labels
        x = px(d)
        out.append(f'<line x1="{x:.1f}" y1="{PLOT_TOP}" x2="{x:.1f}" y2="{bottom}" '
                   f'stroke="{GRID}" stroke-width="1.5"/>')
        out.append(f'<text class="xtick" x="{x:.1f}" y="{bottom + FONT + 8}" '
                   f'text-anchor="middle">{escape(t.num(d))}</text>')
    out.append(f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{WIDTH - PLOT_RIGHT}" y2="{bottom}" '
               f'stroke="{INK}" stroke-width="2"/>')
    x_title_y = bottom + 2 * FONT + 18
    out.append(f'<text x="{PLOT_LEFT + plot_w / 2:.1f}" y="{x_title_y}" text-anchor="middle" '
               f'fill="#333333">'
               f'{escape(t("pooling.shift.x"))}</text>')
    # the baseline first, under the pooled curves
    order = sorted(curves, key=lambda kind: kind != "none")
    for kind in order:
        values, color = curves[kind], KIND_COLORS[kind]
        points = " ".join(f"{px(d):.2f},{py(v):.2f}" for d, v in enumerate(values))
        dash = ' stroke-dasharray="12 8"' if kind == "none" else ""
        out.append(f'<polyline class="curve" data-kind={quoteattr(kind)} '
                   f'data-values={quoteattr(" ".join(t.num(v, 1) for v in values))} '
                   f'points="{points}" fill="none" stroke="{color}" stroke-width="4" '
                   f'stroke-linejoin="round"{dash}/>')
        out.extend(_marker(kind, px(d), py(v), color) for d, v in enumerate(values))
    legend, legend_h = _legend([(kind, names[kind]) for kind in curves], x_title_y + 14)
    out.extend(legend)
    height = round(x_title_y + 14 + legend_h)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" font-family="{FAMILY}" font-size="{FONT}" '
            f'fill="{INK}" role="img" aria-label={quoteattr(t("pooling.shift.title"))}>'
            f'<rect width="{WIDTH}" height="{height}" fill="#FFFFFF"/>' + "".join(out) + "</svg>")
