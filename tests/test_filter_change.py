"""What training changed in the first layer (the Activations page's difference map), with torch as
the oracle, and the sentence that names a model trained in this session."""

from __future__ import annotations

import copy
import io

import numpy as np
import pytest
import torch
from PIL import Image

import models
from cnnviz import i18n
from cnnviz.lessons import activations, looksee
from cnnviz.lessons import training as lesson
from cnnviz.lessons.filter_change import change_sentences, filter_change
from cnnviz.render.pictures import BLUE, VERMILLION
from cnnviz.render.training import DIFF_BACKGROUND, difference_picture


def _first_conv(model):
    return next(m for m in model.modules() if isinstance(m, torch.nn.Conv2d))


@pytest.mark.parametrize("arch", ["shapes", "shapes_separable"])
def test_the_numbers_are_torchs(arch):
    trained, start = models.load_model(arch), models.load_model(f"{arch}_untrained")
    change = filter_change(trained, start)
    w, w0 = _first_conv(trained).weight.detach(), _first_conv(start).weight.detach()
    diff = w - w0
    np.testing.assert_allclose(change.diff, diff.numpy(), rtol=0, atol=1e-7)
    assert change.limit == pytest.approx(float(diff.abs().max()), rel=1e-6)
    relative = float(torch.linalg.vector_norm(diff) / torch.linalg.vector_norm(w0))
    assert change.relative == pytest.approx(relative, rel=1e-5)
    per_filter = [float(torch.linalg.vector_norm(diff[i]) / torch.linalg.vector_norm(w0[i]))
                  for i in range(w.shape[0])]
    np.testing.assert_allclose(change.per_filter, per_filter, rtol=1e-5)
    first, overall = activations.weight_change(trained, start)  # the page's earlier figures
    assert change.relative == pytest.approx(first, rel=1e-5)
    assert change.overall == pytest.approx(overall, rel=1e-5)
    assert 0.01 < change.relative < 5  # training did move the weights, by a sane amount
    picture = np.asarray(Image.open(io.BytesIO(change.png)).convert("RGB"))
    assert 300 <= picture.shape[1] <= 900  # 10–40 px per weight: readable, fits the column


def test_one_moved_weight_is_one_coloured_cell():
    start = models.load_model("shapes_untrained")
    trained = copy.deepcopy(start)
    with torch.no_grad():
        _first_conv(trained).weight[5, 1, 2, 0] += 0.5
        _first_conv(trained).weight[9, 0, 0, 2] -= 0.25
    change = filter_change(trained, start)
    assert change.limit == pytest.approx(0.5)
    assert int(np.argmax(change.per_filter)) == 5
    assert np.count_nonzero(change.per_filter) == 2
    cell, gap, filter_gap, cols = 10, 2, 8, 8
    picture = difference_picture(change.diff, change.limit, cols=cols, cell=cell, gap=gap,
                                 filter_gap=filter_gap)
    block_w, block_h = 3 * 3 * cell + 2 * gap, 3 * cell

    def pixel(f, k, y, x):
        r, c = divmod(f, cols)
        top = filter_gap + r * (block_h + filter_gap) + y * cell + cell // 2
        left = filter_gap + c * (block_w + filter_gap) + k * (3 * cell + gap) + x * cell + cell // 2
        return tuple(int(v) for v in picture[top, left])

    assert pixel(5, 1, 2, 0) == VERMILLION  # +limit: the end of the scale
    moved_down = np.array(pixel(9, 0, 0, 2), dtype=float)  # −limit/2: halfway to blue
    np.testing.assert_allclose(moved_down, (np.array(BLUE) + 255) / 2, atol=1)
    assert pixel(0, 0, 0, 0) == (255, 255, 255)  # unchanged: white
    assert tuple(int(v) for v in picture[0, 0]) == DIFF_BACKGROUND
    rows = -(-32 // cols)
    assert picture.shape == (rows * block_h + (rows + 1) * filter_gap,
                             cols * block_w + (cols + 1) * filter_gap, 3)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_sentences_give_the_measured_change(lang):
    tr = i18n.translator(lang)
    change = filter_change(models.load_model("shapes"), models.load_model("shapes_untrained"))
    said, caption = change_sentences(change, 0.9993, tr)
    assert tr.num(100 * change.relative) in said and tr.num(99.93, 1) in said
    most = int(np.argmax(change.per_filter))
    assert tr.num(100 * change.relative) in caption and f" {most} " in caption
    assert tr.num(100 * change.per_filter.max()) in caption
    assert tr.num(change.limit, 3) in caption
    assert ("orange" in caption) and ("−" in caption)


def _card(**changes):
    card = {"val_accuracy": 0.9567, "best_epoch": 5, "epochs_run": 6,
            "settings": {"val_size": 600, "train_size": 2500}}
    card.update(changes)
    return card


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_session_model_is_named_as_trained_in_this_session(lang):
    tr = i18n.translator(lang)
    said = looksee.accuracy_sentence("session:ab12", tr, {"card": _card()})
    assert said == lesson.session_sentence(_card(), tr)
    assert tr.num(95.67, 1) in said and tr.num(600) in said and tr.num(2500) in said
    assert said != tr("act.summary.random")
    for word in ("Untrained", "untrained", "Non entraîné", "non entraîné", "random", "aléatoire"):
        assert word not in said
    assert ("this session" if lang == "en" else "cette session") in said
    unmeasured = looksee.accuracy_sentence("session:ab12", tr, {"card": _card(val_accuracy=None)})
    assert unmeasured == tr("training.session_unmeasured")
    assert looksee.accuracy_sentence("shapes_untrained", tr) == tr("act.summary.random")
