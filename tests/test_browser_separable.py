"""The Separable page in a real browser (Chromium): cold deep link, English and French, the
animations' play buttons and sliders, no exception, screenshots to look at."""

from __future__ import annotations

import pytest

from tests.browser_support import SentFrames, exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser
STAGE = '[data-testid="cnnviz-stage"]'


COSTS = ".cnnviz-costs"


def _open(page, app_server, query: str = "") -> list[str]:
    """Open the page by a deep link (it runs through app.py's frame, see ui.require_frame);
    returns the JavaScript files the browser fetched."""
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
    page.goto(f"{app_server.url}/separable{query}")
    wait_for_app(page)
    # the stage draws after the script finished
    page.wait_for_selector(STAGE, timeout=60_000)
    page.wait_for_selector(COSTS, timeout=60_000)
    page.wait_for_timeout(800)
    return scripts


def _check_common(page) -> None:
    assert exceptions_on_page(page) == []
    # the animation (depthwise or standard, one stage with its own controls) and the costs bars
    assert page.locator(COSTS).count() == 1 and page.locator(".js-plotly-plot").count() == 0
    assert page.locator(STAGE).count() == 1
    assert page.locator(f"{STAGE} button.play").count() == 1
    assert page.locator(f"{STAGE} input.scrub").count() == 1
    # the stage pictures are real images
    assert page.locator('[data-testid="stImage"] img').count() >= 10


def test_separable_page_english_cold_deep_link(page, app_server):
    scripts = _open(page, app_server)
    _check_common(page)
    # no Plotly bundle, no data-frame grid (the costs are HTML bars, the weights typed lines)
    heavy = [u for u in scripts if any(n in u.rsplit("/", 1)[-1] for n in ("Plotly", "DataFrame"))]
    assert scripts and not heavy, heavy
    body = page.locator('[data-testid="stMain"]').inner_text()
    for text in ("Separable convolution", "Depthwise stage", "Pointwise stage", "Input: channel R",
                 "Multiply-adds", "SeparableConv2D(16, 3×3)", "Conv2D(16, 3×3)", "108,211",
                 "108,330", "Rank 1: separable"):
        assert text in body, text
    assert "▶ Play" in page.locator(STAGE).inner_text()
    screenshot(page, "separable_en")


def test_separable_page_french_with_settings_in_the_url(page, app_server):
    _open(page, app_server, "?lang=fr&sep_dm=2&sep_out=3&sep_s=2&sep_n=128")
    _check_common(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    for text in ("Convolution séparable", "Étape en profondeur", "Étape point par point",
                 "Entrée\u202f: canal R", "Multiplications-additions", "Total des paramètres",
                 "108\u202f211", "Rang 1\u202f: séparable", "Sortie 3"):
        assert text in body, text
    # the cat (300×451, height×width) fitted to 64×96, stride 2 with 'same': ceil(64/2) × ceil(96/2) = 32×48,
    # 3 channels × depth multiplier 2 = 6 depthwise maps, 3 outputs
    assert "6×32×48" in body and "3×32×48" in body
    assert "▶ Lecture" in page.locator(STAGE).inner_text()
    screenshot(page, "separable_fr")


def test_separable_page_bad_url_values_give_sentences(page, app_server):
    _open(page, app_server, "?sep_dm=99&sep_pad=sideways&sep_ks=abc")
    assert exceptions_on_page(page) == []
    warnings = page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    assert any("99" in w for w in warnings), warnings
    assert any("sideways" in w for w in warnings), warnings
    # the page still draws every section
    assert page.locator(COSTS).count() == 1 and page.locator(STAGE).count() == 1


def test_animation_scrub_changes_the_frame_without_rerunning(page, app_server):
    _open(page, app_server)
    frames = SentFrames(page)
    _open(page, app_server)
    stage = page.locator(STAGE)
    stage.scroll_into_view_if_needed()
    steps = int(stage.get_attribute("data-steps"))
    assert steps > 2 and stage.get_attribute("data-step") == "0"
    first = stage.locator(".caption").text_content()
    target = steps * 2 // 5  # a step well inside the animation
    with frames.none_sent():  # scrubbed in the browser: no message to the server
        stage.locator("input.scrub").evaluate(
            "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }",
            target)
        page.wait_for_timeout(500)
        assert stage.get_attribute("data-step") == str(target)
        assert stage.locator(".caption").text_content() != first
    screenshot(page, "separable_scrubbed", full=False)


def test_a_savings_slider_redraws_its_bars_and_leaves_the_other_sections(page, app_server):
    """Moving M (the savings section, a fragment) redraws its bars and numbers (torch's counts);
    the other sections' pictures stay the very same files and the stage is not rebuilt."""
    _open(page, app_server)
    standard = f'{COSTS} [data-kind="params"] [data-part="standard"]'
    assert page.locator(standard).get_attribute("data-value") == "18496"  # 3·3·32·64 + 64
    pictures = page.locator('[data-testid="stImage"] img').evaluate_all("els => els.map(e => e.src)")
    stage_before = page.locator(STAGE).get_attribute("data-steps")
    thumb = page.locator('[data-testid="stSlider"]').filter(has_text="Input channels M").locator(
        'input[type="range"]')
    thumb.focus()
    page.keyboard.press("ArrowRight")  # M: 32 -> 33
    page.wait_for_function(
        f"() => document.querySelector('{standard}')?.getAttribute('data-value') === '19072'",
        timeout=30_000)
    page.wait_for_timeout(500)
    assert exceptions_on_page(page) == []
    assert "19,072" in page.locator(COSTS).inner_text()
    assert "2,473" in page.locator(COSTS).inner_text()  # 3·3·33 + 33·64 + 64
    after = page.locator('[data-testid="stImage"] img').evaluate_all("els => els.map(e => e.src)")
    assert after == pictures and page.locator(STAGE).get_attribute("data-steps") == stage_before
