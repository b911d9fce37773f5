"""Pictures for the separable-convolution lesson: maps and kernels as images, the animated
depthwise-vs-standard comparison, the cost chart, and the PNG/GIF export of the two stages.

Every function takes plain values (numpy arrays, dataclasses of :mod:`cnnviz.separable`) and a
translator ``t`` (see :func:`cnnviz.i18n.translator`) for its labels, and returns a Plotly figure,
a ``PIL.Image`` or bytes. Colours are Okabe-Ito (colour-blind safe): negative values blue,
positive values vermillion, padding grey.
"""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont
from plotly.subplots import make_subplots

from cnnviz.figures import raster
from cnnviz.separable import AnimationExample, Costs, Stages

BLUE = (0, 114, 178)
VERMILLION = (213, 94, 0)
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
PAD_GREY = "#9a9a9a"
INK = "#111111"
FONT_SIZE = 16


def _font(size: int = FONT_SIZE) -> ImageFont.ImageFont:
    return raster.font(size)


# --- maps and kernels as images ------------------------------------------------------------------

def signed_rgb(arr: np.ndarray, limit: float | None = None) -> np.ndarray:
    """A signed map (H, W) -> uint8 RGB (H, W, 3): blue below zero, white at zero, vermillion
    above, scaled symmetrically by ``limit`` (default: the map's largest absolute value)."""
    a = np.asarray(arr, dtype=np.float32)
    lim = float(np.abs(a).max(initial=0.0)) if limit is None else float(limit)
    v = np.clip(a / lim, -1.0, 1.0) if lim > 0 else np.zeros_like(a)
    white = np.array([255.0, 255.0, 255.0])
    pos, neg = np.array(VERMILLION, dtype=np.float64), np.array(BLUE, dtype=np.float64)
    vv = v[..., None]
    rgb = np.where(vv >= 0, white + (pos - white) * vv, white + (neg - white) * (-vv))
    return np.clip(rgb.round(), 0, 255).astype(np.uint8)


def map_image(arr: np.ndarray, side: int = 192, signed: bool = True) -> Image.Image:
    """A map as a picture ``side`` pixels on its longest side (nearest-neighbour upscaling, so
    small maps stay crisp). With negative values: blue/white/vermillion; without: grey levels
    (both scaled to the 99.5th percentile). ``signed=False`` shows values in [0, 1] as grey."""
    a = np.asarray(arr, dtype=np.float32)
    if signed and float(a.min(initial=0.0)) < 0:
        # a few extreme pixels must not wash the picture out: scale by the 99.5th percentile
        lim = float(np.percentile(np.abs(a), 99.5)) or float(np.abs(a).max(initial=0.0))
        img = Image.fromarray(signed_rgb(a, lim), "RGB")
    elif signed:  # a map without negative values reads best in grey levels
        hi = float(np.percentile(a, 99.5)) or float(a.max(initial=0.0)) or 1.0
        img = Image.fromarray((np.clip(a / hi, 0, 1) * 255).round().astype(np.uint8), "L").convert("RGB")
    else:
        img = Image.fromarray((np.clip(a, 0, 1) * 255).round().astype(np.uint8), "L").convert("RGB")
    h, w = a.shape
    scale = side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    resample = Image.Resampling.NEAREST if scale >= 1 else Image.Resampling.LANCZOS
    return img.resize(size, resample)


def format_value(value: float) -> str:
    """A weight or value written short: ``2``, ``-0.5``, ``0.11`` (two decimals at most)."""
    if abs(value - round(value)) < 1e-6:
        return str(round(value))
    return f"{value:.2f}".rstrip("0")


def kernel_image(kernel: np.ndarray, cell: int = 46, decimal: str = ".") -> Image.Image:
    """A small matrix drawn cell by cell with its values written in, coloured like the maps."""
    k = np.asarray(kernel, dtype=np.float32)
    if k.ndim == 1:
        k = k[None]
    h, w = k.shape
    rgb = signed_rgb(k)
    img = Image.new("RGB", (w * cell + 1, h * cell + 1), "white")
    draw = ImageDraw.Draw(img)
    font = _font(15 if cell < 50 else 18)
    lim = float(np.abs(k).max(initial=0.0))
    for i in range(h):
        for j in range(w):
            box = (j * cell, i * cell, (j + 1) * cell, (i + 1) * cell)
            draw.rectangle(box, fill=tuple(int(c) for c in rgb[i, j]), outline=(60, 60, 60))
            strong = lim > 0 and abs(k[i, j]) > 0.6 * lim
            text = format_value(float(k[i, j])).replace(".", decimal)
            draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), text,
                      fill="white" if strong else INK, font=font, anchor="mm")
    return img


# --- export: the two stages as one picture, and as a GIF -----------------------------------------

def _labelled(tile: Image.Image, caption: str, width: int) -> Image.Image:
    font = _font(FONT_SIZE)
    out = Image.new("RGB", (width, tile.height + 28), "white")
    out.paste(tile, ((width - tile.width) // 2, 0))
    ImageDraw.Draw(out).text((width // 2, tile.height + 4), caption, fill=INK, font=font, anchor="ma")
    return out


def _section(title: str, tiles: list[Image.Image], width: int) -> Image.Image:
    gap = 16
    height = max(t.height for t in tiles)
    title_font = _font(22)
    width = max(width, int(title_font.getlength(title)) + 2 * gap)  # the title never cut off
    out = Image.new("RGB", (width, height + 44), "white")
    draw = ImageDraw.Draw(out)
    draw.text((gap, 8), title, fill=INK, font=title_font)
    x = gap
    for tile in tiles:
        out.paste(tile, (x, 40))
        x += tile.width + gap
    return out


def _stage_sections(stages: Stages, t, channel_names: list[str], side: int) -> list[Image.Image]:
    dm = stages.depth_multiplier
    col_w = side + 16
    inputs = [_labelled(map_image(ch, side, signed=False), channel_names[c], col_w)
              for c, ch in enumerate(stages.input)]
    depthwise = []
    for i, m in enumerate(stages.depthwise):
        c, k = divmod(i, dm)
        kern = kernel_image(stages.dw_kernels[i], cell=max(14, min(30, side // 5)))
        tile = Image.new("RGB", (col_w, kern.height + 6 + side), "white")
        tile.paste(kern, ((col_w - kern.width) // 2, 0))
        mimg = map_image(m, side)
        tile.paste(mimg, ((col_w - mimg.width) // 2, kern.height + 6))
        depthwise.append(_labelled(tile, t("sep.map_label", c=channel_names[c], m=k + 1), col_w))
    outputs = [_labelled(map_image(o, side), t("sep.out_label", j=j + 1), col_w)
               for j, o in enumerate(stages.output)]
    n_cols = max(len(inputs), len(depthwise), len(outputs))
    width = 16 + n_cols * (col_w + 16)
    return [
        _section(t("sep.export_input"), inputs, width),
        _section(t("sep.export_depthwise"), depthwise, width),
        _section(t("sep.export_pointwise"), outputs, width),
    ]


def stages_png(stages: Stages, t, channel_names: list[str], side: int = 160) -> bytes:
    """The input channels, the depthwise maps (each under its kernel) and the output maps,
    one section per stage, as PNG bytes."""
    sections = _stage_sections(stages, t, channel_names, side)
    width = max(s.width for s in sections)
    out = Image.new("RGB", (width, sum(s.height for s in sections) + 8), "white")
    y = 0
    for s in sections:
        out.paste(s, (0, y))
        y += s.height
    buf = io.BytesIO()
    out.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def stages_gif(stages: Stages, t, channel_names: list[str], side: int = 160,
               duration_ms: int = 1600) -> bytes:
    """The same three sections as :func:`stages_png`, one per frame, looping."""
    sections = _stage_sections(stages, t, channel_names, side)
    width = max(s.width for s in sections)
    height = max(s.height for s in sections)
    frames = []
    for i, s in enumerate(sections):
        frame = Image.new("RGB", (width, height + 30), "white")
        frame.paste(s, (0, 0))
        ImageDraw.Draw(frame).text((16, height + 4), t("sep.export_frame", i=i + 1, n=len(sections)),
                                   fill="#444444", font=_font(FONT_SIZE))
        frames.append(frame.convert("P", palette=Image.Palette.ADAPTIVE, colors=255))
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=duration_ms,
                   loop=0)
    return buf.getvalue()


# --- costs ---------------------------------------------------------------------------------------

def costs_figure(costs: Costs, t) -> go.Figure:
    """Two bar charts (parameters, multiply-adds): the standard convolution vs. the separable
    one split into its depthwise and pointwise stages, each bar labelled with its number."""
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


# --- the animation: a depthwise window per channel vs. one standard kernel over all ---------------

_GRID_SCALE = [[0.0, PAD_GREY], [0.19, PAD_GREY], [0.2, "#ffffff"], [1.0, SKY]]
_SIGNED_SCALE = [[0.0, "rgb(0,114,178)"], [0.5, "#ffffff"], [1.0, "rgb(213,94,0)"]]
_OUT_BG = [[0.0, "#D3EFE3"], [1.0, "#D3EFE3"]]  # light bluish green: cells still to be written
_WINDOW = ORANGE
_OUT_CELL = "#000000"


def _padded_grid(x: np.ndarray, pads) -> tuple[np.ndarray, np.ndarray]:
    """z in [0, 1] for the colour scale (padding at 0) and the text of every padded cell."""
    top, bottom, left, right = pads
    h, w = x.shape
    ph, pw = h + top + bottom, w + left + right
    z = np.zeros((ph, pw))
    text = np.full((ph, pw), "0", dtype=object)
    hi = max(float(x.max(initial=0.0)), 1.0)
    z[top:top + h, left:left + w] = 0.25 + 0.75 * x / hi
    text[top:top + h, left:left + w] = [[format_value(v) for v in row] for row in x]
    return z, text


def _output_state(out: np.ndarray, upto: int) -> tuple[list, list]:
    """Output heatmap z/text with the first ``upto`` cells (row-major) filled, the rest blank."""
    flat = out.ravel()
    z = np.full(flat.shape, np.nan)
    text = np.full(flat.shape, "", dtype=object)
    z[:upto] = flat[:upto]
    text[:upto] = [format_value(v) for v in flat[:upto]]
    return z.reshape(out.shape).tolist(), text.reshape(out.shape).tolist()


def _heat(z, text, scale, zmin, zmax, font_size=16) -> go.Heatmap:
    if text is None:
        return go.Heatmap(z=z, colorscale=scale, zmin=zmin, zmax=zmax, showscale=False, xgap=2,
                          ygap=2, hoverinfo="skip")
    return go.Heatmap(z=z, text=text, texttemplate="%{text}", textfont={"size": font_size},
                      colorscale=scale, zmin=zmin, zmax=zmax, showscale=False, xgap=2, ygap=2,
                      hoverinfo="skip")


def _rect(xref: str, yref: str, r0: float, c0: float, r1: float, c1: float, color: str,
          width: float = 4, dash: str = "solid") -> dict:
    return {"type": "rect", "xref": xref, "yref": yref, "x0": c0 - 0.5, "x1": c1 + 0.5,
            "y0": r0 - 0.5, "y1": r1 + 0.5, "line": {"color": color, "width": width, "dash": dash},
            "fillcolor": "rgba(0,0,0,0)"}


def _axis_refs(fig: go.Figure, row: int, col: int) -> tuple[str, str]:
    sub = fig.get_subplot(row, col)
    return sub.xaxis.plotly_name.replace("axis", ""), sub.yaxis.plotly_name.replace("axis", "")


def _controls(fig: go.Figure, frame_names: list[str], labels: list[str], t, duration: int) -> None:
    many = len(frame_names) > 16  # dozens of tick labels would overlap: show only the current one
    fig.update_layout(
        updatemenus=[{
            "type": "buttons", "direction": "left", "x": 0.0, "y": 0.0, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 10, "r": 10}, "showactive": False, "font": {"size": 16},
            "buttons": [
                {"label": t("word.play"), "method": "animate",
                 "args": [None, {"frame": {"duration": duration, "redraw": True},
                                 "fromcurrent": True, "transition": {"duration": 0}}]},
                {"label": t("word.pause"), "method": "animate",
                 "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                                   "transition": {"duration": 0}}]},
            ],
        }],
        sliders=[{
            "active": 0, "x": 0.34, "len": 0.66, "y": 0.0, "yanchor": "top",
            "pad": {"t": 10, "b": 0},
            "font": {"size": 14, "color": "rgba(0,0,0,0)" if many else "#333333"},
            "currentvalue": {"prefix": t("word.step") + " ", "font": {"size": 16}},
            "steps": [{"label": lab, "method": "animate",
                       "args": [[name], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                         "transition": {"duration": 0}}]}
                      for name, lab in zip(frame_names, labels, strict=True)],
        }],
    )


def _style(fig: go.Figure, height: int) -> None:
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain",
                     fixedrange=True)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed",
                     constrain="domain", fixedrange=True)
    for row in fig._grid_ref:
        for cell in row:
            if cell and cell[0].layout_keys:
                xaxis, yaxis = cell[0].layout_keys
                fig.layout[yaxis].scaleanchor = xaxis.replace("axis", "")
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 80, "b": 130},
                      font={"size": 16, "color": INK}, plot_bgcolor="white", paper_bgcolor="white")
    fig.update_annotations(font_size=17)


def _title(text: str) -> dict:
    return {"text": text, "x": 0.01, "xanchor": "left", "y": 0.985, "yanchor": "top",
            "font": {"size": 18}}


def depthwise_animation(ex: AnimationExample, t, channel_names: list[str],
                        duration: int = 700) -> go.Figure:
    """Columns = input channels; rows: the padded input channel, its own kernel, its own output
    map. The window visits channel 1 everywhere, then channel 2, ...: each channel on its own."""
    ch = ex.x.shape[0]
    positions = len(ex.windows)
    titles = ([t("sep.anim_in", c=channel_names[c]) for c in range(ch)]
              + [t("sep.anim_kernel", c=channel_names[c]) for c in range(ch)]
              + [t("sep.anim_out", c=channel_names[c]) for c in range(ch)])
    fig = make_subplots(rows=3, cols=ch, subplot_titles=titles, horizontal_spacing=0.05,
                        vertical_spacing=0.09, row_heights=[0.42, 0.24, 0.34])
    out_traces = []
    out_lim = max(float(np.abs(ex.dw_out).max(initial=0.0)), 1.0)
    for c in range(ch):
        z, text = _padded_grid(ex.x[c], ex.pads)
        fig.add_trace(_heat(z, text, _GRID_SCALE, 0, 1), row=1, col=c + 1)
        lim = max(float(np.abs(ex.dw[c]).max(initial=0.0)), 1.0)
        fig.add_trace(_heat(ex.dw[c], [[format_value(v) for v in r] for r in ex.dw[c]],
                            _SIGNED_SCALE, -lim, lim), row=2, col=c + 1)
    for c in range(ch):
        fig.add_trace(_heat(np.zeros(ex.dw_out[c].shape), None, _OUT_BG, 0, 1), row=3, col=c + 1)
    for c in range(ch):  # the figure opens on frame 1: first output cell of channel 1 written
        oz, ot = _output_state(ex.dw_out[c], 1 if c == 0 else 0)
        fig.add_trace(_heat(oz, ot, _SIGNED_SCALE, -out_lim, out_lim), row=3, col=c + 1)
        out_traces.append(len(fig.data) - 1)
    kh, kw = ex.dw.shape[-2:]
    ow = ex.dw_out.shape[-1]
    frames, names, labels = [], [], []
    for c in range(ch):
        xi, yi = _axis_refs(fig, 1, c + 1)
        xk, yk = _axis_refs(fig, 2, c + 1)
        xo, yo = _axis_refs(fig, 3, c + 1)
        for p in range(positions):
            win = ex.windows[p]
            (r0, c0), (r1, c1) = win.cells[0], win.cells[-1]
            orow, ocol = divmod(p, ow)
            shapes = [_rect(xi, yi, r0, c0, r1, c1, _WINDOW),
                      _rect(xk, yk, 0, 0, kh - 1, kw - 1, _WINDOW),
                      _rect(xo, yo, orow, ocol, orow, ocol, _OUT_CELL)]
            data = []
            for cc in range(ch):
                upto = positions if cc < c else (p + 1 if cc == c else 0)
                oz, ot = _output_state(ex.dw_out[cc], upto)
                data.append(go.Heatmap(z=oz, text=ot))
            name = f"{c}-{p}"
            caption = t("sep.anim_dw_caption", c=channel_names[c], r=orow + 1, col=ocol + 1,
                        v=format_value(float(ex.dw_out[c, orow, ocol])))
            frames.append(go.Frame(name=name, data=data, traces=out_traces,
                                   layout={"shapes": shapes, "title": _title(caption)}))
            names.append(name)
            labels.append(str(len(names)))
    fig.frames = frames
    fig.update_layout(shapes=frames[0].layout.shapes, title=_title(frames[0].layout.title.text))
    _controls(fig, names, labels, t, duration)
    _style(fig, 760)
    return fig


def standard_animation(ex: AnimationExample, t, channel_names: list[str],
                       duration: int = 700) -> go.Figure:
    """Columns = input channels, each with its slice of the ONE standard kernel; one output map
    below them all: every step reads the same window in all channels at once and adds
    everything into one number."""
    ch = ex.x.shape[0]
    positions = len(ex.windows)
    titles = ([t("sep.anim_in", c=channel_names[c]) for c in range(ch)]
              + [t("sep.anim_slice", c=channel_names[c]) for c in range(ch)]
              + [t("sep.anim_std_out")])
    specs = [[{}] * ch, [{}] * ch, [{"colspan": ch}] + [None] * (ch - 1)]
    fig = make_subplots(rows=3, cols=ch, specs=specs, subplot_titles=titles,
                        horizontal_spacing=0.05, vertical_spacing=0.09,
                        row_heights=[0.42, 0.24, 0.34])
    for c in range(ch):
        z, text = _padded_grid(ex.x[c], ex.pads)
        fig.add_trace(_heat(z, text, _GRID_SCALE, 0, 1), row=1, col=c + 1)
        lim = max(float(np.abs(ex.std[c]).max(initial=0.0)), 1.0)
        fig.add_trace(_heat(ex.std[c], [[format_value(v) for v in r] for r in ex.std[c]],
                            _SIGNED_SCALE, -lim, lim), row=2, col=c + 1)
    out_lim = max(float(np.abs(ex.std_out).max(initial=0.0)), 1.0)
    fig.add_trace(_heat(np.zeros(ex.std_out.shape), None, _OUT_BG, 0, 1), row=3, col=1)
    oz, ot = _output_state(ex.std_out, 1)  # the figure opens on frame 1
    fig.add_trace(_heat(oz, ot, _SIGNED_SCALE, -out_lim, out_lim), row=3, col=1)
    out_trace = len(fig.data) - 1
    kh, kw = ex.std.shape[-2:]
    ow = ex.std_out.shape[-1]
    xo, yo = _axis_refs(fig, 3, 1)
    frames, names, labels = [], [], []
    for p in range(positions):
        win = ex.windows[p]
        (r0, c0), (r1, c1) = win.cells[0], win.cells[-1]
        orow, ocol = divmod(p, ow)
        shapes = []
        for c in range(ch):
            xi, yi = _axis_refs(fig, 1, c + 1)
            xk, yk = _axis_refs(fig, 2, c + 1)
            shapes += [_rect(xi, yi, r0, c0, r1, c1, _WINDOW),
                       _rect(xk, yk, 0, 0, kh - 1, kw - 1, _WINDOW)]
        shapes.append(_rect(xo, yo, orow, ocol, orow, ocol, _OUT_CELL))
        oz, ot = _output_state(ex.std_out, p + 1)
        name = str(p)
        caption = t("sep.anim_std_caption", n=ch, r=orow + 1, col=ocol + 1,
                    v=format_value(float(ex.std_out[orow, ocol])))
        frames.append(go.Frame(name=name, data=[go.Heatmap(z=oz, text=ot)], traces=[out_trace],
                               layout={"shapes": shapes, "title": _title(caption)}))
        names.append(name)
        labels.append(str(p + 1))
    fig.frames = frames
    fig.update_layout(shapes=frames[0].layout.shapes, title=_title(frames[0].layout.title.text))
    _controls(fig, names, labels, t, duration)
    _style(fig, 760)
    return fig
