"""AppTest of the Activations page's canvas, prediction metric, opened channel and "where did
it look", through app.py's frame (the canvas itself is driven in tests/test_browser_looksee.py)."""

from __future__ import annotations

import models
from cnnviz.lessons.channels import weights_bytes
from tests.apptest_support import run_page

PAGE = "pages/activations.py"


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _text(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown) + "\n".join(
        str(c.value) for c in at.caption)


def test_canvas_default_names_the_starter_drawing_and_explains_it(clean_caches):
    at = run_page(PAGE)
    assert _metric(at, "Prediction") == "triangle"
    text = _text(at)
    assert "**Trained CNN (standard convolutions)**: p(triangle) =" in text
    assert "**Untrained CNN (random weights)**: p(triangle) =" in text
    assert "Grad-CAM at conv6" in text
    # the opened channel: conv1, channel 0, with a 3×3 receptive field and its 3 RGB kernels
    assert "Its receptive field: 3×3 input pixels" in text
    assert "3 kernels of 3×3" in text
    assert "What makes channel 0 of conv1 fire" in text
    assert not at.error and not at.warning


def test_french_names_the_class_in_french(clean_caches):
    at = run_page(PAGE, {"act_src": "drawing", "act_shape": "circle", "act_res": "28"}, lang="fr")
    assert _metric(at, "Prédiction") == "cercle"
    assert "Où a-t-il regardé\u202f?" in [h.value for h in at.header]


def test_an_opened_channel_in_the_url(clean_caches):
    at = run_page(PAGE, {"act_res": "28", "act_layer": "relu4", "act_ch": "5", "look_row": "2",
                         "look_col": "9", "look_cls": "circle", "look_layer": "conv4"})
    text = _text(at)
    assert "Opened: layer **relu4**, channel **5**, unit at row 2, column 9." in text
    # relu4 at 28×28: field 14×14, stride 2, offset 3 -> rows 1..14, columns 15..27 (clipped)
    assert "rows 1 to 14, columns 15 to 27" in text
    assert "Part of its 14×14 field lies outside the image" in text
    assert "p(circle)" in text and "Grad-CAM at conv4" in text
    assert not at.warning


def test_bad_url_values_give_sentences_and_defaults(clean_caches):
    at = run_page(PAGE, {"act_src": "<b>x</b>", "look_pen": "999", "look_cls": "dragon",
                         "look_layer": "conv99", "act_layer": "nope", "look_row": "-3"})
    warnings = "\n".join(str(w.value) for w in at.warning)
    for name in ("Input image", "Pen width", "Class to explain", "Grad-CAM layer", "Layer"):
        assert name in warnings, name
    assert "`<b>x</b>`" in warnings  # shown as plain text, quoted
    assert _metric(at, "Prediction") == "triangle"


def test_a_model_trained_in_this_session_is_offered(clean_caches):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_session_model"] = {
        "arch": "shapes", "weights": weights_bytes(models.load_model("shapes")), "card": {}}
    at.query_params["act_model"] = "session"
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="act_model").value == "session"
    assert _metric(at, "Prediction") == "triangle"
    assert "The CNN trained on the Training page (this session)" in _text(at)
