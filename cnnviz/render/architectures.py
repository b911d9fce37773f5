"""Pictures of the Architectures lesson: how the shape flows through a network (one block per
stage: its height is the feature map's side, its width grows with the number of channels)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

FONT = {"size": 15, "color": "#111111"}
COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D",
           "#EECA3B")


def stages(flow: Sequence[tuple[str, int, int, int]]) -> list[tuple[str, str, int, int, int, int]]:
    """Consecutive entries of the same shape merged: ``(first, last, channels, h, w, count)``."""
    merged: list[list] = []
    for name, c, h, w in flow:
        if merged and merged[-1][2:5] == [c, h, w]:
            merged[-1][1] = name
            merged[-1][5] += 1
        else:
            merged.append([name, name, c, h, w, 1])
    return [tuple(m) for m in merged]


def flow_figure(flow: Sequence[tuple[str, int, int, int]], t: Callable[..., str],
                num: Callable[[float], str]) -> go.Figure:
    """One block per stage, left to right: height ∝ √(side) (so 224 and 7 both stay visible),
    width ∝ log₂(channels); labelled ``side×side×channels``."""
    fig = go.Figure()
    x = 0.0
    blocks = stages(flow)
    top = math.sqrt(max(b[3] for b in blocks))
    for i, (first, last, c, h, w, count) in enumerate(blocks):
        height = math.sqrt(h) / top
        width = 0.25 + math.log2(max(c, 1)) / 6
        colour = COLOURS[i % len(COLOURS)]
        fig.add_shape(type="rect", x0=x, x1=x + width, y0=-height / 2, y1=height / 2,
                      fillcolor=colour, opacity=0.85, line={"color": "#333333", "width": 1})
        label = f"{h}×{w}×{num(c)}"
        layers = first if first == last else f"{first} … {last}"
        fig.add_trace(go.Scatter(
            x=[x + width / 2], y=[0], mode="markers", marker={"size": 1, "color": colour},
            hovertemplate=f"{layers}<br>{label}<br>{t('arch.flow.count', n=count)}<extra></extra>",
            showlegend=False))
        fig.add_annotation(x=x + width / 2, y=-height / 2 - 0.04, text=label, textangle=-60,
                           showarrow=False, yanchor="top", xanchor="right",
                           font={"size": 13})
        x += width + 0.12
    fig.update_xaxes(visible=False, range=[-0.3, x + 0.1])
    fig.update_yaxes(visible=False, range=[-1.45, 0.55])
    fig.update_layout(height=360, margin={"l": 0, "r": 0, "t": 10, "b": 0}, font=FONT,
                      paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", dragmode=False)
    return fig
