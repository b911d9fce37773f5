"""The convolution lesson (cnnviz.lessons.convolution) and the grid-animation renderers, with torch
as the oracle."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from cnnviz import animation as grid
from cnnviz import geometry, i18n
from cnnviz.lessons import convolution as conv
from cnnviz.render import raster, stage

T = i18n.translator("en")
FR = i18n.translator("fr")

SETTINGS = [  # (size, kernel, stride, padding, dilation, mode)
    (5, 3, 1, "valid", 1, "zeros"),
    (7, 3, 2, 1, 1, "zeros"),
    (6, 3, 2, "same", 1, "zeros"),
    ((5, 7), (3, 2), (1, 2), "full", (1, 2), "zeros"),
    (7, 3, 1, 2, 2, "reflect"),
    (6, 2, 1, (1, 2), 1, "replicate"),
    (5, 3, 2, "same", 1, "circular"),
    (8, 3, 3, 1, 2, "circular"),
    (4, 1, 1, "valid", 1, "reflect"),
]


def torch_conv(x: np.ndarray, w: np.ndarray, stride, padding, dilation, mode) -> np.ndarray:
    """nn.Conv2d itself (padding given as torch accepts it) — independent of cnnviz.functional."""
    pads = geometry.resolve_padding(x.shape, w.shape, stride, padding, dilation)
    t, b, left, r = pads
    xt = torch.from_numpy(x)[None, None]
    xt = F.pad(xt, (left, r, t, b), mode="constant" if mode == "zeros" else mode)
    return F.conv2d(xt, torch.from_numpy(w)[None, None], stride=stride, dilation=dilation)[0, 0].numpy()


@pytest.mark.parametrize(("size", "kernel", "stride", "padding", "dilation", "mode"), SETTINGS)
def test_conv_demo_matches_geometry_and_torch(size, kernel, stride, padding, dilation, mode):
    x, w = conv.demo_values(size, kernel, seed=3)
    demo = conv.conv_demo(x, w, stride, padding, dilation, mode, t=T)
    expected = torch_conv(x, w, stride, padding, dilation, mode)
    # output values and shape are torch's
    np.testing.assert_allclose(demo.output, expected, atol=1e-5)
    assert demo.output.shape == geometry.conv_output_size(size, kernel, stride, padding, dilation)
    # one frame per output position
    wins = geometry.windows(size, kernel, stride, padding, dilation)
    assert len(demo.anim.steps) == len(wins) == demo.output.size == demo.anim.total_steps
    body = stage.payload(demo.anim, T)  # what the stage plays: one step per output position
    assert len(body["steps"]) == body["total"] == demo.output.size
    assert [s["label"] for s in body["steps"]] == [str(i + 1) for i in range(demo.output.size)]
    for step, win in zip(demo.anim.steps, wins, strict=True):
        # highlighted cells are exactly the window the geometry gives; the target the output cell
        assert tuple(step.window[0]) == win.cells
        assert tuple(step.target[2]) == (win.out,)
        # the written products are the padded values times the weights, summing to torch's value
        assert len(step.terms) == len(win.cells)
        assert sum(a * b for a, b in step.terms) == pytest.approx(float(expected[win.out]), abs=1e-4)
        assert step.result == pytest.approx(float(expected[win.out]), abs=1e-4)
        # padding cells read by this window are marked as padding
        for (r, c), inside in zip(win.cells, win.inside, strict=True):
            assert (demo.kinds[r, c] == grid.INPUT) == inside
            assert (demo.kinds[r, c] == grid.PADDING) == (not inside)


def test_caption_writes_out_the_products_and_the_sum():
    x = np.array([[1, 2, 0], [3, 1, 4], [0, 2, 2]], dtype=np.float32)
    w = np.array([[1, -1], [2, 0]], dtype=np.float32)
    demo = conv.conv_demo(x, w, 1, "valid", 1, "zeros", t=T)
    # Output[0, 1] = 2·1 + 0·(−1) + 1·2 + 4·0 = 4, and torch agrees
    assert demo.output[0, 1] == 4
    caption = demo.anim.steps[1].caption
    assert caption == "Output[0, 1] = 2·1 + 0·(−1) + 1·2 + 4·0 = <b>4</b>"
    # the written sum, re-evaluated from the text, equals torch's output at every step
    for step, win in zip(demo.anim.steps, demo.windows, strict=True):
        expr = re.sub(r"<[^>]+>", "", step.caption).split(" = ")[1]
        value = eval(expr.replace("·", "*").replace("−", "-"))  # our own digits
        assert value == pytest.approx(float(demo.output[win.out]))


def test_caption_in_french_and_many_terms():
    x, w = conv.demo_values(9, 7, seed=1)
    demo = conv.conv_demo(x, w, 1, "valid", 1, "zeros", t=FR)
    assert demo.anim.steps[0].caption.startswith("Sortie[0, 0] = somme de 49 produits = <b>")
    assert demo.anim.panels[0].title == "Entrée 9×9"


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_padding_cells_show_the_values_torch_copies(mode):
    x, w = conv.demo_values(5, 3, seed=2)
    pads = (2, 1, 1, 2)
    sources = conv.padding_sources(5, pads, mode)
    padded = F.pad(torch.from_numpy(x)[None, None], (1, 2, 2, 1), mode=mode)[0, 0].numpy()
    for r, c in itertools.product(range(padded.shape[0]), range(padded.shape[1])):
        sr, sc = sources[r, c]
        assert sr >= 0
        assert padded[r, c] == x[sr, sc]
    demo = conv.conv_demo(x, w, 1, 2, 1, mode, t=T)
    # every padding cell read at a step is linked to the input cell it copies
    step = demo.anim.steps[0]
    pad_taps = [(r, c) for r, c in step.window[0] if demo.kinds[r, c] == grid.PADDING]
    assert len(step.links) == len(pad_taps) > 0
    for (_, r, c), (_, r2, c2) in step.links:
        assert demo.padded[r, c] == demo.padded[r2, c2]
        assert demo.kinds[r2, c2] == grid.INPUT
    assert "copy of Input[" in demo.anim.panels[0].hover[0][0]


def test_zero_padding_has_no_source_and_no_links():
    sources = conv.padding_sources(4, (1, 1, 1, 1), "zeros")
    assert (sources[0, :] == -1).all() and (sources[1, 1] == (0, 0)).all()
    x, w = conv.demo_values(4, 3)
    demo = conv.conv_demo(x, w, 1, 1, 1, "zeros", t=T)
    assert all(not s.links for s in demo.anim.steps)
    assert (demo.padded[demo.kinds == grid.PADDING] == 0).all()


def test_dilation_draws_the_footprint_with_holes():
    x, w = conv.demo_values(7, 3)
    demo = conv.conv_demo(x, w, 1, "valid", 2, "zeros", t=T)
    step = demo.anim.steps[0]
    assert step.boxes == [(0, 0, 0, 4, 4)]  # the 5×5 span of a 3×3 kernel with dilation 2
    assert len(step.window[0]) == 9  # but only 9 taps are read
    assert (1, 1) not in step.window[0]


def test_impossible_settings_raise_geometry_errors():
    x, w = conv.demo_values(3, 7)
    with pytest.raises(geometry.GeometryError) as err:
        conv.conv_demo(x, w, 1, "valid", 1, "zeros", t=T)
    assert err.value.code == "kernel_too_big"
    x, w = conv.demo_values(3, 5)
    with pytest.raises(geometry.GeometryError) as err:
        conv.conv_demo(x, w, 1, "full", 1, "reflect", t=T)
    assert err.value.code == "pad_too_big_for_mode"


def test_long_animations_are_thinned_and_say_so():
    x, w = conv.demo_values(12, 3)
    demo = conv.conv_demo(x, w, 1, "same", 1, "zeros", t=T, max_frames=50)
    assert demo.anim.total_steps == 144 and len(demo.anim.steps) == 50
    assert demo.anim.thinned
    assert demo.anim.steps[0].label == "1" and demo.anim.steps[-1].label == "144"


@pytest.mark.parametrize(("size", "kernel", "stride", "padding", "output_padding", "dilation"), [
    (3, 3, 2, 0, 0, 1), (3, 3, 2, 1, 1, 1), ((2, 3), (3, 2), (2, 3), (0, 1), (1, 0), 1),
    (4, 2, 1, 0, 0, 2), (3, 3, 3, 2, 2, 1), (3, 5, 2, 4, 0, 1), (5, 3, 2, 4, 1, 1),
])
def test_transposed_demo_equals_conv_transpose2d(size, kernel, stride, padding, output_padding,
                                                   dilation):
    x, w = conv.demo_values(size, kernel, seed=4)
    demo = conv.transposed_demo(x, w, stride, padding, output_padding, dilation, t=T)
    expected = F.conv_transpose2d(torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None],
                                  stride=stride, padding=padding, output_padding=output_padding,
                                  dilation=dilation)[0, 0].numpy()
    np.testing.assert_allclose(demo.output, expected, atol=1e-5)
    assert demo.matches_torch
    assert demo.output.shape == geometry.transposed_output_size(size, kernel, stride, padding,
                                                                output_padding, dilation)
    assert len(demo.anim.steps) == expected.size
    np.testing.assert_array_equal(demo.kernel, w[::-1, ::-1])
    # the input cells land in the spread grid with stride − 1 zeros between them
    assert int((demo.kinds == grid.INPUT).sum()) == sum(
        1 for r, c in demo.origin if 0 <= r < demo.padded.shape[0] and 0 <= c < demo.padded.shape[1])
    for step in demo.anim.steps:
        assert sum(a * b for a, b in step.terms) == pytest.approx(step.result, abs=1e-4)
        # input cells highlighted in panel 0 are exactly those the window reads in panel 1
        read = [c for c in step.window[1] if demo.kinds[c] == grid.INPUT]
        assert len(step.window[0]) == len(read) == len(step.links)


@pytest.mark.parametrize(("size", "kernel", "stride", "padding", "dilation"), [
    (7, 3, 2, 1, 1), ((7, 9), (3, 5), (2, 1), "same", (1, 2)), (6, 3, 2, "same", 1),
    (5, 2, 1, "full", 3), (12, 7, 4, "valid", 1),
])
def test_formula_numbers_give_torch_shape(size, kernel, stride, padding, dilation):
    fh, fw = conv.conv_formulas(size, kernel, stride, padding, dilation, t=T)
    x = torch.zeros((1, 1, *geometry.pair(size)))
    w = torch.zeros((1, 1, *geometry.pair(kernel)))
    pads = geometry.resolve_padding(size, kernel, stride, padding, dilation)
    out = F.conv2d(F.pad(x, (pads[2], pads[3], pads[0], pads[1])), w, stride=stride, dilation=dilation)
    assert (fh.value, fw.value) == tuple(out.shape[-2:])
    for f in (fh, fw):
        assert f.lines[-1].endswith(rf"\mathbf{{{f.value}}}")
        # evaluate the substituted floor formula
        m = re.search(r"\\frac\{(.+?)\}\{(\d+)\} \\right\\rfloor \+ 1", f.lines[-1])
        num = eval(m.group(1).replace(r"\cdot", "*"))  # digits we wrote
        assert num // int(m.group(2)) + 1 == f.value
    if padding == "same":
        assert any(r"\left\lceil" in line for line in fh.lines)


def test_formula_example_from_the_issue():
    fh, _ = conv.conv_formulas(7, 3, 2, 1, 2, t=T)
    assert fh.lines[-1] == (r"= \left\lfloor \frac{7 + 1 + 1 - 2\cdot(3 - 1) - 1}{2} \right\rfloor"
                            r" + 1 = \mathbf{3}")


def test_transposed_formula_with_numbers():
    fh, fw = conv.transposed_formulas((3, 4), 3, 2, 1, (1, 0), 1, t=FR)
    out = F.conv_transpose2d(torch.zeros(1, 1, 3, 4), torch.zeros(1, 1, 3, 3), stride=2, padding=1,
                             output_padding=(1, 0))
    assert (fh.value, fw.value) == tuple(out.shape[-2:]) == (6, 7)
    assert fh.lines[1] == r"= (3 - 1)\cdot 2 - 2\cdot 1 + 1\cdot(3 - 1) + 1 + 1 = \mathbf{6}"
    assert r"\text{Sortie}" in fh.lines[0] and "remplissage de sortie" in fh.lines[0]


def test_gif_decodes_with_one_frame_per_step():
    x, w = conv.demo_values(5, 3)
    demo = conv.conv_demo(x, w, 1, 1, 1, "reflect", t=T)
    data = raster.gif(demo.anim, "en")
    img = Image.open(io.BytesIO(data))
    assert img.format == "GIF"
    assert img.n_frames == len(demo.anim.steps) == 25
    # frames differ (the highlight moves)
    img.seek(0)
    first = np.asarray(img.convert("RGB")).copy()
    img.seek(1)
    assert (np.asarray(img.convert("RGB")) != first).any()


def test_gif_of_a_long_animation_is_thinned():
    x, w = conv.demo_values(12, 3)
    demo = conv.conv_demo(x, w, 1, "same", 1, "zeros", t=T)
    img = Image.open(io.BytesIO(raster.gif(demo.anim, max_frames=30)))
    assert img.n_frames == 30


def test_png_frame_shows_padding_grey_and_window_orange():
    x, w = conv.demo_values(4, 3)
    demo = conv.conv_demo(x, w, 1, 1, 1, "zeros", t=T)
    img = Image.open(io.BytesIO(raster.png(demo.anim, 0))).convert("RGB")
    colours = {c for _, c in img.getcolors(1 << 20)}
    assert (217, 217, 217) in colours  # padding fill
    assert any(r > 200 and 120 < g < 200 and b < 100 for r, g, b in colours)  # orange highlight


def test_filter_photo_equals_torch_with_stride_and_reflect():
    rng = np.random.default_rng(0)
    img = rng.random((3, 20, 17)).astype(np.float32)
    k = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)
    out = conv.filter_photo(img, k, 2, 1, 1, "reflect")
    padded = F.pad(torch.from_numpy(img)[None], (1, 1, 1, 1), mode="reflect")
    expected = F.conv2d(padded, torch.from_numpy(k).expand(3, 1, 3, 3), stride=2, groups=3)[0]
    np.testing.assert_allclose(out, expected.numpy(), atol=1e-5)
    assert out.shape == (3, 10, 9)


def test_kernel_latex_formats_numbers_per_language():
    k = np.array([[1 / 9, -1], [2, 0.5]], dtype=np.float32)
    assert conv.kernel_latex(k, T) == r"\begin{bmatrix}0.111 & -1 \\ 2 & 0.500\end{bmatrix}"
    assert "0{,}111" in conv.kernel_latex(k, FR)


def test_every_translation_key_exists_in_both_languages():
    from cnnviz.i18n import convolution

    for key, entry in convolution.TEXT.items():
        assert key.startswith("conv.")
        assert entry["en"].strip() and entry["fr"].strip()
        assert set(re.findall(r"\{(\w+)\}", entry["en"])) == set(re.findall(r"\{(\w+)\}", entry["fr"]))


@pytest.mark.parametrize(("size", "stride", "padding", "dilation", "mode", "lang"), [
    (5, 1, 1, 1, "reflect", "en"), (7, 2, 2, 2, "zeros", "fr"), (12, 1, "same", 1, "circular", "en")])
def test_gif_export_has_one_frame_per_step_of_one_size(size, stride, padding, dilation, mode, lang):
    """The download is drawn by the Pillow exporter from the stage's data model: one frame per
    step (thinned like the stage past ``max_frames``), every frame the size of the PNG of a step."""
    x, w = conv.demo_values(size, 3)
    t = i18n.translator(lang)
    anim = conv.conv_demo(x, w, stride, padding, dilation, mode, t=t).anim
    img = Image.open(io.BytesIO(raster.gif(anim, lang, max_frames=40)))
    png = Image.open(io.BytesIO(raster.png(anim, len(anim.steps) - 1, lang)))
    assert img.n_frames == min(len(anim.steps), 40)
    sizes = set()
    for i in range(img.n_frames):
        img.seek(i)
        sizes.add(img.size)
    assert sizes == {png.size}
    assert 400 <= png.width <= 1000 and png.height > 200


def test_exports_use_the_stage_palette():
    """The GIF/PNG exporter and the stage (its CSS) colour cells and highlights alike."""
    css = (Path(raster.__file__).parent / "stage" / "stage.css").read_text(encoding="utf-8").upper()
    for colour in (*{c for k, c in raster.FILL.items() if k != grid.EMPTY and k != grid.INSERTED},
                   raster.GRID_LINE, raster.WINDOW_EDGE, raster.TARGET_EDGE, raster.LINK):
        assert colour.upper() in css, colour
