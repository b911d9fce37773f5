"""A small zoo of classic architectures, defined here (there is no torchvision in this project).

:func:`build` returns a randomly initialised model in eval mode. The ImageNet classifiers are
written layer for layer as torchvision defines them (same module names, same layers), so their
parameter counts and multiply-adds are torchvision's published ones (``tests/test_zoo.py``):

============  ============  ===========================  ==============
name          parameters    multiply-adds at 224×224     input
============  ============  ===========================  ==============
alexnet        61,100,840   0.71 G                       3×224×224
vgg16         138,357,544   15.47 G                      3×224×224
resnet18       11,689,512   1.81 G                       3×224×224
resnet50       25,557,032   4.09 G                       3×224×224
mobilenet_v2    3,504,872   0.30 G                       3×224×224
============  ============  ===========================  ==============

``mobilenet_v1`` follows Howard et al. (2017), table 1 (batch norm after every convolution, as in
the paper). ``unet`` follows Ronneberger et al. (2015): unpadded 3×3 convolutions, 2×2 max
pooling, 2×2 up-convolutions, the encoder's maps centre-cropped before they are concatenated
("copy and crop"); 572×572×1 in, 388×388×2 out. ``shapes`` and ``shapes_separable`` are the
course's own CNNs (:mod:`models.architectures`), 28×28×3 in.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import Tensor, cat, nn

from models.architectures import ShapesCNN, ShapesSeparableCNN

NAMES: tuple[str, ...] = ("alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v1",
                          "mobilenet_v2", "unet", "shapes", "shapes_separable")

# (channels, side) of the input each network is published with
INPUTS: dict[str, tuple[int, int]] = {
    **{name: (3, 224) for name in ("alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v1",
                                   "mobilenet_v2")},
    "unet": (1, 572), "shapes": (3, 28), "shapes_separable": (3, 28),
}


def build(name: str) -> nn.Module:
    """A fresh, randomly initialised ``name`` (one of :data:`NAMES`) in eval mode.

    Build it under ``with torch.device("meta"):`` to get its shapes and costs without allocating
    its weights. Raises ``ValueError`` for an unknown name.
    """
    factories = {
        "alexnet": AlexNet, "vgg16": VGG16,
        "resnet18": lambda: ResNet(BasicBlock, (2, 2, 2, 2)),
        "resnet50": lambda: ResNet(Bottleneck, (3, 4, 6, 3)),
        "mobilenet_v1": MobileNetV1, "mobilenet_v2": MobileNetV2, "unet": UNet,
        "shapes": ShapesCNN, "shapes_separable": ShapesSeparableCNN,
    }
    if name not in factories:
        raise ValueError(f"Unknown model {name!r}; the zoo has: {', '.join(NAMES)}.")
    return factories[name]().eval()


# --- AlexNet and VGG16 (torchvision.models.alexnet / vgg16) --------------------------------------

class AlexNet(nn.Module):
    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(64, 192, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(192, 384, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.avgpool(self.features(x)).flatten(1))


VGG16_LAYERS = (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
                512, 512, 512, "M")


class VGG16(nn.Module):
    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        in_ch = 3
        for v in VGG16_LAYERS:
            if v == "M":
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            else:
                layers += [nn.Conv2d(in_ch, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
                in_ch = v
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(0.5),
            nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(0.5),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.avgpool(self.features(x)).flatten(1))


# --- ResNet (torchvision.models.resnet: v1.5, the stride in the bottleneck's 3×3) ---------------

def _conv3x3(cin: int, cout: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


def _conv1x1(cin: int, cout: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None) -> None:
        super().__init__()
        self.conv1 = _conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = _conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x: Tensor) -> Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)  # the skip connection


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None) -> None:
        super().__init__()
        self.conv1 = _conv1x1(inplanes, planes)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = _conv3x3(planes, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = _conv1x1(planes, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x: Tensor) -> Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)  # the skip connection


class ResNet(nn.Module):
    def __init__(self, block: type[BasicBlock | Bottleneck], layers: tuple[int, ...],
                 num_classes: int = 1000) -> None:
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def _make_layer(self, block, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(_conv1x1(self.inplanes, planes * block.expansion, stride),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(self.avgpool(x).flatten(1))


# --- MobileNet v1 (Howard et al. 2017) and v2 (torchvision.models.mobilenet_v2) -----------------

def _conv_bn(cin: int, cout: int, k: int, stride: int = 1, groups: int = 1,
             act: type[nn.Module] | None = nn.ReLU) -> nn.Sequential:
    """torchvision's Conv2dNormActivation: convolution ('same' for odd k), batch norm, activation."""
    layers: list[nn.Module] = [nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, groups=groups,
                                         bias=False), nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act(inplace=True))
    return nn.Sequential(*layers)


MOBILENET_V1_LAYERS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1),
                       (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))


class MobileNetV1(nn.Module):
    """A 3×3 convolution, then 13 depthwise-separable blocks (depthwise 3×3, pointwise 1×1)."""

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        layers: list[nn.Module] = [_conv_bn(3, 32, 3, 2)]
        cin = 32
        for cout, stride in MOBILENET_V1_LAYERS:
            layers.append(nn.Sequential(OrderedDict([
                ("depthwise", _conv_bn(cin, cin, 3, stride, groups=cin)),
                ("pointwise", _conv_bn(cin, cout, 1)),
            ])))
            cin = cout
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Linear(1024, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.avgpool(self.features(x)).flatten(1))


class InvertedResidual(nn.Module):
    """Expand 1×1 (ReLU6), depthwise 3×3 (ReLU6), project 1×1 (linear); a skip when the shape stays."""

    def __init__(self, inp: int, oup: int, stride: int, expand_ratio: int) -> None:
        super().__init__()
        hidden = inp * expand_ratio
        self.use_res_connect = stride == 1 and inp == oup
        layers: list[nn.Module] = []
        if expand_ratio != 1:
            layers.append(_conv_bn(inp, hidden, 1, act=nn.ReLU6))
        layers += [_conv_bn(hidden, hidden, 3, stride, groups=hidden, act=nn.ReLU6),
                   nn.Conv2d(hidden, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


MOBILENET_V2_SETTINGS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                         (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))  # t, c, n, s


class MobileNetV2(nn.Module):
    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        features: list[nn.Module] = [_conv_bn(3, 32, 3, 2, act=nn.ReLU6)]
        cin = 32
        for t, c, n, s in MOBILENET_V2_SETTINGS:
            for i in range(n):
                features.append(InvertedResidual(cin, c, s if i == 0 else 1, t))
                cin = c
        features.append(_conv_bn(cin, 1280, 1, act=nn.ReLU6))
        self.features = nn.Sequential(*features)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, num_classes))

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.avgpool(self.features(x)).flatten(1))


# --- U-Net (Ronneberger, Fischer & Brox 2015) ------------------------------------------------------

def _double_conv(cin: int, cout: int) -> nn.Sequential:
    """Two unpadded 3×3 convolutions with ReLU: each takes 2 cells off the side."""
    return nn.Sequential(nn.Conv2d(cin, cout, 3), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3), nn.ReLU(inplace=True))


class CenterCrop(nn.Module):
    """The 'copy and crop' of U-Net: the centre of an encoder map, the size of ``like``."""

    def forward(self, x: Tensor, like: Tensor) -> Tensor:
        (h, w), (th, tw) = x.shape[-2:], like.shape[-2:]
        top, left = (h - th) // 2, (w - tw) // 2
        return x[..., top:top + th, left:left + tw]


class UNet(nn.Module):
    WIDTHS = (64, 128, 256, 512, 1024)

    def __init__(self, in_channels: int = 1, num_classes: int = 2) -> None:
        super().__init__()
        w = self.WIDTHS
        self.down = nn.ModuleList([_double_conv(cin, cout)
                                   for cin, cout in zip((in_channels, *w[:3]), w[:4], strict=True)])
        self.pool = nn.MaxPool2d(2)
        self.bottom = _double_conv(w[3], w[4])
        self.upconv = nn.ModuleList([nn.ConvTranspose2d(w[i + 1], w[i], 2, stride=2)
                                     for i in reversed(range(4))])
        self.crop = CenterCrop()
        self.up = nn.ModuleList([_double_conv(2 * w[i], w[i]) for i in reversed(range(4))])
        self.head = nn.Conv2d(w[0], num_classes, 1)

    def forward(self, x: Tensor) -> Tensor:
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottom(x)
        for upconv, block, skip in zip(self.upconv, self.up, reversed(skips), strict=True):
            x = upconv(x)
            x = block(cat([self.crop(skip, x), x], dim=1))
        return self.head(x)
