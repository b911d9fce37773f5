"""The separable lesson's animations as grid-animation data (played by the stage), with the
products written out under the grids and the weights in the cells read.

Depthwise: the window visits channel 1 everywhere, then channel 2, …, each channel with its own
kernel writing its own output map. Standard: one kernel as deep as the input reads the same
window in every channel at once and writes one number. Values come from torch
(:func:`cnnviz.lessons.separable.animation_example`); this module only arranges them into
:class:`~cnnviz.animation.GridAnimation` data. Panels are listed row by row: inputs (row 0),
kernels (row 1), outputs (row 2): three short rows fit a 16:9 screen better than one row per
channel. On a phone the stage takes the other arrangement each panel offers (its ``group``): one
line per channel, its input, kernel and output side by side, for cells large enough to read.
"""

from __future__ import annotations

import numpy as np

from cnnviz.animation import INPUT, KERNEL, OUTPUT, PADDING, GridAnimation, Panel, Step
from cnnviz.i18n import Translator
from cnnviz.lessons.convolution import step_caption
from cnnviz.lessons.separable import AnimationExample


def _padded(x: np.ndarray, pads) -> tuple[np.ndarray, np.ndarray]:
    top, bottom, left, right = pads
    h, w = x.shape
    values = np.zeros((h + top + bottom, w + left + right), dtype=np.float64)
    values[top:top + h, left:left + w] = x
    kinds = np.full(values.shape, PADDING, dtype=np.int64)
    kinds[top:top + h, left:left + w] = INPUT
    return values, kinds


def _legend(t: Translator, padded: bool) -> tuple[tuple[str, str], ...]:
    names = ["input"] + (["padding"] if padded else []) + ["kernel", "output", "window", "target"]
    return tuple((n, t(f"conv.legend.{n}")) for n in names)


def depthwise_grid(ex: AnimationExample, t: Translator, names: list[str]) -> GridAnimation:
    """Panels: inputs of every channel, their kernels, their output maps; one step per channel
    and output position, channel by channel."""
    ch = ex.x.shape[0]
    padded = [_padded(ex.x[c], ex.pads) for c in range(ch)]
    o_h, o_w = ex.dw_out.shape[-2:]
    panels = [Panel(t("sep.anim_in", c=names[c]), *padded[c], row=0, group=c) for c in range(ch)]
    panels += [Panel(t("sep.anim_kernel", c=names[c]), ex.dw[c].astype(np.float64),
                     np.full(ex.dw[c].shape, KERNEL, dtype=np.int64), row=1, group=c)
               for c in range(ch)]
    panels += [Panel(t("sep.anim_out", c=names[c]), ex.dw_out[c].astype(np.float64),
                     np.full((o_h, o_w), OUTPUT, dtype=np.int64), dynamic_text=True, row=2, group=c)
               for c in range(ch)]
    texts: dict[int, dict[tuple[int, int], str]] = {2 * ch + c: {} for c in range(ch)}
    steps = []
    for c in range(ch):
        values, _ = padded[c]
        kernel = ex.dw[c]
        for p, win in enumerate(ex.windows):
            out = divmod(p, o_w)
            result = float(ex.dw_out[c][out])
            texts[2 * ch + c] = {**texts[2 * ch + c], out: t.value(result)}
            terms = [(float(values[r, cc]), float(kernel.flat[n]))
                     for n, (r, cc) in enumerate(win.cells)]
            caption = (t("sep.anim_dw_caption", c=names[c], r=out[0] + 1, col=out[1] + 1,
                         v=t.value(result)) + "<br>"
                       + step_caption(t, f"{t('word.output')} {names[c]}", out, terms, result))
            steps.append(Step(
                label=str(len(steps) + 1), caption=caption, window={c: win.cells},
                target={2 * ch + c: (out,)},
                notes={(c, r, cc): "×" + t.value(float(kernel.flat[n]))
                       for n, (r, cc) in enumerate(win.cells)},
                texts={k: dict(v) for k, v in texts.items()}, terms=tuple(terms), result=result,
            ))
    return GridAnimation(tuple(panels), tuple(steps), _legend(t, any(ex.pads)),
                         total_steps=len(steps))


def standard_grid(ex: AnimationExample, t: Translator, names: list[str]) -> GridAnimation:
    """Panels: inputs of every channel, the slices of the one standard kernel, the one output
    map; one step per output position, reading the same window in every channel."""
    ch = ex.x.shape[0]
    padded = [_padded(ex.x[c], ex.pads) for c in range(ch)]
    o_h, o_w = ex.std_out.shape
    panels = [Panel(t("sep.anim_in", c=names[c]), *padded[c], row=0, group=c) for c in range(ch)]
    panels += [Panel(t("sep.anim_slice", c=names[c]), ex.std[c].astype(np.float64),
                     np.full(ex.std[c].shape, KERNEL, dtype=np.int64), row=1, group=c)
               for c in range(ch)]
    # the one output on the middle channel's line (one line per channel on a phone)
    panels.append(Panel(t("sep.anim_std_out"), ex.std_out.astype(np.float64),
                        np.full((o_h, o_w), OUTPUT, dtype=np.int64), dynamic_text=True, row=2,
                        group=(ch - 1) // 2))
    written: dict[tuple[int, int], str] = {}
    steps = []
    for p, win in enumerate(ex.windows):
        out = divmod(p, o_w)
        result = float(ex.std_out[out])
        written = {**written, out: t.value(result)}
        terms = [(float(padded[c][0][r, cc]), float(ex.std[c].flat[n]))
                 for c in range(ch) for n, (r, cc) in enumerate(win.cells)]
        caption = (t("sep.anim_std_caption", n=ch, r=out[0] + 1, col=out[1] + 1,
                     v=t.value(result)) + "<br>"
                   + step_caption(t, t("word.output"), out, terms, result))
        steps.append(Step(
            label=str(p + 1), caption=caption, window={c: win.cells for c in range(ch)},
            target={2 * ch: (out,)},
            notes={(c, r, cc): "×" + t.value(float(ex.std[c].flat[n]))
                   for c in range(ch) for n, (r, cc) in enumerate(win.cells)},
            texts={2 * ch: dict(written)}, terms=tuple(terms), result=result,
        ))
    return GridAnimation(tuple(panels), tuple(steps), _legend(t, any(ex.pads)),
                         total_steps=len(steps))
