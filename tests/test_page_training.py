"""AppTest of the Training page through the whole app (frame + page): defaults, French, bad URL
values, and one tiny run to the end (the "Validation accuracy" metric)."""

from __future__ import annotations

import time

import pytest

from cnnviz import i18n
from cnnviz.lessons import training as lesson
from tests.apptest_support import run_page

PAGE = "pages/training.py"
TINY = {"tr_n": "200", "tr_epochs": "2", "tr_seed": "3"}


def _text(at) -> str:
    parts = [str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption]
    parts += [str(e.value) for kind in ("info", "warning", "error", "success") for e in getattr(at, kind)]
    return "\n".join(parts)


def _run_to_end(at, timeout: float = 240.0):
    at.button(key="tr_train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(m.label in ("Validation accuracy", "Exactitude de validation") for m in at.metric):
            return at
        time.sleep(0.5)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    raise AssertionError("the run did not end")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_defaults_in_both_languages(clean_caches, lang):
    at = run_page(PAGE, lang=lang)
    t = i18n.translator(lang)
    assert at.title[0].value == t("training.title")
    train = at.button(key="tr_train")
    assert train.label == ("Train" if lang == "en" else "Entraîner") and not train.disabled
    assert at.slider(key="tr_epochs").value == lesson.DEFAULTS.epochs
    assert at.selectbox(key="tr_n").value == str(lesson.DEFAULTS.train_size)
    assert at.radio(key="tr_opt").value == "rmsprop"
    assert at.checkbox(key="tr_dropout").value is lesson.DEFAULTS.dropout
    assert at.radio(key="tr_opt").value == lesson.DEFAULTS.optimizer
    assert at.selectbox(key="tr_lr").value == "0.003" and lesson.DEFAULTS.lr == 0.003
    assert not at.metric  # nothing trained yet
    assert t("training.repro_title") in [e.label for e in at.expander]


def test_bad_url_values_get_a_sentence_and_the_defaults(clean_caches):
    at = run_page(PAGE, params={"tr_epochs": "999", "tr_n": "<b>9</b>", "tr_opt": "sgd",
                                "tr_lr": "banana"})
    warnings = "\n".join(str(w.value) for w in at.warning)
    assert warnings.count("`") >= 8, warnings  # every value quoted as inert text
    assert "`<b>9</b>`" in warnings  # shown as plain text inside a code span
    assert at.slider(key="tr_epochs").value == lesson.DEFAULTS.epochs
    assert at.selectbox(key="tr_n").value == str(lesson.DEFAULTS.train_size)
    assert at.radio(key="tr_opt").value == "rmsprop"


def test_overfit_preset_sets_the_widgets(clean_caches):
    at = run_page(PAGE)
    at.button(key="tr_preset_overfit").click().run()
    assert not at.exception
    assert at.selectbox(key="tr_n").value == str(lesson.OVERFIT.train_size)
    assert at.slider(key="tr_epochs").value == lesson.OVERFIT.epochs
    assert at.checkbox(key="tr_dropout").value is False
    assert at.radio(key="tr_opt").value == lesson.OVERFIT.optimizer
    at.button(key="tr_preset_default").click().run()  # and back
    assert not at.exception
    assert at.selectbox(key="tr_n").value == str(lesson.DEFAULTS.train_size)
    assert at.slider(key="tr_epochs").value == lesson.DEFAULTS.epochs
    assert at.radio(key="tr_opt").value == lesson.DEFAULTS.optimizer
    assert at.selectbox(key="tr_lr").value == "0.003"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_tiny_run_ends_with_the_validation_accuracy(clean_caches, lang):
    at = _run_to_end(run_page(PAGE, params=TINY, lang=lang))
    t = i18n.translator(lang)
    metric = next(m for m in at.metric if m.label == t("training.val_acc"))
    suffix = "\u202f%" if lang == "fr" else "%"
    assert metric.value.endswith(suffix)
    value = float(metric.value.removesuffix(suffix).replace(",", "."))
    assert 0.0 <= value <= 100.0
    model = at.session_state["_session_model"]
    assert model["arch"] == "shapes" and model["weights"][:8]  # safetensors bytes
    card = model["card"]
    assert card["settings"]["train_size"] == 200 and card["settings"]["seed"] == 3
    assert round(100 * card["val_accuracy"], 1) == value
    assert card["epochs_run"] == 2 and card["best_epoch"] in (1, 2)
    assert "cpu_capability" in card["machine"] and "thread count" in card["reproducibility"]
    assert t("training.use") in _text(at)
    assert not at.button(key="tr_train").disabled  # ready for another run
