"""The pooling lesson: max, average, power-average (Lp) and min pooling side by side, on a grid
of numbers (every window's arithmetic) and on a photo; tolerance to small shifts; pooling
against a strided convolution; global and adaptive pooling.

Values come from torch (:mod:`cnnviz.functional`), sizes and windows from :mod:`cnnviz.geometry`;
this module arranges them into numbers, arrays and a :class:`~cnnviz.animation.GridAnimation`
(drawn by :mod:`cnnviz.render`), with a translator ``t`` for labels.

Kinds: ``'max'``, ``'avg'``, ``'lp'`` (``F.lp_pool2d``: ``(Σ x^p)^(1/p)``, L2 by default; torch
offers it without padding), and ``'min'`` (not a torch layer: ``-max_pool2d(-x)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cnnviz.animation import EMPTY, INPUT, OUTPUT, PADDING, GridAnimation, Panel, Step, thin
from cnnviz.functional import adaptive_pool2d, as_4d, global_pool2d, pool2d
from cnnviz.geometry import GeometryError, Pair, pair, pool_output_size, pool_padding_extent, windows
from cnnviz.i18n import Translator, signed_sum
from cnnviz.summary import layer_table


def effective_stride(kernel_size: int, stride: int | None) -> int:
    """The stride pooling uses: the pool size when none is given (torch's default)."""
    return kernel_size if stride is None else stride


MAX_FRAMES = 120
"""Longest window animation sent to the browser; longer ones are thinned evenly."""
MAX_WRITTEN_TERMS = 16
"""Above this many cells, a caption gives the sum instead of writing every term."""
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def kind_name(t: Translator, kind: str, p: float = 2, short: bool = False) -> str:
    """``'Max pooling'`` / ``'L2 pooling'`` (or the short ``'Max'``) in ``t``'s language."""
    return t(f"pooling.{'short' if short else 'kind'}.{kind}", p=f"{p:g}")


def demo_grid(size: int | Pair, seed: int = 0) -> np.ndarray:
    """A reproducible grid of small integers 0–9 (float64): the same seed, the same numbers."""
    h, w = pair(size, "size")
    return np.random.default_rng(int(seed)).integers(0, 10, size=(h, w)).astype(np.float64)


# --- 1. the window animation: every window's arithmetic ---------------------------------------

@dataclass(frozen=True)
class PoolStep:
    """One output cell of one pooling kind: where its window lies and how its value came out.

    ``cells`` and ``region`` as in :class:`cnnviz.geometry.Window` (``pooling=True``). ``values`` are the
    input values read (``None`` outside the input). ``winner`` is the index into ``cells`` of the
    cell a max/min took; ``total`` and ``divisor`` are the sum (of ``x^p`` for Lp) and what it
    was divided by (avg, lp). ``value`` is the output, equal to torch's.
    """

    out: Pair
    cells: tuple[Pair, ...]
    region: tuple[str, ...]
    values: tuple[float | None, ...]
    value: float
    winner: int | None = None
    total: float | None = None
    divisor: float | None = None


def pool_steps(
    grid: torch.Tensor, kind: str, kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False, count_include_pad: bool = True,
    norm_type: float = 2.0,
) -> list[PoolStep]:
    """Every output cell of pooling the 2-D ``grid`` with ``kind``, with its arithmetic.

    The values come from :func:`pool2d` (equal to torch); ``winner``, ``total`` and ``divisor``
    are read off the same windows.
    """
    g = torch.as_tensor(grid, dtype=torch.float64)
    if g.dim() != 2:
        raise ValueError("pool_steps takes a 2-D grid")
    n = (int(g.shape[0]), int(g.shape[1]))
    p = pair(padding, "padding", minimum=0)
    k = pair(kernel_size, "kernel")
    if kind in ("max", "min"):
        y, idx = pool2d(g, kind, k, stride, p, ceil_mode, return_indices=True)
    else:
        y, idx = pool2d(g, kind, k, stride, p, ceil_mode, count_include_pad, norm_type), None
    steps = []
    for win in windows(n, k, stride, p, pooling=True, ceil_mode=ceil_mode):
        (i, j), cells, region = win.out, win.cells, win.region
        values = tuple(float(g[r - p[0], c - p[1]]) if reg == "input" else None
                       for (r, c), reg in zip(cells, region, strict=True))
        winner = total = divisor = None
        if idx is not None:
            src = divmod(int(idx[i, j]), n[1])
            winner = cells.index((src[0] + p[0], src[1] + p[1]))
        elif kind == "avg":
            total = sum(v for v in values if v is not None)
            counted = ("input", "pad") if count_include_pad else ("input",)
            divisor = float(sum(reg in counted for reg in region))
        else:  # lp: torch averages x^p over the cells inside the input, times kh·kw
            total = sum(v ** norm_type for v in values if v is not None)
            divisor = float(sum(reg == "input" for reg in region)) / (k[0] * k[1])
        steps.append(PoolStep((i, j), cells, region, values, float(y[i, j]), winner, total,
                              divisor))
    return steps


def _caption(t: Translator, kind: str, step, p: float, window_cells: int,
             count_include_pad: bool) -> str:
    """One line of arithmetic for ``kind`` at one window (numbers in ``t``'s language)."""
    fmt = t.value
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
            text = t("pooling.num.cap.avg", sum=signed_sum([fmt(v) for v in inside]), n=n,
                     result=result)
        if pads:
            text += " " + t("pooling.num.cap.pad_in" if count_include_pad else "pooling.num.cap.pad_out",
                            n=pads)
        return text
    # lp
    values = [v for v in step.values if v is not None]
    ptxt = f"{p:g}"
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
    skipped: dict[str, GeometryError]  # kinds torch refuses here (Lp with padding), and why


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
    fmt = t.value
    values = np.full((he, we), np.nan)
    values[top: top + n[0], left: left + n[1]] = grid
    cell_kinds = np.full((he, we), EMPTY)
    cell_kinds[: n[0] + 2 * p[0], : n[1] + 2 * p[1]] = PADDING
    cell_kinds[top: top + n[0], left: left + n[1]] = INPUT
    hover = [[t("pooling.num.hover_in", r=r - top, c=c - left, v=fmt(values[r, c])) if kind == INPUT
              else t("pooling.num.hover_pad" if kind == PADDING else "pooling.num.hover_past")
              for c, kind in enumerate(row)] for r, row in enumerate(cell_kinds)]
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
        out_hover = [[t("pooling.num.hover_out", kind=name, r=r, c=c, v=fmt(out[r, c]))
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
            texts[j] = {divmod(m, o[1]): fmt(kind_steps[m].value) for m in range(index + 1)}
            lines.append(_caption(t, kind, st, norm_type, k[0] * k[1], count_include_pad))
        caption = "<br>".join([t("pooling.num.step_caption", r=oi, c=oj), *lines])
        steps.append(Step(label=str(index + 1), caption=caption, window={0: window_cells},
                          target=target, notes=notes, texts=texts))
    legend = tuple((name, t(f"pooling.num.legend.{name}"))
                   for name in ("input", "padding", "output", "window", "target")
                   if name != "padding" or any(p) or ceil_mode)
    anim = GridAnimation(tuple(panels), tuple(steps), legend, total_steps=total)
    return PoolDemo(anim, outputs, total, skipped)


# --- 2. the photo ---------------------------------------------------------------------------------

def pool_photo(image: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
               stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
               count_include_pad: bool, norm_type: float) -> dict[str, np.ndarray | GeometryError]:
    """``image`` (C, H, W) in [0, 1] through each kind: kind -> (C, h, w) float32 array, or the
    :class:`GeometryError` torch's rules raise for that kind (the others still come out)."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float32))
    result: dict[str, np.ndarray | GeometryError] = {}
    for kind in kinds:
        try:
            result[kind] = pool2d(x, kind, kernel_size, stride, padding, ceil_mode,
                                  count_include_pad, norm_type).numpy()
        except GeometryError as exc:
            result[kind] = exc
    return result


def display_range(kind: str, kernel_size: int | Pair, norm_type: float) -> tuple[float, float]:
    """The value range mapped to black..white: [0, 1] for max/avg/min; Lp of a window of ones is
    ``(kh·kw)^(1/p)``, so an Lp map is divided by that to stay comparable."""
    if kind != "lp":
        return 0.0, 1.0
    k = pair(kernel_size, "kernel")
    return 0.0, float((k[0] * k[1]) ** (1.0 / norm_type))


def photo_panels(image: np.ndarray, outputs: dict[str, np.ndarray | GeometryError],
                 kernel_size: int | Pair, norm_type: float,
                 t: Translator) -> list[tuple[str, np.ndarray, float, float]]:
    """(label, array, lo, hi) for the input and every kind that came out: what the comparison
    picture shows, ``[lo, hi]`` mapped to black..white (:func:`display_range`)."""
    c, h, w = image.shape
    panels = [(t("pooling.photo.caption", name=t("word.input"), c=c, h=h, w=w), image, 0.0, 1.0)]
    for kind, out in outputs.items():
        if isinstance(out, GeometryError):
            continue
        lo, hi = display_range(kind, kernel_size, norm_type)
        panels.append((t("pooling.photo.caption", name=kind_name(t, kind, norm_type), c=out.shape[0],
                          h=out.shape[1], w=out.shape[2]), out, lo, hi))
    return panels


def shift_frames(image: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
                 stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
                 count_include_pad: bool, norm_type: float, max_shift: int,
                 t: Translator) -> list[list[tuple[str, np.ndarray, float, float]]]:
    """The photo moved left by 0..``max_shift`` px and every kind's output, as
    :func:`photo_panels` per shift (the same crops as :func:`shift_sensitivity`)."""
    image = np.asarray(image, dtype=np.float32)
    width = image.shape[-1] - max_shift
    frames = []
    for d in range(max_shift + 1):
        crop = image[..., d: d + width]
        outputs = pool_photo(crop, kinds, kernel_size, stride, padding, ceil_mode,
                             count_include_pad, norm_type)
        panels = photo_panels(crop, outputs, kernel_size, norm_type, t)
        label, arr, lo, hi = panels[0]
        panels[0] = (f"{label} ({t('pooling.photo.shift_label', d=d)})", arr, lo, hi)
        frames.append(panels)
    return frames


# --- 3. the shift experiment -----------------------------------------------------------------------

def shift_sensitivity(
    x: torch.Tensor, kinds: Sequence[str], kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False, count_include_pad: bool = True,
    norm_type: float = 2.0, max_shift: int = 2,
) -> dict[str, list[float]]:
    """How much each pooling's output changes when the input moves left by 0..``max_shift`` px:
    ``x`` (C, H, W) or (H, W). The input seen at shift ``d`` is the crop ``x[..., d : d + W']``
    with ``W' = W - max_shift`` (no border is invented). For each kind, and for ``'none'`` (one
    pixel in ``s`` kept, the same downsampling without pooling), the value at ``d`` is
    ``100 · mean|P(x_d) - P(x_0)| / mean|P(x_0)|``: the mean change in % of the mean output.
    A kind whose setting torch refuses raises :class:`GeometryError` (call it per kind).
    """
    x4, _ = as_4d(torch.as_tensor(x, dtype=torch.float64))
    width = int(x4.shape[-1]) - max_shift
    if width < 1:
        raise GeometryError("kernel_too_big", "the input is narrower than the shift", axis=1,
                            span=max_shift + 1, padded=int(x4.shape[-1]))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")

    def pooled(kind: str, d: int) -> torch.Tensor:
        crop = x4[..., d: d + width]
        if kind == "none":
            return crop[..., :: s[0], :: s[1]]
        return pool2d(crop, kind, k, s, padding, ceil_mode, count_include_pad, norm_type)

    result = {}
    for kind in [*kinds, "none"]:
        base = pooled(kind, 0)
        scale = float(base.abs().mean()) or 1.0
        result[kind] = [100.0 * float((pooled(kind, d) - base).abs().mean()) / scale
                        for d in range(max_shift + 1)]
    return result


def shift_curves(image: np.ndarray, kinds: Sequence[str], kernel_size: int | Pair,
                 stride: int | Pair | None, padding: int | Pair, ceil_mode: bool,
                 count_include_pad: bool, norm_type: float, max_shift: int) -> dict[str, list[float]]:
    """:func:`shift_sensitivity` for the kinds torch accepts here."""
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


def curve_names(curves: dict[str, list[float]], stride: int, norm_type: float,
                t: Translator) -> dict[str, str]:
    """Each curve's label: a kind's name, or the no-pooling baseline (one pixel in ``stride``)."""
    return {kind: t("pooling.shift.baseline", s=stride) if kind == "none"
            else kind_name(t, kind, norm_type) for kind in curves}


def shift_ranking(curves: dict[str, list[float]]) -> list[tuple[float, str]]:
    """``(change at a 1-pixel shift, kind)``, least sensitive first."""
    return sorted((curve[1], kind) for kind, curve in curves.items() if len(curve) > 1)


# --- 4. pooling against a strided convolution ---------------------------------------------------

@dataclass(frozen=True)
class DownsamplingLayer:
    """One way to downsample: its torch module, the output shape it gives, its parameters."""

    name: str
    module: str
    out_shape: tuple[int, ...]
    params: int


def downsampling_layers(
    channels: int, size: int | Pair, kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False,
) -> list[DownsamplingLayer]:
    """Max pooling, average pooling, a strided convolution (C -> C) and a strided depthwise
    convolution with the same window, stride and padding; shapes and parameter counts are what
    :func:`cnnviz.summary.layer_table` measures on the torch modules."""
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    h, w = pair(size, "size")
    pool_output_size((h, w), k, s, p, ceil_mode)  # torch's rules as a GeometryError
    modules = {
        "max": nn.MaxPool2d(k, s, p, ceil_mode=ceil_mode),
        "avg": nn.AvgPool2d(k, s, p, ceil_mode=ceil_mode),
        "conv": nn.Conv2d(channels, channels, k, s, p),
        "depthwise": nn.Conv2d(channels, channels, k, s, p, groups=channels),
    }
    return [DownsamplingLayer(name, repr(module), row.torch_shape, row.params)
            for name, module in modules.items()
            for row in layer_table(nn.Sequential(module), (1, channels, h, w))]


def avg_pool_as_conv(
    x: torch.Tensor, kernel_size: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False, count_include_pad: bool = True,
) -> tuple[Pair, Pair, float]:
    """Average pooling against a depthwise convolution of weights ``1/(kh·kw)``: ``(pool (h, w),
    conv (h, w), largest difference over the cells both have)``. They agree unless windows are
    divided by fewer cells (``count_include_pad=False``), or ``ceil_mode`` keeps a last window."""
    x4, _ = as_4d(torch.as_tensor(x, dtype=torch.float32))
    k = pair(kernel_size, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    c = int(x4.shape[1])
    pooled = pool2d(x4, "avg", k, s, p, ceil_mode, count_include_pad)
    weight = torch.full((c, 1, *k), 1.0 / (k[0] * k[1]))
    conv = F.conv2d(x4, weight, stride=s, padding=p, groups=c)
    h, w = min(pooled.shape[-2], conv.shape[-2]), min(pooled.shape[-1], conv.shape[-1])
    diff = float((pooled[..., :h, :w] - conv[..., :h, :w]).abs().max())
    return (int(pooled.shape[-2]), int(pooled.shape[-1])), (int(conv.shape[-2]), int(conv.shape[-1])), diff


# --- 5. global and adaptive pooling -----------------------------------------------------------------

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
