"""The benchmark measures what its cases say (python -m bench, bench/browser.py)."""

from __future__ import annotations

import io

import numpy as np
import pytest


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


# --------------------------------------------------------------------------- the browser cases

@pytest.mark.browser
def test_play_case_counts_frames_while_the_stage_plays(app_server, browser):
    """'frames painted while playing': the stage really plays (its step advances several times
    during the count), frames are counted in the page, and no message goes to the server;
    without Play the same count sees one step only."""
    from bench.browser import Tab, play

    tab = Tab(browser, viewport=(1280, 720))
    try:
        tab.goto(f"{app_server.url}/convolution")
        still = tab.page.evaluate("ms => window.__bench.frames(ms)", 800)
        assert still["steps_seen"] == 1 and not still["playing"]
        res = play(tab, seconds=1.5)
        assert res["steps"] == 25  # the default stage: a 5×5 output, one step per position
        assert res["playing"]
        assert res["steps_seen"] >= 4, res  # a step every 225 ms at 4×
        assert res["frames"] >= 10 and res["fps"] > 5, res
        assert res["sent_total"] == 0, res
    finally:
        tab.close()


@pytest.mark.browser
def test_slider_case_times_the_stage_itself(app_server, browser):
    """The slider case's 'picture redrawn' is the stage (drawn inside a shadow root): the probe
    sees its changes, and the stage did change (more steps for a larger input)."""
    from bench.browser import STAGE, Tab, press_slider

    tab = Tab(browser, viewport=(1280, 720))
    try:
        tab.goto(f"{app_server.url}/convolution?n=31")
        counter = tab.page.locator(f"{STAGE} .counter").first
        assert counter.inner_text().endswith(f"/ {29 * 29}")  # k = 3, no padding
        res = press_slider(tab, 1, STAGE)  # input 31 -> 32: the largest stage
        assert res["stage_hits"] > 0 and res["ms"] > 0, res
        assert 0 < res["picture_ms"] <= res["ms"], res  # the stage's last change, the page settled
        assert counter.inner_text().endswith(f"/ {30 * 30}")
    finally:
        tab.close()
