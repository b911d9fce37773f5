"""Pictures of the separable-convolution lesson: the two stages (input channels, depthwise maps
under their kernels, output maps) as one PNG, or as a GIF of three frames.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from cnnviz.render import files
from cnnviz.render.pictures import INK, kernel_image, map_image

ORANGE = "#E69F00"
SKY = "#56B4E9"
PAD_GREY = "#9a9a9a"
FONT_SIZE = 16


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
