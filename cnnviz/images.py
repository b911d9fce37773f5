"""Untrusted upload bytes -> a bounded RGB ``PIL.Image``, or an :class:`ImageLoadError`.

Everything happens in memory: nothing is written to disk or logged. Handles EXIF orientation,
grayscale, palette, transparency (composited on white), CMYK, 16-bit and animated inputs (first
frame). Empty, truncated, non-image and decompression-bomb data raise :class:`ImageLoadError`
whose ``code`` names the problem for a translated sentence, and whose message reads well.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 2048
"""Longest side after loading; larger images are downsized (the pages downsize further)."""

MAX_PIXELS = 50_000_000
"""Images claiming more pixels than this are refused before decoding (decompression bombs)."""

MAX_BYTES = 25 * 1024 * 1024
"""Uploads larger than this are refused before decoding."""

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
    ``not_image``, ``truncated``, ``too_many_pixels``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self):  # survives pickle (caches) with its code and message
        return type(self), (self.code, str(self))


def _flatten(img: Image.Image) -> Image.Image:
    """Any mode -> RGB, transparency composited on white, 16-bit scaled down to 8-bit."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(img, dtype=np.float64)
        peak = 65535.0 if arr.max(initial=0) > 255 else 255.0
        img = Image.fromarray(np.clip(arr / peak * 255.0 + 0.5, 0, 255).astype(np.uint8), "L")
    elif img.mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
        scaled = (arr - lo) / (hi - lo) * 255.0 if hi > lo else np.zeros_like(arr)
        img = Image.fromarray(np.nan_to_num(scaled).astype(np.uint8), "L")
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
    """Decode ``data`` into an RGB image whose longest side is at most ``max_side``."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImageLoadError("not_image", "The upload is not a file of bytes.")
    data = bytes(data)
    if not data:
        raise ImageLoadError("empty", "The file is empty.")
    if len(data) > MAX_BYTES:
        raise ImageLoadError(
            "too_large", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ImageLoadError(
                    "too_many_pixels",
                    f"The image claims {w}×{h} pixels, more than the app accepts.",
                )
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)
            img.load()
            img = ImageOps.exif_transpose(img) or img
            img = _flatten(img)
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageLoadError(
            "too_many_pixels", "The image has more pixels than the app accepts."
        ) from None
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

