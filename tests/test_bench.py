"""The benchmark measures what its cases say (python -m bench, bench/browser.py)."""

from __future__ import annotations

import io

import numpy as np


def test_photo_case_runs_the_network_on_the_photo(clean_caches, monkeypatch):
    """The 'new 512×512 photo' case must run a forward pass on the uploaded photo (it used to
    leave the page on its default drawing: zero forward passes on the photo)."""
    from bench.__main__ import _apptest, png_bytes, upload_photo
    from cnnviz.lessons import activations as view

    seen = []
    compute = view.compute

    def counting(model, image, resolution):
        seen.append((image.size, resolution))
        return compute(model, image, resolution)

    monkeypatch.setattr(view, "compute", counting)
    at = _apptest("activations", img="__upload__", act_src="photo")
    seen.clear()
    rng = np.random.default_rng(0)
    upload_photo(at, png_bytes(rng))
    assert seen == [((512, 512), "full")]
    text = " ".join(m.value for m in at.main.markdown)
    assert "512×512" in text
    upload_photo(at, png_bytes(rng))  # a new photo: a new forward pass, nothing cached
    assert len(seen) == 2


def test_browser_photo_is_a_new_512_png():
    from PIL import Image

    from bench.browser import png_photo

    a, b = png_photo(1), png_photo(2)
    assert a != b
    assert Image.open(io.BytesIO(a)).size == (512, 512)
