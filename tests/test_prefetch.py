"""The home page's prefetch (cnnviz/render/prefetch.py): the files it asks for exist in the
installed Streamlit, and in the browser a lesson opened from home then loads no code of its own."""

from __future__ import annotations

import pytest

from cnnviz.render import prefetch
from tests.browser_support import exceptions_on_page, screenshot, wait_for_app


def test_every_named_file_is_found_once_in_the_installed_streamlit():
    found = prefetch.files()
    assert len(found["js"]) == len(prefetch.LAZY)  # a renamed chunk (Streamlit upgrade) fails here
    assert len(found["fonts"]) == len(prefetch.FONTS)
    root = prefetch.static_dir()
    for path in [*found["js"], *found["fonts"]]:
        assert (root / path).is_file(), path
    for stem, path in zip(prefetch.LAZY, found["js"], strict=True):
        assert path.startswith(f"js/{stem}.") and path.endswith(".js")


def test_a_name_matching_several_or_no_files_is_left_out(tmp_path):
    (tmp_path / "Slider.aaa.js").write_text("")
    (tmp_path / "Slider.bbb.js").write_text("")
    (tmp_path / "Slider-extra.ccc.js").write_text("")
    (tmp_path / "Radio.ddd.js").write_text("")
    assert prefetch._find(tmp_path, "Slider", ".js") is None  # two builds: which one? neither
    assert prefetch._find(tmp_path, "Radio", ".js") == "Radio.ddd.js"
    assert prefetch._find(tmp_path, "Checkbox", ".js") is None


def test_the_script_writes_no_markup():
    assert "innerHTML" not in prefetch.JS and "document.write" not in prefetch.JS
    assert "saveData" in prefetch.JS  # a phone asking to save data fetches nothing


LESSONS = ["convolution", "separable", "pooling", "activations", "training"]


@pytest.mark.browser
def test_a_lesson_opened_from_home_loads_no_code_of_its_own(app_server, browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
    try:
        for lesson in LESSONS:
            page = context.new_page()
            page.set_default_timeout(60_000)
            requests: list[str] = []
            page.on("request", lambda r, requests=requests: requests.append(r.url))
            page.goto(app_server.url)
            wait_for_app(page)
            page.wait_for_function("() => window.__cnnvizPrefetch && window.__cnnvizPrefetch.done",
                                   timeout=30_000)
            state = page.evaluate("() => window.__cnnvizPrefetch")
            assert state["js"] == len(prefetch.LAZY) and state["fonts"] == len(prefetch.FONTS)
            assert not state["skipped"]
            if lesson == LESSONS[0]:
                screenshot(page, "home-prefetched", full=False)
            before = len(requests)
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{lesson}"]').click()
            page.wait_for_timeout(300)
            wait_for_app(page)
            assert page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]').get_attribute(
                "href").endswith(f"/{lesson}")
            assert exceptions_on_page(page) == []
            code = [u for u in requests[before:] if "/static/js/" in u or "/static/css/" in u]
            assert code == [], f"{lesson} loaded code of its own: {code}"
            page.close()
    finally:
        context.close()


@pytest.mark.browser
def test_nothing_is_fetched_when_the_browser_asks_to_save_data(app_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    context.add_init_script("Object.defineProperty(navigator, 'connection', "
                            "{value: {saveData: true}, configurable: true})")
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(app_server.url)
        wait_for_app(page)
        page.wait_for_function("() => window.__cnnvizPrefetch", timeout=30_000)
        page.wait_for_timeout(1500)
        assert page.evaluate("() => window.__cnnvizPrefetch.skipped") is True
        assert not any("/static/js/Slider." in u for u in requests)
    finally:
        context.close()
