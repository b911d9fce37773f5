"""cnnviz.geometry against torch: output sizes, padding keywords, windows, transposed sizes."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
import torch.nn.functional as F

from cnnviz import geometry as g

SIZES = [(5, 5), (6, 9), (7, 4), (12, 11)]
KERNELS = [(1, 1), (3, 3), (2, 3), (5, 3)]
STRIDES = [(1, 1), (2, 2), (3, 1), (2, 3)]
DILATIONS = [(1, 1), (2, 2), (1, 3)]


def torch_shape(size, kernel, stride, pads, dilation):
    """Output (h, w) torch computes after padding (top, bottom, left, right) explicitly."""
    x = torch.zeros(1, 1, *size)
    top, bottom, left, right = pads
    x = F.pad(x, (left, right, top, bottom))
    y = F.conv2d(x, torch.zeros(1, 1, *kernel), stride=stride, dilation=dilation)
    return tuple(y.shape[-2:])


@pytest.mark.parametrize(
    "size,kernel,stride,dilation", list(itertools.product(SIZES, KERNELS, STRIDES, DILATIONS))
)
@pytest.mark.parametrize("padding", ["valid", "same", "full", 0, 1, (2, 1), (0, 3, 1, 2)])
def test_conv_output_size_matches_torch(size, kernel, stride, dilation, padding):
    try:
        expected = torch_shape(size, kernel, stride,
                               g.resolve_padding(size, kernel, stride, padding, dilation), dilation)
    except RuntimeError:
        with pytest.raises(g.GeometryError) as info:
            g.conv_output_size(size, kernel, stride, padding, dilation)
        assert info.value.code == "kernel_too_big"
        return
    assert g.conv_output_size(size, kernel, stride, padding, dilation) == expected


@pytest.mark.parametrize("size,kernel,dilation", [((5, 7), (3, 3), (1, 1)), ((8, 8), (3, 2), (2, 1)),
                                                  ((4, 6), (5, 3), (1, 2))])
def test_symmetric_same_and_int_padding_match_torch_keywords(size, kernel, dilation):
    x = torch.zeros(1, 1, *size)
    w = torch.zeros(1, 1, *kernel)
    same = F.conv2d(x, w, padding="same", dilation=dilation).shape[-2:]
    assert g.conv_output_size(size, kernel, 1, "same", dilation) == tuple(same) == size
    valid = F.conv2d(x, w, padding="valid", dilation=dilation).shape[-2:] if all(
        s >= (k - 1) * d + 1 for s, k, d in zip(size, kernel, dilation, strict=True)) else None
    if valid is not None:
        assert g.conv_output_size(size, kernel, 1, "valid", dilation) == tuple(valid)


@pytest.mark.parametrize("n,k,s,d", list(itertools.product(range(1, 13), range(1, 6), range(1, 5),
                                                           range(1, 3))))
def test_same_follows_keras_for_any_stride(n, k, s, d):
    # Keras' 'same': ceil(n / s) outputs with the least total padding that torch needs to give
    # them, split with the odd cell at the bottom/right; torch computes the sizes.
    out = g.conv_output_size(n, k, s, "same", d)
    assert out == (math.ceil(n / s),) * 2
    top, bottom, left, right = g.resolve_padding(n, k, s, "same", d)
    w = torch.zeros(1, 1, k, k)

    def torch_out(before: int, after: int) -> int:
        x = torch.zeros(1, 1, n, n)
        if before + after + n < (k - 1) * d + 1:
            return 0
        return F.conv2d(F.pad(x, (before, after, before, after)), w, stride=s, dilation=d).shape[-1]

    assert torch_out(top, bottom) == math.ceil(n / s)
    if top + bottom:  # one cell less of padding and torch gives fewer outputs: the least padding
        assert torch_out(top, bottom - 1) < math.ceil(n / s)
    assert (top, bottom) == (left, right)
    assert bottom - top in (0, 1), "the odd padding cell goes to the bottom/right"


def test_full_padding_is_dilated_kernel_minus_one():
    assert g.resolve_padding(5, 3, 1, "full", 2) == (4, 4, 4, 4)
    assert g.conv_output_size(5, 3, 1, "full", 1) == (7, 7)


def test_course_numbers():
    # 224×224 input, 3×3 'same' keeps 224; stride 2 'same' gives 112 (Keras).
    assert g.conv_output_size(224, 3, 1, "same") == (224, 224)
    assert g.conv_output_size(224, 3, 2, "same") == (112, 112)
    assert g.resolve_padding(224, 3, 2, "same") == (0, 1, 0, 1)


@pytest.mark.parametrize("bad", [0, -1, (2, 0), "x", 1.5, True, (1, 2, 3)])
def test_bad_arguments_raise_geometry_error(bad):
    with pytest.raises(g.GeometryError):
        g.conv_output_size(5, bad)


def test_bad_padding_keyword():
    with pytest.raises(g.GeometryError) as info:
        g.conv_output_size(5, 3, padding="half")
    assert info.value.code == "bad_padding"


def test_kernel_too_big_names_the_axis_and_numbers():
    with pytest.raises(g.GeometryError) as info:
        g.conv_output_size((9, 4), 3, dilation=2)
    assert info.value.code == "kernel_too_big"
    assert info.value.values == {"axis": 1, "span": 5, "padded": 4}


@pytest.mark.parametrize("size,kernel,stride,padding,dilation", [
    ((5, 5), 3, 1, 1, 1), ((6, 7), (3, 2), (2, 1), "same", (1, 2)), ((4, 4), 2, 2, 0, 1),
    ((5, 6), 3, 2, "full", 2),
])
def test_windows_reproduce_torch_unfold(size, kernel, stride, padding, dilation):
    """Each window's cells, read from the padded input, are exactly what torch's unfold reads."""
    h, w = size
    x = torch.arange(1, h * w + 1, dtype=torch.float32).reshape(1, 1, h, w)
    top, bottom, left, right = g.resolve_padding(size, kernel, stride, padding, dilation)
    padded = F.pad(x, (left, right, top, bottom))
    k = g.pair(kernel)
    cols = F.unfold(padded, k, dilation=dilation, stride=stride)[0]  # (kh*kw, L)
    wins = g.windows(size, kernel, stride, padding, dilation)
    assert len(wins) == cols.shape[1]
    for idx, win in enumerate(wins):
        read = [padded[0, 0, r, c].item() for r, c in win.cells]
        assert read == cols[:, idx].tolist()
        for (r, c), inside, src in zip(win.cells, win.inside, win.source, strict=True):
            assert inside == (padded[0, 0, r, c].item() != 0)
            if inside:
                assert x[0, 0, src[0], src[1]].item() == padded[0, 0, r, c].item()


@pytest.mark.parametrize("n,k,s,p,op,d", [
    (3, 3, 1, 0, 0, 1), (4, 3, 2, 1, 1, 1), ((3, 5), (2, 3), (3, 2), (1, 0), (2, 1), 1),
    (5, 4, 2, 3, 0, 2), (2, 1, 4, 0, 3, 1), (6, 3, 1, 2, 0, 3),
])
def test_transposed_output_size_matches_torch(n, k, s, p, op, d):
    kh, kw = g.pair(k)
    conv = torch.nn.ConvTranspose2d(1, 1, (kh, kw), stride=s, padding=p, output_padding=op,
                                    dilation=d)
    expected = tuple(conv(torch.zeros(1, 1, *g.pair(n))).shape[-2:])
    assert g.transposed_output_size(n, k, s, p, op, d) == expected


def test_transposed_errors():
    with pytest.raises(g.GeometryError) as info:
        g.transposed_output_size(4, 3, stride=2, output_padding=2)
    assert info.value.code == "output_padding_too_big"
    with pytest.raises(g.GeometryError) as info:
        g.transposed_output_size(1, 1, padding=1)
    assert info.value.code == "transposed_empty"


def test_receptive_field_of_two_3x3_convs_is_5():
    assert g.receptive_field([(3, 1, 1), (3, 1, 1)]) == 5
    assert g.receptive_field([(3, 1, 1), (2, 2, 1), (3, 1, 1)]) == 8
