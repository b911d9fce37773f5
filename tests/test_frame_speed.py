"""The shared frame's per-rerun shortcuts give what the slow path gave (cnnviz.ui.image_picker):
an upload is decoded and hashed once per uploaded file, a sample once per process."""

from __future__ import annotations

import hashlib
import io

import numpy as np
from PIL import Image

from cnnviz import ui
from cnnviz.images import load_image, sample_bytes
from tests.test_app import run_app


def _png(seed: int, size=(64, 48)) -> bytes:
    arr = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def test_upload_decoded_once_and_same_as_before(clean_caches, monkeypatch):
    calls = []

    def counting(data, *args, **kwargs):
        calls.append(len(data))
        return load_image(data, *args, **kwargs)

    monkeypatch.setattr(ui, "load_image", counting)
    at = run_app(img="__upload__")  # no upload yet: the default sample is shown
    calls.clear()
    first = _png(1)
    at.get("file_uploader")[0].upload("a.png", first, "image/png").run()
    picked = at.session_state["_picked_image"]
    # what the picker gave before the shortcut: sha256 key, the decoded pixels, the bytes
    assert picked.key == f"upload:{hashlib.sha256(first).hexdigest()[:16]}"
    assert np.array_equal(np.asarray(picked.image), np.asarray(load_image(first)))
    assert picked.data == first
    assert calls == [len(first)]
    at.run()  # a rerun (any widget): no new decoding
    at.run()
    assert calls == [len(first)]
    assert at.session_state["_picked_image"].key == picked.key
    second = _png(2, (30, 20))
    at.get("file_uploader")[0].upload("b.png", second, "image/png").run()
    picked = at.session_state["_picked_image"]
    assert calls == [len(first), len(second)]
    assert picked.key == f"upload:{hashlib.sha256(second).hexdigest()[:16]}"
    assert picked.image.size == (30, 20)


def test_sample_same_as_decoding_its_bytes(clean_caches):
    at = run_app(img="astronaut")
    picked = at.session_state["_picked_image"]
    assert picked.key == "sample:astronaut"
    assert picked.data == sample_bytes("astronaut")
    assert np.array_equal(np.asarray(picked.image), np.asarray(load_image(sample_bytes("astronaut"))))
