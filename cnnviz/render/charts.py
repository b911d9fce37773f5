"""Plotly charts: class probabilities, one feature map up close, the cost of a separable
convolution against a standard one (the pooling lesson's shift chart is an SVG:
:mod:`cnnviz.render.shift_chart`).

Labels come in already translated (a translator ``t`` where numbers are written: ``t.num``,
``t.separators``); nothing here reads Streamlit state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cnnviz.render.pictures import colorize, colorscale

SKY = "#56B4E9"
ORANGE = "#E69F00"
GREEN = "#009E73"
INK = "#111111"


BAR_COLOUR = "#9aa5b1"
TOP_COLOUR = "#1f77b4"


def probability_bar(classes: Sequence[str], probs: Sequence[float] | np.ndarray,
                    labels: Sequence[str] | None = None, title: str | None = None,
                    axis_title: str | None = None, height: int = 260,
                    texts: Sequence[str] | None = None, separators: str = ".,") -> go.Figure:
    """Vertical bars of class probabilities, the most likely class highlighted.

    ``classes``: class keys (e.g. ``model.classes``); ``probs``: one probability per class
    (shape (K,) or (1, K)); ``labels``: the text shown under each bar (translated by the caller;
    defaults to ``classes``); ``axis_title``: the y-axis title. Each bar is labelled with its
    percentage (or ``texts``, e.g. ``"72,5 %"`` from the translator); the y axis runs from 0
    to 100 %. ``separators``: Plotly's decimal and thousands marks (``t.separators``).
    """
    p = np.asarray(probs, dtype=np.float64).reshape(-1)
    if len(p) != len(classes):
        raise ValueError(f"Got {len(p)} probabilities for {len(classes)} classes.")
    labels = list(classes) if labels is None else list(labels)
    if len(labels) != len(classes):
        raise ValueError(f"Got {len(labels)} labels for {len(classes)} classes.")
    top = int(np.argmax(p)) if len(p) else -1
    colours = [TOP_COLOUR if i == top else BAR_COLOUR for i in range(len(p))]
    fig = go.Figure(go.Bar(
        x=labels, y=p, marker_color=colours, customdata=list(classes),
        text=[f"{v:.1%}" for v in p] if texts is None else list(texts), textposition="outside",
        cliponaxis=False, textfont={"size": 18, "color": "#1a1a1a"},
        hovertemplate="%{x}: %{y:.2%}<extra></extra>",
    ))
    fig.update_layout(title=title, height=height, margin=dict(l=80, r=10, t=40 if title else 30, b=50),
                      showlegend=False, separators=separators,
                      font=dict(size=16, color="#1a1a1a"),
                      yaxis=dict(range=[0, 1.12], tickformat=".0%", title=axis_title, fixedrange=True,
                                 tickfont=dict(size=15), title_font=dict(size=16)),
                      xaxis=dict(fixedrange=True, tickfont=dict(size=18)))
    return fig


def channel_figure(values: np.ndarray, cmap: str, zmin: float, zmax: float, *,
                   num: Callable[[float, int], str], value_label: str, x_label: str,
                   y_label: str, height: int = 520, annotate_up_to: int = 12,
                   separators: str = ".,") -> go.Figure:
    """One channel (H, W) large as a heatmap: square cells, row 0 at the top, a colour bar,
    values on hover, and the numbers written in each cell when the map is at most
    ``annotate_up_to`` cells wide and high. ``num(value, decimals)`` formats numbers in the
    page's language."""
    arr = np.asarray(values, dtype=np.float32)
    h, w = arr.shape
    if not zmax > zmin:
        zmax = zmin + 1.0
    annotate = max(h, w) <= annotate_up_to
    # Numbers are written in the cells only for small maps; hover values use Plotly's own
    # formatting (``separators``, e.g. the French comma): formatting 50,000 cells of a
    # 224×224 map in Python took most of a rerun.
    text = [[num(float(v), 2) for v in row] for row in arr] if annotate else None
    fig = go.Figure(go.Heatmap(
        z=arr, zmin=zmin, zmax=zmax, colorscale=colorscale(cmap),
        hovertemplate=f"{y_label} %{{y}}, {x_label} %{{x}}<br>{value_label}: %{{z:.2f}}<extra></extra>",
        colorbar=dict(title=dict(text=value_label, font=dict(size=16)), tickfont=dict(size=14),
                      thickness=18),
        xgap=1 if max(h, w) <= 32 else 0, ygap=1 if max(h, w) <= 32 else 0,
    ))
    if annotate:
        cells = colorize(np.clip((arr - zmin) / (zmax - zmin), 0.0, 1.0), cmap).astype(np.float32)
        luminance = cells @ np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0
        for y in range(h):
            for x in range(w):
                fig.add_annotation(x=x, y=y, text=text[y][x], showarrow=False, font=dict(
                    size=16 if max(h, w) <= 6 else 13,
                    color="white" if luminance[y, x] < 0.5 else "black"))
    fig.update_layout(
        height=height, margin=dict(l=50, r=10, t=10, b=45), font=dict(size=15),
        xaxis=dict(title=x_label, constrain="domain", showgrid=False, zeroline=False),
        yaxis=dict(title=y_label, autorange="reversed", scaleanchor="x", scaleratio=1,
                   constrain="domain", showgrid=False, zeroline=False),
        plot_bgcolor="white", separators=separators,
    )
    small = dict(tickmode="linear", tick0=0, dtick=1) if max(h, w) <= annotate_up_to else {}
    fig.update_xaxes(tickfont=dict(size=14), **small)
    fig.update_yaxes(tickfont=dict(size=14), **small)
    return fig


def costs_figure(costs, t) -> go.Figure:
    """Two bar charts of a :class:`cnnviz.lessons.separable.Costs` (parameters, multiply-adds):
    the standard convolution vs. the separable one split into its depthwise and pointwise
    stages, each bar labelled with its number."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("sep.params"), t("sep.macs")),
                        horizontal_spacing=0.04)
    names = [t("sep.standard"), t("sep.separable")]
    for col, (std, dw, pw) in enumerate(
        [(costs.params_standard, costs.params_depthwise, costs.params_pointwise),
         (costs.macs_standard, costs.macs_depthwise, costs.macs_pointwise)], start=1):
        fig.add_bar(x=[std, 0], y=names, orientation="h", marker_color=SKY, name=t("sep.standard"),
                    text=[t.num(std), ""], textposition="inside", insidetextanchor="middle",
                    showlegend=col == 1, legendgroup="std", row=1, col=col)
        fig.add_bar(x=[0, dw], y=names, orientation="h", marker_color=ORANGE,
                    name=t("sep.depthwise"), showlegend=col == 1, legendgroup="dw", row=1, col=col)
        fig.add_bar(x=[0, pw], y=names, orientation="h", marker_color=GREEN,
                    name=t("sep.pointwise"), showlegend=col == 1, legendgroup="pw", row=1, col=col)
        fig.add_annotation(x=dw + pw, y=names[1], text=" " + t.num(dw + pw), showarrow=False,
                           xanchor="left", font={"size": 17, "color": INK}, row=1, col=col)
        fig.update_xaxes(range=[0, std * 1.18], showticklabels=False, row=1, col=col)
    fig.update_layout(barmode="stack", height=300, margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      font={"size": 16, "color": INK}, plot_bgcolor="white",
                      legend={"orientation": "h", "y": -0.08, "x": 0.5, "xanchor": "center",
                              "font": {"size": 16}},
                      uniformtext={"minsize": 14, "mode": "hide"})
    fig.update_annotations(font_size=18)
    fig.update_yaxes(autorange="reversed", tickfont={"size": 17})
    fig.update_yaxes(showticklabels=False, row=1, col=2)
    return fig
