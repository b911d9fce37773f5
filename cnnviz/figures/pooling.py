"""The pooling lesson's figures: the window animation on numbers, the photo through each kind,
the shift experiment, and PNG/GIF exports.

Values come from :mod:`cnnviz.ops.pooling` (equal to torch's); this module only arranges them.
The animation is a :class:`~cnnviz.figures.grid.GridAnimation` (frames played in the browser).
Every function takes plain values (numpy arrays, ints) and, for labels, a translator ``t``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import torch
from PIL import Image, ImageDraw

from cnnviz.figures import raster
from cnnviz.figures.grid import (
    EMPTY,
    INPUT,
    OUTPUT,
    PADDING,
    GridAnimation,
    Panel,
    Step,
    figure,
    format_value,
    thin,
)
from cnnviz.geometry import GeometryError, Pair, pair
from cnnviz.i18n import Translator
from cnnviz.ops.pooling import (
    adaptive_pool2d,
    global_pool2d,
    pool2d,
    pool_output_size,
    pool_padding_extent,
    pool_steps,
    shift_sensitivity,
)

MAX_FRAMES = 120
"""Longest window animation sent to the browser; longer ones are thinned evenly."""

MAX_WRITTEN_TERMS = 16
"""Above this many cells, a caption gives the sum instead of writing every term."""

KIND_COLORS = {"max": "#0072B2", "avg": "#E69F00", "lp": "#009E73", "min": "#CC79A7",
               "none": "#555555"}
"""Okabe–Ito colours (colour-blind safe), one per kind; ``none`` is the no-pooling baseline."""
KIND_SYMBOLS = {"max": "circle", "avg": "square", "lp": "diamond", "min": "triangle-up",
                "none": "x"}

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def kind_name(t: Translator, kind: str, p: float = 2, short: bool = False) -> str:
    """``'Max pooling'`` / ``'L2 pooling'`` (or the short ``'Max'``) in ``t``'s language."""
    return t(f"pooling.{'short' if short else 'kind'}.{kind}", p=_p_text(p))


def _p_text(p: float) -> str:
    return str(int(p)) if float(p).is_integer() else f"{p:g}"


def demo_grid(size: int | Pair, seed: int = 0) -> np.ndarray:
    """A reproducible grid of small integers 0–9 (float64): the same seed, the same numbers."""
    h, w = pair(size, "size")
    return np.random.default_rng(int(seed)).integers(0, 10, size=(h, w)).astype(np.float64)


# --- 1. the window animation ---------------------------------------------------------------------

def _caption(t: Translator, kind: str, step, p: float, window_cells: int,
             count_include_pad: bool) -> str:
    """One line of arithmetic for ``kind`` at one window (numbers in ``t``'s language)."""
    num = getattr(t, "num", None)

    def fmt(v: float) -> str:
        return format_value(v, num)

    result = fmt(step.value)
    if kind in ("max", "min"):
        values = ", ".join(fmt(v) for v in step.values if v is not None)
        return t(f"pooling.num.cap.{kind}", values=values, result=result)
    if kind == "avg":
        inside = [v for v in step.values if v is not None]
        pads = sum(reg == "pad" for reg in step.region)
        n = fmt(step.divisor)
        if len(inside) > MAX_WRITTEN_TERMS:
            text = t("pooling.num.cap.avg_long", count=len(inside), total=fmt(step.total), n=n,
                     result=result)
        else:
            text = t("pooling.num.cap.avg", sum=" + ".join(fmt(v) for v in inside), n=n,
                     result=result)
        if pads:
            text += " " + t("pooling.num.cap.pad_in" if count_include_pad else "pooling.num.cap.pad_out",
                            n=pads)
        return text
    # lp
    values = [v for v in step.values if v is not None]
    ptxt = _p_text(p)
    if len(values) > MAX_WRITTEN_TERMS:
        return t("pooling.num.cap.lp_long", p=ptxt, count=len(values), total=fmt(step.total),
                 result=result)
    sup = ptxt.translate(_SUPERSCRIPT) if float(p).is_integer() else f"^{ptxt}"
    terms = " + ".join(fmt(v) if p == 1 else f"{fmt(v)}{sup}" for v in values)
    if step.divisor is not None and abs(step.divisor - 1.0) > 1e-9:  # torch rescales partial windows
        terms = f"({terms}) × {window_cells}/{sum(r == 'input' for r in step.region)}"
    if p == 1:
        formula = terms
    elif p == 2:
        formula = f"√({terms})"
    else:
        formula = f"({terms})^(1/{ptxt})"
    return t("pooling.num.cap.lp", p=ptxt, formula=formula, result=result)


@dataclass(frozen=True)
class PoolDemo:
    """The animation data and what the page says about it."""

    animation: GridAnimation
    outputs: dict[str, np.ndarray]
    total_steps: int
    skipped: dict[str, GeometryError]
    """Kinds torch refuses with this setting (Lp with padding), with the reason."""


def pool_demo(grid: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
              stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
              count_include_pad: bool, norm_type: float, t: Translator,
              max_frames: int = MAX_FRAMES) -> PoolDemo:
    """The window moving over ``grid`` for every kind at once.

    Raises :class:`GeometryError` when torch refuses the setting (padding, size); a kind torch
    offers only without padding (Lp) is left out and listed in :attr:`PoolDemo.skipped`.
    """
    grid = np.asarray(grid, dtype=np.float64)
    n = (int(grid.shape[0]), int(grid.shape[1]))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    o = pool_output_size(n, k, s, p, ceil_mode)
    top, bottom, left, right = pool_padding_extent(n, k, s, p, ceil_mode)
    he, we = n[0] + top + bottom, n[1] + left + right
    num = getattr(t, "num", None)

    values = np.full((he, we), np.nan)
    values[top: top + n[0], left: left + n[1]] = grid
    cell_kinds = np.full((he, we), EMPTY)
    cell_kinds[: n[0] + 2 * p[0], : n[1] + 2 * p[1]] = PADDING
    cell_kinds[top: top + n[0], left: left + n[1]] = INPUT
    hover = [[t("pooling.num.hover_in", r=r - top, c=c - left, v=format_value(values[r, c], num))
              if cell_kinds[r, c] == INPUT else t("pooling.num.hover_pad")
              if cell_kinds[r, c] == PADDING else t("pooling.num.hover_past")
              for c in range(we)] for r in range(he)]
    title = (t("pooling.num.input_pad", h=n[0], w=n[1], p=p[0]) if any(p)
             else t("pooling.num.input", h=n[0], w=n[1]))
    panels = [Panel(title, values, cell_kinds, hover)]

    steps_by_kind, skipped = {}, {}
    for kind in kinds:
        try:
            steps_by_kind[kind] = pool_steps(grid, kind, k, s, p, ceil_mode, count_include_pad,
                                             norm_type)
        except GeometryError as exc:
            if exc.code != "pool_lp_padding":
                raise
            skipped[kind] = exc
    outputs = {}
    for kind, steps in steps_by_kind.items():
        out = np.array([st.value for st in steps]).reshape(o)
        outputs[kind] = out
        name = kind_name(t, kind, norm_type)
        out_hover = [[t("pooling.num.hover_out", kind=name, r=r, c=c, v=format_value(out[r, c], num))
                      for c in range(o[1])] for r in range(o[0])]
        panels.append(Panel(t("pooling.num.output", kind=kind_name(t, kind, norm_type, short=True),
                              h=o[0], w=o[1]),
                            np.full(o, np.nan), np.full(o, OUTPUT), out_hover, dynamic_text=True))

    total = o[0] * o[1]
    steps = []
    for index in thin(total, max_frames):
        oi, oj = divmod(index, o[1])
        first = next(iter(steps_by_kind.values()))[index] if steps_by_kind else None
        window_cells = list(first.cells) if first else []
        target: dict[int, list[tuple[int, int]]] = {0: []}
        notes, texts, lines = {}, {}, []
        for j, (kind, kind_steps) in enumerate(steps_by_kind.items(), start=1):
            st = kind_steps[index]
            target[j] = [(oi, oj)]
            if st.winner is not None:
                wr, wc = st.cells[st.winner]
                target[0].append((wr, wc))  # blue, not orange: the value taken stays readable
                if (wr, wc) in window_cells:
                    window_cells.remove((wr, wc))
                notes[(0, wr, wc)] = f"{notes[(0, wr, wc)]}/{kind}" if (0, wr, wc) in notes else kind
            texts[j] = {divmod(m, o[1]): format_value(kind_steps[m].value, num)
                        for m in range(index + 1)}
            lines.append(_caption(t, kind, st, norm_type, k[0] * k[1], count_include_pad))
        caption = "<br>".join([t("pooling.num.step_caption", r=oi, c=oj), *lines])
        steps.append(Step(label=str(index + 1), caption=caption, window={0: window_cells},
                          target=target, notes=notes, texts=texts,
                          result=None))
    legend = tuple((name, t(f"pooling.num.legend.{name}"))
                   for name in ("input", "padding", "output", "window", "target")
                   if name != "padding" or any(p) or ceil_mode)
    anim = GridAnimation(tuple(panels), tuple(steps), legend, play=t("word.play"),
                         pause=t("word.pause"), step_label=t("word.step"), total_steps=total)
    return PoolDemo(anim, outputs, total, skipped)


def pool_figure(demo: PoolDemo, t: Translator, width_px: int = 1200) -> go.Figure:
    """The animated Plotly figure of :func:`pool_demo`, opened on the last window (every output
    value visible); ▶ replays it from the first window."""
    fig = figure(demo.animation, getattr(t, "num", None), width_px=width_px)
    last = fig.frames[-1]
    with fig.batch_update():
        for index, trace in zip(last.traces, last.data, strict=True):
            fig.data[index].update(x=trace.x, y=trace.y, text=trace.text)
        fig.layout.sliders[0].active = len(fig.frames) - 1
    return fig


def demo_gif(demo: PoolDemo, t: Translator, width_px: int = 1000) -> bytes:
    """The window animation as a looping GIF (drawn with Pillow by :mod:`cnnviz.figures.raster`)."""
    return raster.gif(demo.animation, getattr(t, "num", None), width_px=width_px)


# --- 2. the photo ------------------------------------------------------------------------------------

def pool_photo(image: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
               stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
               count_include_pad: bool, norm_type: float) -> dict[str, np.ndarray | GeometryError]:
    """``image`` (C, H, W) in [0, 1] through each kind: kind -> (C, h, w) float32 array, or the
    :class:`GeometryError` torch's rules raise for that kind (the others still come out)."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float32))
    result: dict[str, np.ndarray | GeometryError] = {}
    for kind in kinds:
        try:
            y = pool2d(x, kind, kernel_size, stride, padding, ceil_mode, count_include_pad, norm_type)
        except GeometryError as exc:
            result[kind] = exc
        else:
            result[kind] = y.numpy()
    return result


def display_range(kind: str, kernel_size: int | Pair, norm_type: float) -> tuple[float, float]:
    """The value range mapped to black..white: [0, 1] for max/avg/min; Lp of a window of ones is
    ``(kh·kw)^(1/p)``, so an Lp map is divided by that to stay comparable."""
    if kind != "lp":
        return 0.0, 1.0
    k = pair(kernel_size, "kernel")
    return 0.0, float((k[0] * k[1]) ** (1.0 / norm_type))


def to_picture(arr: np.ndarray, lo: float = 0.0, hi: float = 1.0, factor: int = 1) -> Image.Image:
    """(C, H, W) or (H, W) array -> an RGB/L image, ``[lo, hi]`` to 0..255, enlarged ``factor``
    times with nearest-neighbour so every pixel stays a visible square."""
    a = np.asarray(arr, dtype=np.float32)
    if a.ndim == 3:
        a = a.transpose(1, 2, 0)
    scaled = np.clip((a - lo) / (hi - lo) * 255.0, 0, 255).round().astype(np.uint8)
    img = Image.fromarray(scaled, "RGB" if scaled.ndim == 3 else "L")
    if factor > 1:
        img = img.resize((img.width * factor, img.height * factor), Image.Resampling.NEAREST)
    return img


def swatch(rgb: Sequence[int], size: int = 64, border: int = 2) -> Image.Image:
    """A ``size``-pixel square of one colour (0..255 values) with a dark grey border, so that
    even white stays visible on a white page."""
    img = Image.new("RGB", (size, size), "#444444")
    img.paste(Image.new("RGB", (size - 2 * border,) * 2, tuple(int(v) for v in rgb)), (border, border))
    return img


def display_factor(width: int, target: int = 384) -> int:
    """The whole-number enlargement that draws a ``width``-pixel input about ``target`` px wide."""
    return max(1, target // max(1, width))


def comparison_image(panels: Sequence[tuple[str, Image.Image]], gap: int = 24,
                     font_size: int = 20) -> Image.Image:
    """Pictures side by side, top-aligned, each with its label above (PNG/GIF export)."""
    font = raster.font(font_size)
    label_h = font_size + 14
    widths = []
    for label, img in panels:
        box = font.getbbox(label)
        widths.append(max(img.width, box[2] - box[0] + 4))
    width = sum(widths) + gap * (len(panels) + 1)
    height = label_h + max(img.height for _, img in panels) + 2 * gap
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    x = gap
    for (label, img), w in zip(panels, widths, strict=True):
        draw.text((x, gap // 2), label, fill="#111111", font=font)
        canvas.paste(img.convert("RGB"), (x, gap // 2 + label_h))
        x += w + gap
    return canvas


def png_bytes(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")  # optimize=True costs ~10× the time for a few % of bytes
    return buffer.getvalue()


def photo_panels(image: np.ndarray, outputs: dict[str, np.ndarray | GeometryError],
                 kernel_size: int | Pair, norm_type: float, t: Translator,
                 factor: int) -> list[tuple[str, Image.Image]]:
    """(label, enlarged picture) for the input and every kind that came out, same pixel size."""
    c, h, w = image.shape
    panels = [(t("pooling.photo.caption", name=t("word.input"), c=c, h=h, w=w),
               to_picture(image, factor=factor))]
    for kind, out in outputs.items():
        if isinstance(out, GeometryError):
            continue
        lo, hi = display_range(kind, kernel_size, norm_type)
        panels.append((t("pooling.photo.caption", name=kind_name(t, kind, norm_type), c=out.shape[0],
                          h=out.shape[1], w=out.shape[2]), to_picture(out, lo, hi, factor)))
    return panels


def shift_gif(image: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
              stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
              count_include_pad: bool, norm_type: float, max_shift: int, t: Translator,
              factor: int, duration_ms: int = 800) -> bytes:
    """A GIF: the photo moved left by 0..``max_shift`` px, and every kind's output, frame by
    frame (the same crops as :func:`cnnviz.ops.pooling.shift_sensitivity`)."""
    image = np.asarray(image, dtype=np.float32)
    width = image.shape[-1] - max_shift
    frames = []
    for d in range(max_shift + 1):
        crop = image[..., d: d + width]
        outputs = pool_photo(crop, kinds, kernel_size, stride, padding, ceil_mode,
                             count_include_pad, norm_type)
        panels = photo_panels(crop, outputs, kernel_size, norm_type, t, factor)
        panels[0] = (f"{panels[0][0]} ({t('pooling.photo.shift_label', d=d)})", panels[0][1])
        frames.append(comparison_image(panels))
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], loop=0,
                   duration=duration_ms, optimize=False)
    return buffer.getvalue()


# --- 3. the shift experiment ----------------------------------------------------------------------------

def shift_curves(image: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
                 stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
                 count_include_pad: bool, norm_type: float, max_shift: int) -> dict[str, list[float]]:
    """:func:`cnnviz.ops.pooling.shift_sensitivity` for the kinds torch accepts here."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float64))
    curves: dict[str, list[float]] = {}
    for kind in kinds:
        try:
            curves[kind] = shift_sensitivity(x, [kind], kernel_size, stride, padding, ceil_mode,
                                             count_include_pad, norm_type, max_shift)[kind]
        except GeometryError:
            continue
    curves["none"] = shift_sensitivity(x, [], kernel_size, stride, 0, False, True, norm_type,
                                       max_shift)["none"]
    return curves


def shift_figure(curves: dict[str, list[float]], stride: int, norm_type: float,
                 t: Translator) -> go.Figure:
    """Line chart: shift (px) -> mean change of each kind's output (%), baseline dashed."""
    fig = go.Figure()
    num = getattr(t, "num", None)
    for kind, values in curves.items():
        name = (t("pooling.shift.baseline", s=stride) if kind == "none"
                else kind_name(t, kind, norm_type))
        fig.add_trace(go.Scatter(
            x=list(range(len(values))), y=values, name=name, mode="lines+markers",
            line={"color": KIND_COLORS[kind], "width": 4, "dash": "dash" if kind == "none" else "solid"},
            marker={"size": 13, "symbol": KIND_SYMBOLS[kind], "color": KIND_COLORS[kind]},
            hovertemplate=f"{name}<br>%{{x}} px: %{{customdata}} %<extra></extra>",
            customdata=[num(v, 1) if num else f"{v:.1f}" for v in values],
        ))
    fig.update_layout(
        title={"text": t("pooling.shift.title"), "font": {"size": 20}},
        height=440, margin={"l": 80, "r": 20, "t": 60, "b": 70},
        font={"size": 16, "color": "#111111"}, paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        legend={"font": {"size": 16}, "orientation": "v", "x": 1.02, "y": 1},
        separators=", " if getattr(t, "lang", "en") == "fr" else ".,",
        xaxis={"title": {"text": t("pooling.shift.x"), "font": {"size": 18}}, "dtick": 1,
               "tickfont": {"size": 16}, "gridcolor": "#DDDDDD", "zeroline": False},
        yaxis={"title": {"text": t("pooling.shift.y"), "font": {"size": 18}}, "rangemode": "tozero",
               "tickfont": {"size": 16}, "gridcolor": "#DDDDDD"},
    )
    return fig


# --- 5. global and adaptive pooling -------------------------------------------------------------------

def adaptive_photo(image: np.ndarray, output_size: int | Pair) -> dict[str, np.ndarray]:
    """``image`` (C, H, W) through adaptive average and max pooling to ``output_size``."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float32))
    return {kind: adaptive_pool2d(x, kind, output_size).numpy() for kind in ("avg", "max")}


def global_colors(image: np.ndarray) -> dict[str, tuple[int, int, int]]:
    """Global average and global max of each channel of ``image`` (C=3, values 0..1), as 0..255
    integers (what a global pooling layer keeps of a photo)."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float32))
    result = {}
    for kind in ("avg", "max"):
        values = global_pool2d(x, kind).reshape(-1) * 255.0
        result[kind] = tuple(round(float(v)) for v in values)
    return result
