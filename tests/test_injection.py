"""No value from a URL can put a live link, image or HTML on any page (AppTest, every page).

The URL keys are not listed by hand: every URL-bound widget (``ui.slider``, ``ui.choice``,
``ui.flag``, ``ui.text``) records its key in ``ui.URL_KEYS`` when it is drawn, so each page is
first run plainly (and in a few states that reveal conditional widgets) to learn its keys; then
every key gets every payload, one payload kind per key and run, rotated over the runs. A new
widget is covered without editing this file; a new state that reveals widgets needs a line in
``STATES`` (the static check at the end fails until every literal key in the code is reached).

Every text element is rendered with a CommonMark parser (markdown-it, GFM-like: links, images,
raw HTML and bare-URL autolinks on): the payloads' host may appear only inside ``<code>``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cnnviz import ui
from tests.apptest_support import run_page

ROOT = Path(__file__).resolve().parent.parent
HOST = "evil.example"

PAYLOADS = {
    "link": "{key}[Log in here](https://evil.example/login)",
    "image": "{key}![](https://evil.example/pixel.png)",
    "html": "{key}<img src=https://evil.example/x.png onerror=alert(1)>",
    "autolink": "{key} https://evil.example/a www.evil.example",
    "backticks": "{key}``[x](https://evil.example/b)``",
}

HOME = "home"
STATES: dict[str, list[dict[str, str]]] = {  # page -> URL states that reveal its widgets
    HOME: [{}],
    "pages/convolution.py": [{"fk": "custom", "pad": "custom", "rect": "1"},
                             {"view": "transposed", "rect": "1"}],
    "pages/separable.py": [{}, {"sep_src": "synthetic", "sep_kmode": "random"}],
    "pages/pooling.py": [{"pool_sauto": "0", "pool_lp": "1"}],
    "pages/activations.py": [{}, {"act_src": "drawing"}, {"act_src": "photo"}],
    "pages/receptive_field.py": [{}],
    "pages/architectures.py": [{}],
    "pages/training.py": [{}],
}

MD = MarkdownIt("gfm-like")  # html=True, linkify=True, tables, strikethrough
CODE = re.compile(r"<code>.*?</code>", re.S)


def run(page: str, params: dict[str, str]):
    if page == HOME:
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return run_page(page, params)


def texts(at) -> list[str]:
    """Every piece of Markdown the run put on the page (main area and sidebar)."""
    out = []
    for kind in ("markdown", "warning", "error", "info", "success", "caption", "title",
                 "header", "subheader", "latex"):
        out += [str(e.value) for e in getattr(at, kind)]
    return out


def discover(page: str, state: dict[str, str]) -> list[str]:
    ui.URL_KEYS.clear()
    run(page, state)
    return sorted(ui.URL_KEYS - set(state))


CASES = [(page, i) for page, states in STATES.items() for i in range(len(states))]


@pytest.mark.usefixtures("clean_caches")
@pytest.mark.parametrize("page,state_index", CASES,
                         ids=[f"{p.split('/')[-1]}-{i}" for p, i in CASES])
def test_no_url_value_renders_as_link_image_or_html(page, state_index):
    state = STATES[page][state_index]
    keys = discover(page, state)
    assert len(keys) >= 2, keys  # at least the frame's language and image keys
    kinds = list(PAYLOADS)
    for shift in range(len(kinds)):
        assigned = {key: kinds[(i + shift) % len(kinds)] for i, key in enumerate(keys)}
        params = {**state, **{key: PAYLOADS[kind].format(key=key) for key, kind in assigned.items()}}
        at = run(page, params)
        rendered = [MD.render(text) for text in texts(at)]
        for text, html in zip(texts(at), rendered, strict=True):
            outside_code = CODE.sub("", html)
            assert HOST not in outside_code, (page, shift, text)
            assert "<a " not in outside_code and "<img" not in outside_code, (page, shift, text)
        quoted = " ".join(" ".join(CODE.findall(h)) for h in rendered)
        unseen = [key for key in keys if key not in quoted]
        assert not unseen, f"{page}: no sentence quotes the value given to {unseen} ({assigned})"


def test_quote_keeps_any_text_inert():
    for value in ["plain", "`", "``a``", "a`b", "` start", "end `", "", "   ", "line\nbreak",
                  "[x](https://evil.example)", "<script>alert(1)</script>", "x" * 500]:
        html = MD.render(ui.quote(value))
        assert html.count("<code>") == 1, (value, html)
        assert CODE.sub("", html).strip() in ("<p></p>", ""), (value, html)
    assert ui.quote("x" * 500, 40).count("x") == 39


def test_bold_runs_split_the_apps_own_bold_and_nothing_else():
    from cnnviz.markup import bold_runs

    assert bold_runs("**conv1** · Conv2d") == [("conv1", True), (" · Conv2d", False)]
    assert bold_runs("a **b** c **d**") == [("a ", False), ("b", True), (" c ", False),
                                            ("d", True)]
    assert bold_runs("plain <b>x</b> [l](http://e)") == [
        ("plain <b>x</b> [l](http://e)", False)]  # runs are text: the picker writes no HTML
    assert bold_runs("x ** y") == [("x ** y", False)]  # unmatched: shown as written
    assert bold_runs("") == []


def test_every_literal_url_key_in_the_code_is_reached():
    """Keys written literally in ``ui.slider/choice/flag/text`` calls must be covered above."""
    literal: set[str] = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "ui"
                    and node.func.attr in {"slider", "choice", "flag", "text"} and node.args
                    and isinstance(node.args[0], ast.Constant)):
                literal.add(node.args[0].value)
    reached: set[str] = {"lang", "img"}
    for page, states in STATES.items():
        for state in states:
            reached |= set(discover(page, state)) | set(state)
    assert literal - reached == set(), "add a state to STATES that draws these widgets"
