"""The Convolution page in headless Chromium against `streamlit run app.py` (EN and FR)."""

from __future__ import annotations

import pytest

from tests.browser_support import SentFrames, exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _open(page, url: str, marker: str) -> None:
    """Load ``url`` and wait until the page has run far enough to show ``marker``."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_text(marker).first.wait_for()
    wait_for_app(page)


def _step_label(page) -> str:
    return page.locator(".js-plotly-plot .slider-group > .slider-label").first.text_content().strip()


def test_cold_deep_link_renders_and_a_slider_changes_the_output(app_server, page):
    frames = SentFrames(page)
    _open(page, f"{app_server.url}/convolution?k=5&s=2", "The same settings on a photo")
    assert exceptions_on_page(page) == []
    assert page.locator("h1").first.inner_text().startswith("Convolution, step by step")
    body = page.inner_text("body")
    # 7×7 input, 5×5 kernel, stride 2: ⌊(7 − 5) / 2⌋ + 1 = 2
    assert "Input 7 × 7 → Output 2 × 2" in body
    plot = page.locator(".js-plotly-plot").first
    assert plot.is_visible()
    for text in ("Input 7×7", "Kernel 5×5", "Output 2×2", "▶ Play"):
        assert text in plot.inner_text(), text
    assert page.locator('[data-testid="stImage"]').count() >= 3  # sidebar + input + output photos
    screenshot(page, "convolution-en")

    # the animation plays in the browser: no message goes to the server
    assert _step_label(page) == "Step 1"
    with frames.none_sent():
        page.get_by_text("▶ Play").first.click()
        page.wait_for_timeout(2200)
        assert _step_label(page) != "Step 1"
        page.get_by_text("‖ Pause").first.click()
        page.wait_for_timeout(300)

    # keyboard on the stride slider: 2 -> 1 makes the output 3×3
    stride = page.locator('[data-testid="stSlider"]').filter(has_text="Stride")
    stride.get_by_role("slider").focus()
    sent = frames.count
    page.keyboard.press("ArrowLeft")
    page.get_by_text("Input 7 × 7 → Output 3 × 3").wait_for()
    assert frames.count > sent  # a slider does rerun the server: the counter sees reruns
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    assert "Output 3×3" in page.locator(".js-plotly-plot").first.inner_text()
    assert "s=2" not in page.url  # the URL follows the slider (back to the default)


def test_french_with_reflect_padding_and_dilation(app_server, page):
    # the lesson opened from the home page's sidebar, then French chosen in the sidebar
    _open(page, f"{app_server.url}/", "The lessons")
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Convolution", exact=True).click()
    page.get_by_text("The same settings on a photo").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Français", exact=True).click()
    page.get_by_text("Les mêmes réglages sur une photo").wait_for()
    wait_for_app(page)
    for label in ("personnalisé", "miroir (reflect)"):
        page.locator('[data-testid="stMain"]').get_by_text(label, exact=True).click()
        wait_for_app(page)
    for name, presses in (("Dilatation", 1), ("Pas (stride)", 1)):
        page.locator('[data-testid="stSlider"]').filter(has_text=name).get_by_role("slider").focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        wait_for_app(page)
    page.get_by_text("Entrée 7 × 7 → Sortie 3 × 3").wait_for()
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    for key in ("pad=custom", "pmode=reflect", "d=2", "s=2"):  # the slide can be bookmarked
        assert key in page.url, key
    body = page.inner_text("body")
    # ⌊(7 + 1 + 1 − 2·(3 − 1) − 1) / 2⌋ + 1 = 3
    assert "Entrée 7 × 7 → Sortie 3 × 3" in body
    plot_text = page.locator(".js-plotly-plot").first.inner_text()
    for text in ("Entrée 7×7", "+ remplissage = 9×9", "dilatation 2×2", "Sortie 3×3", "▶ Lecture"):
        assert text in plot_text, text
    assert "Taille de la sortie" in body
    screenshot(page, "convolution-fr")


def test_transposed_mode(app_server, page):
    _open(page, f"{app_server.url}/convolution?view=transposed", "Output size")
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    assert "Input 3 × 3 → Output 7 × 7" in body
    assert "torch.nn.ConvTranspose2d" in body
    plot_text = page.locator(".js-plotly-plot").first.inner_text()
    assert "Zeros inserted" in plot_text and "flipped" in plot_text
    screenshot(page, "convolution-transposed-en")


def test_impossible_setting_is_a_sentence(app_server, page):
    _open(page, f"{app_server.url}/convolution?n=3&k=7", "Impossible setting")
    assert exceptions_on_page(page) == []
    assert "the dilated kernel spans 7 cells" in page.inner_text("body")
    assert page.locator(".js-plotly-plot").count() == 0
    screenshot(page, "convolution-impossible")
