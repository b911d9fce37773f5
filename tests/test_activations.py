"""The Activations lesson (cnnviz.lessons.activations), the layer table (cnnviz.summary) and the
pictures it draws (cnnviz.render.pictures), with torch as the oracle."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

import models
from cnnviz.lessons.activations import (
    capture,
    capture_features,
    dead_channels,
    first_layer_filters,
    to_tensor,
)
from cnnviz.modules import SeparableConv2d
from cnnviz.render.files import as_image
from cnnviz.render.pictures import (
    CMAPS,
    colorize,
    colorscale,
    enlarge,
    filters_picture,
    grid_shape,
    layer_picture,
    normalise,
    tile,
)
from cnnviz.summary import layer_table as layer_summary

NAMES = ("shapes_untrained", "shapes_separable_untrained")


def _manual_outputs(model: nn.Module, x: torch.Tensor, include_depthwise: bool):
    """Layer-by-layer forward pass written out by hand: (name, output[0]) pairs."""
    outputs = []
    with torch.no_grad():
        for part in (model.features, model.classifier):
            for name, layer in part.named_children():
                if isinstance(layer, nn.Dropout):
                    x = layer(x)
                    continue
                if include_depthwise and isinstance(layer, SeparableConv2d):
                    outputs.append((f"{name}.depthwise", layer.depthwise(x)[0]))
                x = layer(x)
                outputs.append((name, x[0]))
    return outputs, x


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("include_depthwise", [False, True])
def test_hooks_equal_a_manual_forward_pass(name, include_depthwise):
    model = models.load_model(name)
    x = torch.rand(2, 3, 28, 28, generator=torch.Generator().manual_seed(1))
    records = capture(model, x, include_depthwise=include_depthwise)
    expected, logits = _manual_outputs(model, x, include_depthwise)
    assert [r.name for r in records] == [n for n, _ in expected]
    for record, (_, out) in zip(records, expected, strict=True):
        assert record.output.dtype == np.float32
        assert record.shape == tuple(out.shape) == record.output.shape
        np.testing.assert_allclose(record.output, out.numpy(), rtol=1e-5, atol=1e-6)
    assert records[-1].kind == "Linear" and records[-1].shape == (3,)
    np.testing.assert_allclose(records[-1].output, logits[0].numpy(), rtol=1e-5, atol=1e-6)
    kinds = {r.name: r.kind for r in records}
    assert kinds["conv1"] == ("SeparableConv2d" if "separable" in name else "Conv2d")
    assert kinds["pool1"] == "MaxPool2d" and kinds["flatten"] == "Flatten"
    assert records[0].is_spatial and not records[-1].is_spatial


def test_hooks_are_removed_and_mode_restored_even_on_errors():
    model = models.load_model("shapes_untrained").train()
    with pytest.raises(RuntimeError):
        capture(model, torch.rand(1, 3, 40, 40))  # features give 64×2×2: the dense head refuses
    assert model.training
    assert all(not m._forward_hooks for m in model.modules())
    records = capture(model, torch.rand(3, 28, 28))  # (C, H, W) accepted
    assert model.training and all(not m._forward_hooks for m in model.modules())
    assert len(records) == 19
    assert "drop1" in [r.name for r in capture(model, torch.rand(1, 3, 28, 28), include_dropout=True)]


@pytest.mark.parametrize("name", NAMES)
def test_capture_features_runs_at_the_image_resolution(name):
    model = models.load_model(name)
    records = capture_features(model, torch.rand(1, 3, 96, 128))
    by_name = {r.name: r.shape for r in records}
    assert by_name["conv1"] == (32, 96, 128) and by_name["conv2"] == (32, 94, 126)
    assert records[-1].name == "pool3" and records[-1].shape[0] == 64
    assert "dense1" not in by_name
    with pytest.raises(ValueError):
        capture_features(nn.Linear(2, 2), torch.rand(1, 2))


def test_to_tensor_limits_the_longest_side():
    x = to_tensor(Image.new("RGB", (1000, 500), (255, 0, 0)), max_side=256)
    assert x.shape == (1, 3, 128, 256) and float(x[0, 0].min()) == 1.0
    assert to_tensor(Image.new("L", (40, 30)), max_side=256).shape == (1, 3, 30, 40)


def test_normalise_channel_layer_global():
    rng = np.random.default_rng(0)
    maps = rng.normal(size=(5, 6, 7)).astype(np.float32) * 10
    maps[2] = 3.0  # constant channel
    out = normalise(maps, "channel")
    assert out.shape == maps.shape and out.dtype == np.float32 and not np.isnan(out).any()
    assert np.all(out[2] == 0)
    for c in (0, 1, 3, 4):
        assert out[c].min() == 0.0 and out[c].max() == pytest.approx(1.0)
    layer = normalise(maps, "layer")
    assert layer.min() == 0.0 and layer.max() == pytest.approx(1.0)
    np.testing.assert_allclose(layer, (maps - maps.min()) / (maps.max() - maps.min()), atol=1e-6)
    glob = normalise(maps, "global", vmin=-1.0, vmax=1.0)
    assert glob.min() >= 0 and glob.max() <= 1 and np.all(glob[2] == 1.0)
    assert np.all(normalise(np.zeros((3, 4, 4)), "layer") == 0)
    assert np.all(normalise(maps, "global", vmin=1.0, vmax=1.0) == 0)
    nan_in = maps.copy()
    nan_in[0, 0, 0] = np.nan
    assert not np.isnan(normalise(nan_in, "channel")).any()
    assert normalise(np.arange(4.0), "channel").tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    with pytest.raises(ValueError):
        normalise(maps, "global")
    with pytest.raises(ValueError):
        normalise(maps, "per-pixel")


@pytest.mark.parametrize(("channels", "cols"), [(1, None), (3, None), (32, None), (64, None),
                                                 (10, 4), (7, 7)])
def test_tile_shape_and_each_tile_equals_its_channel(channels, cols):
    h, w, pad = 5, 4, 1
    maps = np.random.default_rng(channels).random((channels, h, w)).astype(np.float32)
    grid = tile(maps, cols=cols, pad=pad)
    rows, ncols = grid_shape(channels, cols)
    assert rows * ncols >= channels and (rows - 1) * ncols < channels
    if cols is None:
        assert abs(rows - ncols) <= 1
    assert grid.shape == (rows * h + (rows - 1) * pad, ncols * w + (ncols - 1) * pad)
    for i in range(channels):
        r, c = divmod(i, ncols)
        y, x = r * (h + pad), c * (w + pad)
        np.testing.assert_array_equal(grid[y:y + h, x:x + w], maps[i])
    assert np.isnan(grid).sum() == grid.size - channels * h * w  # separators and empty cells
    assert not np.isnan(tile(maps, cols=cols, pad=0, pad_value=0.0)).any()


def test_tile_colour_tiles():
    filters = np.random.default_rng(0).random((4, 3, 3, 3)).astype(np.float32)
    grid = tile(filters, pad=1)
    assert grid.shape == (7, 7, 3)
    np.testing.assert_array_equal(grid[4:7, 4:7], filters[3])


def test_colorize_uses_the_anchor_colours_and_paints_nan():
    values = np.array([[0.0, 1.0, np.nan, 2.0, -1.0]], dtype=np.float32)
    rgb = colorize(values, "viridis", nan_color=(1, 2, 3))
    assert rgb.shape == (1, 5, 3) and rgb.dtype == np.uint8
    assert rgb[0, 0].tolist() == [0x44, 0x01, 0x54] and rgb[0, 1].tolist() == [0xFD, 0xE7, 0x25]
    assert rgb[0, 2].tolist() == [1, 2, 3]
    assert rgb[0, 3].tolist() == rgb[0, 1].tolist() and rgb[0, 4].tolist() == rgb[0, 0].tolist()
    gray = colorize(np.linspace(0, 1, 256), "gray")
    assert gray[:, 0].tolist() == list(range(256))
    for cmap in CMAPS:
        assert colorize(np.linspace(0, 1, 11), cmap).shape == (11, 3)
    with pytest.raises(ValueError):
        colorize(values, "jet")


def test_dead_channels_on_a_constructed_example():
    maps = np.random.default_rng(0).normal(size=(6, 5, 5)).astype(np.float32)
    maps[1] = -np.abs(maps[1])  # never positive
    maps[4] = -1.0
    after_relu = torch.relu(torch.from_numpy(maps)).numpy()
    assert dead_channels(after_relu) == 2
    assert dead_channels(np.zeros((3, 2, 2))) == 3
    assert dead_channels(np.full((3, 2, 2), 1e-9), atol=1e-6) == 3
    assert dead_channels(np.ones((3, 2, 2))) == 0


def _formula_mult_adds(module: nn.Module, out_shape) -> int:
    if isinstance(module, SeparableConv2d):
        dw = module.depthwise.conv
        return int(np.prod(out_shape[1:])) * (dw.out_channels * dw.kernel_size[0] * dw.kernel_size[1]
                                              + dw.out_channels * module.out_channels)
    if isinstance(module, nn.Conv2d):
        k = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        return int(np.prod(out_shape)) * k
    if isinstance(module, nn.Linear):
        return module.in_features * module.out_features
    return 0


@pytest.mark.parametrize("name", NAMES)
def test_layer_summary_parameters_shapes_and_mult_adds(name):
    model = models.load_model(name)
    rows = layer_summary(model, (1, 3, 28, 28))
    assert sum(r.params for r in rows) == sum(p.numel() for p in model.parameters())
    modules = dict(model.features.named_children()) | dict(model.classifier.named_children())
    assert [r.name for r in rows] == list(modules)  # every layer, dropout included, in order
    shapes = {r.name: r.shape for r in capture(model, torch.rand(1, 3, 28, 28))}
    for row in rows:
        module = modules[row.name]
        assert row.params == sum(p.numel() for p in module.parameters())
        assert row.kind == type(module).__name__
        if row.name in shapes:
            assert row.output_shape == shapes[row.name]
        assert row.mult_adds == _formula_mult_adds(module, row.output_shape), row.name
    assert rows[0].mult_adds > 0 and rows[-1].output_shape == (3,)
    batch4 = layer_summary(model, (4, 3, 28, 28))
    assert [r.mult_adds for r in batch4] == [r.mult_adds for r in rows]  # per image


def test_first_layer_filters():
    cnn = models.load_model("shapes")
    filters = first_layer_filters(cnn)
    assert filters.shape == (32, 3, 3, 3) and filters.dtype == np.float32
    assert filters.min() >= 0 and filters.max() <= 1
    assert np.allclose(filters.reshape(32, -1).min(axis=1), 0)
    w = cnn.features.conv1.weight.detach().numpy().transpose(0, 2, 3, 1)
    signed = first_layer_filters(cnn, mode="signed")
    np.testing.assert_allclose(signed, 0.5 + w / (2 * np.abs(w).max()), atol=1e-6)
    sep = first_layer_filters(models.load_model("shapes_separable"))
    assert sep.shape == (3, 3, 3, 3)
    assert np.array_equal(sep[..., 0], sep[..., 1])  # gray: one kernel per input channel
    with pytest.raises(ValueError):
        first_layer_filters(nn.Sequential(nn.Linear(2, 2)))


def test_image_helpers():
    arr = np.arange(6, dtype=np.uint8).reshape(2, 3)
    big = enlarge(arr, 9)
    assert big.shape == (6, 9) and big[5, 8] == 5 and big[0, 2] == 0
    assert enlarge(arr, 100).shape == (66, 99)
    assert enlarge(arr, 1).shape == (2, 3)
    maps = np.random.default_rng(0).random((32, 13, 13)).astype(np.float32)
    img = layer_picture(maps, max_side=300)
    assert img.dtype == np.uint8 and img.shape[2] == 3 and max(img.shape[:2]) <= 300
    rows, cols = grid_shape(32)
    side = (300 - (max(rows, cols) - 1) * 2) // max(rows, cols) // 13 * 13  # whole-number factor
    assert img.shape[:2] == (rows * side + (rows - 1) * 2, cols * side + (cols - 1) * 2)
    assert as_image(img).mode == "RGB" and as_image(np.zeros((4, 4))).mode == "L"
    rgb = filters_picture(np.random.default_rng(0).random((32, 3, 3, 3)))
    assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb[3, 0].tolist() == [255, 255, 255]


def test_colour_maps_are_plotlys_so_pictures_and_heatmaps_agree():
    import plotly.colors

    for name, scale in (("viridis", "Viridis"), ("magma", "Magma"), ("RdBu", "RdBu")):
        expected = plotly.colors.get_colorscale(scale)
        assert [c for _, c in colorscale(name)] == [c for _, c in expected]
        # the lookup table passes through every anchor of plotly's scale
        anchors = plotly.colors.convert_colors_to_same_type([c for _, c in expected], "tuple")[0]
        for (pos, _), rgb in zip(expected, anchors, strict=True):
            got = colorize(np.array([pos]), name)[0]
            assert np.abs(got.astype(int) - np.round(np.array(rgb) * 255)).max() <= 2
