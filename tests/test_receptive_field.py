"""Receptive fields (cnnviz.geometry.receptive_fields) against the Distill article's table and
against torch's gradients: the input cells one output depends on are exactly the computed box."""

from __future__ import annotations

import random

import pytest
import torch
from torch import nn

from cnnviz import geometry as g


def _conv(k, s=1, p=0, d=1):
    return (k, s, p, d)


# --- Araujo, Norris & Sim (Distill 2019), table of the receptive_field library -----------------
# TF-Slim networks as single-path stacks (multi-path ResNet: its main path). 'SAME' stride-2
# layers at an even input pad 0 cells on the top/left; conv2d_same pads (k - 1) // 2.
ALEXNET_V2 = [_conv(11, 4), _conv(3, 2), _conv(5, 1, 2), _conv(3, 2), _conv(3, 1, 1),
              _conv(3, 1, 1), _conv(3, 1, 1), _conv(3, 2)]
VGG_16 = []
for convs in (2, 2, 3, 3, 3):
    VGG_16 += [_conv(3, 1, 1)] * convs + [_conv(2, 2)]
MOBILENET_V1 = [_conv(3, 2, 0)]
for stride in (1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1):
    MOBILENET_V1 += [_conv(3, stride, 1 if stride == 1 else 0), _conv(1)]  # depthwise, pointwise
RESNET_V1_50 = [_conv(7, 2, 3), _conv(3, 2, 0)]
for units, last_stride in ((3, 2), (4, 2), (6, 2), (3, 1)):  # slim: stride in a block's last unit
    for unit in range(units):
        stride = last_stride if unit == units - 1 else 1
        RESNET_V1_50 += [_conv(1), _conv(3, stride, 1), _conv(1)]


@pytest.mark.parametrize(("layers", "size", "stride", "padding"), [
    (ALEXNET_V2, 195, 32, 64),
    (VGG_16, 212, 32, 90),
    (MOBILENET_V1, 315, 32, 126),
    (RESNET_V1_50, 483, 32, 239),
], ids=["alexnet_v2", "vgg_16", "mobilenet_v1", "resnet_v1_50"])
def test_distill_table(layers, size, stride, padding):
    rf = g.receptive_fields(layers)[-1]
    assert rf.size == (size, size)
    assert rf.stride == (stride, stride)
    assert rf.padding == (padding, padding)


def test_one_result_per_layer_with_pairs_and_dilation():
    rfs = g.receptive_fields([((3, 5), (1, 2), (1, 2), 1), (3, 1, 0, (2, 1))])
    assert len(rfs) == 2
    assert rfs[0].size == (3, 5) and rfs[0].stride == (1, 2) and rfs[0].padding == (1, 2)
    # dilation 2 along the height: kernel 5 seen through stride 1; along the width 3 through 2
    assert rfs[1].size == (3 + 4, 5 + 2 * 2)
    assert rfs[1].stride == (1, 2) and rfs[1].padding == (1, 2)
    assert g.receptive_fields([]) == []


def test_bad_layers_raise_geometry_errors():
    with pytest.raises(g.GeometryError):
        g.receptive_fields([(3, 1, 1)])
    with pytest.raises(g.GeometryError):
        g.receptive_fields([(0, 1, 0, 1)])
    with pytest.raises(g.GeometryError):
        g.receptive_fields([(3, 1, -1, 1)])


# --- against gradients --------------------------------------------------------------------------

def _random_stack(rng: random.Random):
    layers = []
    for _ in range(rng.randint(1, 4)):
        k = (rng.randint(1, 4), rng.randint(1, 4))
        s = (rng.randint(1, 3), rng.randint(1, 3))
        d = (rng.randint(1, 3), rng.randint(1, 3))
        p = (rng.randint(0, 3), rng.randint(0, 3))
        layers.append((k, s, p, d))
    return layers


def _torch_stack(layers):
    modules = []
    for k, s, p, d in layers:
        conv = nn.Conv2d(1, 1, k, s, p, d, bias=False)
        nn.init.constant_(conv.weight, 1.0)  # positive weights: no accidental cancellation
        modules.append(conv)
    return nn.Sequential(*modules).double()


@pytest.mark.parametrize("seed", range(40))
def test_nonzero_gradient_region_equals_the_box(seed):
    rng = random.Random(seed)
    layers = _random_stack(rng)
    net = _torch_stack(layers)
    rf = g.receptive_fields(layers)[-1]
    # big enough for at least one field inside the image, plus a random margin
    n = tuple(rf.size[a] + rf.padding[a] + 2 * rf.stride[a] + rng.randint(0, 12) for a in range(2))
    x = torch.rand(1, 1, *n, dtype=torch.float64, requires_grad=True)
    y = net(x)
    oh, ow = y.shape[-2:]
    inside = [(r, c) for r in range(oh) for c in range(ow)
              if rf.box(r, c)[0] >= 0 and rf.box(r, c)[1] >= 0
              and rf.box(r, c)[2] < n[0] and rf.box(r, c)[3] < n[1]]
    # one position whose field lies inside the image, and one anywhere (maybe over the padding)
    picks = [rng.choice(inside)] if inside else []
    picks.append((rng.randrange(oh), rng.randrange(ow)))
    for row, col in picks:
        x.grad = None
        y[0, 0, row, col].backward(retain_graph=True)
        top, left, bottom, right = rf.box(row, col)
        nonzero = x.grad[0, 0] != 0
        expected = torch.zeros_like(nonzero)
        expected[max(top, 0):bottom + 1, max(left, 0):right + 1] = True
        assert not (nonzero & ~expected).any(), "a gradient outside the computed box"
        if (row, col) in inside:
            # dilation and stride may leave holes inside, but the corners are always read:
            # the bounding box of the nonzero gradient is exactly the computed box
            rows = nonzero.any(dim=1).nonzero().flatten()
            cols = nonzero.any(dim=0).nonzero().flatten()
            assert (rows.min().item(), rows.max().item()) == (top, bottom)
            assert (cols.min().item(), cols.max().item()) == (left, right)
    assert inside


def test_gradient_box_without_holes_is_filled():
    """Without dilation the field has no holes: every cell of the clipped box gets a gradient."""
    layers = [(3, 1, 1, 1), (2, 2, 0, 1), (3, 1, 1, 1), (3, 2, 0, 1), (3, 1, 1, 1)]
    net = _torch_stack(layers)
    x = torch.rand(1, 1, 40, 40, dtype=torch.float64, requires_grad=True)
    y = net(x)
    y[0, 0, 3, 0].backward()
    top, left, bottom, right = g.receptive_fields(layers)[-1].box(3, 0)
    assert left < 0  # overhangs the left padding
    expected = torch.zeros(40, 40, dtype=torch.bool)
    expected[max(top, 0):bottom + 1, max(left, 0):right + 1] = True
    assert torch.equal(x.grad[0, 0] != 0, expected)
