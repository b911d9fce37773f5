"""Pictures of the receptive-field lesson: the last feature map's positions over the photo with
one output's field, effective-field heatmaps, and the 5×5 coverage of three small stacks.

Every function takes plain values (arrays, numbers, a translator) and returns a Plotly figure
or a PIL image, so a test can call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go
from PIL import Image
from plotly.colors import sequential
from plotly.subplots import make_subplots

FONT = {"size": 16, "color": "#111111"}
BOX_COLOUR = "#E4572E"
DOT_COLOUR = "#1F77B4"
# light yellow (no influence) to dark red; Streamlit's front end turned Inferno's black into purple
INFLUENCE = ["#FFFFFF", *sequential.YlOrRd[1:]]
MAX_DOTS = 30  # positions drawn per axis (every position stays reachable through ?rf_at=)
FRAME = {"showticklabels": False, "showgrid": False, "zeroline": False, "ticks": "",
         "showline": True, "mirror": True, "linecolor": "#333333"}


def dot_step(out_size: tuple[int, int]) -> int:
    """Draw every ``step``-th position so that at most MAX_DOTS per axis are drawn."""
    return max(1, -(-max(out_size) // MAX_DOTS))


def field_figure(photo: np.ndarray, out_size: tuple[int, int], rf_stride: tuple[int, int],
                 rf_padding: tuple[int, int], rf_size: tuple[int, int], box,
                 t: Callable[..., str]) -> go.Figure:
    """The photo ((3, H, W) floats in [0, 1]) with the centres of the last feature map's positions (clickable
    dots, customdata = (row, col)), the chosen output's field (solid where it lies on the photo,
    dashed where it overhangs into the padding) and its neighbours' centres."""
    h, w = photo.shape[1:]
    step = dot_step(out_size)
    rows = list(range(0, out_size[0], step))
    cols = list(range(0, out_size[1], step))
    centres = [((r * rf_stride[0] - rf_padding[0] + (rf_size[0] - 1) / 2),
                (c * rf_stride[1] - rf_padding[1] + (rf_size[1] - 1) / 2), r, c)
               for r in rows for c in cols]
    fig = go.Figure(go.Image(z=np.asarray(to_image(photo)), hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[c[1] for c in centres], y=[c[0] for c in centres], mode="markers",
        marker={"size": 8, "color": "rgba(255,255,255,0.5)",
                "line": {"color": DOT_COLOUR, "width": 1.5}},
        customdata=[[c[2], c[3]] for c in centres], name=t("rf.fig.positions"),
        hovertemplate=t("rf.fig.hover") + "<extra></extra>"))
    top, left, bottom, right = box.box
    ct, cl, cb, cr = box.clipped
    fig.add_shape(type="rect", x0=left - 0.5, x1=right + 0.5, y0=top - 0.5, y1=bottom + 0.5,
                  line={"color": BOX_COLOUR, "width": 2, "dash": "dash"})
    fig.add_shape(type="rect", x0=cl - 0.5, x1=cr + 0.5, y0=ct - 0.5, y1=cb + 0.5,
                  line={"color": BOX_COLOUR, "width": 4}, fillcolor="rgba(228,87,46,0.18)")
    fig.add_trace(go.Scatter(
        x=[n[1] for n in box.neighbours], y=[n[0] for n in box.neighbours], mode="markers",
        marker={"symbol": "x-thin", "size": 14, "line": {"width": 3, "color": "#FFD166"}},
        name=t("rf.fig.neighbours"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[box.centre[1]], y=[box.centre[0]], mode="markers",
        marker={"size": 16, "color": BOX_COLOUR, "line": {"color": "white", "width": 2}},
        name=t("rf.fig.chosen"), hoverinfo="skip"))
    pad_y = max(0, -top, bottom - (h - 1)) + 2
    pad_x = max(0, -left, right - (w - 1)) + 2
    fig.update_xaxes(range=[-0.5 - pad_x, w - 0.5 + pad_x], visible=False, constrain="domain")
    fig.update_yaxes(range=[h - 0.5 + pad_y, -0.5 - pad_y], visible=False, scaleanchor="x")
    # as tall as the photo needs at about 640 px wide (a projector's column; a phone shows it
    # narrower, with some white space), plus the legend above it
    height = min(max(round(640 * (h + 2 * pad_y) / (w + 2 * pad_x)) + 40, 300), 640)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=height, font=FONT,
                      paper_bgcolor="#FFFFFF", plot_bgcolor="#EEEEEE", dragmode=False,
                      clickmode="event+select", showlegend=True,
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0,
                              "font": {"size": 15}})
    return fig


def _heatmap_row(titles: Sequence[str], heatmaps: Sequence[go.Heatmap], spacing: float,
                 height: int) -> go.Figure:
    """Heatmaps side by side with square cells, under their titles."""
    fig = make_subplots(rows=1, cols=len(heatmaps), subplot_titles=list(titles),
                        horizontal_spacing=spacing)
    for i, heatmap in enumerate(heatmaps, start=1):
        fig.add_trace(heatmap, row=1, col=i)
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{i}" if i > 1 else "x",
                         constrain="domain", row=1, col=i, **FRAME)
        fig.update_xaxes(constrain="domain", row=1, col=i, **FRAME)
    fig.update_annotations(font={"size": 17})
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=height, font=FONT,
                      paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF")
    return fig


def effective_figure(panels: Sequence[tuple[str, np.ndarray]], t: Callable[..., str]) -> go.Figure:
    """Side-by-side heatmaps of |gradient| over the theoretical box (one colour scale, 0–1)."""
    heatmaps = [go.Heatmap(z=heat, colorscale=INFLUENCE, zmin=0, zmax=1,
                           showscale=i == len(panels),
                           colorbar={"title": {"text": t("rf.erf.scale")}, "len": 0.9},
                           hovertemplate=t("rf.erf.hover") + "<extra></extra>")
                for i, (_, heat) in enumerate(panels, start=1)]
    return _heatmap_row([p[0] for p in panels], heatmaps, 0.06, 380)


def coverage_figure(panels: Sequence[tuple[str, np.ndarray]], t: Callable[..., str]) -> go.Figure:
    """The 5×5 patch each stack reads, each cell coloured and labelled by the number of routes
    from it to the output (0: a hole of the dilated kernel)."""
    heatmaps = [go.Heatmap(z=paths, text=paths, texttemplate="%{text}",
                           textfont={"size": 18}, colorscale="Blues", zmin=0,
                           zmax=max(int(np.max(paths)), 1) * 1.4, showscale=False,
                           xgap=2, ygap=2, hovertemplate=t("rf.cmp.hover") + "<extra></extra>")
                for _, paths in panels]
    return _heatmap_row([p[0] for p in panels], heatmaps, 0.05, 300)


def to_image(photo: np.ndarray, factor: int = 1) -> Image.Image:
    """A (3, H, W) or (H, W, 3) float array in [0, 1] as an RGB picture (nearest enlargement)."""
    arr = photo if photo.shape[-1] == 3 else np.moveaxis(photo, 0, -1)
    img = Image.fromarray((np.clip(arr, 0, 1) * 255).round().astype(np.uint8), "RGB")
    return img.resize((img.width * factor, img.height * factor), Image.NEAREST) if factor > 1 else img


def crop_around(photo: np.ndarray, centre: tuple[float, float], half: int = 10,
                factor: int = 12) -> Image.Image:
    """A magnified crop of the photo (3, H, W) around ``centre`` with the central 5×5 outlined."""
    _, h, w = photo.shape
    cy, cx = round(centre[0]), round(centre[1])
    cy, cx = min(max(cy, half), h - half - 1), min(max(cx, half), w - half - 1)
    img = to_image(photo[:, cy - half:cy + half + 1, cx - half:cx + half + 1], factor)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    a, b = (half - 2) * factor, (half + 3) * factor - 1
    draw.rectangle([a, a, b, b], outline=BOX_COLOUR, width=3)
    return img
