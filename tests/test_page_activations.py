"""AppTest of the Activations page, run through the whole app (frame + page), torch as the oracle."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image
from streamlit.testing.v1 import AppTest

import models
from cnnviz import i18n
from cnnviz.lessons import activations as view
from cnnviz.lessons.activations import capture_features
from cnnviz.render.pictures import layer_picture
from tests.conftest import ROOT

PAGE = "pages/activations.py"
LAYERS = ("conv1", "relu1", "conv2", "relu2", "pool1", "conv3", "relu3", "conv4", "relu4", "pool2",
          "conv5", "relu5", "conv6", "relu6", "pool3")


def run_page(upload: tuple[str, bytes] | None = None, sidebar_errors: list | None = None,
             **params: str) -> AppTest:
    """Open the app with ``params`` in the URL (and ``upload`` a file in the shared picker), then
    go to the page, as a visitor would. Errors the picker showed are appended to
    ``sidebar_errors``.

    The frame (language switch, shared picker) runs on the first run; AppTest's ``switch_page``
    then runs the page file with the session the frame filled (language, picked image)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    params.setdefault("act_src", "drawing")  # these tests use the generated drawing, not the canvas
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if upload is not None:
        name, data = upload
        at.get("file_uploader")[0].upload(name, data, "image/png").run()
        assert not at.exception, [e.value for e in at.exception]
        if sidebar_errors is not None:
            sidebar_errors.extend(e.value for e in at.sidebar.error)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def sentences(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def summary_table(at: AppTest) -> list[dict[str, str]]:
    """The model summary's rows, read back from its Markdown table (escapes removed)."""
    table = next(str(m.value) for m in at.markdown if "| Layer" in str(m.value))
    lines = [line for line in table.splitlines() if line.startswith("|")]
    cells = [[c.strip().replace("\\", "").replace("\u00a0", " ") for c in line.strip("|").split(" | ")]
             for line in lines]
    return [dict(zip(cells[0], row, strict=True)) for row in cells[2:]]


def tiles(at: AppTest) -> list[dict]:
    """Every layer tile picker's data (picture, label runs, caption), in page order."""
    import json

    found = [json.loads(e.proto.json or "{}") for e in at.get("bidi_component")]
    return [d for d in found if isinstance(d, dict) and "label" in d and "src" in d]


def tile_text(at: AppTest) -> str:
    """The layer tiles' labels (bold runs as ``**…**``) and captions, a line each."""
    return "\n".join("".join(f"**{text}**" if bold else text for text, bold in d["label"])
                     + "\n" + d["caption"] for d in tiles(at))


def tile_picture(at: AppTest, layer: str) -> str:
    """The picture (data URI) the clickable tile picker of ``layer`` shows."""
    import json

    for element in at.get("bidi_component"):
        data = json.loads(element.proto.json or "{}")
        if isinstance(data, dict) and str(data.get("alt", "")).startswith(f"Layer {layer}:"):
            return data["src"]
    raise AssertionError(f"no tile picker for {layer}")


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_defaults_show_the_prediction_every_layer_and_the_summary(clean_caches):
    at = run_page()
    assert at.title[0].value == "Activations of a trained CNN"
    text = markdown(at)
    assert "The model says **triangle**" in text  # the default drawing, by the trained model
    labels = tile_text(at)  # each layer's label and numbers travel inside its tile picker
    for name in LAYERS:
        assert f"**{name}** ·" in labels, name
        assert f"**{name}** ·" not in text, name  # not also as separate elements
    assert "output 32 × 224 × 224" in labels  # conv1 at the drawing's own size
    assert "dead channels:" in labels and "dead channels:" not in sentences(at, "caption")
    assert "Deep layers go dark" in text
    # the summary's totals are torch's own parameter count
    model = models.load_model("shapes")
    assert metric(at, "Parameters") == f"{sum(p.numel() for p in model.parameters()):,}"
    assert not at.warning and not at.error


@pytest.mark.parametrize("name", models.available())
def test_each_model_renders_with_its_own_summary(clean_caches, name):
    at = run_page(act_model=name, act_res="28")
    text = tile_text(at)
    assert "output 64 × 3 × 3" in text and "output 64 × 1 × 1" in text  # conv6, pool3 at 28×28
    model = models.load_model(name)
    assert metric(at, "Parameters") == f"{models.parameter_count(model):,}"
    rows = summary_table(at)  # a Markdown table (no data-frame grid to load)
    assert [r["Layer"] for r in rows[:3]] == ["conv1", "relu1", "conv2"]
    assert rows[-1]["Parameters"] == f"{models.parameter_count(model):,}"
    if name.endswith("_untrained"):
        assert "random weights" in sentences(at, "caption")


@pytest.mark.parametrize("model_name", ["shapes", "shapes_separable"])
@pytest.mark.parametrize(("shape", "filled", "rotation"),
                         [("circle", "0", "0"), ("square", "1", "30"), ("triangle", "0", "200")])
def test_drawings_of_each_class_are_recognised(clean_caches, model_name, shape, filled, rotation):
    at = run_page(act_model=model_name, act_shape=shape, act_fill=filled, act_rot=rotation,
                  act_res="28")
    assert f"The model says **{shape}**" in markdown(at)
    # the probabilities shown are torch's, on the 28×28 input
    image = view.drawing(shape, 60, int(rotation), filled == "1")
    probs = models.predict(models.load_model(model_name), models.preprocess(image))[0]
    top = f"{100 * probs.max():.1f} %"
    assert f"with a probability of {top}" in markdown(at)


@pytest.mark.parametrize("name", ["shapes", "shapes_separable_untrained"])
def test_filters_section_says_how_far_training_moved_the_weights(clean_caches, name):
    at = run_page(act_model=name, act_res="28")
    trained = models.load_model(name.removesuffix("_untrained"))
    start = models.load_model(name.removesuffix("_untrained") + "_untrained")
    convs = [(a.weight.detach(), b.weight.detach())
             for a, b in zip(trained.modules(), start.modules(), strict=True)
             if isinstance(a, torch.nn.Conv2d)]
    first = (convs[0][0] - convs[0][1]).norm() / convs[0][1].norm()
    assert first > 0.05  # training did move the first layer
    info = sentences(at, "info")
    assert f"first layer's weights by {100 * float(first):.0f} % of their size" in info
    assert "32 kernels of 3×3" in markdown(at) or "3 kernels of 3×3" in markdown(at)


def test_french_names_the_class_in_french(clean_caches):
    at = run_page(lang="fr", act_shape="square", act_fill="1", act_res="28")
    text = markdown(at)
    assert "Le modèle répond **carré**" in text
    assert "canaux morts" in tile_text(at) and "sortie 32 × 28 × 28" in tile_text(at)


def test_channel_up_close_shows_torchs_numbers(clean_caches):
    at = run_page(act_res="28", act_layer="relu3", act_ch="5")
    x = models.preprocess(view.drawing("triangle", 60, 0, False))
    model = models.load_model("shapes")
    with torch.no_grad():
        out = model.features[:8](x)[0, 5].numpy()  # conv1 … relu3
    assert metric(at, "Minimum") == f"{out.min():.3f}"
    assert metric(at, "Maximum") == f"{out.max():.3f}"
    assert "layer relu3, channel 5 (13×13)" in markdown(at)


def test_extreme_settings(clean_caches):
    at = run_page(act_size="30", act_rot="359", act_fill="1", act_cols="1", act_res="28",
                  act_layer="pool3", act_ch="63", act_range="global", act_cmap="RdBu")
    assert "layer pool3, channel 63 (1×1)" in markdown(at)
    at = run_page(act_size="90", act_cols="5", act_res="full", act_show="pool", act_range="layer",
                  act_cmap="gray")
    text = tile_text(at)
    assert "**pool1** ·" in text and "**conv1** ·" not in text  # only pooling layers shown


def test_switching_to_a_layer_with_fewer_channels_keeps_the_channel_valid(clean_caches):
    at = run_page(act_res="28", act_layer="relu6", act_ch="60")
    assert "channel 60" in markdown(at)
    at.selectbox(key="act_layer").set_value("conv1").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="act_ch").value == 31
    assert "layer conv1, channel 31 (28×28)" in markdown(at)


def test_bad_url_values_give_sentences_and_defaults(clean_caches):
    at = run_page(act_model="resnet152", act_res="9000", act_size="abc", act_ch="999",
                  act_cmap="jet")
    warnings = sentences(at, "warning")
    for value in ("resnet152", "9000", "abc", "999", "jet"):
        assert value in warnings, value
    assert "The model says **triangle**" in markdown(at)  # defaults still work


def test_a_display_only_change_does_not_recompute_activations(clean_caches):
    at = run_page(act_res="28")
    calls = view.COMPUTE_CALLS["count"]
    conv1_picture = tile_picture(at, "conv1")
    assert "**conv1** ·" in tile_text(at)
    at.selectbox(key="act_cmap").set_value("magma").run()
    at.selectbox(key="act_layer").set_value("relu2").run()
    at.slider(key="act_ch").set_value(7).run()
    at.slider(key="act_cols").set_value(2).run()
    assert not at.exception
    assert "layer relu2, channel 7" in markdown(at)
    assert view.COMPUTE_CALLS["count"] == calls  # redrawn from the cached activations
    assert tile_picture(at, "conv1") != conv1_picture  # redrawn in magma
    assert not at.get("plotly_chart")  # no Plotly on this page (its 4.7 MB bundle)
    at.selectbox(key="act_model").set_value("shapes_untrained").run()
    assert view.COMPUTE_CALLS["count"] == calls + 1  # a new model is a new forward pass


def test_a_photo_uploaded_in_the_shared_picker(clean_caches):
    square = view.drawing("square", 70, 0, True, side=200)
    wide = Image.new("RGB", (300, 200), (255, 255, 255))
    wide.paste(square, (50, 0))
    at = run_page(upload=("square.png", png(wide)), img="__upload__", act_src="photo")
    text = markdown(at)
    assert "Input: Your photo (200×300 pixels)" in text  # height×width, like every size
    assert "The model says **square**" in text
    assert "only ever saw drawings" in sentences(at, "info")
    assert "output 32 × 171 × 256" in tile_text(at)  # its own size, longest side capped at 256 px


def test_a_bad_upload_falls_back_with_a_sentence(clean_caches):
    errors: list[str] = []
    at = run_page(upload=("notes.png", b"not a png at all"), sidebar_errors=errors,
                  img="__upload__", act_src="photo")
    assert any("not an image the app can read" in e for e in errors), errors
    text = markdown(at)
    assert "Input: Cat (Chelsea) (300×451 pixels)" in text  # the page still works, on the cat
    assert "The model says **" in text and "**pool3** ·" in tile_text(at)


@pytest.mark.parametrize(("size", "mode", "note"), [
    ((1, 1), "RGB", "tiny (1×1 pixels)"),
    ((600, 12), "RGB", "too thin for the network"),
    ((90, 70), "L", "The image is grayscale"),
    ((2048, 1500), "RGB", "shrunk so that its longest side is 256 pixels"),
])
def test_odd_photos_are_explained(clean_caches, size, mode, note):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    image = Image.fromarray(pixels, "RGB").convert(mode)
    at = run_page(upload=("odd.png", png(image)), img="__upload__", act_src="photo")
    said = sentences(at, "info") + sentences(at, "caption")
    assert note in said
    assert f"({size[1]}×{size[0]} pixels)" in markdown(at)  # height×width
    assert "**pool3** ·" in tile_text(at)


def test_layer_maps_equal_torch_at_the_images_own_size():
    image = Image.fromarray(np.random.default_rng(1).integers(0, 255, (70, 90, 3), dtype=np.uint8))
    model = models.load_model("shapes_separable")
    acts = view.compute(model, image, "full")
    x, notes = view.full_input(image)
    assert notes == () and tuple(x.shape) == (1, 3, 70, 90)
    expected = {r.name: r.output for r in capture_features(model, x)}
    assert [r.name for r in acts.layers] == list(LAYERS)
    for record in acts.layers:
        np.testing.assert_array_equal(record.maps, expected[record.name])
        assert record.dead == int((np.abs(record.maps).reshape(record.channels, -1).max(1) == 0).sum())
    with torch.no_grad():
        probs = torch.softmax(model(models.preprocess(image)), 1)[0].numpy()
    np.testing.assert_allclose(acts.probs, probs, rtol=1e-5, atol=1e-6)


def test_layer_picture_places_each_channel_in_its_cell():
    maps = np.zeros((5, 3, 3), dtype=np.float32)
    maps[3, 1, 1] = 2.0  # one bright pixel in channel 3 (row 1, col 0 of a 3-column grid)
    pic = layer_picture(maps, "layer", "viridis", max_side=96, gap=2)
    # 3 columns of 30-px tiles (3×3 enlarged 10×) with 2-px gaps: 94 px wide, 2 rows: 62 px high
    assert pic.shape == (62, 94, 3)
    lit = np.argwhere(np.all(pic == (0xFD, 0xE7, 0x25), axis=-1))  # viridis' brightest colour
    assert lit.min(0).tolist() == [32 + 10, 10] and lit.max(0).tolist() == [32 + 19, 19]
    assert len(lit) == 100
    assert np.all(pic[30:32] == 255) and np.all(pic[32:, 64:] == 255)  # gap row, unused cell


def test_the_page_text_exists_in_both_languages():
    keys = [k for k in i18n.TABLE if k.startswith("act.")]
    assert len(keys) > 60
    for key in keys:
        assert i18n.TABLE[key]["en"] and i18n.TABLE[key]["fr"]


def test_global_colour_range_keeps_zero_darkest_after_relu():
    acts = view.compute(models.load_model("shapes"), view.drawing("circle", 60, 0, False), "28")
    relu6, conv6 = acts.layer("relu6"), acts.layer("conv6")
    lo, hi = acts.global_range(relu6)
    assert lo == 0.0 and hi == max(r.vmax for r in acts.layers if r.group in ("relu", "pool"))
    assert acts.global_range(conv6) == (min(r.vmin for r in acts.layers if r.group == "conv"),
                                        max(r.vmax for r in acts.layers if r.group == "conv"))
    pic = layer_picture(relu6.maps, "global", "viridis", lo, hi, max_side=200, gap=2)
    # 64 maps of 3×3 in an 8×8 grid: (200 − 7·2) // 8 = 23 px of room, so 7× tiles of 21 px
    assert pic.shape == (8 * 21 + 7 * 2, 8 * 21 + 7 * 2, 3)
    dead = np.flatnonzero(~relu6.maps.reshape(64, -1).any(1))
    assert relu6.dead == len(dead) > 0
    darkest = np.array([0x44, 0x01, 0x54], dtype=np.uint8)  # viridis at 0
    for d in dead:
        r, k = divmod(int(d), 8)
        assert np.all(pic[r * 23: r * 23 + 21, k * 23: k * 23 + 21] == darkest), d
