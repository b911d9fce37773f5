"""Browser tests of the shell in headless Chromium against `streamlit run app.py`."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

LESSONS = {
    "convolution": ("Convolution", "Convolution"),
    "separable": ("Separable convolution", "Convolution séparable"),
    "pooling": ("Pooling", "Pooling (sous-échantillonnage)"),
    "activations": ("Activations of a trained CNN", "Activations d’un CNN entraîné"),
}


def h1(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def test_home_page_renders_with_links_to_every_lesson(app_server, page):
    page.goto(app_server.url)
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    assert h1(page).startswith("CNN playground")
    assert "154,140,672" in page.inner_text("body")
    for _, (english, _) in LESSONS.items():
        assert page.get_by_role("link", name=english).count() >= 1
    screenshot(page, "home-en")


@pytest.mark.parametrize("path", list(LESSONS))
def test_cold_deep_link_renders_the_page_with_its_frame(app_server, page, path):
    page.goto(f"{app_server.url}/{path}?lang=fr&img=coffee")
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    current = page.locator("[data-testid=\"stSidebarNav\"] a[aria-current=\"page\"]")
    assert current.inner_text().strip().endswith(LESSONS[path][1])
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "400×600 pixels" in sidebar.inner_text()  # the shared picker kept the coffee photo
    assert "Photo utilisée par toutes les pages" in sidebar.inner_text()
    screenshot(page, f"deeplink-{path}-fr")


def test_language_switch_keeps_the_page_and_writes_the_url(app_server, page):
    page.goto(f"{app_server.url}/pooling")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Français").click()
    wait_for_app(page)
    assert h1(page).startswith("Pooling")
    assert "lang=fr" in page.url and "/pooling" in page.url
    assert "Langue" in page.locator('[data-testid="stSidebar"]').inner_text()


def test_uploading_a_photo_in_the_browser(app_server, page):
    page.goto(f"{app_server.url}/?img=__upload__")
    wait_for_app(page)
    buf = io.BytesIO()
    Image.new("RGB", (123, 45), (200, 30, 30)).save(buf, "PNG")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "red.png", "mimeType": "image/png", "buffer": buf.getvalue()})
    page.get_by_text("45×123 pixels").wait_for()
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    screenshot(page, "upload-good")


def test_uploading_garbage_in_the_browser_gives_a_sentence(app_server, page):
    page.goto(f"{app_server.url}/?img=__upload__")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "notes.png", "mimeType": "image/png", "buffer": b"definitely not a png"})
    page.get_by_text("not an image the app can read").wait_for()
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    assert "300×451 pixels" in page.inner_text("body")  # fell back to the cat
    screenshot(page, "upload-bad")


@pytest.mark.parametrize("path", list(LESSONS))
def test_very_first_request_to_a_fresh_server_can_be_a_deep_link(app_server, browser, path):
    """A lecturer starts the app and opens a bookmark: the first session of the server process
    lands on a lesson. It must still run through app.py's frame (language switch, picker)."""
    from tests.browser_support import StreamlitServer

    server = StreamlitServer()
    try:
        server.wait_healthy()
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.goto(f"{server.url}/{path}?lang=fr&img=coffee")
        wait_for_app(page)
        assert exceptions_on_page(page) == []
        assert h1(page), "the page rendered a title"
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Langue" in sidebar and "400×600 pixels" in sidebar
        assert "Accueil" in sidebar  # the frame's translated navigation, not the pages/ list
        assert f"/{path}" in page.url
        context.close()
    finally:
        server.stop()
