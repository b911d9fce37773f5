"""The Pooling page in headless Chromium against `streamlit run app.py` (EN and FR)."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from tests.browser_support import SentFrames, exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _open(page, url: str, marker: str, animated: bool = True) -> None:
    """Load ``url`` (a cold deep link) and wait until the page shows ``marker``."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_text(marker).first.wait_for()
    if animated:
        page.wait_for_selector(".js-plotly-plot .updatemenu-button")
    wait_for_app(page)
    page.wait_for_timeout(800)


def _slider_value(page) -> str:
    return page.locator(".js-plotly-plot .slider-group > .slider-label").first.text_content().strip()


def test_pooling_page_renders_in_english_and_the_animation_plays_in_the_browser(app_server, page):
    frames = SentFrames(page)
    _open(page, f"{app_server.url}/pooling?img=chelsea", "5. Global and adaptive pooling")
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    assert page.locator("h1").first.inner_text().startswith("Pooling")
    for text in ("1. On numbers", "2. On your photo", "3. Tolerance to small shifts",
                 "4. Pooling or strided convolution?", "Pooling has 0 parameters",
                 "Input 6×6", "output 3×3",
                 "Input — 3×85×128", "Max pooling — 3×42×64"):
        assert text in body, text
    plots = page.locator(".js-plotly-plot")
    assert plots.count() >= 2  # the window animation and the shift chart
    assert page.locator('[data-testid="stImage"]').count() >= 3  # input + two pooled photos
    # The animation opens on its last window (9 of a 3×3 output) and ▶ replays it in the browser.
    assert _slider_value(page).endswith("9")
    with frames.none_sent():  # played in the browser: no message to the server
        page.get_by_text("▶ Play").first.click()
        page.wait_for_timeout(1500)
        assert not _slider_value(page).endswith("9")
        page.get_by_text("‖ Pause").first.click()
        page.wait_for_timeout(300)
    # the PNG and GIF are drawn when clicked (deferred downloads) and are real pictures
    for label, fmt, frames in (("Download the picture (PNG)", "PNG", 1),
                               ("Download the shift animation (GIF)", "GIF", 3),
                               ("Download the animation (GIF)", "GIF", 9)):
        with page.expect_download() as download:
            page.get_by_text(label).first.click()
        picture = Image.open(download.value.path())
        assert picture.format == fmt and getattr(picture, "n_frames", 1) == frames, label
    assert exceptions_on_page(page) == []
    screenshot(page, "pooling-en")


def test_pooling_page_in_french_with_padding_ceil_mode_and_four_kinds(app_server, page):
    _open(page, f"{app_server.url}/pooling?lang=fr&img=coffee&pool_k=3&pool_sauto=0&pool_s=2"
          "&pool_p=1&pool_ceil=1&pool_lp=1&pool_min=1&pool_n=5", "5. Pooling global et adaptatif")
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    for text in ("1. Sur des nombres", "Entrée 5×5", "remplissage 1", "sortie 3×3",
                 "Le pooling a 0 paramètre", "nn.LPPool2d", "Sur cette photo"):
        assert text in body, text
    screenshot(page, "pooling-fr")


def test_an_impossible_padding_is_a_sentence_not_a_traceback(app_server, page):
    _open(page, f"{app_server.url}/pooling?pool_k=2&pool_p=3", "5. Global and adaptive pooling",
          animated=False)
    assert exceptions_on_page(page) == []
    assert "at most half the pool size" in page.inner_text("body")
    screenshot(page, "pooling-bad-padding")


def test_an_uploaded_photo_and_scrubbing_a_ceil_mode_animation(app_server, page):
    from cnnviz.images import SAMPLES_DIR, fit, load_image

    data = (SAMPLES_DIR / "rocket.jpg").read_bytes()  # a real JPEG photo, uploaded as a student would
    w, h = fit(load_image(data), 128).size
    frames = SentFrames(page)
    _open(page, f"{app_server.url}/pooling?img=__upload__&pool_k=3&pool_sauto=0&pool_s=2"
          "&pool_p=1&pool_ceil=1&pool_cip=0&pool_n=6", "5. Global and adaptive pooling")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "launch.jpg", "mimeType": "image/jpeg", "buffer": data})
    page.get_by_text(f"Input — 3×{h}×{w}").first.wait_for()
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    out_h, out_w = F.max_pool2d(torch.zeros(1, 1, h, w), 3, 2, 1, ceil_mode=True).shape[-2:]
    assert f"Max pooling — 3×{out_h}×{out_w}" in body
    # scrub the animation to its 3rd window by clicking the slider rail above the label "3"
    page.locator(".js-plotly-plot .slider-rail-touch-rect").first.scroll_into_view_if_needed()
    label = page.locator(".js-plotly-plot .slider-label-group").nth(2).bounding_box()
    rail = page.locator(".js-plotly-plot .slider-rail-rect").first.bounding_box()
    with frames.none_sent():  # scrubbed in the browser: no message to the server
        page.mouse.click(label["x"] + label["width"] / 2, rail["y"] + rail["height"] / 2)
        page.wait_for_timeout(600)
        assert _slider_value(page).endswith(" 3")
        assert "Window (0, 2)" in page.locator(".js-plotly-plot").first.inner_text()
        assert "cells not counted" in page.locator(".js-plotly-plot").first.inner_text()
    screenshot(page, "pooling-upload-ceil")
