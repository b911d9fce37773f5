"""AppTest: a model trained on the Training page, used on the Activations page, is named as what
it is in every caption (English and French), never as the untrained twin."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz import i18n
from cnnviz.lessons import training as lesson
from models.training import Settings, fit
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def record():
    result = fit(Settings(epochs=2, train_size=64, val_size=32, batch_size=16, seed=3))
    return lesson.session_record(result, {"cpu": "test"})


def _texts(at: AppTest) -> list[str]:
    out = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "success")
           for e in getattr(at, kind)]
    return out + [str(m.label) for m in at.metric]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_caption_names_the_session_model(clean_caches, record, lang):
    tr = i18n.translator(lang)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["_session_model"] = record
    for key, value in {"act_src": "drawing", "act_model": "session"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/activations.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="act_model").value == "session"
    texts = _texts(at)
    joined = "\n".join(texts)
    # the summary's caption: how this session's run did, not "Untrained: random weights"
    assert lesson.session_sentence(record["card"], tr) in texts
    assert tr("act.summary.random") not in joined
    # the filters' and "where did it look" captions name it as the session's model
    name = tr("act.model.session")
    assert tr("act.filters.caption", model=name, count=32, kh=3, kw=3) in texts
    assert any(t.startswith(f"**{name}**") for t in texts)  # above its Grad-CAM
    # the untrained twin is only ever named as itself, next to it
    twin = tr("act.model.shapes_untrained")
    for text in texts:
        if twin in text:
            assert name not in text
    assert tr("act.pred.untrained") not in joined
