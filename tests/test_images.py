"""The upload loader on awkward files made here: modes, EXIF, animation, bombs, garbage."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from cnnviz import images
from cnnviz.images import ImageLoadError, load_image
from cnnviz.render.pictures import to_picture


def encode(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize("mode,fmt", [
    ("RGB", "PNG"), ("RGB", "JPEG"), ("L", "PNG"), ("1", "PNG"), ("P", "GIF"), ("RGBA", "PNG"),
    ("LA", "PNG"), ("CMYK", "JPEG"), ("I;16", "PNG"), ("RGB", "WEBP"), ("RGB", "BMP"),
    ("RGB", "TIFF"), ("F", "TIFF"), ("I", "TIFF"),
])
def test_every_mode_becomes_rgb(mode, fmt):
    img = Image.new(mode, (20, 10))
    out = load_image(encode(img, fmt))
    assert out.mode == "RGB"
    assert out.size == (20, 10)


def test_transparency_is_composited_on_white():
    img = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    img.putpixel((0, 0), (0, 0, 255, 255))
    out = load_image(encode(img))
    assert out.getpixel((1, 1)) == (255, 255, 255)
    assert out.getpixel((0, 0)) == (0, 0, 255)


def test_palette_with_transparency():
    img = Image.new("P", (4, 4), 0)
    img.putpalette([10, 20, 30, 200, 0, 0] + [0] * 762)
    img.putpixel((0, 0), 1)
    out = load_image(encode(img, "PNG", transparency=0))
    assert out.getpixel((2, 2)) == (255, 255, 255)
    assert out.getpixel((0, 0)) == (200, 0, 0)


def test_16_bit_is_scaled_not_clipped():
    arr = np.array([[0, 65535], [32768, 1000]], dtype=np.uint16)
    out = load_image(encode(Image.fromarray(arr)))
    px = np.asarray(out)[..., 0]
    assert px[0, 0] == 0 and px[0, 1] == 255 and 120 <= px[1, 0] <= 135


def test_exif_orientation_is_applied():
    img = Image.new("RGB", (30, 10), (0, 0, 0))
    img.paste((255, 255, 255), (0, 0, 5, 10))  # a white band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = load_image(encode(img, "JPEG", exif=exif.tobytes(), quality=95))
    assert out.size == (10, 30)
    red = np.asarray(out)[..., 0]
    assert red[:4].min() > 200 and red[-4:].max() < 50  # rotated clockwise: left band -> top


def test_animated_gif_gives_first_frame():
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)
    out = load_image(data)
    assert out.getpixel((3, 3))[0] > 200 and out.getpixel((3, 3))[1] < 50


def test_longest_side_is_capped():
    out = load_image(encode(Image.new("RGB", (3000, 1000))), max_side=512)
    assert out.size == (512, 171)
    assert max(load_image(encode(Image.new("RGB", (4100, 50)))).size) == images.MAX_SIDE


@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"this is not an image at all", "not_image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "not_image"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not_image"),
])
def test_garbage_is_refused_with_a_code(data, code):
    with pytest.raises(ImageLoadError) as info:
        load_image(data)
    assert info.value.code == code
    assert str(info.value)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_truncated_files_are_refused(fmt):
    rng = np.random.default_rng(0)
    img = Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))
    data = encode(img, fmt)
    with pytest.raises(ImageLoadError) as info:
        load_image(data[: len(data) // 2])
    assert info.value.code in ("truncated", "not_image")


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb's signature)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ImageLoadError) as info:
        load_image(_png_claiming(60_000, 60_000))
    assert info.value.code == "too_many_pixels"


def test_oversized_upload_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 100)
    with pytest.raises(ImageLoadError) as info:
        load_image(encode(Image.new("RGB", (50, 50)), "BMP"))
    assert info.value.code == "too_large"


def test_non_bytes_is_refused():
    with pytest.raises(ImageLoadError):
        load_image("not bytes")  # type: ignore[arg-type]


def test_samples_load_and_arrays_round_trip():
    for name in images.SAMPLES:
        img = load_image(images.sample_bytes(name))
        assert img.mode == "RGB" and min(img.size) >= 256
    arr = images.to_array(load_image(images.sample_bytes("coffee")))
    assert arr.shape[0] == 3 and arr.dtype == np.float32 and 0 <= arr.min() <= arr.max() <= 1
    back = to_picture(arr)
    assert back.size == (arr.shape[2], arr.shape[1])


def test_to_picture_stretches_signed_maps():
    out = to_picture(np.array([[-2.0, 0.0], [1.0, 2.0]]))
    assert np.asarray(out).tolist() == [[0, 128], [191, 255]]
