"""Shipped models, the procedural dataset and the loading API (CPU, a few seconds)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

import models
from models.architectures import ShapesCNN, ShapesSeparableCNN
from models.data import CLASSES, draw_shape, make_dataset

HELD_OUT_SEED = 20260  # not one of the training command's seeds (0, 1, 2 by default)
TRAINED = ("shapes", "shapes_separable")


@pytest.fixture(scope="module")
def held_out():
    return make_dataset(900, HELD_OUT_SEED)


def test_dataset_is_deterministic_and_well_formed():
    x1, y1 = make_dataset(45, seed=7)
    x2, y2 = make_dataset(45, seed=7)
    x3, _ = make_dataset(45, seed=8)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert x1.shape == (45, 3, 28, 28) and x1.dtype == np.float32
    assert y1.dtype == np.int64 and np.bincount(y1).tolist() == [15, 15, 15]
    assert x1.min() >= 0.0 and x1.max() <= 1.0
    assert make_dataset(0, 1)[0].shape == (0, 3, 28, 28)


@pytest.mark.parametrize("kind", CLASSES)
def test_draw_shape_defaults_black_on_white(kind):
    img = draw_shape(kind, size=64, rotation=30, filled=True)
    assert img.mode == "RGB" and img.size == (64, 64)
    arr = np.asarray(img)
    assert arr[0, 0].tolist() == [255, 255, 255] and arr.min() == 0
    assert np.array_equal(np.asarray(draw_shape(kind, size=64, wobble=0.1, seed=3)),
                          np.asarray(draw_shape(kind, size=64, wobble=0.1, seed=3)))


def test_draw_shape_unknown_kind():
    with pytest.raises(ValueError, match="hexagon"):
        draw_shape("hexagon")


def test_unknown_model_name_is_a_readable_value_error():
    with pytest.raises(ValueError, match=r"nope.*shapes"):
        models.load_model("nope")
    with pytest.raises(ValueError):
        models.model_card("nope")


def test_available_lists_shipped_and_untrained_models():
    assert models.available() == ["shapes", "shapes_separable", "shapes_untrained",
                                  "shapes_separable_untrained"]


@pytest.mark.parametrize("name", ["shapes_untrained", "shapes_separable_untrained"])
def test_untrained_models_are_deterministic_and_leave_the_rng_alone(name):
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    a = models.load_model(name)
    assert torch.equal(torch.rand(3), expected_next)
    b = models.load_model(name)
    for (ka, va), (kb, vb) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert ka == kb and torch.equal(va, vb)
    x = torch.rand(2, 3, 28, 28)
    assert torch.equal(a(x), b(x))
    assert not a.training and a.name == name and a.classes == CLASSES
    card = models.model_card(name)
    assert card["trained"] is False and card["parameters"] == models.parameter_count(a)


def test_architecture_shapes():
    for cls in (ShapesCNN, ShapesSeparableCNN):
        model = cls().eval()
        assert model(torch.rand(2, 3, 28, 28)).shape == (2, 3)
        assert model.features(torch.rand(1, 3, 28, 28)).shape == (1, 64, 1, 1)
        assert model.features(torch.rand(1, 3, 96, 128)).shape[:2] == (1, 64)
        names = [n for n, _ in model.features.named_children()]
        assert names[:6] == ["conv1", "relu1", "conv2", "relu2", "pool1", "drop1"]
        assert [n for n, _ in model.classifier.named_children()] == [
            "flatten", "dense1", "relu7", "drop4", "dense2"]


@pytest.mark.parametrize("name", TRAINED)
def test_shipped_weights_reach_95_percent_on_a_fresh_held_out_split(name, held_out):
    model = models.load_model(name)
    assert not model.training
    images, labels = held_out
    probs = models.predict(model, images)
    assert probs.shape == (len(labels), 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    accuracy = float((probs.argmax(axis=1) == labels).mean())
    assert accuracy >= 0.95, f"{name}: {accuracy:.1%}"
    card = models.model_card(name)
    assert card["trained"] is True and card["test_accuracy"] >= 0.95
    assert card["parameters"] == models.parameter_count(model)
    assert models.weights_path(name).stat().st_size < 4_000_000


@pytest.mark.parametrize("name", TRAINED)
@pytest.mark.parametrize("kind", CLASSES)
@pytest.mark.parametrize("filled", [False, True])
def test_hand_drawn_like_images_are_recognised(name, kind, filled):
    """A clean black-on-white drawing at a larger size, brought to 28×28 by preprocess."""
    model = models.load_model(name)
    for rotation in (0, 20):
        x = models.preprocess(draw_shape(kind, size=280, filled=filled, rotation=rotation))
        probs = models.predict(model, x)[0]
        assert CLASSES[int(probs.argmax())] == kind, (rotation, probs)


def test_preprocess_pads_to_square_and_handles_transparency():
    wide = Image.new("RGB", (300, 100), (255, 255, 255))
    wide.paste((0, 0, 0), (140, 40, 160, 60))
    x = models.preprocess(wide)
    assert x.shape == (1, 3, 28, 28) and x.dtype == torch.float32
    assert float(x.min()) < 0.5 and float(x[0, :, 0, 0].min()) == 1.0  # padding is the border colour
    rgba = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    assert float(models.preprocess(rgba).min()) == 1.0  # transparent -> white
    assert models.preprocess(Image.new("L", (28, 28), 0)).shape == (1, 3, 28, 28)
