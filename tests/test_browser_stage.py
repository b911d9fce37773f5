"""The stage in a real browser (Chromium): every animated lesson at 1280×720 (a projector, sidebar
open), 1920×1080 and 390×844 (a phone), in English and French.

Checks: the stage wholly on the first screen (a phone: the stage fits one screen); nothing
clipped, no sideways scroll; keyboard stepping; colours kept while playing (pixels sampled); and
not one websocket message from the browser while the animation plays. Screenshots go to
tests/screenshots/stage_*.png.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser_support import SCREENSHOTS, exceptions_on_page, wait_for_app

pytestmark = pytest.mark.browser

STAGE = '[data-testid="cnnviz-stage"]'
SIZES = [(1280, 720), (1920, 1080), (390, 844)]
FILLS = {"input": (0xD6, 0xE9, 0xF8), "kernel": (0xFB, 0xE2, 0xBE), "output": (0xD3, 0xEF, 0xE3)}

CLIPPED_JS = """() => {
  const out = [];
  const seen = (root) => {
    const sel = '[data-testid="stWidgetLabel"] p, [data-testid="stWidgetLabel"] label, button, '
      + 'label, .counter, .title, [data-testid="stMarkdownContainer"] h4';
    for (const e of root.querySelectorAll(sel)) {
      if (e.offsetParent === null) continue;
      if (e.scrollWidth > e.clientWidth + 1) out.push((e.innerText || e.textContent).slice(0, 60));
    }
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) seen(e.shadowRoot);
  };
  seen(document);
  return out;
}"""

SIDEWAYS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.max(document.documentElement.scrollWidth - window.innerWidth,
                  main ? main.scrollWidth - main.clientWidth : 0);
}"""


def _open(page, app_server, path: str, width: int, height: int):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_server.url}/{path}")
    wait_for_app(page)
    stage = page.locator(STAGE).first
    stage.wait_for(state="visible")
    page.wait_for_timeout(600)  # the stage sizes itself on the next animation frame
    return stage


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"stage_{name}.png"))


def _count_colour(png: bytes, rgb: tuple[int, int, int], tol: int = 6) -> int:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, px in img.getcolors(img.width * img.height)
               if all(abs(a - b) <= tol for a, b in zip(px, rgb, strict=True)))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lesson", ["convolution", "pooling", "convolution?view=transposed",
                                    "separable"])
def test_stage_on_the_first_screen_and_nothing_clipped(page, app_server, lesson, width, height,
                                                        lang):
    sep = "&" if "?" in lesson else "?"
    stage = _open(page, app_server, f"{lesson}{sep}lang={lang}", width, height)
    assert not exceptions_on_page(page)
    box = stage.bounding_box()
    name = f"{lesson.replace('?view=', '_')}_{width}x{height}_{lang}"
    _shot(page, name)
    assert box["height"] <= height, f"the stage is taller than the screen: {box}"
    if width >= 1280:  # the projector: the whole stage on the first screen, no scrolling
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    else:  # the phone: the sidebar starts folded, the stage sits within the page's width
        assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate(SIDEWAYS_JS) <= 1, "the page scrolls sideways"
    assert page.evaluate(CLIPPED_JS) == []
    # the counter reads "Step 1 / n" in the page's language
    counter = page.locator('[data-testid="cnnviz-stage-counter"]').first.inner_text()
    assert counter.startswith("Étape 1 / " if lang == "fr" else "Step 1 / ")


DIGITS_JS = """(stage) => {
  const shown = [...stage.querySelectorAll('text.digit')].filter(
    (d) => d.style.display !== 'none' && d.textContent !== '');
  const sizes = shown.map((d) => parseFloat(d.getAttribute('font-size')));
  const panels = [...stage.querySelectorAll('figure.panel')].map((f) => {
    const b = f.getBoundingClientRect();
    return {title: f.querySelector('.title').innerText, top: Math.round(b.top), left: b.left,
            right: b.right};
  });
  const s = stage.getBoundingClientRect();
  return {shown: shown.length, least: Math.min(...sizes), panels, left: s.left, right: s.right};
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_separable_stage_on_a_phone_shows_its_digits_one_line_per_channel(page, app_server, lang):
    stage = _open(page, app_server, f"separable?lang={lang}", 390, 844)
    got = stage.evaluate(DIGITS_JS)
    _shot(page, f"separable_digits_390x844_{lang}")
    # every input, kernel and output number is written (the outputs fill up as it plays)
    assert got["shown"] >= 3 * 7 * 7 + 3 * 3 * 3 + 1, got["shown"]
    assert got["least"] >= 9, got["least"]
    # one line per channel: input c, kernel c and output c side by side, within the screen
    words = ("Entrée", "Noyau", "Sortie") if lang == "fr" else ("Input", "Kernel", "Output")
    for c in (1, 2, 3):
        line = [p for p in got["panels"] if p["title"] in {f"{w} {c}" for w in words}]
        assert len(line) == 3 and len({p["top"] for p in line}) == 1, got["panels"]
    assert all(p["left"] >= 0 and p["right"] <= 390 for p in got["panels"]), got["panels"]
    assert page.evaluate(SIDEWAYS_JS) <= 1


def test_keyboard_steps_and_plays(page, app_server):
    stage = _open(page, app_server, "convolution", 1280, 720)
    steps = int(stage.get_attribute("data-steps"))
    assert steps == 25 and stage.get_attribute("data-step") == "0"
    stage.focus()
    for key, expected in (("ArrowRight", 1), ("PageDown", 2), ("ArrowRight", 3), ("ArrowLeft", 2),
                          ("PageUp", 1), ("End", steps - 1), ("Home", 0)):
        page.keyboard.press(key)
        assert stage.get_attribute("data-step") == str(expected), key
    page.keyboard.press("Space")
    page.wait_for_timeout(2300)
    playing_at = int(stage.get_attribute("data-step"))
    assert playing_at >= 1
    page.keyboard.press("Space")  # pause
    paused_at = stage.get_attribute("data-step")
    page.wait_for_timeout(1500)
    assert stage.get_attribute("data-step") == paused_at
    # the buttons and the scrub bar drive the same stage
    stage.locator("button.forward").click()
    assert stage.get_attribute("data-step") == str(int(paused_at) + 1)
    stage.locator("input.scrub").fill("10")
    assert stage.get_attribute("data-step") == "10"
    assert "11 / 25" in stage.locator(".counter").inner_text()


@pytest.mark.parametrize("lesson", ["convolution", "pooling", "separable"])
def test_playing_keeps_colours_and_never_talks_to_the_server(page, app_server, lesson):
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    stage = _open(page, app_server, lesson, 1280, 720)
    stage.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    before = stage.screenshot()
    sent.clear()
    stage.locator("select").select_option("4")
    stage.locator("button.play").click()
    page.wait_for_timeout(600)
    during = stage.screenshot()
    page.wait_for_timeout(1400)
    assert int(stage.get_attribute("data-step")) >= 3
    assert sent == [], f"{len(sent)} websocket message(s) sent while playing"
    Image.open(io.BytesIO(during)).save(SCREENSHOTS / f"stage_playing_{lesson}.png")
    for name, rgb in FILLS.items():
        if lesson == "pooling" and name == "kernel":
            continue
        assert _count_colour(during, rgb) > 0.3 * _count_colour(before, rgb) > 0, name


def test_lecture_mode_folds_the_sidebar_and_raises_the_type(page, app_server):
    stage = _open(page, app_server, "convolution?lecture=1", 1280, 720)
    assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0
    font = stage.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 22
    label = page.locator('[data-testid="stWidgetLabel"] p').first
    assert label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 22
    box = stage.bounding_box()
    assert box["y"] + box["height"] <= 720
    main_width = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()["width"]
    assert box["width"] >= 0.85 * main_width  # the stage spans the page
    assert page.evaluate(CLIPPED_JS) == []
    _shot(page, "lecture_convolution_1280x720")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(800)
    _shot(page, "lecture_convolution_1920x1080")


GROW_ABOVE_JS = """(px) => {
  const host = document.querySelector('[data-testid="stMainBlockContainer"]');
  const block = host.querySelector('[data-testid="stVerticalBlock"]');
  const spacer = document.createElement('div');
  spacer.style.height = px + 'px';
  block.insertBefore(spacer, block.firstChild);
}"""


@pytest.mark.parametrize("lesson", ["convolution", "pooling"])
def test_lecture_stage_fits_again_when_what_is_above_it_grows(page, app_server, lesson):
    """On a fresh browser the widgets above the stage may be drawn after the stage was fitted
    (their code arrives later) and push it down: it must fit the first screen again, controls
    included, rather than run off the bottom of the projector's screen."""
    stage = _open(page, app_server, f"{lesson}?lecture=1", 1280, 720)
    before = stage.bounding_box()
    page.evaluate(GROW_ABOVE_JS, 90)
    page.wait_for_timeout(800)
    box = stage.bounding_box()
    assert box["y"] >= before["y"] + 80  # it was pushed down...
    assert box["y"] + box["height"] <= 720, (before, box)  # ...and fitted the screen again
    assert stage.locator("button.play").bounding_box()["y"] + 30 <= 720


SET_ABOVE_JS = """(px) => {
  const block = document.querySelector(
    '[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"]');
  let spacer = block.querySelector(':scope > .test-spacer');
  if (!spacer) {
    spacer = document.createElement('div');
    spacer.className = 'test-spacer';
    block.insertBefore(spacer, block.firstChild);
  }
  spacer.style.height = px + 'px';
}"""
COUNT_FITS_JS = """(e) => {  // a fit holds the stage's box (isolate): its style changes
  window.__fits = 0;
  new MutationObserver((ms) => { window.__fits += ms.length; })
    .observe(e, {attributes: true, attributeFilter: ['style']});
}"""


def test_stage_fits_again_only_when_moved_down_or_up_a_lot(page, app_server):
    """Pushed down, the stage could run off the screen: it fits again. Moved up a few pixels (a
    widget drawn a little shorter than its placeholder) it still fits: no new fit, which cost a
    fresh page 40-70 ms of layout as it finished drawing. Moved up a lot: fitted to the room."""
    stage = _open(page, app_server, "convolution?lecture=1", 1280, 720)
    cell = lambda: float(stage.locator("rect.cell").first.get_attribute("width"))  # noqa: E731
    stage.evaluate(COUNT_FITS_JS)
    page.evaluate(SET_ABOVE_JS, 60)
    page.wait_for_timeout(600)
    assert page.evaluate("window.__fits") > 0  # pushed down 60 px: fitted again
    pushed = cell()
    box = stage.bounding_box()
    assert box["y"] + box["height"] <= 720
    page.evaluate("window.__fits = 0")
    page.evaluate(SET_ABOVE_JS, 40)  # up 20 px: still fits as it is
    page.wait_for_timeout(600)
    assert page.evaluate("window.__fits") == 0
    assert cell() == pushed
    page.evaluate(SET_ABOVE_JS, 0)  # up 60 px from where it was fitted: fitted to the room again
    page.wait_for_timeout(600)
    assert page.evaluate("window.__fits") > 0
    box = stage.bounding_box()
    assert box["y"] + box["height"] <= 720


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_separable_lecture_mode_uses_the_width_beside_the_grids(page, app_server, lang):
    """The separable stage is tall (inputs, kernels, outputs): in lecture mode at 1280×720 its
    legend, caption and controls go beside the grids, so the whole stage stays on the first
    screen with 22 px type and cells large enough to show every digit."""
    stage = _open(page, app_server, f"separable?lecture=1&lang={lang}", 1280, 720)
    box = stage.bounding_box()
    _shot(page, f"lecture_separable_1280x720_{lang}")
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box
    assert stage.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 22
    assert "side" in stage.get_attribute("class")
    controls = stage.locator(".controls").bounding_box()
    board = stage.locator(".board").bounding_box()
    assert controls["x"] >= board["x"] + board["width"]  # beside, not under, the grids
    cell = float(stage.locator("rect.cell").first.get_attribute("width"))
    assert cell >= 22, cell
    assert stage.evaluate(DIGITS_JS)["shown"] >= 3 * 7 * 7
    assert page.evaluate(CLIPPED_JS) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_padding_cell_says_where_its_value_comes_from_on_hover(page, app_server, lang):
    """Hover sentences are written when the pointer first comes over a cell (not thousands of
    elements up front): a reflect-padding cell says which input cell it copies."""
    stage = _open(page, app_server, f"convolution?pad=same&pmode=reflect&lang={lang}", 1600, 1000)
    cells = stage.locator("rect.cell")
    assert stage.locator("rect.cell title").count() == 0
    cells.first.hover()
    page.wait_for_timeout(100)
    text = cells.first.locator("title").text_content()
    assert text.startswith("Padding (reflect): copy of " if lang == "en" else
                           "Remplissage (miroir (reflect))\u202f: copie de "), text
    assert stage.locator("rect.cell title").count() == 1
    cells.nth(1).hover()
    page.wait_for_timeout(100)
    assert stage.locator("rect.cell title").count() == 2
