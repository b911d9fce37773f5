"""Browser tests of the Activations page in headless Chromium against `streamlit run app.py`."""

from __future__ import annotations

import pytest

from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _main(page):
    return page.locator('[data-testid="stMain"]')


def _open(page, app_server, query: str, last_heading: str) -> None:
    """A cold deep link to the lesson (``ui.require_frame`` sends it through ``app.py``'s frame)."""
    page.goto(f"{app_server.url}/activations?{query}")
    _wait_for_page(page, last_heading)


def _wait_for_page(page, last_heading: str) -> None:
    """The shared ``wait_for_app`` can return before a long first run ends (Streamlit 1.67 shows
    no status widget while this page computes), so also wait for the page's last section."""
    wait_for_app(page, timeout=300_000)
    page.get_by_role("heading", name=last_heading).wait_for(timeout=300_000)
    wait_for_app(page, timeout=300_000)


def _layer_images(page):
    """The tiled layer pictures (clickable, in the tile picker), with their rendered sizes."""
    images = _main(page).locator(".tp-root img")
    return [images.nth(i) for i in range(images.count())]


def _tile_texts(page, selector: str) -> list[str]:
    """The text of every layer tile's label or caption (inside the pickers' shadow roots)."""
    found = _main(page).locator(selector)
    return [found.nth(i).inner_text().strip() for i in range(found.count())]


@pytest.mark.parametrize(("lang", "title", "says", "grid_word", "last"), [
    ("en", "Activations of a trained CNN", "The model says", "Feature maps, layer by layer",
     "Model summary"),
    ("fr", "Activations d’un CNN entraîné", "Le modèle répond", "Cartes de caractéristiques",
     "Résumé du modèle"),
])
def test_activations_page_renders_every_layer_grid(app_server, page, lang, title, says, grid_word,
                                                    last):
    _open(page, app_server, f"lang={lang}", last)
    assert exceptions_on_page(page) == []
    assert page.locator("h1").first.inner_text().strip() == title
    body = _main(page).inner_text()
    assert says in body and grid_word in body
    labels = _tile_texts(page, ".tp-label")  # each layer's label and numbers, in its picker
    captions = _tile_texts(page, ".tp-caption")
    assert len(labels) == len(captions) == 15
    for name in ("conv1", "relu1", "pool1", "conv6", "relu6", "pool3"):
        assert any(text.startswith(f"{name} ·") for text in labels), name
    dead = "canaux morts" if lang == "fr" else "dead channels"
    assert all(text.startswith(dead) for text in captions), captions
    bold = _main(page).locator(".tp-label strong").first
    assert bold.inner_text() == "conv1" and int(bold.evaluate(
        "el => getComputedStyle(el).fontWeight")) >= 600  # the layer's name in bold, as text
    images = _layer_images(page)
    assert len(images) == 15  # one clickable picture per layer
    for img in images:
        img.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMain\"] img')]"
        ".every(i => i.complete && i.naturalWidth > 0)")
    widths = [img.bounding_box()["width"] for img in images]
    assert all(w >= 300 for w in widths)  # the layer grids are large, not thumbnails
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Language / Langue" in sidebar  # the frame ran
    assert exceptions_on_page(page) == []
    screenshot(page, f"activations-{lang}")


def test_activations_of_a_photo_at_28_pixels(app_server, page):
    _open(page, app_server, "act_src=photo&act_res=28&img=coffee&act_cols=2&act_layer=relu6"
          "&act_range=global", "Model summary")
    assert exceptions_on_page(page) == []
    body = _main(page).inner_text()
    assert "only ever saw drawings" in body
    assert any("64 × 3 × 3" in text for text in _tile_texts(page, ".tp-label"))  # relu6 at 28×28
    screenshot(page, "activations-photo-28-en")
