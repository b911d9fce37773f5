"""The one place pictures become file bytes: PNG and (looping) GIF.

Every download and every picture sent to the browser goes through :func:`png` or :func:`gif`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFont

FONT_FILES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "LiberationSans-Regular.ttf")
BOLD_FONT_FILES = ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A TrueType font with every accent, dash and × the labels use (DejaVu, installed with
    Chromium's dependencies), or Pillow's built-in one; every exported picture uses this."""
    for name in (BOLD_FONT_FILES if bold else ()) + FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def as_image(picture: Image.Image | np.ndarray) -> Image.Image:
    """A PIL image, or a uint8 array (H, W) / (H, W, 3) (floats in [0, 1] are scaled)."""
    if isinstance(picture, Image.Image):
        return picture
    arr = np.asarray(picture)
    if arr.dtype != np.uint8:
        arr = np.round(np.clip(np.nan_to_num(arr.astype(np.float32)), 0, 1) * 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB" if arr.ndim == 3 else "L")


def png(picture: Image.Image | np.ndarray) -> bytes:
    """PNG bytes (``optimize`` off: it costs ~10× the time for a few % of bytes)."""
    buf = io.BytesIO()
    as_image(picture).save(buf, format="PNG")
    return buf.getvalue()


def indexed_png(rgb: np.ndarray) -> bytes:
    """PNG bytes of a uint8 RGB picture (H, W, 3) with at most 256 colours (a colour-mapped
    layer picture: the map's lookup table and the white separators) as an indexed (palette)
    PNG (grey levels as a grey PNG): the same pixels when decoded, about half the bytes and
    half the encoding time of :func:`png`. More colours: :func:`png`."""
    arr = np.asarray(rgb, dtype=np.uint8)
    if arr.ndim != 3 or arr.shape[2] != 3:
        return png(arr)
    if np.array_equal(arr[..., 0], arr[..., 1]) and np.array_equal(arr[..., 1], arr[..., 2]):
        return png(arr[..., 0])  # grey levels: one byte a pixel
    key = (arr[..., 0].astype(np.uint32) << 16) | (arr[..., 1].astype(np.uint32) << 8) | arr[..., 2]
    colours, index = np.unique(key.ravel(), return_inverse=True)
    if len(colours) > 256:
        return png(arr)
    img = Image.fromarray(index.reshape(arr.shape[:2]).astype(np.uint8), "P")
    img.putpalette(np.stack([colours >> 16, colours >> 8, colours], 1).astype(np.uint8).ravel().tolist())
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def gif(frames: Sequence[Image.Image], duration_ms: int = 900, colors: int = 255) -> bytes:
    """A looping GIF, one frame per picture (RGB pictures quantised to ``colors`` colours each)."""
    if not frames:
        raise ValueError("a GIF needs at least one frame")
    size = frames[0].size
    palette = []
    for frame in frames:
        frame = frame.convert("RGB")
        if frame.size != size:  # every frame on the first one's canvas
            canvas = Image.new("RGB", size, "white")
            canvas.paste(frame, (0, 0))
            frame = canvas
        palette.append(frame.quantize(colors=colors, method=Image.Quantize.MEDIANCUT))
    buf = io.BytesIO()
    palette[0].save(buf, format="GIF", save_all=True, append_images=palette[1:],
                    duration=duration_ms, loop=0, disposal=1, optimize=False)
    return buf.getvalue()


def jpeg(picture: Image.Image) -> bytes:
    """JPEG bytes (quality 100) exactly as ``st.image`` makes them of a PIL picture: a page that
    caches these bytes sends the same picture without encoding it again on every rerun."""
    img = as_image(picture)
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=100)
    return buf.getvalue()


def preview_jpeg(image: Image.Image, side: int, quality: int = 88) -> bytes:
    """A photo at most ``side`` px on its longest side as JPEG bytes: downsized first (box
    filter, never enlarged), encoded once. Give ``st.image`` the same ``width``: Streamlit then
    sends these bytes as they are (a wider image it decodes, resizes and re-encodes on every
    run). Handing Streamlit the whole photo cost a PNG encoding of all of it on every rerun
    (0.36 s at 512² on a loaded 2-core machine), then a decode and a resize."""
    small = image.convert("RGB")
    if max(small.size) > side:
        scale = side / max(small.size)
        small = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))),
                             Image.Resampling.BOX)
    buf = io.BytesIO()
    small.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()
