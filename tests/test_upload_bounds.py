"""Memory one upload can cost is bounded before decoding; uploads never reach the disk."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest
from PIL import Image

from cnnviz import images
from cnnviz.images import ImageLoadError, load_image


def encode(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def test_a_small_file_claiming_too_many_bytes_of_pixels_is_refused_from_its_header():
    # 160 KB on disk, 196 MB once decoded: refused before decoding, with the sentence's values.
    data = encode(Image.new("RGB", (7000, 7000), (200, 30, 30)), optimize=True)
    assert len(data) < 200_000
    with pytest.raises(ImageLoadError) as info:
        load_image(data)
    assert info.value.code == "too_many_pixels"
    assert info.value.values["mp"] == images.MAX_DECODED_BYTES // 4 // 1_000_000


def test_the_budget_counts_bytes_per_pixel_of_the_mode():
    side = 5200  # 27 Mpx: under MAX_PIXELS; 27 MB in grey, 108 MB as float32
    assert side * side < images.MAX_PIXELS
    grey = encode(Image.new("L", (side, side), 7), optimize=True)
    assert max(load_image(grey).size) == images.MAX_SIDE
    floats = encode(Image.new("F", (side, side), 0.5), "TIFF", compression="tiff_adobe_deflate")
    with pytest.raises(ImageLoadError) as info:
        load_image(floats)
    assert info.value.code == "too_many_pixels"


def test_float_images_are_stretched_from_their_own_range_without_float64_copies():
    ramp = np.tile(np.linspace(-3.0, 5.0, 300, dtype=np.float32), (1100, 1))  # > one row band
    ramp[0, 0] = np.nan
    out = load_image(encode(Image.fromarray(ramp, "F"), "TIFF"))
    grey = np.asarray(out)[..., 0]
    assert grey[5, 0] == 0 and grey[5, -1] == 255
    expected = np.clip((ramp[5] + 3.0) / 8.0 * 255.0, 0, 255).astype(np.uint8)
    assert np.abs(grey[5].astype(int) - expected.astype(int)).max() <= 1
    assert grey[0, 0] == 0  # NaN shown as black
    assert grey.shape == (1100, 300)


def test_sixteen_bit_images_keep_their_scale():
    arr = np.full((600, 10), 65535, dtype=np.uint16)
    arr[:, :5] = 32768
    out = np.asarray(load_image(encode(Image.fromarray(arr))))[..., 0]
    assert out[0, 9] == 255 and out[0, 0] == 128


def test_large_jpegs_are_decoded_at_a_reduced_scale():
    big = Image.new("RGB", (8400, 6300), (10, 120, 200))  # 53 Mpx: over the limit at full scale
    data = encode(big, "JPEG", quality=70)
    out = load_image(data)
    assert max(out.size) == images.MAX_SIDE
    assert out.size == (images.MAX_SIDE, round(images.MAX_SIDE * 6300 / 8400))
    assert np.abs(np.asarray(out).astype(int)[100, 100] - (10, 120, 200)).max() <= 3


def test_exif_orientation_is_applied_after_downsizing():
    img = Image.new("RGB", (5000, 1000), (0, 0, 0))
    img.paste((255, 0, 0), (0, 0, 500, 1000))  # red on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    out = load_image(encode(img, "JPEG", exif=exif.tobytes(), quality=95))
    assert out.size[1] > out.size[0]
    r, g, _b = out.getpixel((out.width // 2, 10))  # the left edge ends up at the top
    assert r > 200 and g < 60


def test_at_most_decode_slots_uploads_decode_at_once(monkeypatch):
    monkeypatch.setattr(images, "DECODE_WAIT_S", 0.2)
    data = encode(Image.new("RGB", (8, 8)))
    held = [images._decode_slots.acquire(timeout=1) for _ in range(images.DECODE_SLOTS)]
    try:
        assert all(held)
        with pytest.raises(ImageLoadError) as info:
            load_image(data)
        assert info.value.code == "busy"
    finally:
        for _ in held:
            images._decode_slots.release()
    assert load_image(data).size == (8, 8)


def test_concurrent_decodes_all_succeed():
    data = encode(Image.new("RGB", (1500, 1500), (1, 2, 3)))
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(load_image(data).size))
               for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [(1500, 1500)] * 6


def test_the_upload_cap_is_below_the_servers_limit_so_the_app_sentence_can_show():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml")
                           .read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 > images.MAX_BYTES


def test_multipart_uploads_over_a_mebibyte_stay_in_memory():
    """Starlette spools a multipart file over ``spool_max_size`` to a temporary file; cnnviz.ui
    raises that size above the server's upload limit (parsed here with Starlette itself)."""
    import asyncio

    from starlette.formparsers import MultiPartParser
    from starlette.requests import Request

    from cnnviz import ui  # noqa: F401 - importing ui raises the spool size

    assert MultiPartParser.spool_max_size >= 33 * 1024 * 1024
    payload = np.random.default_rng(0).bytes(5 * 1024 * 1024)
    boundary = "cnnvizboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()

    async def run() -> tuple[bool, bytes]:
        sent = False

        async def receive():
            nonlocal sent
            if sent:
                return {"type": "http.request", "body": b"", "more_body": False}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        scope = {"type": "http", "method": "PUT", "path": "/", "query_string": b"",
                 "headers": [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())]}
        form = await Request(scope, receive).form()
        upload = form["file"]
        rolled = upload.file._rolled  # SpooledTemporaryFile: True once written to a real file
        data = await upload.read()
        return rolled, data

    # in a thread of its own: another test may have left an event loop running in this one
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        rolled, data = pool.submit(asyncio.run, run()).result()
    assert data == payload
    assert rolled is False
    assert MultiPartParser.spool_max_size > len(body)
