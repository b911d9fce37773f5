"""The Convolution page in headless Chromium against `streamlit run app.py` (EN and FR)."""

from __future__ import annotations

import pytest

from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _open(page, url: str, marker: str) -> None:
    """Load ``url`` and wait until the page has run far enough to show ``marker``."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_text(marker).first.wait_for()
    wait_for_app(page)


STAGE = '[data-testid="cnnviz-stage"]'


def _step_label(page) -> str:
    return page.locator('[data-testid="cnnviz-stage-counter"]').first.text_content().strip()


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_cold_deep_link_renders_and_a_slider_changes_the_output(app_server, page):
    _open(page, f"{app_server.url}/convolution?k=5&s=2", "The same settings on a photo")
    assert exceptions_on_page(page) == []
    assert page.locator("h1").first.inner_text().startswith("Convolution, step by step")
    body = page.inner_text("body")
    # 7×7 input, 5×5 kernel, stride 2: ⌊(7 − 5) / 2⌋ + 1 = 2
    assert "Input 7 × 7 → Output 2 × 2" in body
    plot = page.locator(STAGE).first
    assert plot.is_visible()
    for text in ("Input 7×7", "Kernel 5×5", "Output 2×2", "▶ Play"):
        assert text in plot.inner_text(), text
    assert page.locator('[data-testid="stImage"]').count() >= 3  # sidebar + input + output photos
    screenshot(page, "convolution-en")

    # the animation plays in the browser, without a server rerun
    assert _step_label(page) == "Step 1 / 4"
    page.get_by_text("▶ Play").first.click()
    page.wait_for_timeout(2200)
    assert _step_label(page) != "Step 1 / 4"
    assert page.locator('[data-testid="stStatusWidget"]').count() == 0
    page.get_by_text("‖ Pause").first.click()

    # keyboard on the stride slider: 2 -> 1 makes the output 3×3
    stride = page.locator('[data-testid="stSlider"]').filter(has_text="Stride")
    stride.get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    page.get_by_text("Input 7 × 7 → Output 3 × 3").wait_for()
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    assert "Output 3×3" in page.locator(STAGE).first.inner_text()
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
    _choose(page, "Remplissage (padding)", "personnalisé")
    _choose(page, "Mode de remplissage", "miroir (reflect)")
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
    plot_text = page.locator(STAGE).first.inner_text()
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
    plot_text = page.locator(STAGE).first.inner_text()
    assert "Zeros inserted" in plot_text and "flipped" in plot_text
    screenshot(page, "convolution-transposed-en")


def test_impossible_setting_is_a_sentence(app_server, page):
    _open(page, f"{app_server.url}/convolution?n=3&k=7", "Impossible setting")
    assert exceptions_on_page(page) == []
    assert "the dilated kernel spans 7 cells" in page.inner_text("body")
    assert page.locator(STAGE).count() == 0
    screenshot(page, "convolution-impossible")


def _photo_output_shape(page) -> str:
    text = page.get_by_text("Output — shape").first.inner_text()
    return text.split("shape", 1)[1].split("(")[0].strip()


def test_the_demo_reruns_alone_and_the_photo_follows_its_settings(app_server, page):
    """The demo is a fragment: the input-size slider reruns only it (the photo is not redrawn),
    while stride, which the photo uses, reruns the page so the photo follows. Sizes as torch
    gives them: a 256-wide, 170-high photo, 3×3 Sobel, valid padding."""
    import torch

    _open(page, f"{app_server.url}/convolution", "The same settings on a photo")
    assert _photo_output_shape(page) == "1 × 168 × 254"
    photo = page.locator('[data-testid="stImage"] img').nth(2)
    src = photo.get_attribute("src")
    photo.evaluate("img => { img.dataset.mark = 'kept'; }")  # gone if the photo is redrawn anew

    size = page.locator('[data-testid="stSlider"]').filter(has_text="Input size")
    size.get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("Input 8 × 8 → Output 6 × 6").wait_for()
    wait_for_app(page)
    assert page.locator('[data-testid="stImage"] img').nth(2).get_attribute("src") == src
    assert page.locator('img[data-mark="kept"]').count() == 1

    stride = page.locator('[data-testid="stSlider"]').filter(has_text="Stride")
    stride.get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("Input 8 × 8 → Output 3 × 3").wait_for()
    wait_for_app(page)
    out = torch.nn.functional.conv2d(torch.zeros(1, 1, 170, 256), torch.zeros(1, 1, 3, 3), stride=2)
    expected = " × ".join(str(v) for v in out.shape[1:])
    page.get_by_text(f"shape {expected}").first.wait_for()
    assert _photo_output_shape(page) == expected
    assert exceptions_on_page(page) == []


def test_switching_the_view_in_the_control_column_updates_the_whole_page(app_server, page):
    """The view radio sits in the demo's fragment: choosing the transposed view reruns the page,
    so the photo section (ordinary convolution only) goes, and comes back with the view."""
    _open(page, f"{app_server.url}/convolution", "The same settings on a photo")
    radio = page.locator('[data-testid="stRadio"]').filter(has_text="Transposed convolution")
    radio.get_by_text("Transposed convolution", exact=True).click()
    page.get_by_text("Zeros inserted").first.wait_for()
    wait_for_app(page)
    assert page.get_by_text("The same settings on a photo").count() == 0
    radio.get_by_text("Convolution", exact=True).click()
    page.get_by_text("The same settings on a photo").first.wait_for()
    assert exceptions_on_page(page) == []
