"""Untrusted upload bytes -> a bounded RGB ``PIL.Image``, or an :class:`ImageLoadError`.

Everything happens in memory: nothing is written to disk or logged. Handles EXIF orientation,
grayscale, palette, transparency (composited on white), CMYK, 16-bit and animated inputs (first
frame). Empty, truncated, non-image and decompression-bomb data raise :class:`ImageLoadError`
whose ``code`` names the problem for a translated sentence, and whose message reads well.
"""

from __future__ import annotations

import functools
import io
import threading
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

MAX_SIDE = 2048
"""Longest side after loading; larger images are downsized (the pages downsize further)."""

MAX_PIXELS = 40_000_000
"""Images with more pixels than this (after JPEG draft decoding) are refused before decoding."""

MAX_DECODED_BYTES = 100_000_000
"""Memory the decoded picture may take in Pillow (4 bytes a pixel for RGB, RGBA and float
images, 2 for 16-bit, 1 for grey and palette) is checked against this from the header, before
decoding: about 25 million colour pixels. One upload's decoding costs at most about this much
more (the later steps work on chunks of rows or on the downsized picture)."""

MAX_BYTES = 20 * 1024 * 1024
"""Uploads larger than this are refused before decoding (``server.maxUploadSize`` is larger, so
such a file gets this module's sentence rather than Streamlit's)."""

DECODE_SLOTS = 2
"""How many uploads may be decoded at the same time in one server process."""

DECODE_WAIT_S = 60.0
"""How long an upload waits for a decoding slot before being refused as ``busy``."""

_decode_slots = threading.BoundedSemaphore(DECODE_SLOTS)

_ROWS = 512
"""Rows converted at a time from 16-bit and float images (bounds the temporary arrays)."""

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "assets" / "samples"
SAMPLES = {
    "chelsea": "chelsea.png",
    "coffee": "coffee.png",
    "astronaut": "astronaut.png",
    "camera": "camera.png",
    "rocket": "rocket.jpg",
}


class ImageLoadError(ValueError):
    """The bytes are not an image the app can use. ``code`` is one of ``empty``, ``too_large``,
    ``not_image``, ``truncated``, ``too_many_pixels``, ``busy``; ``values`` fill the sentence."""

    def __init__(self, code: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):  # survives pickle (caches) with its code, values and message
        return functools.partial(type(self), **self.values), (self.code, str(self))


def _bytes_per_pixel(mode: str) -> int:
    """Bytes Pillow allocates per pixel for ``mode`` (multi-band images use 4)."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def _to_gray8(img: Image.Image) -> Image.Image:
    """A 16-bit or float grey image -> 8-bit ``L``, a band of rows at a time (float32 only).

    16-bit values are scaled from 0–65535 (or 0–255 if none exceeds 255); float images are
    stretched from their own minimum to maximum (NaN shown as black)."""
    w, h = img.size
    lo, hi = img.getextrema()
    if img.mode == "F":
        if not (np.isfinite(lo) and np.isfinite(hi)):
            lo, hi = np.inf, -np.inf
            for top in range(0, h, _ROWS):
                band = np.asarray(img.crop((0, top, w, min(h, top + _ROWS))), dtype=np.float32)
                finite = band[np.isfinite(band)]
                if finite.size:
                    lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
            if lo > hi:
                lo, hi = 0.0, 0.0
        offset, scale = float(lo), (255.0 / (float(hi) - float(lo)) if hi > lo else 0.0)
    else:
        offset, scale = 0.0, 255.0 / (65535.0 if hi > 255 else 255.0)
    out = np.empty((h, w), dtype=np.uint8)
    for top in range(0, h, _ROWS):
        band = np.asarray(img.crop((0, top, w, min(h, top + _ROWS))), dtype=np.float32)
        band = np.nan_to_num((band - offset) * scale + (0.0 if img.mode == "F" else 0.5),
                             nan=0.0, posinf=255.0, neginf=0.0)
        out[top:top + band.shape[0]] = np.clip(band, 0, 255).astype(np.uint8)
    return Image.fromarray(out, "L")

    def __reduce__(self):  # survives pickle (caches) with its code and message
        return type(self), (self.code, str(self))


def _flatten(img: Image.Image) -> Image.Image:
    """Any mode -> RGB, transparency composited on white, 16-bit scaled down to 8-bit."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        img = _to_gray8(img)
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("LA", "La", "PA"):
        img = img.convert("RGBA")
    if img.mode == "RGBa":
        img = img.convert("RGBA")
    if img.mode == "RGBA":
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        return background
    if img.mode == "L" and "transparency" in img.info:
        return _flatten(img.convert("RGBA"))
    return img.convert("RGB")


def load_image(data: bytes, max_side: int = MAX_SIDE) -> Image.Image:
    """Decode ``data`` into an RGB image whose longest side is at most ``max_side``.

    Memory is bounded before decoding: the file's size (:data:`MAX_BYTES`), the pixels its
    header claims (:data:`MAX_PIXELS`) and the bytes Pillow would allocate for them
    (:data:`MAX_DECODED_BYTES`) are checked first; JPEGs are decoded directly at a reduced scale
    (``draft``) when they are larger than needed; at most :data:`DECODE_SLOTS` uploads decode at
    once in a process.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImageLoadError("not_image", "The upload is not a file of bytes.")
    if not data:
        raise ImageLoadError("empty", "The file is empty.")
    if len(data) > MAX_BYTES:
        raise ImageLoadError("too_large", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                             mb=MAX_BYTES // (1024 * 1024))
    if not _decode_slots.acquire(timeout=DECODE_WAIT_S):
        raise ImageLoadError("busy", "Too many photos are being decoded right now.")
    try:
        return _decode(data, max_side)
    finally:
        _decode_slots.release()


_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}


def _too_many_pixels(w: int, h: int) -> ImageLoadError:
    return ImageLoadError("too_many_pixels",
                          f"The image claims {h}×{w} pixels (height×width), more than the app accepts.",
                          w=w, h=h, mp=MAX_DECODED_BYTES // 4 // 1_000_000)


def _decode(data: bytes | bytearray | memoryview, max_side: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale when that is enough
                img.draft("RGB", (max_side, max_side))
            w, h = img.size
            if w * h > MAX_PIXELS or w * h * _bytes_per_pixel(img.mode) > MAX_DECODED_BYTES:
                raise _too_many_pixels(w, h)
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)
            orientation = img.getexif().get(0x0112, 1)
            img.load()
            if max(img.size) > 2 * max_side and img.mode in ("L", "RGB", "RGBA", "LA", "I", "F"):
                img = img.reduce(max(img.size) // max_side)  # cheap box filter, before any copy
            img = _flatten(img)
            if orientation in _ORIENTATION:  # EXIF orientation, as ImageOps.exif_transpose
                img = img.transpose(_ORIENTATION[orientation])
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageLoadError("too_many_pixels", "The image has more pixels than the app accepts.",
                             mp=MAX_DECODED_BYTES // 4 // 1_000_000) from None
    except UnidentifiedImageError:
        raise ImageLoadError("not_image", "This file is not an image the app can read.") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise ImageLoadError(
            "truncated", "The image file is damaged or incomplete and cannot be decoded."
        ) from None
    if max(img.size) > max_side:
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return img


def fit(img: Image.Image, max_side: int) -> Image.Image:
    """A copy of ``img`` downsized (never enlarged) so its longest side is at most ``max_side``."""
    if max(img.size) <= max_side:
        return img.copy()
    out = img.copy()
    out.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return out


def sample_bytes(name: str) -> bytes:
    """The bytes of a built-in sample photo (see ``assets/samples/CREDITS.md``)."""
    if name not in SAMPLES:
        raise KeyError(name)
    return (SAMPLES_DIR / SAMPLES[name]).read_bytes()


def to_array(img: Image.Image) -> np.ndarray:
    """RGB image -> float32 array (3, H, W) in [0, 1] (PyTorch's channel order)."""
    return np.asarray(img.convert("RGB"), dtype=np.float32).transpose(2, 0, 1) / 255.0


def to_gray_array(img: Image.Image) -> np.ndarray:
    """RGB image -> float32 array (H, W) in [0, 1], ITU-R 601 luma."""
    return np.asarray(img.convert("L"), dtype=np.float32) / 255.0

