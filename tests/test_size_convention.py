"""One convention for sizes, on every page and in both languages: height×width (like PyTorch's
(N, C, H, W) shapes), photos included.

The default photo, the cat, is not square (300 pixels high, 451 wide), so a size written
width×height shows: every "a×b" on a page whose ratio a/b is the photo's width/height is a size
written the wrong way round. Each page that shows a size derived from the photo must also show
at least one with the photo's height/width ratio.
"""

from __future__ import annotations

import re

import pytest

from cnnviz import photos
from tests.apptest_support import run_page

pytestmark = pytest.mark.usefixtures("clean_caches")

H, W = 300, 451  # the cat (Chelsea), the default photo
TIMES = r"[ \u202f\u00a0]*×[ \u202f\u00a0]*"
CHAIN = re.compile(rf"(?<![\d.,])\d+(?:{TIMES}\d+)+(?![\d.,])")
"""A size or shape: numbers joined by ×; its last two are the height and the width (3×64×96)."""

# page, URL settings that show the photo's sizes, whether the main area shows one
PAGES = [
    ("pages/convolution.py", {}, True),
    ("pages/separable.py", {}, True),
    ("pages/pooling.py", {}, True),
    ("pages/activations.py", {"act_src": "photo"}, True),
    ("pages/receptive_field.py", {}, True),
    ("pages/architectures.py", {}, False),
]


def _texts(at) -> tuple[list[str], list[str]]:
    """(main-area texts, sidebar texts) of an AppTest run: sentences, headings, captions,
    metrics, tables and picture captions."""
    main, side = [], []
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success",
             "error")
    for kind in kinds:
        for e in getattr(at, kind):
            main.append(str(e.value))
    for e in at.sidebar.caption:
        side.append(str(e.value))
    for m in at.metric:
        main += [str(m.label), str(m.value)]
    for kind in ("table", "dataframe"):
        for e in at.get(kind):
            value = getattr(e, "value", None)
            if value is not None and hasattr(value, "to_string"):
                main.append(value.to_string())
                main += [str(c) for c in value.columns]
    for image in at.get("image"):
        for img in image.proto.imgs:
            if img.caption:
                (side if "pixels" in img.caption and W in _numbers(img.caption) else main).append(
                    img.caption)
    return main, side


def _numbers(text: str) -> set[int]:
    return {a for a, b, _ in _pairs([text])} | {b for a, b, _ in _pairs([text])}


def _pairs(texts: list[str]) -> list[tuple[int, int, str]]:
    """The (first, second) of the last two numbers of every size written in ``texts``."""
    found = []
    for text in texts:
        for chain in CHAIN.findall(text):
            *_, a, b = (int(v) for v in re.split(TIMES, chain))
            found.append((a, b, text))
    return found


def _ratio_is(a: int, b: int, ratio: float) -> bool:
    return a != b and b > 0 and abs(a / b / ratio - 1) < 0.03


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("page", "params", "shows_photo"), PAGES)
def test_sizes_are_height_by_width(page, params, shows_photo, lang):
    at = run_page(page, params, lang)
    main, side = _texts(at)
    pairs = _pairs(main + side)
    wrong = [(a, b, text[:120]) for a, b, text in pairs if _ratio_is(a, b, W / H)]
    assert not wrong, f"width×height on {page} ({lang}): {wrong}"
    # the picker, under the photo in the sidebar: height×width, and it says so
    picker = {"en": f"{H}×{W} pixels (height×width)", "fr": f"{H}×{W} pixels (hauteur×largeur)"}
    assert picker[lang] in side, side
    if shows_photo:
        right = [(a, b) for a, b, _ in _pairs(main) if _ratio_is(a, b, H / W)]
        assert right, f"no size of the photo on {page} ({lang}): {_pairs(main)}"


def test_an_upload_is_called_your_photo_not_the_pickers_option():
    from cnnviz import i18n

    for lang in i18n.LANGUAGES:
        t = i18n.translator(lang)
        record = photos.upload("upload:00", None, b"", t)
        assert record.label == {"en": "Your photo", "fr": "Votre photo"}[lang]
        assert "…" not in record.label
