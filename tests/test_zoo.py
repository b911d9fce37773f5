"""The zoo (models/zoo.py) and the Architectures lesson's table (cnnviz.lessons.architectures):
parameter counts and multiply-adds equal torchvision's published figures, shapes equal what the
real models output when run, receptive fields equal the region torch's gradients reach."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from cnnviz.geometry import GeometryError
from cnnviz.lessons import architectures as arch
from models import zoo

# torchvision's model pages: num_params and GFLOPS (giga multiply-adds) at 224×224
PUBLISHED = {
    "alexnet": (61_100_840, 0.71),
    "vgg16": (138_357_544, 15.47),
    "resnet18": (11_689_512, 1.81),
    "resnet50": (25_557_032, 4.09),
    "mobilenet_v2": (3_504_872, 0.30),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_parameters_and_multiply_adds_equal_torchvisions(name):
    params, gmacs = PUBLISHED[name]
    table = arch.layer_table(name, 224)
    assert table.params == params
    assert round(table.macs / 1e9, 2) == gmacs
    assert table.output_shape == (1000,)
    assert sum(r.params for r in table.rows) == params  # every parameter sits in one row
    assert sum(r.macs for r in table.rows) == table.macs
    assert arch.matches_published(table) is True


def test_mobilenet_v1_and_unet_match_their_papers():
    v1 = arch.layer_table("mobilenet_v1", 224)
    assert round(v1.params / 1e6, 1) == 4.2 and round(v1.macs / 1e6) == 569  # Howard et al.
    unet = arch.layer_table("unet", 572)
    # run by torch on the meta device (shapes without weights); tests below run it for real
    assert unet.input_shape == (1, 572, 572) and unet.output_shape == (2, 388, 388)
    assert [c.margin for c in arch.unet_crops(unet)] == [4, 16, 40, 88]
    assert [c.encoder[-1] for c in arch.unet_crops(unet)] == [64, 136, 280, 568]
    assert [c.decoder[-1] for c in arch.unet_crops(unet)] == [56, 104, 200, 392]


def test_names_build_and_unknown():
    assert set(zoo.NAMES) >= {"alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v2",
                              "mobilenet_v1", "unet", "shapes", "shapes_separable"}
    with pytest.raises(ValueError):
        zoo.build("inception")
    with pytest.raises(ValueError):
        arch.layer_table("inception", 224)


def _real_shapes(model: nn.Module, x: torch.Tensor) -> tuple[list[tuple[str, tuple]], tuple]:
    """Every leaf call of a real forward pass, in order: (name, output shape)."""
    shapes: list[tuple[str, tuple]] = []
    hooks = [m.register_forward_hook(lambda mod, a, out, n=n: shapes.append((n, tuple(out.shape[1:]))))
             for n, m in model.named_modules() if n and not list(m.children())]
    with torch.no_grad():
        out = model(x)
    for h in hooks:
        h.remove()
    return shapes, tuple(out.shape[1:])


@pytest.mark.parametrize(("name", "size"), [
    ("alexnet", 224), ("resnet18", 224), ("resnet50", 160), ("mobilenet_v1", 224),
    ("mobilenet_v2", 128), ("vgg16", 32), ("unet", 188), ("shapes", 28), ("shapes_separable", 28),
])
def test_table_shapes_equal_the_real_models_outputs(name, size):
    torch.manual_seed(0)
    model = zoo.build(name)
    assert not model.training  # eval mode
    channels = zoo.INPUTS[name][0]
    real, out = _real_shapes(model, torch.rand(1, channels, size, size))
    table = arch.layer_table(name, size)
    assert table.output_shape == out
    assert table.params == sum(p.numel() for p in model.parameters())
    assert [(r.name, r.out_shape) for r in table.rows] == real


def test_vanishing_and_mismatched_inputs_name_the_layer():
    with pytest.raises(GeometryError) as info:
        arch.layer_table("vgg16", 20)
    assert info.value.code == "vanish" and info.value.values["layer"] == "features.30"
    with pytest.raises(GeometryError) as info:
        arch.layer_table("alexnet", 40)
    assert info.value.code == "vanish" and info.value.values["layer"].startswith("features.")
    with pytest.raises(GeometryError) as info:
        arch.layer_table("shapes", 32)
    assert info.value.code == "mismatch" and info.value.values["expected"] == 64
    assert arch.layer_table("vgg16", 32).output_shape == (1000,)  # adaptive pooling


def test_lesson_links_stay_within_the_lessons_sliders():
    table = arch.layer_table("resnet18", 224)
    links = {r.name: arch.lesson_link(r) for r in table.rows}
    assert links["conv1"] == ("convolution", {"n": "9", "k": "7", "s": "2", "d": "1",
                                              "pad": "custom", "p": "3"})
    assert links["maxpool"] == ("pooling", {"pool_k": "3", "pool_sauto": "0", "pool_s": "2",
                                            "pool_p": "1"})
    assert links["layer1.0.bn1"] is None
    alex = {r.name: arch.lesson_link(r) for r in arch.layer_table("alexnet", 224).rows}
    assert alex["features.0"] is None  # 11×11 is beyond the Convolution lesson's slider


def test_mobilenet_savings_against_a_standard_convolution():
    table = arch.layer_table("mobilenet_v1", 224)
    savings = arch.mobilenet_savings(table)
    assert len(savings) == 13
    first = savings[0]  # 32 channels, 112×112: depthwise 3×3 (+BN) then 1×1 to 64 (+BN)
    assert first.standard_params == 3 * 3 * 32 * 64
    assert first.macs == 112 * 112 * (9 * 32 + 32 * 64)
    assert first.standard_macs == 112 * 112 * 9 * 32 * 64


# --- receptive fields of the table against gradients ------------------------------------------

def _linearised(model: nn.Module) -> nn.Module:
    """Same geometry, no cancellation: positive kernels, no ReLU, average instead of max pool."""
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, (nn.ReLU, nn.ReLU6, nn.Dropout)):
                setattr(module, child_name, nn.Identity())
            elif isinstance(child, nn.MaxPool2d):
                setattr(module, child_name, nn.AvgPool2d(child.kernel_size, child.stride,
                                                         child.padding))
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.constant_(m.weight, 1.0 / m.weight[0].numel())
    return model.eval()


@pytest.mark.parametrize(("name", "layer", "size"), [
    ("alexnet", "features.12", 224),
    ("resnet18", "layer2.1.conv2", 160),
    ("mobilenet_v2", "features.7.conv.1.0", 128),
    ("shapes", "features.pool3", 80),
])
def test_receptive_field_column_equals_the_gradient_region(name, layer, size):
    table = arch.layer_table(name, 28 if name == "shapes" else size)  # shapes: dense needs 28
    row = next(r for r in table.rows if r.name == layer)
    model = _linearised(zoo.build(name))
    captured = {}
    dict(model.named_modules())[layer].register_forward_hook(
        lambda m, a, out: captured.__setitem__("y", out))
    x = torch.rand(1, zoo.INPUTS[name][0], size, size, requires_grad=True)
    (model.features if name == "shapes" else model)(x)
    y = captured["y"]
    r, c = y.shape[-2] // 2, y.shape[-1] // 2
    y[0, :, r, c].sum().backward()
    top, left, bottom, right = row.rf.box(r, c)
    nonzero = (x.grad[0] != 0).any(dim=0)
    rows = nonzero.any(dim=1).nonzero().flatten()
    cols = nonzero.any(dim=0).nonzero().flatten()
    assert (rows.min().item(), rows.max().item()) == (max(top, 0), min(bottom, size - 1))
    assert (cols.min().item(), cols.max().item()) == (max(left, 0), min(right, size - 1))
    assert top >= 0 or left >= 0 or bottom < size  # not just the whole image
