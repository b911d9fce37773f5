"""Pictures of the Architectures lesson: how the shape flows through a network (one block per
stage: its height is the feature map's side, its width grows with the number of channels)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

FONT = {"size": 15, "color": "#111111"}
COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D",
           "#EECA3B")


def stages(flow: Sequence[tuple[str, int, int, int]]) -> list[tuple]:
    """Consecutive entries of about the same spatial size (unpadded convolutions shave a few
    pixels; a pooling or a stride halves it) merged into one stage: ``(first layer, last layer,
    fewest channels, most channels, first h, first w, layers, last h, last w)``."""
    merged: list[list] = []
    for name, c, h, w in flow:
        if merged and 2 / 3 < h / merged[-1][7] < 3 / 2:
            merged[-1][1] = name
            merged[-1][2] = min(merged[-1][2], c)
            merged[-1][3] = max(merged[-1][3], c)
            merged[-1][6] += 1
            merged[-1][7:9] = [h, w]
        else:
            merged.append([name, name, c, c, h, w, 1, h, w])
    return [tuple(m) for m in merged]


def flow_figure(flow: Sequence[tuple[str, int, int, int]], t: Callable[..., str],
                num: Callable[[float], str]) -> go.Figure:
    """One block per spatial size, left to right: height ∝ √side (so 224 and 7 both stay
    visible), width grows with log₂(channels); labelled with the side and the channels."""
    fig = go.Figure()
    x = 0.0
    blocks = stages(flow)
    top = math.sqrt(max(b[4] for b in blocks))
    for i, (first, last, c_lo, c_hi, h, w, count, h_end, w_end) in enumerate(blocks):
        height = math.sqrt(h) / top
        width = 0.35 + math.log2(max(c_hi, 1)) / 5
        colour = COLOURS[i % len(COLOURS)]
        fig.add_shape(type="rect", x0=x, x1=x + width, y0=-height / 2, y1=height / 2,
                      fillcolor=colour, opacity=0.85, line={"color": "#333333", "width": 1})
        channels = num(c_hi) if c_lo == c_hi else f"{num(c_lo)}–{num(c_hi)}"
        side = f"{h}×{w}" if (h, w) == (h_end, w_end) else f"{h}→{h_end}"
        if h != w or h_end != w_end:
            side = f"{h}×{w}" if (h, w) == (h_end, w_end) else f"{h}×{w}→{h_end}×{w_end}"
        label = f"<b>{side}</b><br>{channels}"
        layers = first if first == last else f"{first} … {last}"
        fig.add_trace(go.Scatter(
            x=[x + width / 2], y=[0], mode="markers", marker={"size": 18, "opacity": 0},
            hovertemplate=f"{layers}<br>{side}<br>{t('arch.flow.channels', c=channels)}<br>"
                          f"{t('arch.flow.count', n=count)}<extra></extra>",
            showlegend=False))
        # the first and last labels align with their block's outer edge (never cut off)
        anchor, at = (("left", x) if i == 0 else ("right", x + width) if i == len(blocks) - 1
                      else ("center", x + width / 2))
        fig.add_annotation(x=at, y=-0.56 if i % 2 == 0 else -0.8, text=label, xanchor=anchor,
                           showarrow=False, yanchor="top", font={"size": 13})
        x += width + 0.25
    fig.update_xaxes(visible=False, range=[-0.4, x + 0.1])
    fig.update_yaxes(visible=False, range=[-1.1, 0.52])
    fig.update_layout(height=330, margin={"l": 0, "r": 0, "t": 10, "b": 0}, font=FONT,
                      paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", dragmode=False)
    return fig
