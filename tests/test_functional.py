"""cnnviz.functional convolution against torch: padding modes, Keras 'same', transposed stages."""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from cnnviz import geometry as g
from cnnviz.functional import PADDING_MODES, conv2d, pad, transposed_conv2d, transposed_stages


@pytest.mark.parametrize("mode", PADDING_MODES)
@pytest.mark.parametrize("kernel,stride,padding,dilation", [
    (3, 1, 1, 1), ((3, 2), (2, 1), (2, 1), 1), (3, 2, 2, 2), (5, 1, 2, (1, 2)), (2, 3, 1, 1),
])
def test_conv2d_equals_nn_conv2d_for_every_mode(mode, kernel, stride, padding, dilation):
    torch.manual_seed(0)
    layer = nn.Conv2d(3, 4, kernel, stride=stride, padding=padding, dilation=dilation,
                      padding_mode=mode)
    x = torch.randn(2, 3, 9, 8)
    expected = layer(x)
    got = conv2d(x, layer.weight, layer.bias, stride, padding, dilation, mode)
    assert got.shape == expected.shape
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_same_with_stride_is_keras_asymmetric(mode):
    """Keras' 'same' with stride 2 on an even input pads only bottom/right: compare with an
    explicit torch pad + valid conv."""
    torch.manual_seed(1)
    x = torch.randn(1, 2, 8, 8)
    w = torch.randn(3, 2, 3, 3)
    got = conv2d(x, w, stride=2, padding="same", padding_mode=mode)
    torch_mode = "constant" if mode == "zeros" else mode
    ref = F.conv2d(F.pad(x, (0, 1, 0, 1), mode=torch_mode), w, stride=2)
    torch.testing.assert_close(got, ref)
    assert got.shape[-2:] == (4, 4)


def test_2d_kernel_filters_each_channel_of_a_photo():
    torch.manual_seed(2)
    photo = torch.rand(3, 10, 12)
    k = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    out = conv2d(photo, k, padding="same", padding_mode="replicate")
    assert out.shape == (3, 10, 12)
    for c in range(3):
        ref = F.conv2d(F.pad(photo[c][None, None], (1, 1, 1, 1), mode="replicate"),
                       k[None, None])[0, 0]
        torch.testing.assert_close(out[c], ref)


@pytest.mark.parametrize("mode,pads,ok", [
    ("reflect", (2, 2, 2, 2), True), ("reflect", (3, 0, 0, 0), False),
    ("circular", (3, 3, 3, 3), True), ("circular", (0, 0, 4, 0), False),
    ("replicate", (9, 9, 9, 9), True), ("zeros", (9, 9, 9, 9), True),
])
def test_pad_limits_per_mode_match_torch(mode, pads, ok):
    x = torch.randn(1, 1, 3, 3)
    if ok:
        ref = F.pad(x, (pads[2], pads[3], pads[0], pads[1]),
                    mode="constant" if mode == "zeros" else mode)
        torch.testing.assert_close(pad(x, pads, mode), ref)
    else:
        with pytest.raises(g.GeometryError) as info:
            pad(x, pads, mode)
        assert info.value.code == "pad_too_big_for_mode"


@pytest.mark.parametrize("n,k,s,p,op,d", [
    ((3, 3), (3, 3), 1, 0, 0, 1), ((4, 5), (3, 3), 2, 1, 1, 1), ((3, 4), (2, 3), (3, 2), (1, 0),
                                                                (2, 1), 1),
    ((5, 5), (4, 4), 2, 3, 0, 2), ((2, 2), (1, 1), 4, 0, 3, 1), ((3, 3), (3, 3), 1, 2, 0, 1),
])
def test_transposed_stages_equal_conv_transpose2d(n, k, s, p, op, d):
    torch.manual_seed(3)
    x = torch.randn(*n)
    kernel = torch.randn(*k)
    stages = transposed_stages(x, kernel, s, p, op, d)
    ref = F.conv_transpose2d(x[None, None], kernel[None, None], stride=s, padding=p,
                             output_padding=op, dilation=d)[0, 0]
    torch.testing.assert_close(stages.output, ref, rtol=1e-5, atol=1e-5)
    assert tuple(stages.output.shape) == g.transposed_output_size(n, k, s, p, op, d)
    # the spread grid holds the input at stride steps and zeros between
    sh, sw = g.pair(s)
    torch.testing.assert_close(stages.spread[::sh, ::sw], x)
    assert stages.spread.count_nonzero() == x.count_nonzero()
    torch.testing.assert_close(stages.kernel, torch.flip(kernel, (0, 1)))


def test_transposed_conv2d_multichannel_equals_module():
    torch.manual_seed(4)
    layer = nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)
    x = torch.randn(1, 2, 4, 4)
    torch.testing.assert_close(
        transposed_conv2d(x, layer.weight, layer.bias, 2, 1, 1), layer(x))


def test_transposed_invalid_output_padding_is_a_geometry_error():
    with pytest.raises(g.GeometryError):
        transposed_stages(torch.ones(3, 3), torch.ones(3, 3), stride=1, output_padding=1)


def test_sweep_output_shapes_against_geometry():
    torch.manual_seed(5)
    for h, k, s, d, padding in itertools.product((5, 8), (1, 3), (1, 2), (1, 2),
                                                 ("valid", "same", "full", 1)):
        x = torch.randn(1, 1, h, h + 1)
        w = torch.randn(1, 1, k, k)
        try:
            expected = g.conv_output_size((h, h + 1), k, s, padding, d)
        except g.GeometryError:
            continue
        assert tuple(conv2d(x, w, stride=s, padding=padding, dilation=d).shape[-2:]) == expected
