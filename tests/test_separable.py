"""The separable lesson's numbers against Keras' documented formulas and torch itself."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from cnnviz import geometry, i18n, kernels, summary
from cnnviz.geometry import GeometryError
from cnnviz.lessons import separable as sep
from cnnviz.lessons import separable_animation as sep_anim
from cnnviz.modules import DepthwiseConv2d, SeparableConv2d
from cnnviz.render import pictures, stage
from cnnviz.render import separable as figs


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# --- the modules: Keras' parameter counts and shapes --------------------------------------------

def test_keras_documented_example_has_442_parameters_and_same_shape():
    layer = SeparableConv2d(10, 32, 3, padding="same")
    assert n_params(layer) == 3 * 3 * 10 + 10 * 32 + 32 == 442
    assert layer.depthwise.conv.bias is None  # bias on the pointwise stage only, as Keras
    out = layer(torch.randn(1, 10, 224, 224))
    assert tuple(out.shape) == (1, 32, 224, 224)


@pytest.mark.parametrize("cin,k,dm,bias", [(3, 3, 1, True), (10, 5, 2, True), (4, (3, 5), 3, False),
                                           (1, 1, 4, True)])
def test_depthwise_parameters_follow_keras(cin, k, dm, bias):
    kh, kw = (k, k) if isinstance(k, int) else k
    layer = DepthwiseConv2d(cin, k, depth_multiplier=dm, bias=bias)
    assert layer.out_channels == cin * dm
    assert n_params(layer) == kh * kw * cin * dm + (cin * dm if bias else 0)
    out = layer(torch.randn(2, cin, 11, 13))
    assert tuple(out.shape) == (2, cin * dm, 11 - kh + 1, 13 - kw + 1)


@pytest.mark.parametrize("n", [5, 6, 7, 28, 224])
@pytest.mark.parametrize("k", [1, 3, 4, 5])
def test_same_with_stride_2_gives_ceil_half(n, k):
    layer = SeparableConv2d(3, 4, k, stride=2, padding="same")
    out = layer(torch.randn(1, 3, n, n))
    assert tuple(out.shape[-2:]) == (math.ceil(n / 2), math.ceil(n / 2))
    costs = sep.compare_costs(3, 4, k, n, stride=2, padding="same")
    assert costs.out_size == (math.ceil(n / 2), math.ceil(n / 2))


@pytest.mark.parametrize("stride,padding,dm", [(1, "valid", 1), (1, "same", 2), (2, "same", 3),
                                               (2, 1, 1), (3, "valid", 2)])
def test_separable_equals_grouped_conv_then_1x1_conv(stride, padding, dm):
    torch.manual_seed(0)
    cin, cout = 3, 5
    layer = SeparableConv2d(cin, cout, 3, stride=stride, padding=padding, depth_multiplier=dm)
    x = torch.randn(2, cin, 12, 9)
    out, mid = layer(x, return_depthwise=True)
    if padding == "same":
        # Keras 'same' is asymmetric for stride 2 on even sizes: pad explicitly like TensorFlow
        pads = []
        for n in (12, 9):
            total = max((math.ceil(n / stride) - 1) * stride + 3 - n, 0)
            pads.append((total // 2, total - total // 2))
        xp = F.pad(x, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
        ref_pad = 0
    else:
        xp, ref_pad = x, 0 if padding == "valid" else padding
    ref_mid = F.conv2d(xp, layer.depthwise.conv.weight, None, stride=stride, padding=ref_pad,
                       groups=cin)
    ref = F.conv2d(ref_mid, layer.pointwise.weight, layer.pointwise.bias)
    torch.testing.assert_close(mid, ref_mid)
    torch.testing.assert_close(out, ref)


# --- costs: FlopCounterMode vs. the formulas -------------------------------------------------------

@pytest.mark.parametrize("m,n,k,size,stride,padding,dm", [
    (10, 32, 3, 224, 1, "same", 1), (32, 64, 3, 56, 2, "same", 1), (3, 16, 5, 28, 1, "valid", 2),
    (8, 8, 7, 15, 1, "same", 4), (1, 1, 1, 1, 1, "same", 1),
])
def test_flop_counter_multiply_adds_equal_the_formula(m, n, k, size, stride, padding, dm):
    c = sep.compare_costs(m, n, k, size, stride, padding, 1, dm)
    oh, ow = c.out_size
    assert c.macs_depthwise == k * k * m * dm * oh * ow
    assert c.macs_pointwise == m * dm * n * oh * ow
    assert c.macs_standard == k * k * m * n * oh * ow
    assert c.macs_separable == c.macs_depthwise + c.macs_pointwise
    assert c.macs_ratio == pytest.approx(dm / n + dm / (k * k))
    assert c.formula_ratio == pytest.approx(c.macs_ratio)
    assert c.params_depthwise == k * k * m * dm
    assert c.params_pointwise == m * dm * n + n
    assert c.params_standard == k * k * m * n + n
    # the same numbers from a real (non-meta) module
    real = SeparableConv2d(m, n, k, stride, padding, depth_multiplier=dm)
    assert summary.count_params(real) == c.params_separable
    assert summary.count_macs(real, torch.zeros(1, m, size, size)) == c.macs_separable


def test_mobilenet_ratio_numbers():
    assert sep.mobilenet_ratio(64, 3) == pytest.approx(1 / 64 + 1 / 9)
    assert sep.mobilenet_ratio(32, (3, 5), 2) == pytest.approx(2 / 32 + 2 / 15)


def test_impossible_setting_raises_geometry_error():
    with pytest.raises(GeometryError):
        sep.compare_costs(3, 4, 7, 5, padding="valid")
    with pytest.raises(GeometryError):
        sep.compute_stages(np.zeros((3, 4, 4), np.float32), np.zeros((3, 5, 5), np.float32),
                           np.ones((2, 3), np.float32), padding="valid")


# --- the stages on an image ---------------------------------------------------------------------

def test_stages_are_each_channel_filtered_on_its_own_then_mixed():
    x = sep.synthetic_input(3, 20)
    dw, names = sep.depthwise_kernels(3, 2, "classic", ("sobel_x", "sobel_y", "laplacian"))
    assert names[:2] == ["sobel_x", "sobel_y"] and names[2] == "sobel_y" and names[4] == "laplacian"
    pw = sep.pointwise_weights(2, 6, "random", seed=3)
    st = sep.compute_stages(x, dw, pw, stride=1, padding="same")
    assert st.depthwise.shape == (6, 20, 20) and st.output.shape == (2, 20, 20)
    xt = torch.from_numpy(x)
    for i in range(6):
        c = i // 2  # torch/Keras order: channel c·dm + m comes from input channel c
        ref = F.conv2d(xt[c][None, None], torch.from_numpy(dw[i])[None, None], padding=1)[0, 0]
        np.testing.assert_allclose(st.depthwise[i], ref.numpy(), atol=1e-5)
    mixed = np.tensordot(pw, st.depthwise, axes=1)
    np.testing.assert_allclose(st.output, mixed, atol=1e-4)


def test_changing_one_channel_changes_only_its_depthwise_maps():
    x = sep.synthetic_input(3, 16)
    dw, _ = sep.depthwise_kernels(3, 2, "random", size=3, seed=1)
    pw = sep.pointwise_weights(1, 6)
    a = sep.compute_stages(x, dw, pw)
    y = x.copy()
    y[1] = 1.0 - y[1]
    b = sep.compute_stages(y, dw, pw)
    changed = [not np.allclose(a.depthwise[i], b.depthwise[i]) for i in range(6)]
    assert changed == [False, False, True, True, False, False]


def test_pointwise_readable_defaults():
    w = sep.pointwise_weights(3, 4)
    assert w.shape == (3, 4)
    np.testing.assert_allclose(w[0], 0.25)
    assert list(w[1]) == [1, -1, 0, 0]
    assert list(w[2]) == [0, 1, 0, 0]
    r = sep.pointwise_weights(2, 3, "random", seed=5)
    np.testing.assert_array_equal(r, sep.pointwise_weights(2, 3, "random", seed=5))
    assert not np.array_equal(r, sep.pointwise_weights(2, 3, "random", seed=6))


# --- spatially separable kernels ------------------------------------------------------------------

def test_sobel_is_column_times_row_and_two_passes_equal_one():
    split = kernels.spatial_split("sobel_x")
    assert split.separable and split.rank == 1
    assert split.column.ravel().tolist() == [1, 2, 1]
    assert split.row.ravel().tolist() == [-1, 0, 1]
    np.testing.assert_array_equal(split.column @ split.row, kernels.get("sobel_x"))
    img = np.random.default_rng(0).random((31, 40)).astype(np.float32)
    result = kernels.two_pass(img, split)
    ref = F.conv2d(torch.from_numpy(img)[None, None], torch.from_numpy(split.kernel)[None, None],
                   padding=1)[0, 0].numpy()
    np.testing.assert_allclose(result.one_pass, ref, atol=1e-5)
    np.testing.assert_allclose(result.two_pass, ref, atol=1e-5)
    assert result.max_difference < 1e-5
    assert (result.mults_one, result.mults_two) == (9, 6)


def test_which_classic_kernels_are_separable():
    table = {s.name: s for s in kernels.separability_table()}
    for name in ("identity", "box_blur", "gaussian", "sobel_x", "sobel_y", "prewitt_x", "prewitt_y"):
        s = table[name]
        assert s.separable and s.rank == 1, name
        np.testing.assert_allclose(s.column @ s.row, s.kernel, atol=1e-6)
    for name in ("sharpen", "laplacian", "emboss", "outline"):
        assert not table[name].separable and table[name].rank >= 2, name
    assert table["emboss"].rank == np.linalg.matrix_rank(kernels.get("emboss"))
    with pytest.raises(ValueError):
        kernels.two_pass(np.zeros((5, 5), np.float32), table["laplacian"])


# --- model.summary() ------------------------------------------------------------------------------

def test_course_example_summary_matches_keras():
    s = sep.layer_table("separable")
    c = sep.layer_table("conv")
    assert [(r.keras_kind, r.keras_shape, r.params) for r in s] == [
        ("SeparableConv2D", (None, 26, 26, 16), 9 + 16 + 16),
        ("Flatten", (None, 10816), 0),
        ("Dense", (None, 10), 26 * 26 * 16 * 10 + 10),
    ]
    assert [(r.keras_kind, r.keras_shape, r.params) for r in c] == [
        ("Conv2D", (None, 26, 26, 16), 9 * 16 + 16),
        ("Flatten", (None, 10816), 0),
        ("Dense", (None, 10), 108170),
    ]
    assert sum(r.params for r in s) == 108211 and sum(r.params for r in c) == 108330
    assert s[0].torch_shape == (1, 16, 26, 26)
    model = sep.course_model("separable")
    assert n_params(model) == 108211
    assert tuple(model(torch.zeros(2, 1, 28, 28)).shape) == (2, 10)


# --- the animation's example and its grid animations ---------------------------------------------

@pytest.mark.parametrize("stride,padding", [(1, "same"), (2, "same"), (1, "valid"), (3, "valid")])
def test_animation_example_and_figures(stride, padding):
    ex = sep.animation_example(3, 5, 3, stride, padding, seed=2)
    xt = torch.from_numpy(ex.x)
    for c in range(3):
        ref = F.conv2d(F.pad(xt[c][None, None], (ex.pads[2], ex.pads[3], ex.pads[0], ex.pads[1])),
                       torch.from_numpy(ex.dw[c])[None, None], stride=stride)[0, 0]
        np.testing.assert_allclose(ex.dw_out[c], ref.numpy())
    ref_std = F.conv2d(F.pad(xt[None], (ex.pads[2], ex.pads[3], ex.pads[0], ex.pads[1])),
                       torch.from_numpy(ex.std)[None], stride=stride)[0, 0]
    np.testing.assert_allclose(ex.std_out, ref_std.numpy())
    assert len(ex.windows) == ex.std_out.size
    t = i18n.translator("fr")
    names = ["1", "2", "3"]
    dw = sep_anim.depthwise_grid(ex, t, names)
    std = sep_anim.standard_grid(ex, t, names)
    positions = ex.std_out.size
    assert len(dw.steps) == dw.total_steps == 3 * positions  # channel after channel
    assert len(std.steps) == std.total_steps == positions     # all channels at once
    # inputs on the first line, kernels (or slices) on the second, outputs on the third
    assert [p.row for p in dw.panels] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert [p.row for p in std.panels] == [0, 0, 0, 1, 1, 1, 2]
    wins = geometry.windows(5, 3, stride, padding)
    for k, step in enumerate(dw.steps):
        c, p = divmod(k, positions)
        # the window of step k reads channel k // positions only, where the geometry says
        assert set(step.window) == {c} and tuple(step.window[c]) == wins[p].cells
        assert step.target == {6 + c: (wins[p].out,)}
        # the products written out are that channel's padded values times its own kernel
        assert sum(a * b for a, b in step.terms) == pytest.approx(float(ex.dw_out[c][wins[p].out]),
                                                                 abs=1e-5)
        assert step.result == pytest.approx(float(ex.dw_out[c][wins[p].out]))
        # the channels before are complete, this one is filling up, the next ones are empty
        assert {i: len(v) for i, v in step.texts.items()} == {
            **{6 + cc: positions for cc in range(c)}, 6 + c: p + 1,
            **{6 + cc: 0 for cc in range(c + 1, 3)}}
    for p, step in enumerate(std.steps):
        assert set(step.window) == {0, 1, 2}  # the same window on every channel
        assert len(step.terms) == 3 * 9
        assert sum(a * b for a, b in step.terms) == pytest.approx(float(ex.std_out[wins[p].out]),
                                                                 abs=1e-5)
        assert step.result == pytest.approx(float(ex.std_out[wins[p].out]))
    # the last step shows every output value, as torch computed them, in the caption's language
    last = std.steps[-1].texts[6]
    assert [last[divmod(m, ex.std_out.shape[1])] for m in range(positions)] == [
        t.value(float(v)) for v in ex.std_out.ravel()]
    # played by the stage: one step per step, the controls in the page's language
    body = stage.payload(dw, t)
    assert len(body["steps"]) == len(dw.steps) and body["labels"]["play"] == t("stage.play")
    assert stage.payload(std, t)["steps"][-1]["label"] == str(positions)


def test_costs_bars_draw_the_counted_numbers_in_both_languages():
    c = sep.compare_costs(32, 64, 3, 56, depth_multiplier=2)
    for lang in ("en", "fr"):
        t = i18n.translator(lang)
        chart = figs.costs_html(c, t)
        assert "<script" not in chart and "plotly" not in chart
        for kind, std, dw, pw in (("params", c.params_standard, c.params_depthwise,
                                   c.params_pointwise),
                                  ("macs", c.macs_standard, c.macs_depthwise, c.macs_pointwise)):
            panel = chart.split(f'data-kind="{kind}"')[1].split('class="cnnviz-cost"')[0]
            # the bars' raw numbers are the counts, their lengths on one scale (the standard's)
            assert re.findall(r'data-part="(\w+)" data-value="(\d+)"', panel) == [
                ("standard", str(std)), ("depthwise", str(dw)), ("pointwise", str(pw))]
            widths = [float(w) for w in re.findall(r"width:([\d.]+)%", panel)]
            assert widths[0] == pytest.approx(100.0)
            assert widths[1] + widths[2] == pytest.approx(100.0 * (dw + pw) / std, abs=0.01)
            # the numbers written out by the translator: both totals and the two stages
            for value in (std, dw + pw, dw, pw):
                assert f">{t.num(value)}<" in panel or t.num(value) in panel, (lang, value)
        assert ("En profondeur" if lang == "fr" else "Depthwise") in chart
        # how many times fewer, from the same counts
        assert figs.ratio_text(c.macs_separable, c.macs_standard, t) in chart
    en, fr = i18n.translator("en"), i18n.translator("fr")
    assert figs.ratio_text(2400, 18496, en) == "Separable: 7.7 times fewer (−87.0%)"
    assert figs.ratio_text(2400, 18496, fr) == "Séparable\u202f: 7,7 fois moins (−87,0\u202f%)"
    one = sep.compare_costs(1, 1, 1, 4)  # 1 channel in and out, 1×1: separable costs more
    assert one.params_separable > one.params_standard
    assert "times more" in figs.ratio_text(one.params_separable, one.params_standard, en)
    assert "1\u202f" in figs.costs_html(c, i18n.translator("fr"))  # French thousands
    def hostile_t(key, **values):
        return "<b>x</b>" if key == "sep.params" else key

    hostile_t.num = i18n.translator("en").num
    hostile = figs.costs_html(c, hostile_t)
    assert "<b>x</b>" not in hostile and "&lt;b&gt;x&lt;/b&gt;" in hostile


def test_exports():
    t = i18n.translator("en")
    x = sep.synthetic_input(2, 12)
    dw, _ = sep.depthwise_kernels(2, 2, "random", seed=0)
    st = sep.compute_stages(x, dw, sep.pointwise_weights(3, 4))
    png = figs.stages_png(st, t, ["1", "2"])
    gif = figs.stages_gif(st, t, ["1", "2"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert gif[:6] in (b"GIF87a", b"GIF89a")
    from io import BytesIO

    from PIL import Image

    im = Image.open(BytesIO(gif))
    assert im.n_frames == 3
    assert Image.open(BytesIO(png)).width >= 4 * 160  # four depthwise maps side by side


def test_signed_colours_are_blue_white_vermillion():
    rgb = pictures.signed_rgb(np.array([[-2.0, 0.0, 2.0]]))
    assert tuple(rgb[0, 0]) == pictures.BLUE
    assert tuple(rgb[0, 1]) == (255, 255, 255)
    assert tuple(rgb[0, 2]) == pictures.VERMILLION


def test_ratio_formula_and_tables_in_plain_html():
    c = sep.compare_costs(32, 64, 3, 56, depth_multiplier=2)
    for lang, value in (("en", "0.2535"), ("fr", "0,2535")):
        formula = figs.ratio_formula_html(c, i18n.translator(lang))
        assert f"<b>{value}</b>" in formula and value == i18n.format_number(c.formula_ratio, lang, 4)
        # dm/N + dm/k² with this layer's numbers: 2/64 + 2/9
        assert ">64</span>" in formula and ">9</span>" in formula and "2·<i>k</i>" in formula
    assert c.formula_ratio == pytest.approx(2 / 64 + 2 / 9)
    table = figs.html_table([{"Kernel": "<b>x</b>", "Param #": "1,234"}], right=["Param #"])
    assert "<b>x</b>" not in table and "&lt;b&gt;x&lt;/b&gt;" in table
    assert table.count("text-align:right") == 2 and "<script" not in table
    assert figs.html_table([]) == ""


def test_page_pictures_are_the_same_jpeg_encoded_once():
    from cnnviz.render import files

    rng = np.random.default_rng(0)
    a = rng.normal(size=(12, 17)).astype(np.float32)
    jpeg = figs.map_jpeg(a, 120)
    assert jpeg == files.jpeg(pictures.map_image(a, 120))  # what st.image made of the picture
    assert figs.map_jpeg(a.copy(), 120) is jpeg  # same content: kept, not encoded again
    assert figs.map_jpeg(a + 1, 120) != jpeg and figs.map_jpeg(a, 60) != jpeg
    assert figs.map_jpeg(np.clip(a, 0, 1), 120, signed=False) == files.jpeg(
        pictures.map_image(np.clip(a, 0, 1), 120, signed=False))
    k = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], np.float32)
    assert figs.kernel_jpeg(k, 34, "fr") == files.jpeg(pictures.kernel_image(k, 34, "fr"))
    assert figs.kernel_jpeg(k, 34, "fr") != figs.kernel_jpeg(k * 0.5, 34, "fr")
