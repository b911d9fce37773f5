"""Charts of the Training lesson: loss and accuracy curves, first-layer filters epoch by epoch.

Plain values in, Plotly figures out; every label arrives translated (``labels``), numbers are
formatted by the caller's translator where they are text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

TRAIN_COLOUR = "#1f77b4"
VAL_COLOUR = "#d62728"
BEST_COLOUR = "#2ca02c"
OVERFIT_FILL = "rgba(214, 39, 40, 0.08)"

#: Keys ``labels`` must hold for :func:`curves_figure`.
CURVE_LABELS = ("loss", "accuracy", "epoch", "train", "val", "best", "overfit")


def curves_figure(epochs: Sequence[int], train_loss: Sequence[float], val_loss: Sequence[float],
                  train_acc: Sequence[float], val_acc: Sequence[float], *, n_epochs: int,
                  best_epoch: int, turn_epoch: int | None, labels: Mapping[str, str],
                  percent_suffix: str = "%", separators: str = ".,",
                  height: int = 380) -> go.Figure:
    """Loss (left) and accuracy (right) per epoch, training and validation.

    Accuracies are fractions in [0, 1], drawn in percent. The x axis spans the whole run
    (1..``n_epochs``) from the start, so the curves grow into it. ``best_epoch`` (kept weights)
    gets a green line and star; from ``turn_epoch`` on (over-fitting) the plot is tinted.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=(labels["loss"], labels["accuracy"]),
                        horizontal_spacing=0.09)
    x = list(epochs)
    series = ((train_loss, val_loss, 1), ([100 * a for a in train_acc],
                                          [100 * a for a in val_acc], 2))
    for train, val, col in series:
        fig.add_trace(go.Scatter(x=x, y=list(train), name=labels["train"], mode="lines+markers",
                                 line=dict(color=TRAIN_COLOUR, width=3), legendgroup="train",
                                 showlegend=col == 1), row=1, col=col)
        fig.add_trace(go.Scatter(x=x, y=list(val), name=labels["val"], mode="lines+markers",
                                 line=dict(color=VAL_COLOUR, width=3, dash="dash"),
                                 legendgroup="val", showlegend=col == 1), row=1, col=col)
    if turn_epoch is not None:
        for col in (1, 2):
            fig.add_vrect(x0=turn_epoch, x1=max(x[-1] if x else turn_epoch, turn_epoch) + 0.5,
                          fillcolor=OVERFIT_FILL, line_width=0, row=1, col=col)
        fig.add_annotation(x=turn_epoch, y=1.0, xref="x", yref="y domain", text=labels["overfit"],
                           showarrow=False, xanchor="left", yanchor="top",
                           font=dict(color=VAL_COLOUR, size=14))
    if best_epoch and best_epoch in x:
        i = x.index(best_epoch)
        for col in (1, 2):
            fig.add_vline(x=best_epoch, line=dict(color=BEST_COLOUR, width=2, dash="dot"),
                          row=1, col=col)
        fig.add_trace(go.Scatter(x=[best_epoch], y=[100 * val_acc[i]], mode="markers",
                                 name=labels["best"],
                                 marker=dict(symbol="star", size=18, color=BEST_COLOUR,
                                             line=dict(color="white", width=1))), row=1, col=2)
    span = [0.5, max(n_epochs, 1) + 0.5]
    fig.update_xaxes(title_text=labels["epoch"], range=span, dtick=1 if n_epochs <= 15 else 2,
                     fixedrange=True)
    fig.update_yaxes(rangemode="tozero", fixedrange=True, row=1, col=1)
    fig.update_yaxes(range=[0, 102], ticksuffix=percent_suffix, fixedrange=True, row=1, col=2)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=60, b=10), separators=separators,
                      font=dict(size=15),
                      legend=dict(orientation="h", yanchor="bottom", y=1.1, x=0.5,
                                  xanchor="center"))
    return fig


def kernel_rgb(kernels: np.ndarray) -> np.ndarray:
    """(out, 3, kh, kw) kernels -> (out, kh, kw, 3) uint8, each kernel stretched to 0–255 on
    its own (its most negative weight black, its most positive white, per colour channel)."""
    k = np.asarray(kernels, dtype=np.float64)
    lo = k.min(axis=(1, 2, 3), keepdims=True)
    hi = k.max(axis=(1, 2, 3), keepdims=True)
    scaled = (k - lo) / np.where(hi > lo, hi - lo, 1.0)
    return np.round(255 * scaled).transpose(0, 2, 3, 1).astype(np.uint8)


def filters_strip(rows: Sequence[np.ndarray], *, cell: int = 8, gap: int = 3,
                  background: int = 255) -> np.ndarray:
    """One row per epoch, each the first layer's kernels side by side, as an RGB uint8 array.

    ``rows[i]`` is (out, 3, kh, kw); every kernel pixel becomes ``cell``×``cell`` screen pixels.
    """
    if not rows:
        return np.full((1, 1, 3), background, np.uint8)
    n, _, kh, kw = rows[0].shape
    th, tw = kh * cell, kw * cell
    height = len(rows) * (th + gap) + gap
    width = n * (tw + gap) + gap
    out = np.full((height, width, 3), background, np.uint8)
    for r, kernels in enumerate(rows):
        rgb = kernel_rgb(kernels).repeat(cell, axis=1).repeat(cell, axis=2)
        top = gap + r * (th + gap)
        for i in range(n):
            left = gap + i * (tw + gap)
            out[top:top + th, left:left + tw] = rgb[i]
    return out


def filters_figure(rows: Sequence[np.ndarray], row_labels: Sequence[str], *, cell: int = 8,
                   gap: int = 3, title: str | None = None) -> go.Figure:
    """:func:`filters_strip` as a Plotly image, each row labelled (e.g. "epoch 3")."""
    strip = filters_strip(rows, cell=cell, gap=gap)
    th = (rows[0].shape[2] * cell) if rows else 1
    centres = [gap + r * (th + gap) + th / 2 for r in range(len(rows))]
    fig = go.Figure(go.Image(z=strip, hoverinfo="skip"))
    fig.update_layout(
        height=min(strip.shape[0] + (50 if title else 20), 1400),  # no empty band above
        margin=dict(l=90, r=10, t=40 if title else 5, b=5),
        title=title, font=dict(size=14),
        xaxis=dict(visible=False, fixedrange=True),
        yaxis=dict(tickmode="array", tickvals=centres, ticktext=list(row_labels),
                   fixedrange=True, showgrid=False, zeroline=False),
    )
    return fig


DIFF_BACKGROUND = (150, 150, 150)  # mid grey: white is "unchanged" in the difference map


def difference_picture(diff: np.ndarray, limit: float, *, cols: int = 8, cell: int = 10,
                       gap: int = 2, filter_gap: int = 8) -> np.ndarray:
    """Signed weights (out, in, kh, kw) -> RGB uint8 on one shared scale (``limit``: ±end):
    blue below zero, white at zero, vermillion above (:func:`cnnviz.render.pictures.signed_rgb`).

    Each filter is a block of its ``in`` kernels side by side (``gap`` px apart); the blocks
    are laid out ``cols`` per row, ``filter_gap`` px apart, on grey; each weight is
    ``cell``×``cell`` px.
    """
    from cnnviz.render.pictures import signed_rgb

    d = np.asarray(diff, dtype=np.float32)
    n, k, kh, kw = d.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    bw, bh = k * kw * cell + (k - 1) * gap, kh * cell
    out = np.empty((rows * bh + (rows + 1) * filter_gap, cols * bw + (cols + 1) * filter_gap, 3),
                   np.uint8)
    out[:] = DIFF_BACKGROUND
    rgb = signed_rgb(d, limit if limit > 0 else 1.0).repeat(cell, axis=2).repeat(cell, axis=3)
    for i in range(n):
        r, c = divmod(i, cols)
        top, left = filter_gap + r * (bh + filter_gap), filter_gap + c * (bw + filter_gap)
        for j in range(k):
            x = left + j * (kw * cell + gap)
            out[top:top + bh, x:x + kw * cell] = rgb[i, j]
    return out
