"""The Activations page's shortcuts give what the slow path gave: the model summary's numbers
are computed once per model and formatted per language."""

from __future__ import annotations

import models
from cnnviz import i18n
from cnnviz.lessons import activations as view
from tests.apptest_support import run_page


def test_summary_from_rows_equals_the_summary_table():
    model = models.load_model("shapes")
    rows = view.layer_rows(model)
    for lang in ("en", "fr"):
        tr = i18n.translator(lang)
        headers = [tr(f"act.summary.{h}") for h in ("layer", "kind", "shape", "params", "madds")]
        assert (view.summary_rows(rows, headers, tr.num, tr("act.summary.total"))
                == view.summary_table(model, headers, tr.num, tr("act.summary.total")))


def test_language_switch_does_not_recount(clean_caches, monkeypatch):
    calls = []
    layer_rows = view.layer_rows

    def counting(model):
        calls.append(type(model).__name__)
        return layer_rows(model)

    monkeypatch.setattr(view, "layer_rows", counting)
    en = run_page("pages/activations.py", lang="en")
    fr = run_page("pages/activations.py", lang="fr")
    assert len(calls) == 1
    assert en.dataframe[0].value.shape == fr.dataframe[0].value.shape
