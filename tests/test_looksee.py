"""See what the network sees: drawn input, Grad-CAM and occlusion (captum) against independent
computations, receptive fields against gradients, clicking a tile, top-9 drawings."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

import models
import models.data
from cnnviz.lessons import attribution, channels, drawing, looksee
from cnnviz.render import tile_picker
from cnnviz.render.pictures import layer_picture
from cnnviz.render.strokes import render_strokes


@pytest.fixture(scope="module")
def shapes():
    return models.load_model("shapes")


# ---------------------------------------------------------------- drawn input


@pytest.mark.parametrize("kind", models.CLASSES)
@pytest.mark.parametrize("scale,width,rotation,center", [
    (0.6, 18, 0, (0.5, 0.5)), (0.4, 12, 15, (0.4, 0.45)), (0.8, 28, -10, (0.5, 0.5)),
    (0.5, 18, 40, (0.6, 0.6)),
])
def test_drawn_shapes_are_named_by_the_shipped_model(shapes, kind, scale, width, rotation, center):
    stroke = drawing.shape_stroke(kind, scale=scale, rotation=rotation, center=center,
                                  wobble=0.004, seed=7)
    image = render_strokes([stroke], drawing.CANVAS, width)
    x, _ = drawing.prepare(image)
    probs = models.predict(shapes, x)[0]
    assert models.CLASSES[int(probs.argmax())] == kind, probs


def test_prepare_is_the_training_preprocessing():
    image = render_strokes([drawing.shape_stroke("circle")], 280, 18)
    x, rgb = drawing.prepare(image)
    assert x.shape == (1, 3, 28, 28) and rgb.shape == (28, 28, 3) and rgb.dtype == np.uint8
    torch.testing.assert_close(x, models.preprocess(image))
    # box filter: each input pixel is the mean of the 10×10 canvas pixels it covers
    arr = np.asarray(image, dtype=np.float32) / 255.0
    expected = arr.reshape(28, 10, 28, 10, 3).mean(axis=(1, 3))
    np.testing.assert_allclose(x[0].numpy().transpose(1, 2, 0), expected, atol=1 / 255)


def test_canvas_pixels_transparent_is_white_paper_and_blank_is_detected():
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)  # fully transparent canvas
    image = drawing.canvas_image(rgba)
    assert image.mode == "RGB" and np.all(np.asarray(image) == 255)
    assert drawing.is_blank(image)
    rgba[100:120, 50:200] = (0, 0, 0, 255)  # one black bar
    image = drawing.canvas_image(rgba)
    assert not drawing.is_blank(image)
    assert drawing.ink_fraction(image) == pytest.approx(20 * 150 / 280**2)
    with pytest.raises(ValueError):
        drawing.canvas_image(np.zeros((5, 5), dtype=np.uint8))


def test_canvas_png_round_trip_and_garbage():
    image = render_strokes([drawing.shape_stroke("square")], 280, 18)
    buf = io.BytesIO()
    image.convert("RGBA").save(buf, "PNG")
    picture, blank = looksee.canvas_picture(buf.getvalue())
    assert not blank and np.array_equal(np.asarray(picture), np.asarray(image))
    with pytest.raises(ValueError):
        looksee.canvas_picture(b"not a png")


def test_fabric_drawing_keeps_the_stroke_geometry():
    stroke = drawing.shape_stroke("triangle", scale=0.5)
    obj = drawing.fabric_drawing([stroke], 18)["objects"][0]
    xs, ys = [p[0] for p in stroke], [p[1] for p in stroke]
    assert obj["type"] == "Path" and obj["strokeWidth"] == 18
    assert obj["path"][0][0] == "M" and len(obj["path"]) == len(stroke)
    assert obj["left"] == pytest.approx((min(xs) + max(xs)) / 2, abs=0.01)
    assert obj["width"] == pytest.approx(max(xs) - min(xs), abs=0.02)
    assert obj["top"] == pytest.approx((min(ys) + max(ys)) / 2, abs=0.01)


def test_starter_drawing_is_a_triangle_for_the_shipped_model(shapes):
    x, _ = drawing.prepare(looksee.starter_picture())
    assert models.CLASSES[int(models.predict(shapes, x)[0].argmax())] == "triangle"


# ---------------------------------------------------------------- Grad-CAM and occlusion


class Tiny(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(3)
        self.features = nn.Sequential()
        self.features.add_module("conv1", nn.Conv2d(3, 4, 3, padding=1))
        self.features.add_module("relu1", nn.ReLU())
        self.features.add_module("conv2", nn.Conv2d(4, 5, 3))
        self.features.add_module("relu2", nn.ReLU())
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(5, 3))

    def forward(self, x):
        return self.head(self.features(x))


def _grad_cam_by_hooks(model, x, target, layer):
    """Selvaraju et al.'s formula with plain hooks: ReLU(Σ_k mean(∂y/∂A_k) · A_k), upsampled."""
    saved = {}
    module = dict(model.features.named_children())[layer]

    def keep(_m, _i, out):
        out.retain_grad()
        saved["a"] = out

    handle = module.register_forward_hook(keep)
    try:
        model.zero_grad()
        model(x)[0, target].backward()
    finally:
        handle.remove()
    a = saved["a"]
    weights = a.grad.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * a).sum(dim=1, keepdim=True))
    return F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[0, 0] \
        .detach().numpy()


@pytest.mark.parametrize("layer", ["conv1", "conv2", "relu2"])
@pytest.mark.parametrize("target", [0, 2])
def test_grad_cam_matches_an_independent_computation_with_hooks(layer, target):
    model = Tiny().eval()
    x = torch.rand(1, 3, 12, 10, generator=torch.Generator().manual_seed(target))
    ours = attribution.grad_cam(model, x, target, layer)
    assert ours.shape == (12, 10)
    np.testing.assert_allclose(ours, _grad_cam_by_hooks(model, x.clone().requires_grad_(False),
                                                         target, layer), rtol=1e-5, atol=1e-6)


def test_grad_cam_of_the_shipped_model_is_not_trivial(shapes):
    x, _ = drawing.prepare(looksee.starter_picture())
    cam = attribution.grad_cam(shapes, x, models.CLASSES.index("triangle"), "conv6")
    assert cam.shape == (28, 28) and cam.min() >= 0 and cam.max() > 0
    assert shapes.training is False


class Region(nn.Module):
    """Class 0's score is the sum of channel 0 over rows 8–11, columns 12–15; class 1 is 0."""

    def forward(self, x):
        s = x[:, 0, 8:12, 12:16].sum(dim=(1, 2))
        return torch.stack([s, torch.zeros_like(s)], dim=1)


def test_occlusion_on_a_known_pattern_matches_a_direct_computation():
    x = torch.ones(1, 3, 20, 20)
    window, stride = 4, 2
    ours = attribution.occlusion(Region(), x, 0, window=window, stride=stride, baseline=0.0)
    # independent: slide the patch, record the drop, average per pixel over covering patches
    total, count = np.zeros((20, 20)), np.zeros((20, 20))
    for top in range(0, 20 - window + 1, stride):
        for left in range(0, 20 - window + 1, stride):
            covered = np.zeros((20, 20), dtype=bool)
            covered[top:top + window, left:left + window] = True
            drop = covered[8:12, 12:16].sum()  # each covered region pixel was worth 1
            total[covered] += drop
            count[covered] += 1
    expected = total / np.maximum(count, 1)
    np.testing.assert_allclose(ours, expected, atol=1e-5)
    assert ours[9, 13] > 0 and ours[0, 0] == 0 and ours[18, 2] == 0


def test_occlusion_default_patch_is_blank_paper():
    x = torch.ones(1, 3, 16, 16)
    x[0, :, 6:10, 6:10] = 0.0  # a black square on white paper
    torch.testing.assert_close(attribution.paper_colour(x), torch.ones(3))
    # a white patch over white paper changes nothing: zero away from the square
    ours = attribution.occlusion(Region(), x, 0, window=3, stride=1)
    assert np.all(ours[:, :4] == 0)


def test_where_it_looked_trained_differs_from_its_untrained_twin(shapes):
    twin = models.load_model("shapes_untrained")
    x, _ = drawing.prepare(looksee.starter_picture())
    found = attribution.where_it_looked({"t": shapes, "u": twin}, x, 2, "conv6")
    assert found["t"].probability > 0.9
    assert found["t"].occlusion.max() > 5 * max(abs(found["u"].occlusion).max(), 1e-6)


# ---------------------------------------------------------------- receptive fields, kernels


@pytest.mark.parametrize("name", ["shapes", "shapes_separable"])
@pytest.mark.parametrize("layer,unit", [("conv2", (0, 0)), ("relu4", (5, 3)), ("pool2", (2, 4)),
                                        ("conv6", (1, 1)), ("conv3", (12, 0))])
def test_receptive_field_matches_the_input_gradient(name, layer, unit):
    """With all weights positive (so no ReLU cuts anything) and max pooling replaced by average
    pooling of the same geometry (a max passes the gradient to one cell only), the input
    pixels that influence a unit are exactly its receptive field (clipped to the image):
    torch's gradient is the oracle."""
    model = models.build(name).eval()
    for child, module in list(model.features.named_children()):
        if isinstance(module, nn.MaxPool2d):
            setattr(model.features, child, nn.AvgPool2d(module.kernel_size))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.rand_like(p) * 0.1 + 0.01)
    x = torch.rand(1, 3, 28, 28, requires_grad=True)
    out = {}
    module = dict(model.features.named_children())[layer]
    handle = module.register_forward_hook(lambda _m, _i, y: out.setdefault("y", y))
    model.features(x)
    handle.remove()
    out["y"][0, 0, unit[0], unit[1]].backward()
    rows, cols = torch.nonzero(x.grad[0].abs().sum(0) > 0, as_tuple=True)
    top, left, bottom, right = channels.rf_box(channels.receptive_fields(model)[layer], *unit,
                                               (28, 28))
    assert (int(rows.min()), int(cols.min()), int(rows.max()) + 1, int(cols.max()) + 1) == \
        (top, left, bottom, right)


def test_receptive_field_sizes_of_the_shapes_cnn(shapes):
    rf = channels.receptive_fields(shapes)
    assert rf["conv1"] == channels.RF((3, 3), (1, 1), (1, 1))
    assert rf["pool1"].size == (6, 6) and rf["pool1"].stride == (2, 2)
    assert rf["conv6"] == channels.RF((32, 32), (4, 4), (7, 7))
    assert rf["pool3"].size == (36, 36) and rf["pool3"].stride == (8, 8)


def test_separable_channel_kernels_equal_the_separable_convolution():
    model = models.load_model("shapes_separable")
    conv, kernels = channels.channel_kernels(model, "relu3", 7)
    assert conv == "conv3" and kernels.shape == (32, 3, 3)
    module = model.features.conv3
    x = torch.rand(1, 32, 13, 13)
    with torch.no_grad():
        expected = module(x)[0, 7]
        bias = module.pointwise.bias[7]
        ours = F.conv2d(x, torch.from_numpy(kernels)[None], padding=1)[0, 0] + bias
    torch.testing.assert_close(ours, expected, rtol=1e-4, atol=1e-5)


def test_channel_kernels_of_a_standard_convolution(shapes):
    conv, kernels = channels.channel_kernels(shapes, "pool1", 3)
    assert conv == "conv2"
    np.testing.assert_array_equal(kernels, shapes.features.conv2.weight[3].detach().numpy())


# ---------------------------------------------------------------- clicking a tile


@pytest.mark.parametrize("c,h,w,max_side", [(32, 28, 28, 390), (64, 11, 11, 250), (3, 5, 5, 300),
                                            (64, 1, 1, 200), (32, 256, 200, 390)])
def test_a_click_on_a_tile_opens_that_channel(c, h, w, max_side):
    maps = np.arange(c, dtype=np.float32)[:, None, None] * np.ones((1, h, w), dtype=np.float32)
    picture = layer_picture(maps, "global", "viridis", 0, c - 1, max_side=max_side)
    geo = channels.tile_geometry(c, h, w, max_side)
    assert picture.shape[:2] == geo.size
    height, width = geo.size
    for channel in (0, c // 2, c - 1):
        top, left, bottom, right = tile_picker.selected_box(geo, channel)
        x, y = (left + right) / 2, (top + bottom) / 2
        assert channels.tile_at(geo, x, y) == channel
        # the picture's colour there is the colour of that channel's value
        expected = layer_picture(np.full((1, 1, 1), channel, np.float32), "global", "viridis",
                                 0, c - 1, max_side=1)[0, 0]
        np.testing.assert_array_equal(picture[int(y * height), int(x * width)], expected)


def test_a_click_picks_the_unit_under_it():
    geo = channels.tile_geometry(4, 5, 5, 200)
    top, left, bottom, right = tile_picker.selected_box(geo, 3)
    # bottom-right cell of channel 3's tile
    x, y = left + (right - left) * 0.95, top + (bottom - top) * 0.95
    assert looksee.pick_tile(4, 5, 5, 200, x, y) == (3, 4, 4)
    assert looksee.pick_tile(4, 5, 5, 200, left + 0.001, top + 0.001) == (3, 0, 0)
    assert channels.tile_at(geo, 1.5, 0.5) is None
    assert channels.tile_at(channels.tile_geometry(5, 4, 4, 100), 0.99, 0.99) is None  # empty cell


# ---------------------------------------------------------------- what makes a channel fire


def test_dataset_maxima_and_top9_agree_with_a_direct_forward_pass(shapes):
    images, labels = models.data.make_dataset(60, 5)
    maxima = looksee.dataset_maxima(shapes, images)
    assert maxima["relu4"].shape == (60, 64) and not maxima["relu4"].flags.writeable
    with torch.no_grad():
        direct = shapes.features[:10](torch.from_numpy(images))  # conv1 … relu4
    np.testing.assert_allclose(maxima["relu4"], direct.amax(dim=(2, 3)).numpy(), rtol=1e-5,
                               atol=1e-6)
    channel = int(np.argmax(maxima["relu4"].sum(0)))
    top = channels.top_k(maxima["relu4"], channel, 9)
    values = maxima["relu4"][:, channel]
    assert len(set(top.tolist())) == 9
    assert values[top].tolist() == sorted(values[top].tolist(), reverse=True)
    assert values[top[-1]] >= np.sort(values)[-9]
    picture, vals, classes = looksee.top_drawings(maxima, images, labels, "relu4", channel)
    img = Image.open(io.BytesIO(picture))
    assert img.size[0] == img.size[1] and vals == pytest.approx(values[top].tolist())
    assert classes == [models.CLASSES[int(labels[i])] for i in top]


def test_model_from_weights_round_trips(shapes):
    again = channels.model_from_weights("shapes", channels.weights_bytes(shapes))
    x = torch.rand(2, 3, 28, 28)
    torch.testing.assert_close(models.predict(again, x), models.predict(shapes, x))
