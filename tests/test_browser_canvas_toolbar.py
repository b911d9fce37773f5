"""Browser test: the drawing canvas's toolbar speaks the page's language (its buttons' tooltips
and accessible names), in French, after a Clear (a new canvas) and back in English."""

from __future__ import annotations

import pytest

from cnnviz import i18n
from cnnviz.render import canvas_toolbar
from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

BUTTONS = ".canvas-root .dc-toolbar .dc-icon-button"  # Playwright's CSS pierces shadow roots


def _names(page) -> list[tuple[str, str]]:
    """(title, aria-label) of every toolbar button, once all are translated or time is up."""
    page.locator(".canvas-root canvas").last.wait_for(timeout=120_000)
    buttons = page.locator(BUTTONS)
    buttons.first.wait_for(state="attached", timeout=60_000)
    return [(b.get_attribute("title"), b.get_attribute("aria-label")) for b in buttons.all()]


def _wait_translated(page, lang: str) -> list[tuple[str, str]]:
    wanted = set(canvas_toolbar.labels(i18n.translator(lang)).values())
    names: list[tuple[str, str]] = []
    for _ in range(40):
        names = _names(page)
        if names and all(t in wanted and a == t for t, a in names):
            break
        page.wait_for_timeout(250)
    return names


def test_the_canvas_toolbar_is_in_french_then_english(app_server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/activations?lang=fr")
    wait_for_app(page, timeout=300_000)
    fr = canvas_toolbar.labels(i18n.translator("fr"))
    names = _wait_translated(page, "fr")
    assert len(names) == len(canvas_toolbar.BUTTONS), names
    assert {t for t, _ in names} == set(fr.values()), names
    assert all(t == a for t, a in names)
    canvas = page.locator(".canvas-root canvas").last
    canvas.scroll_into_view_if_needed()
    canvas.hover()  # the toolbar shows on hover
    page.wait_for_timeout(600)
    undo = page.locator(BUTTONS).filter(has=page.locator("svg")).nth(1)
    assert undo.get_attribute("aria-label") == fr["Undo"]
    screenshot(page, "canvas-toolbar-fr", full=False)
    # Clear mounts a new canvas: its toolbar is translated too
    page.get_by_role("button", name="Effacer le canevas").click()
    wait_for_app(page, timeout=300_000)
    names = _wait_translated(page, "fr")
    assert {t for t, _ in names} == set(fr.values()), names
    # back to English: the same buttons get English names again
    page.locator('[data-testid="stSidebar"] button').filter(has_text="English").first.click()
    wait_for_app(page, timeout=300_000)
    en = canvas_toolbar.labels(i18n.translator("en"))
    names = _wait_translated(page, "en")
    assert {t for t, _ in names} == set(en.values()), names
    assert exceptions_on_page(page) == []
