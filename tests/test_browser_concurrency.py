"""A whole class arriving at once: cold deep links opened simultaneously on a FRESH server all get
the frame (language switch, image picker, translated navigation) and no error; the first click on
"Français" on a fresh server's home page works."""

from __future__ import annotations

import pytest

from tests.browser_support import StreamlitServer, exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

COLD_LINKS = [  # (path with query, words the frame must show in the sidebar)
    ("/convolution?lang=fr&img=coffee", ["Langue", "Accueil", "400×600 pixels"]),
    ("/separable?lang=fr", ["Langue", "Accueil", "300×451 pixels"]),
    ("/pooling?img=coffee", ["Language", "Home", "400×600 pixels"]),
    ("/activations?lang=fr&img=astronaut", ["Langue", "Accueil", "Photo utilisée"]),
    ("/activations?img=coffee", ["Language", "Home", "400×600 pixels"]),
    ("/pooling?lang=fr&pool_k=3", ["Langue", "Accueil", "300×451 pixels"]),
]


@pytest.fixture
def fresh_server():
    server = StreamlitServer()
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


LESSON_LINKS = [link for link in COLD_LINKS if not link[0].startswith("/activations")]
ACTIVATIONS_LINKS = [link for link in COLD_LINKS if link[0].startswith("/activations")]


def test_simultaneous_cold_deep_links_all_get_the_frame(browser, fresh_server):
    _open_together(browser, fresh_server, LESSON_LINKS)


def test_simultaneous_cold_deep_links_to_activations(browser, fresh_server):
    """Two sessions open Activations at the same instant: both capture the layer maps with the
    one shared model at once. Its capture hooks used to fire for both forward passes, so each
    session got every layer twice (a duplicate tile key ``tp_conv1``, an error sentence instead
    of the maps) and half of them from the other photo; each session's maps must now be its own
    and complete."""
    _open_together(browser, fresh_server, LESSON_LINKS[:2] + ACTIVATIONS_LINKS)


def _open_together(browser, fresh_server, links) -> None:
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720})
                for _ in links]
    try:
        pages = [c.new_page() for c in contexts]
        for pg in pages:
            pg.set_default_timeout(120_000)
        # Start every navigation before waiting for any: the server sees them together.
        for pg, (link, _) in zip(pages, links, strict=True):
            pg.goto(fresh_server.url + link, wait_until="commit")
        problems = []
        for i, (pg, (link, words)) in enumerate(zip(pages, links, strict=True)):
            wait_for_app(pg, timeout=300_000)
            sidebar = pg.locator('[data-testid="stSidebar"]').inner_text()
            missing = [w for w in words if w not in sidebar]
            errors = exceptions_on_page(pg)
            if missing or errors or link.split("?")[0] not in pg.url:
                problems.append((link, missing, errors, pg.url))
            screenshot(pg, f"concurrent-cold-{i}", full=False)
        assert problems == []
    finally:
        for c in contexts:
            c.close()


def test_first_language_click_on_a_fresh_server_works(browser, fresh_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = context.new_page()
        pg.set_default_timeout(120_000)
        pg.goto(fresh_server.url)
        wait_for_app(pg, timeout=300_000)
        pg.locator('[data-testid="stSidebar"]').get_by_text("Français").click()
        wait_for_app(pg, timeout=120_000)
        assert pg.locator("h1").first.inner_text().startswith("Atelier CNN")
        assert "lang=fr" in pg.url
        assert exceptions_on_page(pg) == []
        icons = pg.eval_on_selector_all("link[rel*=icon]", "links => links.map(l => l.href)")
        assert icons, "a tab icon"
        assert all(href.startswith(fresh_server.url) or href.startswith("data:")
                   for href in icons), icons  # served by the app itself, not a CDN
    finally:
        context.close()
