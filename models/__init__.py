"""Shipped models for the Activations lesson: names, loading, preprocessing, prediction.

Names (see :func:`available`):

- ``shapes``: :class:`~models.architectures.ShapesCNN` trained by ``python -m models.train``;
- ``shapes_separable``: :class:`~models.architectures.ShapesSeparableCNN`, trained the same way;
- ``shapes_untrained`` / ``shapes_separable_untrained``: the same architectures with PyTorch's
  default random initialisation drawn from a fixed seed (:data:`UNTRAINED_SEED`), so they are
  identical on every call and every machine.

Weights are read from ``models/weights/<name>.safetensors`` (no pickle, no network); each has a
JSON model card beside it. Every model takes (N, 3, 28, 28) float32 images in [0, 1] and returns
(N, 3) logits for ``model.classes``.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from models.architectures import CLASSES, ShapesCNN, ShapesSeparableCNN

__all__ = [
    "CLASSES", "INPUT_SIZE", "UNTRAINED_SEED", "WEIGHTS_DIR", "available", "load_model",
    "model_card", "predict", "preprocess",
]

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
INPUT_SIZE = 28
UNTRAINED_SEED = 0
#: Held while code seeds torch's global generator and draws from it (the untrained twins here,
#: a live training run building its model), so two threads never interleave their draws.
GLOBAL_RNG_LOCK = threading.Lock()

_ARCHITECTURES: dict[str, type[nn.Module]] = {
    "shapes": ShapesCNN,
    "shapes_separable": ShapesSeparableCNN,
}
_ALL_NAMES = ("shapes", "shapes_separable", "shapes_untrained", "shapes_separable_untrained")


def _split(name: str) -> tuple[str, bool]:
    """``name`` -> (architecture key, trained?); ValueError for an unknown name."""
    if name not in _ALL_NAMES:
        raise ValueError(f"Unknown model {name!r}; available models are: {', '.join(_ALL_NAMES)}.")
    if name.endswith("_untrained"):
        return name[: -len("_untrained")], False
    return name, True


def weights_path(name: str) -> Path:
    """Path of the safetensors file of a trained model name (it may not exist yet)."""
    return WEIGHTS_DIR / f"{name}.safetensors"


def available() -> list[str]:
    """Names :func:`load_model` accepts here: the trained models whose weights are shipped,
    then the untrained twins (always available)."""
    trained = [n for n in _ARCHITECTURES if weights_path(n).is_file()]
    return trained + [f"{n}_untrained" for n in _ARCHITECTURES]


def build(arch: str) -> nn.Module:
    """A fresh, randomly initialised model of architecture ``arch`` ('shapes'|'shapes_separable')."""
    try:
        return _ARCHITECTURES[arch]()
    except KeyError:
        raise ValueError(f"Unknown architecture {arch!r}; expected one of "
                         f"{', '.join(_ARCHITECTURES)}.") from None


def load_model(name: str) -> nn.Module:
    """The model called ``name``, in eval mode, with ``.classes`` and ``.name`` set.

    Input (N, 3, 28, 28) float32 in [0, 1] -> output (N, 3) logits. Raises ``ValueError`` for an
    unknown name and ``FileNotFoundError`` if a trained model's weights are missing.
    """
    arch, trained = _split(name)
    if trained:
        path = weights_path(name)
        if not path.is_file():
            raise FileNotFoundError(f"The weights of model {name!r} are missing ({path.name}); "
                                    "train them with: python -m models.train")
        from safetensors.torch import load_file

        model = build(arch)
        model.load_state_dict(load_file(str(path)), strict=True)
    else:
        with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):  # caller's RNG untouched
            torch.manual_seed(UNTRAINED_SEED)
            model = build(arch)
    model.name = name
    model.classes = CLASSES
    return model.eval()


def parameter_count(model: nn.Module) -> int:
    """Number of parameters (weights and biases) of ``model``."""
    return sum(p.numel() for p in model.parameters())


def model_card(name: str) -> dict:
    """The JSON model card of ``name`` as a dict; for an untrained model, a card saying so."""
    arch, trained = _split(name)
    if not trained:
        return {
            "name": name,
            "architecture": _ARCHITECTURES[arch].__name__,
            "trained": False,
            "description": "Untrained: PyTorch's default random initialisation with "
                           f"torch.manual_seed({UNTRAINED_SEED}); its predictions are chance.",
            "classes": list(CLASSES),
            "parameters": parameter_count(build(arch)),
        }
    path = WEIGHTS_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"The model card of {name!r} is missing ({path.name}); "
                                "train the model with: python -m models.train")
    return json.loads(path.read_text(encoding="utf-8"))


def preprocess(image: Image.Image, size: int = INPUT_SIZE) -> torch.Tensor:
    """A PIL image of any size and mode -> float32 tensor (1, 3, size, size) in [0, 1].

    The way the model was trained: the image is made RGB (transparent pixels over white), padded
    to a square with the median colour of its border (so nothing is cropped and the shape keeps
    its proportions), then shrunk to ``size``×``size`` with a box filter (each output pixel is the
    mean of the input pixels it covers, like the training data's 4× antialiasing).
    """
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    image = image.convert("RGB")
    w, h = image.size
    if w != h:
        arr = np.asarray(image)
        border = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
        colour = tuple(int(c) for c in np.median(border, axis=0))
        side = max(w, h)
        square = Image.new("RGB", (side, side), colour)
        square.paste(image, ((side - w) // 2, (side - h) // 2))
        image = square
    if image.size != (size, size):
        image = image.resize((size, size), Image.Resampling.BOX)
    arr = np.asarray(image, dtype=np.float32) / 255.0
    return torch.from_numpy(arr.transpose(2, 0, 1).copy()).unsqueeze(0)


def predict(model: nn.Module, x: torch.Tensor | np.ndarray) -> np.ndarray:
    """Class probabilities (softmax): (N, 3, 28, 28) in [0, 1] -> float32 numpy (N, n_classes).

    Runs without gradients; the model is put in eval mode for the call and its mode restored.
    """
    x = torch.as_tensor(x, dtype=torch.float32)
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            probs = torch.softmax(model(x), dim=1)
    finally:
        model.train(was_training)
    return probs.numpy().astype(np.float32)
