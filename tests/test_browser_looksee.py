"""Browser tests of the Activations page's canvas and clickable maps (headless Chromium):
draw each shape with the mouse and read the prediction; click a tile and check the channel
that opens (and the URL); screenshots on a projector (1280×720) and a phone (390×844)."""

from __future__ import annotations

import re

import pytest

from cnnviz.lessons import channels, drawing
from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

MAX_SIDE = 1180 // 3 - 30  # the page's layer pictures at 3 per row (COLUMN_PIXELS // per_row - 30)


def _open(page, app_server, query: str = "") -> None:
    page.goto(f"{app_server.url}/activations?{query}")
    _settle(page)


def _settle(page) -> None:
    """Wait for the page's runs to end (a cold first run computes the dataset's responses)."""
    wait_for_app(page, timeout=300_000)
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=300_000)
    wait_for_app(page, timeout=300_000)


def _prediction(page, label: str = "Prediction") -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _canvas_box(page):
    canvas = page.locator(".canvas-root canvas").last
    canvas.wait_for(timeout=60_000)
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return canvas.bounding_box()


def _draw(page, stroke) -> None:
    box = _canvas_box(page)
    k = box["width"] / drawing.CANVAS
    x0, y0 = stroke[0]
    page.mouse.move(box["x"] + x0 * k, box["y"] + y0 * k)
    page.mouse.down()
    for x, y in stroke[1:]:
        page.mouse.move(box["x"] + x * k, box["y"] + y * k, steps=2)
    page.mouse.up()


def _clear(page) -> None:
    page.get_by_role("button", name="Clear the canvas").click()
    page.wait_for_timeout(300)
    wait_for_app(page, timeout=300_000)


@pytest.mark.parametrize("kind,rotation", [("circle", 0), ("square", 8), ("triangle", -6)])
def test_a_shape_drawn_with_the_mouse_is_named(app_server, page, kind, rotation):
    page.set_viewport_size({"width": 1280, "height": 720})
    _open(page, app_server)
    assert _prediction(page) == "triangle"  # the starter drawing on the canvas
    _clear(page)
    assert "The canvas is empty" in page.locator('[data-testid="stMain"]').inner_text()
    _draw(page, drawing.shape_stroke(kind, scale=0.6, rotation=rotation, center=(0.52, 0.5),
                                     wobble=0.003, seed=11))
    page.wait_for_timeout(500)
    _settle(page)
    assert _prediction(page) == kind
    assert exceptions_on_page(page) == []
    screenshot(page, f"looksee-drawn-{kind}-1280", full=False)


def test_clicking_a_tile_opens_that_channel_and_keeps_it_in_the_url(app_server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    _open(page, app_server)
    picture = page.get_by_role("img", name=re.compile(r"^Layer conv2: 32 channels"))
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    # conv2 at the drawing's own size: the 280-px canvas shrunk to 256, then a 'valid' 3×3
    top, left, bottom, right = channels.selected_box(32, 254, 254, MAX_SIDE, 13)
    page.mouse.click(box["x"] + box["width"] * (left + right) / 2,
                     box["y"] + box["height"] * (top + bottom) / 2)
    page.wait_for_timeout(500)
    _settle(page)
    assert "act_layer=conv2" in page.url and "act_ch=13" in page.url
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Opened: layer conv2, channel 13" in body
    assert "Its receptive field: 5×5 input pixels" in body
    assert "What makes channel 13 of conv2 fire" in body
    assert exceptions_on_page(page) == []
    page.get_by_role("heading", name="One channel up close").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    screenshot(page, "looksee-opened-channel-1280", full=False)


@pytest.mark.parametrize("width,height,lang", [(1280, 720, "en"), (390, 844, "fr")])
def test_whole_page_screenshots(app_server, page, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    _open(page, app_server, f"lang={lang}&act_layer=relu4&act_ch=5")
    label = "Prédiction" if lang == "fr" else "Prediction"
    assert _prediction(page, label) == "triangle"
    if width < 600:  # a phone: the sidebar starts folded, the lesson fills the screen
        assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0
    assert exceptions_on_page(page) == []
    screenshot(page, f"looksee-top-{width}-{lang}", full=False)
    heading = "Où a-t-il regardé\u202f?" if lang == "fr" else "Where did it look?"
    page.get_by_role("heading", name=heading).scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    screenshot(page, f"looksee-where-{width}-{lang}", full=False)
    screenshot(page, f"looksee-page-{width}-{lang}")
