"""Plotly charts: class probabilities, one feature map up close, the shift experiment of pooling
(the costs of a separable convolution are HTML bars: :func:`cnnviz.render.separable.costs_html`).

Labels come in already translated (a translator ``t`` where numbers are written: ``t.num``,
``t.separators``); nothing here reads Streamlit state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from cnnviz.render.pictures import colorize, colorscale

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


KIND_COLORS = {"max": "#0072B2", "avg": "#E69F00", "lp": "#009E73", "min": "#CC79A7",
               "none": "#555555"}
"""Okabe–Ito colours (colour-blind safe), one per kind; ``none`` is the no-pooling baseline."""
KIND_SYMBOLS = {"max": "circle", "avg": "square", "lp": "diamond", "min": "triangle-up",
                "none": "x"}


def shift_figure(curves: dict[str, list[float]], names: dict[str, str], t) -> go.Figure:
    """Line chart: shift (px) -> mean change of each kind's output (%), baseline (``'none'``)
    dashed; ``names`` gives each curve's label."""
    fig = go.Figure()
    for kind, values in curves.items():
        name = names[kind]
        fig.add_trace(go.Scatter(
            x=list(range(len(values))), y=values, name=name, mode="lines+markers",
            line={"color": KIND_COLORS[kind], "width": 4, "dash": "dash" if kind == "none" else "solid"},
            marker={"size": 13, "symbol": KIND_SYMBOLS[kind], "color": KIND_COLORS[kind]},
            hovertemplate=f"{name}<br>%{{x}} px: %{{customdata}} %<extra></extra>",
            customdata=[t.num(v, 1) for v in values],
        ))
    fig.update_layout(
        title={"text": t("pooling.shift.title"), "font": {"size": 20}},
        height=440, margin={"l": 80, "r": 20, "t": 60, "b": 70},
        font={"size": 16, "color": "#111111"}, paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        legend={"font": {"size": 16}, "orientation": "v", "x": 1.02, "y": 1},
        separators=t.separators,
        xaxis={"title": {"text": t("pooling.shift.x"), "font": {"size": 18}}, "dtick": 1,
               "tickfont": {"size": 16}, "gridcolor": "#DDDDDD", "zeroline": False},
        yaxis={"title": {"text": t("pooling.shift.y"), "font": {"size": 18}}, "rangemode": "tozero",
               "tickfont": {"size": 16}, "gridcolor": "#DDDDDD"},
    )
    return fig
