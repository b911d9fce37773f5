"""AppTest of the shell: home page, language in the URL, the shared image picker and uploads."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = ["pages/convolution.py", "pages/separable.py", "pages/pooling.py",
         "pages/activations.py"]


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def png_bytes(size=(40, 30), color=(10, 200, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title] + \
            [e.value for e in at.header] + [e.value for e in at.info]
    return "\n".join(str(p) for p in parts)


def test_home_in_english_explains_each_lesson_and_the_154_million_weights(clean_caches):
    at = run_app()
    assert at.title[0].value.startswith("CNN playground")
    body = texts(at)
    assert "154,140,672" in body and "150,528" in body
    for word in ("stride", "Depthwise", "Max, average", "circles, squares and triangles"):
        assert word in body


def test_home_in_french_from_the_url(clean_caches):
    at = run_app(lang="fr")
    assert at.title[0].value.startswith("Atelier CNN")
    body = texts(at)
    assert "154\u202f140\u202f672" in body
    assert "pas, remplissage" in body and "dilatation" in body


def test_bad_language_and_image_in_the_url_give_sentences(clean_caches):
    at = run_app(lang="klingon", img="../../etc/passwd")
    warnings = " ".join(w.value for w in at.warning)
    assert "klingon" in warnings and "passwd" in warnings
    assert at.title[0].value.startswith("CNN playground")  # default language still works


def test_sample_choice_is_remembered_across_pages(clean_caches):
    at = run_app(img="coffee")
    assert at.sidebar.selectbox(key="img").value == "coffee"
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.session_state["_picked_image"].key == "sample:coffee"


def test_good_upload_is_used_by_the_pages(clean_caches):
    at = run_app(img="__upload__")
    assert any("No photo uploaded" in i.value for i in at.sidebar.info)
    at.get("file_uploader")[0].upload("me.png", png_bytes((40, 30)), "image/png").run()
    assert not at.exception
    picked = at.session_state["_picked_image"]
    assert picked.key.startswith("upload:") and picked.image.size == (40, 30)
    assert not at.sidebar.error


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"GIF89a this is garbage", "not an image"),
    (b"<script>alert(1)</script>", "not an image"),
    (png_bytes()[:50], "damaged"),
])
def test_bad_upload_gives_a_sentence_and_the_app_keeps_working(clean_caches, content, needle):
    at = run_app(img="__upload__")
    at.get("file_uploader")[0].upload("<b>evil</b>.png", content, "image/png").run()
    assert not at.exception
    errors = " ".join(e.value for e in at.sidebar.error)
    assert needle in errors and "cat" in errors
    assert "<b>" not in errors  # the file name is never echoed
    assert at.session_state["_picked_image"].key == "sample:chelsea"


def test_bad_upload_sentence_in_french(clean_caches):
    at = run_app(img="__upload__", lang="fr")
    at.get("file_uploader")[0].upload("x.png", b"nope", "image/png").run()
    errors = " ".join(e.value for e in at.sidebar.error)
    assert "n’est pas une image" in errors and "chat" in errors
