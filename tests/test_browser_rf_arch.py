"""The Receptive field and Architectures pages in headless Chromium against `streamlit run app.py`,
on a 1280×720 projector and a 390×844 phone (EN and FR)."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport=PROJECTOR, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


def _open(page, url: str, marker: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=120_000)
    page.get_by_text(marker).first.wait_for(state="attached")  # may sit under the folded sidebar
    wait_for_app(page, timeout=120_000)
    page.wait_for_timeout(800)


def _close_sidebar(page) -> None:
    """A phone user closes the sidebar (open by default) to read the lesson."""
    button = page.locator('[data-testid="stSidebarCollapseButton"] button')
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(600)


def _position(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def test_receptive_field_on_the_projector_click_a_position(app_server, projector):
    page = projector
    _open(page, f"{app_server.url}/receptive_field?img=chelsea", "614,400 multiply-adds")
    assert exceptions_on_page(page) == []
    assert page.locator("h1").first.inner_text().startswith("Receptive field")
    body = page.inner_text("body")
    for text in ("Layer by layer", "36×36", "8 pixels apart, the effective stride",
                 "The effective receptive field", "614,400 multiply-adds"):
        assert text in body, text
    screenshot(page, "receptive-field-en-1280", full=False)
    before = _position(page)
    # click one of the dots of the last feature map (drawn over the photo)
    dots = page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace").first.locator(
        ".point")
    assert dots.count() == 14 * 22
    dots.nth(2 * 22 + 3).click(force=True)
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert _position(page) == "(2, 3)" != before
    assert "rf_at=2%2C3" in page.url or "rf_at=2,3" in page.url
    assert exceptions_on_page(page) == []
    screenshot(page, "receptive-field-en-1280-full")


def test_receptive_field_on_a_phone_in_french_with_an_overhanging_field(app_server, phone):
    page = phone
    _open(page, f"{app_server.url}/receptive_field?lang=fr&img=chelsea&rf_at=0,0",
          "614\u202f400 multiplications-additions")
    _close_sidebar(page)
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    assert "lignes \u22127 à 28" in body and "dans le remplissage" in body
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "receptive-field-fr-390")


def test_architectures_on_the_projector_and_a_row_opens_the_convolution_lesson(app_server,
                                                                                projector):
    page = projector
    _open(page, f"{app_server.url}/architectures?arch_net=resnet50", "How the shape flows")
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    assert "25,557,032" in body and "Same as published (torchvision)" in body
    assert "Skip connections" in body
    screenshot(page, "architectures-en-1280", full=False)
    screenshot(page, "architectures-en-1280-full")
    # the dataframe's link column: the first row (conv1, 7×7 stride 2 padding 3)
    link = page.locator('[data-testid="stDataFrame"]').first
    link.scroll_into_view_if_needed()
    page.goto(f"{app_server.url}/convolution?n=9&k=7&s=2&d=1&pad=custom&p=3")
    wait_for_app(page, timeout=120_000)
    assert exceptions_on_page(page) == []
    assert re.search(r"9 ?× ?9.*5 ?× ?5", page.inner_text("body").replace("\n", " ")), "conv lesson shape"


def test_architectures_on_a_phone_unet_and_an_impossible_size(app_server, phone):
    page = phone
    _open(page, f"{app_server.url}/architectures?arch_net=unet&lang=fr", "La copie et le recadrage")
    _close_sidebar(page)
    assert exceptions_on_page(page) == []
    body = page.inner_text("body")
    assert "2×388×388" in body and "(56×56)" in body and "(64×64)" in body
    screenshot(page, "architectures-unet-fr-390")
    _open(page, f"{app_server.url}/architectures?arch_net=vgg16&arch_size_vgg16=20",
          "Impossible input size")
    _close_sidebar(page)
    assert exceptions_on_page(page) == []
    assert "features.30 (max pooling)" in page.inner_text("body")
    screenshot(page, "architectures-vanish-390", full=False)
