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
from cnnviz import geometry, i18n
from cnnviz.lessons import activations, attribution, channels, drawing, looksee
from cnnviz.modules import DepthwiseConv2d
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
    names = [n for n, _ in model.features.named_children()]
    specs = [channels.layer_spec(m) for m in model.features]
    rf = geometry.receptive_fields(specs)[names.index(layer)]
    assert channels.layer_fields(model)[layer] == rf
    assert _gradient_support(x.grad) == _clipped(rf.box(*unit), (28, 28))


def _gradient_support(grad: torch.Tensor) -> tuple[int, int, int, int]:
    """(top, left, bottom, right), inclusive, of the input pixels with a nonzero gradient."""
    rows, cols = torch.nonzero(grad[0].abs().sum(0) > 0, as_tuple=True)
    return int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())


def _clipped(box, hw):
    top, left, bottom, right = box
    return max(0, top), max(0, left), min(hw[0] - 1, bottom), min(hw[1] - 1, right)


@pytest.mark.parametrize("unit", [(0, 0), (3, 2), (9, 8)])
def test_layer_specs_of_strided_dilated_and_asymmetric_layers_match_the_gradient(unit):
    """Dilation, a padded strided pooling, 'same' padding and a strided depthwise convolution
    with an explicit asymmetric padding stage (top 2, bottom 0, left 0, right 1):
    geometry.receptive_fields over channels.layer_spec agrees with torch's gradient."""
    features = nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=2, dilation=2), nn.ReLU(),
        nn.AvgPool2d(3, stride=2, padding=1), nn.Conv2d(4, 4, 3, padding="same"),
        DepthwiseConv2d(4, (3, 2), stride=2, padding=(2, 0, 0, 1)))
    with torch.no_grad():
        for p in features.parameters():
            p.copy_(torch.rand_like(p) * 0.1 + 0.01)
    x = torch.rand(1, 3, 40, 36, requires_grad=True)
    y = features(x)
    y[0, 0, unit[0], unit[1]].backward()
    assert y.shape[-2:] == (10, 9)
    assert channels.layer_spec(features[4]) == ((3, 2), (2, 2), (2, 0), (1, 1))
    assert channels.layer_spec(features[1]) == channels.IDENTITY
    rf = geometry.receptive_fields([channels.layer_spec(m) for m in features])[-1]
    assert _gradient_support(x.grad) == _clipped(rf.box(*unit), (40, 36))


def test_receptive_field_sizes_of_the_shapes_cnn(shapes):
    rf = channels.layer_fields(shapes)
    assert rf["conv1"] == geometry.ReceptiveField((3, 3), (1, 1), (1, 1))
    assert rf["pool1"].size == (6, 6) and rf["pool1"].stride == (2, 2)
    assert rf["conv6"] == geometry.ReceptiveField((32, 32), (4, 4), (7, 7))
    assert rf["pool3"].size == (36, 36) and rf["pool3"].stride == (8, 8)


@pytest.mark.parametrize("name", ["shapes", "shapes_separable"])
def test_an_opened_channel_draws_the_clipped_field_and_says_so(name):
    """relu4 at 28×28: field 14×14, stride 2, offset 3; unit (2, 9) reads rows 1..14 and
    columns 15..28, clipped to 27 (the page's sentence), and the field is marked clipped."""
    model = models.load_model(name)
    rgb = np.full((28, 28, 3), 255, np.uint8)
    o = looksee.opened_channel(model, "relu4", 5, (2, 9), rgb)
    assert o.rf_size == (14, 14) and o.rf_stride == (2, 2)
    assert o.box == (1, 15, 14, 27) and o.clipped
    assert o.separable == (name == "shapes_separable") and o.conv == "conv4"
    inside = looksee.opened_channel(model, "relu4", 5, (5, 5), rgb)
    assert inside.box == (7, 7, 20, 20) and not inside.clipped
    tr = i18n.translator("en")
    said = looksee.field_sentences(o, "relu4", tr)
    assert "rows 1 to 14, columns 15 to 27" in said[0] and len(said) == 2
    assert len(looksee.field_sentences(inside, "relu4", tr)) == 1
    kernels = looksee.kernel_sentences(o, 5, tr)
    assert o.kernel_count == model.features.conv4.in_channels == 64
    assert "64 kernels of 3×3" in kernels[0] and len(kernels) == (2 if o.separable else 1)


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
    assert channels.pick_tile(4, 5, 5, 200, x, y) == (3, 4, 4)
    assert channels.pick_tile(4, 5, 5, 200, left + 0.001, top + 0.001) == (3, 0, 0)
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


# ---------------------------------------------------------------- the page's choices, as values


def test_cache_keys_follow_the_bytes():
    import hashlib

    data = b"\x89PNG some canvas"
    assert looksee.canvas_key(data) == "canvas:" + hashlib.sha256(data).hexdigest()[:16]
    assert looksee.canvas_key(data + b"!") != looksee.canvas_key(data)
    assert looksee.session_key(data).startswith("session:") and len(looksee.session_key(data)) == 24
    assert looksee.drawing_key("circle", 60, 15, True) == "drawing:circle:60:15:1"


def test_twins_and_the_models_compared():
    assert looksee.twin("shapes") == "shapes_untrained"
    assert looksee.twin("shapes_separable_untrained") == "shapes_separable"
    assert looksee.twin("session:ab12", {"arch": "shapes_separable"}) == "shapes_separable_untrained"
    assert looksee.twin("session:ab12") == "shapes_untrained"
    assert looksee.compared("shapes") == ("shapes", "shapes_untrained")
    untrained = looksee.compared("shapes_untrained")
    assert untrained == (("shapes_untrained", "shapes") if "shapes" in models.available()
                         else ("shapes_untrained",))


def test_visible_notes_depend_on_the_source():
    tr = i18n.translator("en")
    notes = ("shrunk", "grayscale", "padded")
    photo = looksee.visible_notes(notes, "photo", (300, 200), tr)
    assert [quiet for _, quiet in photo] == [True, False, False]
    assert photo[0][0] == tr("act.note.shrunk", w=300, h=200)
    assert [s for s, _ in looksee.visible_notes(notes, "canvas", (10, 10), tr)] == \
        [tr("act.note.padded", w=10, h=10)]
    assert len(looksee.visible_notes(notes, "drawing", (10, 10), tr)) == 2  # no 'grayscale'


def test_sparsity_sentence_uses_torchs_zeros():
    model = models.load_model("shapes")
    image = activations.drawing("circle", 60, 0, False)
    acts = activations.compute(model, image, "28")
    x = models.preprocess(image)
    outs = {}
    handles = [m.register_forward_hook(lambda _m, _i, y, n=n: outs.setdefault(n, y.detach()))
               for n, m in model.features.named_children() if n in ("relu1", "relu6")]
    with torch.no_grad():
        model.features(x)
    for h in handles:
        h.remove()
    first = 100 * float((outs["relu1"] == 0).float().mean())
    last = 100 * float((outs["relu6"] == 0).float().mean())
    sentence = looksee.sparsity_sentence(acts, i18n.translator("en"))
    assert f"{first:.0f} %" in sentence and f"{last:.0f} %" in sentence and "(relu6)" in sentence
    key = "act.sparse.grows" if last - first >= 15 else "act.sparse.flat"
    assert sentence.startswith(i18n.TABLE[key]["en"][:20])


@pytest.mark.parametrize("per_row", [1, 2, 3, 4, 5])
def test_layer_pictures_fit_the_column(per_row):
    side = looksee.map_side(per_row)
    assert 200 <= side <= 900
    if per_row > 1:
        assert per_row * (side + 30) <= looksee.COLUMN_PIXELS


@pytest.mark.parametrize("name", ["shapes", "shapes_separable_untrained"])
def test_first_filters_and_the_accuracy_sentences(name):
    model = models.load_model(name)
    f = looksee.first_filters(model)
    first = activations.first_layer_filters(model)
    assert (f.count, *f.size) == first.shape[:3]
    assert f.separable == ("separable" in name)
    assert Image.open(io.BytesIO(f.png)).size[0] > 0
    tr = i18n.translator("fr")
    card = models.model_card(name)
    said = looksee.accuracy_sentence(name, tr)
    if card.get("trained"):
        assert tr.num(100 * float(card["test_accuracy"]), 1) in said
    else:
        assert said == tr("act.summary.random")
    assert looksee.accuracy_sentence("session:ab12", tr) == tr("training.session_unmeasured")
    trained = name.removesuffix("_untrained")
    accuracy = looksee.trained_accuracy(name)
    if trained in models.available() and \
            models.model_card(trained).get("torch_seed") == models.UNTRAINED_SEED:
        assert accuracy == float(models.model_card(trained)["test_accuracy"])
    assert looksee.trained_accuracy("session:ab12") is None


def test_layer_sentences_are_the_maps():
    acts = activations.compute(models.load_model("shapes"),
                               activations.drawing("square", 60, 0, True), "28")
    record = acts.layer("relu3")
    label, numbers = looksee.layer_sentences(record, i18n.translator("en"))
    assert "**relu3**" in label and f"{record.dead}" in numbers
    said = looksee.maps_sentences(acts, "28", i18n.translator("en"))
    assert said[-1] == looksee.sparsity_sentence(acts, i18n.translator("en")) and len(said) == 3


def test_top_sentences_and_silence():
    tr = i18n.translator("fr")
    assert looksee.top_sentence([1.5, 0.25], ["circle", "square"], tr).count("cercle") == 1
    assert looksee.is_silent([0.0, 0.0], "relu") and not looksee.is_silent([0.0, 0.0], "conv")
    assert not looksee.is_silent([0.1, 0.0], "pool")


def test_prediction_sentences_and_model_names():
    tr = i18n.translator("fr")
    probs = [0.1, 0.7, 0.2]
    top = models.CLASSES[1]
    said = activations.sample_caption(models.CLASSES[0], probs, tr)
    assert tr(f"act.class.{top}") in said and tr(f"act.class.{models.CLASSES[0]}") in said
    assert tr.num(70) in said
    acts = activations.compute(models.load_model("shapes"),
                               activations.drawing("circle", 60, 0, False), "28")
    says = looksee.says_sentence(acts, tr)
    assert f"**{tr(f'act.class.{acts.top}')}**" in says
    assert tr.num(100 * acts.top_probability, 1) in says and "," in tr.num(12.5, 1)
    assert looksee.model_label("session:ab12", tr) == tr("act.model.session")
    line = looksee.model_sentence("shapes_untrained", "square", 0.25, tr)
    assert line == tr("look.where.model", model=tr("act.model.shapes_untrained"),
                      label=tr("act.class.square"), p="25,0")


def test_tile_picker_data_carries_label_and_numbers_as_text_runs():
    record = activations.compute(models.load_model("shapes"),
                                 activations.drawing("square", 60, 0, True), "28").layer("conv1")
    label, numbers = looksee.layer_sentences(record, i18n.translator("fr"))
    data = tile_picker.data("data:image/png;base64,AA==", "alt", [0, 0, 0.5, 0.5], label, numbers)
    assert data["label"] == [("conv1", True), (" · Conv2d · sortie 32 × 28 × 28", False)]
    assert data["caption"] == numbers and data["caption"].startswith("canaux morts")
    assert data["src"].startswith("data:image/png") and data["selected"] == [0, 0, 0.5, 0.5]
    assert tile_picker.data("s", "a", None)["label"] == []
