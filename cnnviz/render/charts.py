"""Plotly charts: class probabilities, one feature map up close, the cost of a separable
convolution against a standard one, the shift experiment of pooling.

Labels come in already translated (a translator ``t`` where numbers are written: ``t.num``,
``t.separators``); nothing here reads Streamlit state.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

SKY = "#56B4E9"
ORANGE = "#E69F00"
GREEN = "#009E73"
INK = "#111111"


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
