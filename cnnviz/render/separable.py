"""Pictures of the separable-convolution lesson: the two stages (input channels, depthwise maps
under their kernels, output maps) as one PNG, or as a GIF of three frames; the costs of a
separable convolution against a standard one as plain HTML bars (no Plotly: its 4.7 MB bundle
was loaded for this one chart).
"""

from __future__ import annotations

import hashlib
import html

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.memo import bounded_cache
from cnnviz.render import files
from cnnviz.render.pictures import INK, kernel_image, map_image

ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
TRACK = "#eceff3"
PAD_GREY = "#9a9a9a"
FONT_SIZE = 16


# --- the page's pictures, encoded once ---------------------------------------------------------

def _digest(arr: np.ndarray) -> str:
    a = np.ascontiguousarray(arr, dtype=np.float32)
    return hashlib.sha1(repr(a.shape).encode() + a.tobytes()).hexdigest()


@bounded_cache(max_bytes=32 * 1024 * 1024, max_entries=1024)  # bytes kept, never unpickled
def _map_jpeg(digest: str, _arr: np.ndarray, side: int, signed: bool) -> bytes:
    return files.jpeg(map_image(_arr, side, signed=signed))


@bounded_cache(max_bytes=8 * 1024 * 1024, max_entries=512)
def _kernel_jpeg(digest: str, _kernel: np.ndarray, cell: int, lang: str) -> bytes:
    return files.jpeg(kernel_image(_kernel, cell, lang))


def map_jpeg(arr: np.ndarray, side: int, signed: bool = True) -> bytes:
    """:func:`cnnviz.render.pictures.map_image` as the very JPEG bytes ``st.image`` makes of
    it, encoded once per map content and size (every rerun used to encode each picture again)."""
    return _map_jpeg(_digest(arr), arr, side, signed)


def kernel_jpeg(kernel: np.ndarray, cell: int, lang: str) -> bytes:
    """:func:`cnnviz.render.pictures.kernel_image` as ``st.image``'s JPEG bytes, encoded once."""
    return _kernel_jpeg(_digest(kernel), kernel, cell, lang)


# --- export: the two stages as one picture, and as a GIF -----------------------------------------

def _labelled(tile: Image.Image, caption: str, width: int) -> Image.Image:
    font = files.font(FONT_SIZE)
    out = Image.new("RGB", (width, tile.height + 28), "white")
    out.paste(tile, ((width - tile.width) // 2, 0))
    ImageDraw.Draw(out).text((width // 2, tile.height + 4), caption, fill=INK, font=font, anchor="ma")
    return out


def _section(title: str, tiles: list[Image.Image], width: int) -> Image.Image:
    gap = 16
    height = max(t.height for t in tiles)
    title_font = files.font(22)
    width = max(width, int(title_font.getlength(title)) + 2 * gap)  # the title never cut off
    out = Image.new("RGB", (width, height + 44), "white")
    draw = ImageDraw.Draw(out)
    draw.text((gap, 8), title, fill=INK, font=title_font)
    x = gap
    for tile in tiles:
        out.paste(tile, (x, 40))
        x += tile.width + gap
    return out


def _stage_sections(stages, t, channel_names: list[str], side: int) -> list[Image.Image]:
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


def stages_png(stages, t, channel_names: list[str], side: int = 160) -> bytes:
    """The input channels, the depthwise maps (each under its kernel) and the output maps,
    one section per stage, as PNG bytes."""
    sections = _stage_sections(stages, t, channel_names, side)
    width = max(s.width for s in sections)
    out = Image.new("RGB", (width, sum(s.height for s in sections) + 8), "white")
    y = 0
    for s in sections:
        out.paste(s, (0, y))
        y += s.height
    return files.png(out)


def stages_gif(stages, t, channel_names: list[str], side: int = 160,
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
                                   fill="#444444", font=files.font(FONT_SIZE))
        frames.append(frame)
    return files.gif(frames, duration_ms)


# --- the costs: standard vs. separable, as HTML bars ------------------------------------------

def _bar(parts: list[tuple[str, int, str]], scale: float) -> str:
    """One bar of stacked ``parts`` (kind, value, colour), each as wide as its share of
    ``scale`` (the longest bar's value fills the track)."""
    segments = "".join(
        f'<div data-part="{kind}" data-value="{value}" style="height:100%;'
        f'width:{100.0 * value / scale:.3f}%;min-width:{2 if value else 0}px;background:{colour}">'
        f'</div>' for kind, value, colour in parts)
    return (f'<div style="display:flex;background:{TRACK};height:1.5rem;border-radius:4px;'
            f'overflow:hidden">{segments}</div>')


def ratio_text(separable: int, standard: int, t) -> str:
    """How the separable count compares with the standard one, in words: ``7.7 times fewer
    (−87.0%)`` (``times more`` when it is larger), written by the translator ``t``."""
    ratio = separable / standard if standard else 1.0
    times = (t("sep.times_fewer", x=t.num(1 / ratio, 1)) if 0 < ratio <= 1
             else t("sep.times_more", x=t.num(ratio, 1)))
    return t("sep.cost_ratio", times=times, p=t.num(100 * (ratio - 1), 1))


def _costs_panel(kind: str, title: str, std: int, dw: int, pw: int, t) -> str:
    scale = max(std, dw + pw, 1)
    line = ('<div style="display:flex;justify-content:space-between;gap:0.6rem;'
            'margin-top:0.55rem">')
    number = '<span data-total="{v}" style="font-variant-numeric:tabular-nums;' \
             'white-space:nowrap;font-weight:700">{text}</span>'
    return (
        f'<div class="cnnviz-cost" data-kind="{kind}" style="flex:1 1 17rem;min-width:0">'
        f'<div style="font-size:1.25rem;font-weight:700;margin-bottom:0.2rem">'
        f'{html.escape(title)}</div>'
        f'{line}<span>{html.escape(t("sep.standard"))}</span>'
        f'{number.format(v=std, text=html.escape(t.num(std)))}</div>'
        f'{_bar([("standard", std, SKY)], scale)}'
        f'{line}<span>{html.escape(t("sep.separable"))}</span>'
        f'{number.format(v=dw + pw, text=html.escape(t.num(dw + pw)))}</div>'
        f'{_bar([("depthwise", dw, ORANGE), ("pointwise", pw, GREEN)], scale)}'
        f'<div style="font-size:1rem;color:#333;margin-top:0.15rem">'
        f'{html.escape(t("sep.cost_parts", dw=t.num(dw), pw=t.num(pw)))}</div>'
        f'<div class="cnnviz-cost-ratio" style="font-size:1.4rem;font-weight:700;color:#006b4f;'
        f'margin-top:0.45rem">{html.escape(ratio_text(dw + pw, std, t))}</div></div>')


def costs_html(costs, t) -> str:
    """Parameters and multiply-adds of a :class:`cnnviz.lessons.separable.Costs`: for each, a
    bar for the standard convolution and one for the separable, split into its depthwise
    (orange) and pointwise (green) stages, each number written out by the translator ``t``
    (``data-value`` / ``data-total`` hold the raw integers). Both bars of a panel share one
    scale; under them, how many times fewer the separable needs (:func:`ratio_text`). The two
    panels sit side by side and stack on a narrow screen. Static HTML (inline
    styles, no script), every text escaped."""
    def swatch(colour: str, label: str) -> str:
        return (f'<span style="display:inline-flex;align-items:center;gap:0.35rem;'
                f'margin-right:1.1rem"><span style="display:inline-block;width:1rem;height:1rem;'
                f'border-radius:3px;background:{colour}"></span>{html.escape(label)}</span>')

    panels = (_costs_panel("params", t("sep.params"), costs.params_standard,
                           costs.params_depthwise, costs.params_pointwise, t)
              + _costs_panel("macs", t("sep.macs"), costs.macs_standard, costs.macs_depthwise,
                             costs.macs_pointwise, t))
    legend = (swatch(SKY, t("sep.standard")) + swatch(ORANGE, t("sep.depthwise"))
              + swatch(GREEN, t("sep.pointwise")))
    return (f'<div class="cnnviz-costs" style="font-size:1.15rem;color:#1a1a1a">'
            f'<div style="display:flex;flex-wrap:wrap;gap:0.6rem 2.2rem">{panels}</div>'
            f'<div style="margin-top:0.7rem;font-size:1.05rem">{legend}</div></div>')


def _fraction(top: str, bottom: str) -> str:
    """``top`` over ``bottom`` (both HTML already escaped), a rule between them."""
    return ('<span style="display:inline-flex;flex-direction:column;align-items:center;'
            'vertical-align:middle;margin:0 0.25rem;line-height:1.35">'
            f'<span style="padding:0 0.2rem">{top}</span>'
            f'<span style="border-top:2px solid currentColor;padding:0 0.2rem">{bottom}</span>'
            '</span>')


def ratio_formula_html(costs, t) -> str:
    """MobileNet's ratio of multiply-adds, typeset in HTML (no KaTeX: its 0.3 MB of JavaScript
    and fonts were loaded for this one line): separable / standard = (dm·k²M + dm·MN) / (k²MN)
    = dm/N + dm/k² with this layer's N and k, = the value (``t.num``, 4 decimals)."""
    dm, n = costs.depth_multiplier, costs.out_channels
    kh, kw = costs.kernel
    d = "" if dm == 1 else f"{dm}·"
    k2 = "<i>k</i><sup>2</sup>"
    eq = '<span style="margin:0 0.45rem">=</span>'
    parts = [
        _fraction(html.escape(t("sep.tex_sep")), html.escape(t("sep.tex_std"))),
        _fraction(f"{d}{k2}<i>M</i> + {d}<i>M</i><i>N</i>", f"{k2}<i>M</i><i>N</i>"),
        _fraction(str(dm), "<i>N</i>") + "+" + _fraction(str(dm), k2),
        _fraction(str(dm), str(n)) + "+" + _fraction(str(dm), str(kh * kw)),
        f"<b>{html.escape(t.num(costs.formula_ratio, 4))}</b>",
    ]
    return ('<div class="cnnviz-ratio-formula" style="text-align:center;font-size:1.3rem;'
            'font-family:\'Source Serif Pro\',Georgia,serif;margin:0.6rem 0 1rem 0;'
            'overflow-x:auto;white-space:nowrap">' + eq.join(parts) + "</div>")


def html_table(rows, right=()) -> str:
    """Rows (dicts with the same keys, the headers) as a plain HTML table, every cell escaped
    and kept on one line, columns named in ``right`` right-aligned (numbers); inside a box that
    scrolls sideways on a narrow screen. For ``st.html``: no data-frame grid, no Arrow, no
    Markdown-with-HTML renderer to load."""
    if not rows:
        return ""
    headers = list(rows[0])
    line = "border:1px solid rgba(49,51,63,0.18);padding:0.4rem 0.7rem;white-space:nowrap"

    def cell(tag: str, header: str, value: object) -> str:
        align = "right" if header in right else "left"
        weight = "font-weight:600;" if tag == "th" else ""
        return f'<{tag} style="{line};text-align:{align};{weight}">{html.escape(str(value))}</{tag}>'

    head = "<tr>" + "".join(cell("th", h, h) for h in headers) + "</tr>"
    body = "".join("<tr>" + "".join(cell("td", h, row[h]) for h in headers) + "</tr>"
                   for row in rows)
    return ('<div style="overflow-x:auto;margin-bottom:0.6rem"><table style="border-collapse:'
            'collapse;font-size:1rem;font-variant-numeric:tabular-nums">'
            f"<thead>{head}</thead><tbody>{body}</tbody></table></div>")
