"""A slider step redraws the stage at once, before the server answers (cnnviz/render/stage_ahead.py).

Every message from the server is held back after the key press (Playwright routes the page's
WebSocket): the stage must already show the new setting, and it must be exactly the payload the
server then sends (same id) and is not drawn a second time when the answer arrives. A setting
whose payload is not sent ahead (too large) waits for the server; a second step before the answer
waits too. Checked on every stage lesson.
"""

from __future__ import annotations

import pytest

from cnnviz.i18n import translator
from cnnviz.lessons import convolution as conv_fig
from cnnviz.render import stage
from tests.browser_support import exceptions_on_page, wait_for_app

pytestmark = pytest.mark.browser

STAGE = '[data-testid="cnnviz-stage"]'
STAGE_ID = f"() => {{ const s = document.querySelector('{STAGE}') || [...document.querySelectorAll('*')]" \
    ".map((e) => e.shadowRoot && e.shadowRoot.querySelector('[data-testid=\"cnnviz-stage\"]'))" \
    ".find(Boolean); return s ? s.getAttribute('data-id') : null; }"
# a mark on the stage's first panel: gone if the panels are built again
MARK = STAGE_ID.replace("return s ? s.getAttribute('data-id') : null;",
                        "const f = s && s.querySelector('figure.panel'); if (f) f.__mark = 1; return !!f;")
MARKED = STAGE_ID.replace("return s ? s.getAttribute('data-id') : null;",
                          "const f = s && s.querySelector('figure.panel'); return !!(f && f.__mark);")


class HeldServer:
    """Routes the page's WebSocket through the test: while ``hold`` is on, the server's messages
    are kept back (in order) until :meth:`release`."""

    def __init__(self, page) -> None:
        self.hold = False
        self.queue: list = []
        self.client = None
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()
        self.client = ws

        def from_server(message) -> None:
            if self.hold:
                self.queue.append(message)
            else:
                ws.send(message)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))

    def release(self) -> None:
        self.hold = False
        queued, self.queue = self.queue, []
        for message in queued:
            self.client.send(message)


def _press(page, key: str, arrow: str = "ArrowRight") -> None:
    thumb = page.locator(f'.st-key-{key} input[type="range"]')
    thumb.focus()
    thumb.press(arrow)


def _open(page, app_server, path: str) -> HeldServer:
    held = HeldServer(page)
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{app_server.url}/{path}")
    wait_for_app(page)
    page.locator(STAGE).first.wait_for(state="visible")
    page.wait_for_timeout(400)
    return held


SHAPE = STAGE_ID.replace(
    "return s ? s.getAttribute('data-id') : null;",
    "return [Number(s.getAttribute('data-steps')), [...s.querySelectorAll('figure.panel svg.grid')]"
    ".map((g) => g.querySelectorAll('rect.cell').length)];")


def _conv_shape(n: int, lang: str = "en") -> list:
    """Convolution at its defaults with an n × n input: [steps, cells of every panel], from the
    payload Python builds (the one checked against torch in test_convolution)."""
    x, w = conv_fig.demo_values((n, n), (3, 3), 0)
    demo = conv_fig.conv_demo(x, w, (1, 1), "valid", (1, 1), "zeros", t=translator(lang))
    body = stage.payload(demo.anim, translator(lang))
    return [len(body["steps"]), [p["h"] * p["w"] for p in body["panels"]]]


@pytest.mark.parametrize(("path", "key", "arrow"), [
    ("convolution", "n", "ArrowRight"),
    ("convolution", "s", "ArrowRight"),
    ("convolution?view=transposed", "tn", "ArrowRight"),
    ("convolution?rect=1", "nw", "ArrowRight"),  # a pair's width slider
    ("convolution?pad=custom", "p", "ArrowRight"),
    ("convolution?lecture=1", "k", "ArrowRight"),
    ("pooling?pool_sauto=0", "pool_s", "ArrowLeft"),
    ("pooling", "pool_k", "ArrowRight"),
    ("pooling", "pool_n", "ArrowLeft"),
    ("separable", "sep_ac", "ArrowLeft"),
    ("separable", "sep_an", "ArrowRight"),
])
def test_a_slider_step_is_drawn_before_the_server_answers(page, app_server, path, key, arrow):
    held = _open(page, app_server, path)
    before = page.evaluate(STAGE_ID)
    assert before
    held.hold = True
    _press(page, key, arrow)
    page.wait_for_timeout(700)
    ahead = page.evaluate(STAGE_ID)
    assert ahead != before, f"{path}: the stage waited for the server after {key} moved"
    assert held.queue, "the server's answer was not held back: the test proves nothing"
    assert page.evaluate(MARK)
    held.release()
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.evaluate(STAGE_ID) == ahead, "the server sent another payload than the one drawn ahead"
    assert page.evaluate(MARKED), "the stage was built again when the server's (same) answer came"
    assert exceptions_on_page(page) == []


def test_the_payload_drawn_ahead_is_the_one_python_builds(page, app_server):
    """Convolution, input 7 -> 8: what the stage draws while the server is held back has the steps
    and grids of the payload built in Python for 8 × 8."""
    held = _open(page, app_server, "convolution")
    assert page.evaluate(SHAPE) == _conv_shape(7)
    held.hold = True
    _press(page, "n")
    page.wait_for_timeout(700)
    assert page.evaluate(SHAPE) == _conv_shape(8)
    held.release()
    wait_for_app(page)


def test_what_is_not_sent_ahead_waits_for_the_server(page, app_server):
    """A 31 × 31 input's neighbours are over the size limit, and a second step before the answer
    has nothing ahead: the stage keeps its picture until the server answers, then follows."""
    held = _open(page, app_server, "convolution?n=31")
    before = page.evaluate(STAGE_ID)
    held.hold = True
    _press(page, "n")
    page.wait_for_timeout(700)
    assert page.evaluate(STAGE_ID) == before
    held.release()
    wait_for_app(page)
    page.wait_for_timeout(500)
    after = page.evaluate(STAGE_ID)
    assert after != before

    page.goto(f"{app_server.url}/convolution")  # two steps, the answer to the first held back
    wait_for_app(page)
    page.wait_for_timeout(400)
    held.hold = True
    _press(page, "n")
    page.wait_for_timeout(300)
    _press(page, "n")
    page.wait_for_timeout(500)
    assert page.evaluate(SHAPE) == _conv_shape(8)  # one step ahead, not two
    held.release()
    wait_for_app(page)
    page.wait_for_timeout(800)
    assert page.evaluate(SHAPE) == _conv_shape(9)


def test_there_and_back_before_the_answer_ends_on_the_slider_value(page, app_server):
    """7 -> 8 (drawn ahead) -> 7 while the server is held back: once it answers, the stage shows
    what the slider shows (7), never a step drawn ahead and left behind."""
    held = _open(page, app_server, "convolution")
    held.hold = True
    _press(page, "n")
    page.wait_for_timeout(300)
    assert page.evaluate(SHAPE) == _conv_shape(8)
    _press(page, "n", "ArrowLeft")
    page.wait_for_timeout(300)
    held.release()
    wait_for_app(page)
    page.wait_for_timeout(800)
    assert page.locator('.st-key-n input[type="range"]').input_value() == "7"
    assert page.evaluate(SHAPE) == _conv_shape(7)
