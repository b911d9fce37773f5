"""The convolution lesson: the sliding-kernel animation, the transposed convolution in stages,
the output-size formulas with numbers, and a photo filtered with the same settings.

Geometry comes from :mod:`cnnviz.geometry`, values from torch (:mod:`cnnviz.functional`); this
module arranges them into :class:`~cnnviz.animation.GridAnimation` data and LaTeX strings
(drawn by :mod:`cnnviz.render`).
Every function takes plain values and a translator ``t`` (see :func:`cnnviz.i18n.translator`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from cnnviz import geometry
from cnnviz.animation import INPUT, INSERTED, KERNEL, OUTPUT, PADDING, GridAnimation, Panel, Step, thin
from cnnviz.functional import conv2d, transposed_conv2d, transposed_stages
from cnnviz.functional import pad as pad_tensor
from cnnviz.geometry import Pair, pair
from cnnviz.i18n import Translator
from cnnviz.images import fit, to_array, to_gray_array

MAX_FRAMES = 400
"""Longest animation sent to the browser; longer ones are thinned evenly (the page says so)."""

MAX_WRITTEN_TERMS = 25
"""Above this many products, the caption gives their count instead of writing them out."""

TERMS_PER_LINE = 9


# --- the small integer example ------------------------------------------------------------------

def demo_values(size: int | Pair, kernel: int | Pair, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A reproducible small-integer input (values 0–4) and kernel (values −1–2), float32.

    The same ``seed`` always gives the same numbers, so a bookmarked slide shows the same sums.
    """
    size, kernel = pair(size, "size"), pair(kernel, "kernel")
    rng = np.random.default_rng(int(seed))
    x = rng.integers(0, 5, size=size)
    w = rng.integers(-1, 3, size=kernel)
    if not w.any():
        w.flat[w.size // 2] = 1
    return x.astype(np.float32), w.astype(np.float32)


def padding_sources(size: int | Pair, pads: tuple[int, int, int, int], mode: str) -> np.ndarray:
    """For every cell of the padded grid, the ``(row, col)`` of the input cell it holds, or
    ``(-1, -1)`` for a zero. Computed by padding a grid of cell numbers with torch itself, so the
    hint shown for reflect/replicate/circular padding is exactly what torch copies.

    Returns an int array ``(H + top + bottom, W + left + right, 2)``. Raises
    :class:`~cnnviz.geometry.GeometryError` when the mode cannot pad that much.
    """
    h, w = pair(size, "size")
    ids = torch.arange(1, h * w + 1, dtype=torch.float64).reshape(1, 1, h, w)
    padded = pad_tensor(ids, pads, mode)[0, 0].round().to(torch.int64).numpy() - 1
    rows = np.where(padded >= 0, padded // w, -1)
    cols = np.where(padded >= 0, padded % w, -1)
    return np.stack([rows, cols], axis=-1)


# --- captions -------------------------------------------------------------------------------------

def _factor(v: float, t: Translator) -> str:
    text = t.value(v)
    return f"({text})" if text.startswith("−") else text


def step_caption(t: Translator, name: str, out: Pair, terms: list[tuple[float, float]],
                 result: float) -> str:
    """``Output[1, 2] = 1·0 + 2·1 + … = 7``, wrapped every few terms; the count beyond
    :data:`MAX_WRITTEN_TERMS` products."""
    head = t("conv.cell_ref", name=name, i=out[0], j=out[1])
    res = t.value(result)
    if len(terms) > MAX_WRITTEN_TERMS:
        return t("conv.step_many", head=head, count=len(terms), result=res)
    products = [f"{_factor(a, t)}·{_factor(b, t)}" for a, b in terms]
    lines = [" + ".join(products[i:i + TERMS_PER_LINE])
             for i in range(0, len(products), TERMS_PER_LINE)]
    return f"{head} = " + " +<br>    ".join(lines) + f" = <b>{res}</b>"


# --- the convolution animation -------------------------------------------------------------------

@dataclass(frozen=True)
class ConvDemo:
    """Everything the convolution animation shows, as numbers (torch computed ``output``)."""

    anim: GridAnimation
    padded: np.ndarray
    kinds: np.ndarray
    output: np.ndarray
    pads: tuple[int, int, int, int]
    windows: tuple[geometry.Window, ...]

    @property
    def multiply_adds(self) -> int:
        """Multiplications (and additions) done for the whole output: positions × kernel taps."""
        return sum(len(w.cells) for w in self.windows)


def _legend(t: Translator, *names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, t(f"conv.legend.{n}")) for n in names)


def conv_demo(x: np.ndarray, w: np.ndarray, stride: int | Pair = 1, padding: str | int | Pair = 0,
              dilation: int | Pair = 1, mode: str = "zeros", *, t: Translator,
              max_frames: int = MAX_FRAMES) -> ConvDemo:
    """The sliding-kernel animation of ``x`` (H, W) by ``w`` (kh, kw).

    Panels: 0 the padded input, 1 the kernel, 2 the output. One step per output position
    (row-major), highlighting the cells :func:`cnnviz.geometry.windows` says are read, the
    dilated footprint, the copied cells for non-zero padding modes, and the output cell, with the
    products written out. Output values come from :func:`cnnviz.functional.conv2d`.
    Raises :class:`~cnnviz.geometry.GeometryError` for impossible settings.
    """
    x = np.asarray(x, dtype=np.float32)
    w = np.asarray(w, dtype=np.float32)
    size, kernel = (x.shape[0], x.shape[1]), (w.shape[0], w.shape[1])
    s, d = pair(stride, "stride"), pair(dilation, "dilation")
    pads = geometry.resolve_padding(size, kernel, s, padding, d)
    top, _, left, _ = pads
    wins = geometry.windows(size, kernel, s, padding, d)
    o_h, o_w = geometry.conv_output_size(size, kernel, s, padding, d)
    sources = padding_sources(size, pads, mode)
    output = conv2d(torch.from_numpy(x), torch.from_numpy(w), stride=s, padding=padding,
                    dilation=d, padding_mode=mode).numpy()
    padded = pad_tensor(torch.from_numpy(x)[None, None], pads, mode)[0, 0].numpy()
    hp, wp = padded.shape
    kinds = np.full((hp, wp), PADDING, dtype=np.int64)
    kinds[top:top + size[0], left:left + size[1]] = INPUT
    fmt = t.value
    input_name, output_name, kernel_name = t("word.input"), t("word.output"), t("word.kernel")
    mode_name = t(f"conv.pmode.{mode}")

    def hover_in(r: int, c: int) -> str:
        v = fmt(padded[r, c])
        if kinds[r, c] == INPUT:
            return t("conv.cell_ref", name=input_name, i=r - top, j=c - left) + f" = {v}"
        sr, sc = sources[r, c]
        if sr < 0:
            return t("conv.hover.pad_zero")
        return t("conv.hover.pad_copy", mode=mode_name,
                 ref=t("conv.cell_ref", name=input_name, i=int(sr), j=int(sc)), value=v)

    panel_in = Panel(
        t("conv.panel.input_padded", h=size[0], w=size[1], ph=hp, pw=wp) if any(pads)
        else t("conv.panel.input", h=size[0], w=size[1]),
        padded, kinds, [[hover_in(r, c) for c in range(wp)] for r in range(hp)],
    )
    d_text = t("conv.panel.dilation", dh=d[0], dw=d[1]) if d != (1, 1) else ""
    panel_k = Panel(
        t("conv.panel.kernel", h=kernel[0], w=kernel[1]) + d_text, w,
        np.full(kernel, KERNEL, dtype=np.int64),
        [[t("conv.cell_ref", name=kernel_name, i=a, j=b) + f" = {fmt(w[a, b])}"
          for b in range(kernel[1])] for a in range(kernel[0])],
    )
    panel_out = Panel(
        t("conv.panel.output", h=o_h, w=o_w), output, np.full((o_h, o_w), OUTPUT, dtype=np.int64),
        [[t("conv.cell_ref", name=output_name, i=i, j=j) + f" = {fmt(output[i, j])}"
          for j in range(o_w)] for i in range(o_h)],
        dynamic_text=True,
    )
    written: dict[tuple[int, int], str] = {}
    all_steps = []
    order = [(win.out, fmt(output[win.out])) for win in wins]
    for index in thin(len(wins), max_frames):
        win = wins[index]
        written = dict(order[: index + 1])
        terms = [(float(padded[r, c]), float(w.flat[n])) for n, (r, c) in enumerate(win.cells)]
        notes = {(0, r, c): "×" + fmt(w.flat[n])
                 for n, (r, c) in enumerate(win.cells)}
        links = []
        for r, c in win.cells:
            sr, sc = sources[r, c]
            if kinds[r, c] == PADDING and sr >= 0:
                links.append(((0, r, c), (0, int(sr) + top, int(sc) + left)))
        r0, c0 = win.cells[0]
        r1, c1 = win.cells[-1]
        boxes = [(0, r0, c0, r1, c1)] if d != (1, 1) else []
        result = float(output[win.out])
        all_steps.append(Step(
            label=str(index + 1),
            caption=step_caption(t, output_name, win.out, terms, result),
            window={0: win.cells}, target={2: (win.out,)}, boxes=boxes, notes=notes,
            links=links, texts={2: written}, terms=tuple(terms), result=result,
        ))
    legend_names = ["input"] + (["padding"] if any(pads) else []) + ["kernel", "output", "window",
                                                                     "target"]
    if any(pads) and mode != "zeros":
        legend_names.append("link")
    anim = GridAnimation(
        (panel_in, panel_k, panel_out), tuple(all_steps), _legend(t, *legend_names),
        total_steps=len(wins),
    )
    return ConvDemo(anim, padded, kinds, output, pads, tuple(wins))


# --- the transposed convolution ------------------------------------------------------------------

@dataclass(frozen=True)
class TransposedDemo:
    """The transposed convolution in stages; ``matches_torch`` tells whether the stride-1
    convolution of the spread grid equals ``F.conv_transpose2d`` (it always should)."""

    anim: GridAnimation
    padded: np.ndarray
    kinds: np.ndarray
    kernel: np.ndarray
    output: np.ndarray
    origin: tuple[tuple[int, int], ...]
    matches_torch: bool


def transposed_demo(x: np.ndarray, w: np.ndarray, stride: int | Pair = 1, padding: int | Pair = 0,
                    output_padding: int | Pair = 0, dilation: int | Pair = 1, *, t: Translator,
                    max_frames: int = MAX_FRAMES) -> TransposedDemo:
    """The transposed convolution of ``x`` (H, W) by ``w`` (kh, kw) as an ordinary one
    (:func:`cnnviz.functional.transposed_stages`): zeros inserted between input cells for the stride,
    padding ``d·(k−1) − p`` around, then a stride-1 convolution with the flipped kernel.

    Panels: 0 the input, 1 the spread and padded grid, 2 the flipped kernel, 3 the output. Each
    step highlights the window in panel 1, the input cells it actually reads in panel 0 (with a
    line to where each was spread), and the output cell being written.
    """
    x = np.asarray(x, dtype=np.float32)
    w = np.asarray(w, dtype=np.float32)
    st = transposed_stages(torch.from_numpy(x), torch.from_numpy(w), stride, padding,
                           output_padding, dilation)
    d = pair(dilation, "dilation")
    padded = st.padded.numpy()
    kernel = st.kernel.numpy()
    output = st.output.numpy()
    hp, wp = padded.shape
    before_h, _, before_w, _ = st.pads
    kinds = np.full((hp, wp), PADDING, dtype=np.int64)
    sh, sw = st.spread.shape
    r_lo, r_hi = max(before_h, 0), min(before_h + sh, hp)
    c_lo, c_hi = max(before_w, 0), min(before_w + sw, wp)
    if r_lo < r_hi and c_lo < c_hi:
        kinds[r_lo:r_hi, c_lo:c_hi] = INSERTED
    where: dict[tuple[int, int], tuple[int, int]] = {}
    n_h, n_w = x.shape
    for index, (r, c) in enumerate(st.origin):
        if 0 <= r < hp and 0 <= c < wp:
            kinds[r, c] = INPUT
            where[(r, c)] = (index // n_w, index % n_w)
    fmt = t.value
    input_name, output_name = t("word.input"), t("word.output")
    o_h, o_w = output.shape

    def hover_padded(r: int, c: int) -> str:
        if kinds[r, c] == INPUT:
            i, j = where[(r, c)]
            return t("conv.cell_ref", name=input_name, i=i, j=j) + \
                f" = {fmt(padded[r, c])}"
        return t("conv.hover.inserted") if kinds[r, c] == INSERTED else t("conv.hover.pad_zero")

    panels = (
        Panel(t("conv.panel.input", h=n_h, w=n_w), x, np.full(x.shape, INPUT, dtype=np.int64)),
        Panel(t("conv.panel.spread", h=hp, w=wp), padded, kinds,
              [[hover_padded(r, c) for c in range(wp)] for r in range(hp)]),
        Panel(t("conv.panel.flipped", h=w.shape[0], w=w.shape[1]), kernel,
              np.full(kernel.shape, KERNEL, dtype=np.int64)),
        Panel(t("conv.panel.output", h=o_h, w=o_w), output,
              np.full(output.shape, OUTPUT, dtype=np.int64), dynamic_text=True),
    )
    wins = geometry.windows((hp, wp), kernel.shape, 1, 0, d)
    order = [(win.out, fmt(output[win.out])) for win in wins]
    steps = []
    for index in thin(len(wins), max_frames):
        win = wins[index]
        terms = [(float(padded[r, c]), float(kernel.flat[n])) for n, (r, c) in enumerate(win.cells)]
        read = [where[(r, c)] for r, c in win.cells if (r, c) in where]
        links = [((0, *where[(r, c)]), (1, r, c)) for r, c in win.cells if (r, c) in where]
        notes = {(1, r, c): "×" + fmt(kernel.flat[n])
                 for n, (r, c) in enumerate(win.cells)}
        r0, c0 = win.cells[0]
        r1, c1 = win.cells[-1]
        result = float(output[win.out])
        steps.append(Step(
            label=str(index + 1), caption=step_caption(t, output_name, win.out, terms, result),
            window={0: read, 1: win.cells}, target={3: (win.out,)},
            boxes=[(1, r0, c0, r1, c1)] if d != (1, 1) else [], notes=notes, links=links,
            texts={3: dict(order[: index + 1])}, terms=tuple(terms), result=result,
        ))
    legend = ["input", "inserted"] + (["padding"] if (kinds == PADDING).any() else []) + \
        ["kernel", "output", "window", "target"]
    anim = GridAnimation(panels, tuple(steps), _legend(t, *legend), total_steps=len(wins))
    direct = transposed_conv2d(torch.from_numpy(x), torch.from_numpy(w)[None, None], stride=stride,
                               padding=padding, output_padding=output_padding,
                               dilation=dilation).numpy()
    matches = direct.shape == output.shape and bool(np.allclose(direct, output, atol=1e-4))
    return TransposedDemo(anim, padded, kinds, kernel, output, st.origin, matches)


# --- formulas --------------------------------------------------------------------------------------

def _tex_text(text: str) -> str:
    return r"\text{" + text.replace("{", "").replace("}", "").replace("\\", "") + "}"


@dataclass(frozen=True)
class AxisFormula:
    """One axis's output size: ``lines`` of LaTeX (general rule, then the numbers) and ``value``."""

    axis: int
    lines: tuple[str, ...]
    value: int


def conv_formulas(size: int | Pair, kernel: int | Pair, stride: int | Pair = 1,
                  padding: str | int | Pair = 0, dilation: int | Pair = 1, *,
                  t: Translator) -> tuple[AxisFormula, AxisFormula]:
    """The output-size formula per axis with the current numbers substituted.

    ``⌊(n + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1``; for ``'same'`` first the Keras
    rule ``⌈n / s⌉`` and how its total padding is split; for ``'full'`` the padding ``d·(k−1)``.
    Raises :class:`~cnnviz.geometry.GeometryError` like :func:`cnnviz.geometry.conv_output_size`.
    """
    n, k, s, d = (pair(size, "size"), pair(kernel, "kernel"), pair(stride, "stride"),
                  pair(dilation, "dilation"))
    pads = geometry.resolve_padding(n, k, s, padding, d)
    out = geometry.conv_output_size(n, k, s, padding, d)
    o_word = _tex_text(t("word.output"))
    result = []
    for axis in range(2):
        na, ka, sa, da = n[axis], k[axis], s[axis], d[axis]
        pb, pa = pads[2 * axis], pads[2 * axis + 1]
        before, after = _tex_text(t(f"conv.tex.before.{axis}")), _tex_text(t(f"conv.tex.after.{axis}"))
        lines = []
        if isinstance(padding, str) and padding.lower() == "same":
            total = pb + pa
            lines.append(
                rf"{o_word} = \left\lceil \frac{{n}}{{s}} \right\rceil = "
                rf"\left\lceil \frac{{{na}}}{{{sa}}} \right\rceil = {out[axis]}"
            )
            lines.append(
                rf"P = \max\big(({out[axis]} - 1)\cdot {sa} + {da}\cdot({ka} - 1) + 1 - {na},\ 0\big)"
                rf" = {total}"
            )
            lines.append(  # on its own line: the whole does not fit half a projector's width
                rf"p_{{{before}}} = \left\lfloor \tfrac{{P}}{{2}} \right\rfloor = {pb},"
                rf"\quad p_{{{after}}} = P - p_{{{before}}} = {pa}"
            )
        elif isinstance(padding, str) and padding.lower() == "full":
            lines.append(rf"p = d\cdot(k - 1) = {da}\cdot({ka} - 1) = {pb}")
        lines.append(
            rf"{o_word} = \left\lfloor \frac{{n + p_{{{before}}} + p_{{{after}}} - d\cdot(k - 1) - 1}}"
            rf"{{s}} \right\rfloor + 1"
        )
        lines.append(
            rf"= \left\lfloor \frac{{{na} + {pb} + {pa} - {da}\cdot({ka} - 1) - 1}}{{{sa}}}"
            rf" \right\rfloor + 1 = \mathbf{{{out[axis]}}}"
        )
        result.append(AxisFormula(axis, tuple(lines), out[axis]))
    return result[0], result[1]


def transposed_formulas(size: int | Pair, kernel: int | Pair, stride: int | Pair = 1,
                        padding: int | Pair = 0, output_padding: int | Pair = 0,
                        dilation: int | Pair = 1, *, t: Translator) -> tuple[AxisFormula, AxisFormula]:
    """``(n − 1)·s − 2p + d·(k − 1) + output_padding + 1`` per axis, with numbers."""
    n, k, s, d = (pair(size, "size"), pair(kernel, "kernel"), pair(stride, "stride"),
                  pair(dilation, "dilation"))
    p, op = pair(padding, "padding", 0), pair(output_padding, "output_padding", 0)
    out = geometry.transposed_output_size(n, k, s, p, op, d)
    o_word = _tex_text(t("word.output"))
    opad = _tex_text(t("conv.tex.output_padding"))
    result = []
    for axis in range(2):
        lines = (
            rf"{o_word} = (n - 1)\cdot s - 2p + d\cdot(k - 1) + {opad} + 1",
            rf"= ({n[axis]} - 1)\cdot {s[axis]} - 2\cdot {p[axis]} + {d[axis]}\cdot({k[axis]} - 1)"
            rf" + {op[axis]} + 1 = \mathbf{{{out[axis]}}}",
        )
        result.append(AxisFormula(axis, lines, out[axis]))
    return result[0], result[1]


def kernel_latex(kernel: np.ndarray, t: Translator) -> str:
    """A kernel as a LaTeX matrix in ``t``'s language; non-integers with three decimals."""
    rows = []
    for row in np.asarray(kernel, dtype=np.float64):
        rows.append(" & ".join(t.tex(round(v) + 0.0, 0) if abs(v - round(v)) < 1e-9 else t.tex(v, 3)
                               for v in row))
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


# --- a photo filtered with the same settings -------------------------------------------------------

def filter_photo(image: np.ndarray, kernel: np.ndarray, stride: int | Pair = 1,
                 padding: str | int | Pair = 0, dilation: int | Pair = 1,
                 mode: str = "zeros") -> np.ndarray:
    """``image`` (C, H, W) or (H, W) float array convolved channel by channel with ``kernel``
    (kh, kw) by :func:`cnnviz.functional.conv2d`; returns a float32 array of the same rank."""
    x = torch.from_numpy(np.array(image, dtype=np.float32))
    k = torch.from_numpy(np.array(kernel, dtype=np.float32))
    with torch.no_grad():
        return conv2d(x, k, stride=stride, padding=padding, dilation=dilation,
                      padding_mode=mode).numpy()


@dataclass(frozen=True)
class FilteredPhoto:
    """The photo the page filters (``input``: (H, W) grey or (3, H, W)), the result, and both
    shapes as (channels, height, width) (a grey picture has one channel)."""

    input: np.ndarray
    output: np.ndarray
    in_shape: tuple[int, int, int]
    out_shape: tuple[int, int, int]


def filtered_photo(image: Image.Image, kernel, stride: int | Pair = 1,
                   padding: str | int | Pair = 0, dilation: int | Pair = 1, mode: str = "zeros",
                   gray: bool = True, side: int = 256) -> FilteredPhoto:
    """``image`` shrunk to ``side`` px (grey or colour) and filtered by ``kernel`` (nested rows
    of numbers or an array) with the animation's settings (:func:`filter_photo`)."""
    small = fit(image, side)
    arr = to_gray_array(small) if gray else to_array(small)
    out = filter_photo(arr, np.asarray(kernel, dtype=np.float32), stride, padding, dilation, mode)

    def chw(a: np.ndarray) -> tuple[int, int, int]:
        return (1, *a.shape) if a.ndim == 2 else tuple(int(v) for v in a.shape)  # type: ignore[return-value]

    return FilteredPhoto(arr, out, chw(arr), chw(out))


def display_scale(width: int, room: int = 560, most: int = 3) -> int:
    """The whole-number enlargement that shows a ``width``-px picture in about ``room`` px (at
    most ``most``): input and output at the same scale, so a stride visibly shrinks the output."""
    return max(1, min(most, room // max(width, 1)))


def cost_numbers(demo: ConvDemo, kernel: Pair) -> tuple[int, int, int]:
    """(output positions, kernel taps, multiply-adds) of the animated convolution."""
    return len(demo.windows), kernel[0] * kernel[1], demo.multiply_adds
