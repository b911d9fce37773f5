"""The Pooling page in headless Chromium against `streamlit run app.py` (EN and FR)."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from tests.browser_support import SCREENSHOTS, exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser
STAGE = '[data-testid="cnnviz-stage"]'


def _open(page, url: str, marker: str, animated: bool = True) -> None:
    """Load ``url`` (a cold deep link) and wait until the page shows ``marker``."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_text(marker).first.wait_for()
    if animated:
        page.wait_for_selector(STAGE)
    wait_for_app(page)
    page.wait_for_timeout(800)


def screenshot_path(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


SHIFT_CHART = '[data-testid="stImage"] img[src^="data:image/svg+xml"]'


def _shift_chart_on_a_projector(page, name: str) -> None:
    """The shift chart is an SVG picture (no Plotly on the page, so no Plotly bundle loaded),
    seen on a 1280×720 projector: it fits the window and is drawn wide enough to read."""
    assert page.locator(".js-plotly-plot").count() == 0
    assert not page.evaluate("() => performance.getEntriesByType('resource')"
                             ".some(r => /plotly/i.test(r.name))")
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_for_app(page)
    chart = page.locator(SHIFT_CHART)
    assert chart.count() == 1
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = chart.bounding_box()
    assert 500 <= box["width"] <= 1280 - 300 and box["height"] <= 720  # most of the column
    page.locator('[data-testid="stMain"]').screenshot(path=str(screenshot_path(name)))
    page.set_viewport_size({"width": 1600, "height": 1000})


def _slider_value(page) -> str:
    return page.locator('[data-testid="cnnviz-stage-counter"]').first.text_content().strip()


def test_pooling_page_renders_in_english_and_the_animation_plays_in_the_browser(app_server, page):
    _open(page, f"{app_server.url}/pooling?img=chelsea", "Global and adaptive pooling")
    assert exceptions_on_page(page) == []
    body = page.inner_text("body") + page.locator(STAGE).first.inner_text()  # the stage: a shadow root
    assert page.locator("h1").first.inner_text().startswith("Pooling")
    for text in ("On your photo", "Tolerance to small shifts",
                 "Pooling or strided convolution?", "Pooling has 0 parameters",
                 "Input 6×6", "output 3×3",
                 "Input — 3×85×128", "Max pooling — 3×42×64"):
        assert text in body, text
    _shift_chart_on_a_projector(page, "pooling-shift-en")
    assert page.locator(STAGE).count() == 1  # the window animation
    assert page.locator('[data-testid="stImage"]').count() >= 3  # input + two pooled photos
    # The animation opens on its first window (of a 3×3 output) and ▶ plays it in the browser.
    assert _slider_value(page) == "Step 1 / 9"
    page.get_by_text("▶ Play").first.click()
    page.wait_for_timeout(1500)
    assert _slider_value(page) != "Step 1 / 9"
    assert page.locator('[data-testid="stStatusWidget"]').count() == 0  # no server rerun
    page.get_by_text("‖ Pause").first.click()
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
          "&pool_p=1&pool_ceil=1&pool_lp=1&pool_min=1&pool_n=5", "Pooling global et adaptatif")
    assert exceptions_on_page(page) == []
    body = page.inner_text("body") + page.locator(STAGE).first.inner_text()
    for text in ("Étape 1 / 9", "Entrée 5×5", "remplissage 1", "sortie 3×3",
                 "Le pooling a 0 paramètre", "nn.LPPool2d", "Sur cette photo"):
        assert text in body, text
    screenshot(page, "pooling-fr")
    _shift_chart_on_a_projector(page, "pooling-shift-fr")


def test_an_impossible_padding_is_a_sentence_not_a_traceback(app_server, page):
    _open(page, f"{app_server.url}/pooling?pool_k=2&pool_p=3", "Global and adaptive pooling",
          animated=False)
    assert exceptions_on_page(page) == []
    assert "at most half the pool size" in page.inner_text("body")
    screenshot(page, "pooling-bad-padding")


def test_an_uploaded_photo_and_scrubbing_a_ceil_mode_animation(app_server, page):
    from cnnviz.images import SAMPLES_DIR, fit, load_image

    data = (SAMPLES_DIR / "rocket.jpg").read_bytes()  # a real JPEG photo, uploaded as a student would
    w, h = fit(load_image(data), 128).size
    _open(page, f"{app_server.url}/pooling?img=__upload__&pool_k=3&pool_sauto=0&pool_s=2"
          "&pool_p=1&pool_ceil=1&pool_cip=0&pool_n=6", "Global and adaptive pooling")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "launch.jpg", "mimeType": "image/jpeg", "buffer": data})
    page.get_by_text(f"Input — 3×{h}×{w}").first.wait_for()
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    out_h, out_w = F.max_pool2d(torch.zeros(1, 1, h, w), 3, 2, 1, ceil_mode=True).shape[-2:]
    assert f"Max pooling — 3×{out_h}×{out_w}" in body
    # scrub the animation to its 3rd window with the stage's scrub bar
    stage = page.locator(STAGE).first
    stage.scroll_into_view_if_needed()
    stage.locator("input.scrub").fill("2")
    page.wait_for_timeout(300)
    assert _slider_value(page).startswith("Step 3 / ")
    assert "Window (0, 2)" in stage.inner_text()
    assert "cells not counted" in stage.inner_text()
    assert page.locator('[data-testid="stStatusWidget"]').count() == 0
    screenshot(page, "pooling-upload-ceil")


def _press(page, label: str, key: str = "ArrowRight") -> None:
    """Move the main area's slider labelled ``label`` by one step with the keyboard."""
    thumb = page.locator('[data-testid="stMain"] [data-testid="stSlider"]').filter(
        has_text=label).first.locator('input[type="range"]')
    thumb.focus()
    thumb.press(key)
    page.wait_for_timeout(300)
    wait_for_app(page)


def _torch_shift_changes(x: torch.Tensor, k: int, pad: int, kinds: tuple[str, ...]) -> dict:
    """The shift experiment recomputed with torch: the mean change (in % of the mean output)
    of each pooled output when the photo moves 0..k px to the left (stride k)."""
    width = x.shape[-1] - k
    pools = {"max": lambda c: F.max_pool2d(c, k, padding=pad),
             "avg": lambda c: F.avg_pool2d(c, k, padding=pad),
             "min": lambda c: -F.max_pool2d(-c, k, padding=pad),
             "none": lambda c: c[..., ::k, ::k]}
    out = {}
    for kind in (*kinds, "none"):
        base = pools[kind](x[..., :width])
        out[kind] = [100 * float((pools[kind](x[..., d:d + width]) - base).abs().mean()
                                 / base.abs().mean()) for d in range(k + 1)]
    return out


def _check_sections(page, x: torch.Tensor, k: int, pad: int, n: int, kinds: tuple[str, ...]) -> None:
    """Every section shows what torch computes for these settings (stride = k)."""
    import base64

    from tests.test_pooling import read_shift_svg

    main = page.inner_text('[data-testid="stMain"]')
    stage = page.locator(STAGE).first.inner_text()
    h, w = x.shape[-2:]
    oh, ow = F.max_pool2d(torch.zeros(1, 1, h, w), k, padding=pad).shape[-2:]
    assert f"Output size {oh}×{ow} from a {h}×{w} input" in main
    names = {"max": "Max pooling", "avg": "Average pooling", "min": "Min pooling"}
    for kind in kinds:  # the photo section
        assert f"{names[kind]} — 3×{oh}×{ow}" in main, kind
    no, _ = F.max_pool2d(torch.zeros(1, 1, n, n), k, padding=pad).shape[-2:]
    assert f"Input {n}×{n}" in stage and f"output {no}×{no}" in stage  # the window animation
    src = page.locator(SHIFT_CHART).get_attribute("src")
    drawn, xticks, _ = read_shift_svg(base64.b64decode(src.split(",", 1)[1]).decode())
    expected = _torch_shift_changes(x, k, pad, kinds)
    assert set(drawn) == set(expected) and xticks == [str(d) for d in range(k + 1)]
    top = max(max(v) for v in expected.values())
    for kind, values in expected.items():  # the shift chart
        assert drawn[kind] == pytest.approx(values, abs=top / 500), kind
    vh, vw = F.max_pool2d(torch.zeros(1, 64, 56, 56), k, padding=pad).shape[-2:]
    assert f"64×{vh}×{vw}" in main  # the pooling-versus-convolution table


def test_each_setting_updates_every_section_with_torch_values(app_server, page):
    """The settings and the sections that read them rerun as one fragment: after each control
    moves, every section shows what torch computes for the new settings."""
    from cnnviz.images import fit, load_image, sample_bytes, to_array

    x = torch.from_numpy(to_array(fit(load_image(sample_bytes("chelsea")), 128))).double()[None]
    _open(page, f"{app_server.url}/pooling?img=chelsea", "Global and adaptive pooling")
    _check_sections(page, x, 2, 0, 6, ("max", "avg"))
    _press(page, "Pool size k")  # 2 -> 3
    _check_sections(page, x, 3, 0, 6, ("max", "avg"))
    _press(page, "Padding")  # 0 -> 1
    _check_sections(page, x, 3, 1, 6, ("max", "avg"))
    _press(page, "Grid size")  # 6 -> 7: the stage only
    _check_sections(page, x, 3, 1, 7, ("max", "avg"))
    page.locator('[data-testid="stMain"] [data-testid="stCheckbox"]').filter(
        has_text="Min pooling").first.click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    _check_sections(page, x, 3, 1, 7, ("max", "avg", "min"))
    _press(page, "Pool size k", "ArrowLeft")  # 3 -> 2, padding 1 still allowed
    _check_sections(page, x, 2, 1, 7, ("max", "avg", "min"))
    # every setting in the URL (k back at its default 2: not written)
    assert all(f in page.url for f in ("pool_p=1", "pool_n=7", "pool_min=1")) and "pool_k" not in page.url
    assert exceptions_on_page(page) == []
