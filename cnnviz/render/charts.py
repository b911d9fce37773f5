"""Plotly charts: class probabilities, one feature map up close, the cost of a separable
convolution against a standard one (the pooling lesson's shift chart is an SVG:
:mod:`cnnviz.render.shift_chart`).

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
