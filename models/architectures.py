"""The course's shapes classifier, as a standard CNN and as a depthwise-separable twin.

Both take (N, 3, 28, 28) float images in [0, 1] and return (N, 3) logits for
``classes = ("circle", "square", "triangle")``.

Layout (names are shown to students, so they are short and numbered)::

    features   conv1 (32, 3×3, 'same')  relu1  conv2 (32, 3×3, valid)  relu2  pool1 (2)  drop1 (0.25)
               conv3 (64, 3×3, 'same')  relu3  conv4 (64, 3×3, valid)  relu4  pool2 (2)  drop2 (0.25)
               conv5 (64, 3×3, 'same')  relu5  conv6 (64, 3×3, valid)  relu6  pool3 (2)  drop3 (0.25)
    classifier flatten  dense1 (512)  relu7  drop4 (0.5)  dense2 (3)

Spatial size through ``features`` for a 28×28 input: 28 →(same) 28 →(valid) 26 →(pool) 13
→ 13 → 11 → 5 → 5 → 3 → 1, so the three blocks (the course's "the same with 64 filters, twice
more") fit exactly: ``features`` ends in 64×1×1 and ``flatten`` gives 64 numbers. Only the
second convolution of each block is 'valid'; had both been valid, the third block would shrink
5 → 3 → 1 and pooling would leave nothing. The choice keeps the course's layer list intact.

Both are initialised the same way (:func:`init_weights`): He-normal weights (fan-in, ReLU gain;
linear gain for a depthwise stage, which has no ReLU before the pointwise stage) and zero
biases. PyTorch's default initialisation shrinks the signal through the twelve stacked stages of
the separable twin so much that it did not start learning in 5 epochs; with He it does.

``features`` is fully convolutional (it runs at any input size ≥ 28, e.g. 256 px for activation
maps of a photo); ``classifier`` needs exactly the 64 numbers of a 28×28 input.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import Tensor, nn

from cnnviz.modules import SeparableConv2d

CLASSES: tuple[str, ...] = ("circle", "square", "triangle")
BLOCK_FILTERS: tuple[int, ...] = (32, 64, 64)


def _features(conv_factory) -> nn.Sequential:
    layers: OrderedDict[str, nn.Module] = OrderedDict()
    in_ch = 3
    for block, filters in enumerate(BLOCK_FILTERS, start=1):
        a, b = 2 * block - 1, 2 * block
        layers[f"conv{a}"] = conv_factory(in_ch, filters, "same")
        layers[f"relu{a}"] = nn.ReLU()
        layers[f"conv{b}"] = conv_factory(filters, filters, "valid")
        layers[f"relu{b}"] = nn.ReLU()
        layers[f"pool{block}"] = nn.MaxPool2d(2)
        layers[f"drop{block}"] = nn.Dropout(0.25)
        in_ch = filters
    return nn.Sequential(layers)


def _classifier(n_features: int, n_classes: int) -> nn.Sequential:
    return nn.Sequential(OrderedDict([
        ("flatten", nn.Flatten()),
        ("dense1", nn.Linear(n_features, 512)),
        ("relu7", nn.ReLU()),
        ("drop4", nn.Dropout(0.5)),
        ("dense2", nn.Linear(512, n_classes)),
    ]))


def init_weights(model: nn.Module) -> nn.Module:
    """He-normal weights and zero biases for every ``nn.Conv2d`` and ``nn.Linear`` of ``model``
    (grouped convolutions, i.e. depthwise stages, with a linear gain). Returns ``model``."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            grouped = isinstance(module, nn.Conv2d) and module.groups > 1
            nn.init.kaiming_normal_(module.weight, nonlinearity="linear" if grouped else "relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model


class ShapesCNN(nn.Module):
    """Standard CNN: (N, 3, 28, 28) in [0, 1] -> (N, 3) logits. See the module docstring."""

    classes: tuple[str, ...] = CLASSES

    def __init__(self) -> None:
        super().__init__()
        self.features = _features(
            lambda cin, cout, padding: nn.Conv2d(cin, cout, 3, padding=padding))
        self.classifier = _classifier(BLOCK_FILTERS[-1], len(CLASSES))
        init_weights(self)

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.features(x))


class ShapesSeparableCNN(nn.Module):
    """The same network with every ``nn.Conv2d`` replaced by a Keras-style
    :class:`cnnviz.modules.SeparableConv2d` (depthwise 3×3 without bias, then pointwise 1×1 with
    bias). (N, 3, 28, 28) in [0, 1] -> (N, 3) logits.
    """

    classes: tuple[str, ...] = CLASSES

    def __init__(self) -> None:
        super().__init__()
        self.features = _features(
            lambda cin, cout, padding: SeparableConv2d(cin, cout, 3, padding=padding, bias=True))
        self.classifier = _classifier(BLOCK_FILTERS[-1], len(CLASSES))
        init_weights(self)

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.features(x))
