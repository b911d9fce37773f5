"""Pooling operations and figures against torch (the oracle)."""

from __future__ import annotations

import io
import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from cnnviz import functional as fn
from cnnviz import geometry as geo
from cnnviz import i18n
from cnnviz.geometry import GeometryError
from cnnviz.lessons import pooling as po
from cnnviz.render import pictures, raster, stage

ROOT = Path(__file__).resolve().parent.parent


def torch_pool(x, kind, k, s, p, ceil, cip=True, norm=2.0, indices=False):
    """What torch.nn.functional computes for each kind (min is -max(-x))."""
    if kind == "max":
        return F.max_pool2d(x, k, s, p, ceil_mode=ceil, return_indices=indices)
    if kind == "min":
        if indices:
            y, i = F.max_pool2d(-x, k, s, p, ceil_mode=ceil, return_indices=True)
            return -y, i
        return -F.max_pool2d(-x, k, s, p, ceil_mode=ceil)
    if kind == "avg":
        return F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=cip)
    return F.lp_pool2d(x, norm, k, s, ceil_mode=ceil)


# --- output size -------------------------------------------------------------------------------

def test_output_size_and_its_errors_follow_torch_over_a_sweep():
    checked = refused = 0
    for n, k, s, p, ceil in itertools.product(range(1, 9), range(1, 6), range(1, 5), range(0, 4),
                                              (False, True)):
        x = torch.zeros(1, 1, n, n + 1)
        try:
            expected = tuple(F.max_pool2d(x, k, s, p, ceil_mode=ceil).shape[-2:])
        except RuntimeError:
            with pytest.raises(GeometryError) as info:
                geo.pool_output_size((n, n + 1), k, s, p, ceil)
            assert info.value.code in ("pool_pad_too_big", "kernel_too_big")
            refused += 1
            continue
        assert geo.pool_output_size((n, n + 1), k, s, p, ceil) == expected, (n, k, s, p, ceil)
        checked += 1
    assert checked > 500 and refused > 100


def test_ceil_mode_drops_a_window_that_would_start_in_the_right_padding():
    # n=5, k=2, s=2, p=1: ceil((5+2-2)/2)+1 = 4, but the 4th window starts at 6 >= 5+1 -> 3
    assert geo.pool_output_size(5, 2, 2, 1, ceil_mode=True) == (3, 3)
    assert F.max_pool2d(torch.zeros(1, 1, 5, 5), 2, 2, 1, ceil_mode=True).shape[-2:] == (3, 3)
    # and ceil_mode lets one window overhang an input smaller than the pool, as torch does
    assert geo.pool_output_size(1, 2, 2, 0, ceil_mode=True) == (1, 1)
    with pytest.raises(GeometryError):
        geo.pool_output_size(1, 2, 2, 0, ceil_mode=False)


def test_padding_error_carries_what_the_sentence_needs():
    with pytest.raises(GeometryError) as info:
        geo.pool_output_size(8, 2, None, 2)
    assert info.value.code == "pool_pad_too_big"
    assert info.value.values == {"axis": 0, "padding": 2, "limit": 1, "kernel": 2}
    sentence = i18n.translate("pooling.err.pool_pad_too_big", "fr", **info.value.values)
    assert "au plus la moitié" in sentence and "2" in sentence


# --- every kind against torch ---------------------------------------------------------------------

SETTINGS = list(itertools.product([(1, 4), (5, 5), (6, 7), (7, 3)], [1, 2, 3, (2, 3)],
                                  [None, 1, 2, (1, 3)], [0, 1], [False, True], [False, True]))


@pytest.mark.parametrize("kind", ["max", "min", "avg"])
def test_max_min_avg_equal_torch_over_a_sweep(kind):
    torch.manual_seed(0)
    compared = 0
    for (h, w), k, s, p, ceil, cip in SETTINGS:
        x = torch.randn(2, 3, h, w)
        try:
            expected = torch_pool(x, kind, k, s, p, ceil, cip)
        except RuntimeError:
            with pytest.raises(GeometryError):
                fn.pool2d(x, kind, k, s, p, ceil, cip)
            continue
        torch.testing.assert_close(fn.pool2d(x, kind, k, s, p, ceil, cip), expected)
        compared += 1
    assert compared > 150


@pytest.mark.parametrize("norm", [1, 2, 3, 1.5, math.inf])
def test_lp_equals_torch_including_partial_ceil_windows(norm):
    torch.manual_seed(1)
    for (h, w), k, s, _, ceil, _ in SETTINGS:
        x = torch.rand(1, 2, h, w) + 0.05
        try:
            expected = F.lp_pool2d(x, norm, k, s, ceil_mode=ceil)
        except RuntimeError:
            continue
        torch.testing.assert_close(fn.pool2d(x, "lp", k, s, 0, ceil, norm_type=norm), expected)


def test_lp_with_padding_is_refused_like_torch_offers_it():
    with pytest.raises(GeometryError) as info:
        fn.pool2d(torch.rand(4, 4), "lp", 2, padding=1)
    assert info.value.code == "pool_lp_padding"


@pytest.mark.parametrize("kind", ["max", "min"])
def test_indices_equal_max_pool2d_return_indices(kind):
    torch.manual_seed(2)
    for (h, w), k, s, p, ceil, _ in SETTINGS:
        x = torch.randn(2, 2, h, w)
        try:
            y_ref, i_ref = torch_pool(x, kind, k, s, p, ceil, indices=True)
        except RuntimeError:
            continue
        y, i = fn.pool2d(x, kind, k, s, p, ceil, return_indices=True)
        torch.testing.assert_close(y, y_ref)
        assert torch.equal(i, i_ref), ((h, w), k, s, p, ceil)


def test_ties_pick_the_first_cell_in_row_major_order_as_torch():
    x = torch.tensor([[3.0, 7.0, 7.0, 1.0], [7.0, 2.0, 0.0, 7.0], [5, 5, 5, 5], [5, 5, 5, 5]])
    _, ref = F.max_pool2d(x[None, None], 2, return_indices=True)
    _, got = fn.pool2d(x, "max", 2, return_indices=True)
    assert torch.equal(got, ref[0, 0])
    assert got.tolist() == [[1, 2], [8, 10]]
    rows, cols = fn.unravel_indices(got, 4)
    assert rows.tolist() == [[0, 0], [2, 2]] and cols.tolist() == [[1, 2], [0, 2]]


@settings(max_examples=60, deadline=None)
@given(h=st.integers(1, 9), w=st.integers(1, 9), kh=st.integers(1, 5), kw=st.integers(1, 5),
       sh=st.integers(1, 4), sw=st.integers(1, 4), ph=st.integers(0, 2), pw=st.integers(0, 2),
       ceil=st.booleans(), cip=st.booleans(), seed=st.integers(0, 10_000))
def test_random_settings_equal_torch(h, w, kh, kw, sh, sw, ph, pw, ceil, cip, seed):
    x = torch.randn(1, 2, h, w, generator=torch.Generator().manual_seed(seed))
    k, s, p = (kh, kw), (sh, sw), (ph, pw)
    try:
        expected_avg = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=cip)
        expected_max, expected_idx = F.max_pool2d(x, k, s, p, ceil_mode=ceil, return_indices=True)
    except RuntimeError:
        with pytest.raises(GeometryError):
            geo.pool_output_size((h, w), k, s, p, ceil)
        return
    assert geo.pool_output_size((h, w), k, s, p, ceil) == tuple(expected_avg.shape[-2:])
    torch.testing.assert_close(fn.pool2d(x, "avg", k, s, p, ceil, cip), expected_avg)
    y, idx = fn.pool2d(x, "max", k, s, p, ceil, return_indices=True)
    torch.testing.assert_close(y, expected_max)
    assert torch.equal(idx, expected_idx)


def test_rank_is_kept():
    x = torch.rand(5, 6)
    assert fn.pool2d(x, "avg", 2).shape == (2, 3)
    assert fn.pool2d(x[None], "max", 2).shape == (1, 2, 3)
    assert fn.pool2d(x[None, None], "min", 2).shape == (1, 1, 2, 3)


# --- global and adaptive ------------------------------------------------------------------------------

def test_global_pooling_equals_adaptive_to_one():
    x = torch.randn(2, 3, 7, 5)
    torch.testing.assert_close(fn.global_pool2d(x, "avg"), F.adaptive_avg_pool2d(x, 1))
    torch.testing.assert_close(fn.global_pool2d(x, "max"), F.adaptive_max_pool2d(x, 1))
    torch.testing.assert_close(fn.global_pool2d(x, "min"), -F.adaptive_max_pool2d(-x, 1))


@pytest.mark.parametrize("out", [1, 2, 3, (4, 2), 5, (7, 9), 11])
def test_adaptive_pooling_equals_torch(out):
    x = torch.randn(2, 3, 7, 9, generator=torch.Generator().manual_seed(3))
    torch.testing.assert_close(fn.adaptive_pool2d(x, "avg", out), F.adaptive_avg_pool2d(x, out))
    y, i = fn.adaptive_pool2d(x, "max", out, return_indices=True)
    y_ref, i_ref = F.adaptive_max_pool2d(x, out, return_indices=True)
    torch.testing.assert_close(y, y_ref)
    assert torch.equal(i, i_ref)
    torch.testing.assert_close(fn.adaptive_pool2d(x, "min", out), -F.adaptive_max_pool2d(-x, out))


# --- the arithmetic the animation writes out --------------------------------------------------------

@pytest.mark.parametrize(("k", "s", "p", "ceil", "cip"), [
    (2, None, 0, False, True), (3, 2, 1, True, True), (3, 2, 1, True, False), (2, 3, 1, True, False),
    ((2, 3), (1, 2), (1, 0), False, False),
])
def test_steps_explain_the_values_torch_computes(k, s, p, ceil, cip):
    grid = torch.tensor(np.random.default_rng(4).integers(0, 10, (5, 6)), dtype=torch.float64)
    x = grid[None, None]
    ones = torch.ones_like(x)
    inside_share = F.avg_pool2d(ones, k, s, p, ceil_mode=ceil, count_include_pad=cip)[0, 0]
    for kind in ("max", "min", "avg") + (("lp",) if p == 0 else ()):
        steps = po.pool_steps(grid, kind, k, s, p, ceil, cip)
        expected = torch_pool(x, kind, k, s, p, ceil, cip)
        idx = torch_pool(x, kind, k, s, p, ceil, indices=True)[1][0, 0] if kind in ("max", "min") \
            else None
        assert len(steps) == expected.shape[-2] * expected.shape[-1]
        for step in steps:
            i, j = step.out
            assert step.value == pytest.approx(float(expected[0, 0, i, j]))
            inside = [v for v in step.values if v is not None]
            if kind in ("max", "min"):
                r, c = step.cells[step.winner]
                flat = (r - (p if isinstance(p, int) else p[0])) * 6 + c - (p if isinstance(p, int) else p[1])
                assert flat == int(idx[i, j])
                assert step.values[step.winner] == step.value == (max if kind == "max" else min)(inside)
            elif kind == "avg":
                assert step.total == pytest.approx(sum(inside))
                assert step.total / step.divisor == pytest.approx(step.value)
                # torch's divisor, seen through an all-ones input: (#input cells) / divisor
                assert len(inside) / step.divisor == pytest.approx(float(inside_share[i, j]))
            else:
                assert (step.total / step.divisor) ** 0.5 == pytest.approx(step.value)


def test_windows_label_padding_and_the_ceil_overhang():
    # n=4, k=3, s=2, p=1, ceil: 3 outputs; the last window reaches 2 cells past the padding
    assert geo.pool_padding_extent(4, 3, 2, 1, True) == (1, 2, 1, 2)
    windows = geo.windows(4, 3, 2, 1, pooling=True, ceil_mode=True)
    assert len(windows) == 9
    out, cells, region = windows[-1].out, windows[-1].cells, windows[-1].region
    assert out == (2, 2) and cells[0] == (4, 4)
    assert region.count("input") == 1 and region.count("pad") == 3 and region.count("out") == 5


# --- experiments -----------------------------------------------------------------------------------------

def test_shift_sensitivity_measures_horizontal_moves():
    rows = torch.linspace(0, 1, 12)[:, None].expand(12, 16)  # constant along each row
    cols = torch.linspace(0, 1, 16)[None, :].expand(12, 16)  # changes along x
    still = po.shift_sensitivity(rows, ["max", "avg"], 2, max_shift=2)
    moving = po.shift_sensitivity(cols, ["max", "avg"], 2, max_shift=2)
    assert set(still) == {"max", "avg", "none"}
    assert all(v == pytest.approx(0.0, abs=1e-9) for curve in still.values() for v in curve)
    assert all(curve[0] == 0.0 and curve[1] > 0 for curve in moving.values())
    # the value at d=1, recomputed here from torch
    base = F.max_pool2d(cols[None, None, :, 0:14].double(), 2)
    moved = F.max_pool2d(cols[None, None, :, 1:15].double(), 2)
    expected = 100 * float((moved - base).abs().mean() / base.abs().mean())
    assert moving["max"][1] == pytest.approx(expected)


def test_downsampling_layers_report_torch_shapes_and_parameters():
    rows = {r.name: r for r in po.downsampling_layers(8, 10, 3, 2, 1)}
    expected_shape = tuple(F.max_pool2d(torch.zeros(1, 8, 10, 10), 3, 2, 1).shape)
    assert rows["max"].params == rows["avg"].params == 0
    assert rows["conv"].params == 8 * 8 * 9 + 8
    assert rows["depthwise"].params == 8 * 9 + 8
    assert all(r.out_shape == expected_shape for r in rows.values())
    assert rows["max"].module.startswith("MaxPool2d(")
    with pytest.raises(GeometryError):
        po.downsampling_layers(8, 10, 2, 2, 2)


def test_average_pooling_is_a_frozen_depthwise_convolution_until_divisors_change():
    x = torch.rand(3, 11, 13, generator=torch.Generator().manual_seed(5))
    pool, conv, diff = po.avg_pool_as_conv(x, 3, 2, 1, False, True)
    assert pool == conv == (6, 7) and diff < 1e-6
    pool, conv, diff = po.avg_pool_as_conv(x, 3, 2, 1, False, False)  # border windows divide by fewer
    assert pool == conv and diff > 1e-3
    pool, conv, diff = po.avg_pool_as_conv(x, 2, 2, 0, True, True)  # ceil_mode: one more row, column
    assert (pool, conv) == ((6, 7), (5, 6)) and diff < 1e-6


# --- figures ------------------------------------------------------------------------------------------------

def test_demo_values_equal_torch_and_captions_write_the_arithmetic():
    t = i18n.translator("fr")
    grid = po.demo_grid(6, seed=3)
    assert np.array_equal(grid, po.demo_grid(6, seed=3)) and grid.min() >= 0 and grid.max() <= 9
    demo = po.pool_demo(grid, ["max", "avg", "lp", "min"], 3, 2, 0, True, False, 2, t)
    x = torch.tensor(grid)[None, None]
    for kind in ("max", "avg", "lp", "min"):
        np.testing.assert_allclose(demo.outputs[kind], torch_pool(x, kind, 3, 2, 0, True, False)[0, 0])
    first = demo.animation.steps[0].caption.split("<br>")
    window = grid[:3, :3].ravel()
    assert first[0] == "Fenêtre (0, 0)"
    assert first[1].startswith("Max\u202f: max(") and first[1].endswith(f"= {int(window.max())}")
    assert first[2].startswith("Moyenne\u202f: (" + " + ".join(str(int(v)) for v in window) + ") / 9")
    assert first[3].startswith("L2\u202f: √(") and "²" in first[3]
    mean = window.mean()
    assert first[2].endswith(t.value(mean))
    assert demo.skipped == {}


def test_lp_is_left_out_with_padding_and_said_so():
    t = i18n.translator("en")
    demo = po.pool_demo(po.demo_grid(5), ["max", "lp"], 3, 2, 1, False, True, 2, t)
    assert set(demo.outputs) == {"max"} and demo.skipped["lp"].code == "pool_lp_padding"
    caption = po.pool_demo(po.demo_grid(5), ["avg"], 3, 2, 1, False, True, 2, t).animation.steps[0].caption
    assert "(padding: 5 zeros counted)" in caption and "/ 9 =" in caption
    caption = po.pool_demo(po.demo_grid(5), ["avg"], 3, 2, 1, False, False, 2, t).animation.steps[0].caption
    assert "(padding: 5 cells not counted)" in caption and "/ 4 =" in caption


def test_stage_payload_opens_where_asked_and_writes_one_value_per_kind():
    t = i18n.translator("en")
    demo = po.pool_demo(po.demo_grid(6), ["max", "avg"], 2, None, 0, False, True, 2, t)
    body = stage.payload(demo.animation, t, start=-1)
    assert len(body["steps"]) == 9 == demo.total_steps
    assert body["start"] == 8
    titles = " ".join(text for p in body["panels"] for line in p["title"] for text, _ in line)
    assert "Input 6×6" in titles and "output 3×3" in titles
    # the first step writes one output value per kind, the last all nine of each
    assert sorted(p for p, _, _ in body["steps"][0]["write"]) == [1, 2]
    last = stage.state_at(body, 8)["texts"]
    assert all(last[1]) and all(last[2]) and len(last[1]) == len(last[2]) == 9
    big = po.pool_demo(po.demo_grid(10), ["max"], 1, 1, 0, False, True, 2, t, max_frames=40)
    assert big.total_steps == 100 and len(big.animation.steps) == 40 and big.animation.thinned


def test_pictures_keep_pixels_square_and_exports_decode():
    arr = np.array([[[0.0, 1.0], [1.0, 0.0]]] * 3, dtype=np.float32)
    pic = pictures.to_picture(arr, factor=3)
    assert pic.size == (6, 6)
    a = np.asarray(pic)
    assert (a[:3, :3] == 0).all() and (a[:3, 3:] == 255).all()
    t = i18n.translator("fr")
    image = np.random.default_rng(0).random((3, 20, 30)).astype(np.float32)
    outputs = po.pool_photo(image, ["max", "lp"], 2, None, 1, False, True, 2)
    assert isinstance(outputs["lp"], GeometryError) and outputs["max"].shape == (3, 11, 16)
    panels = pictures.labelled(po.photo_panels(image, outputs, 2, 2, t), factor=4)
    assert [p[0] for p in panels] == ["Entrée — 3×20×30", "Pooling max — 3×11×16"]
    assert panels[1][1].size == (64, 44)
    png = Image.open(io.BytesIO(pictures.comparison_png(panels)))
    assert png.format == "PNG" and png.width >= 120 + 64
    gif = Image.open(io.BytesIO(pictures.comparison_gif(
        po.shift_frames(image, ["max", "avg"], 2, None, 0, False, True, 2, 3, t), 2)))
    assert gif.format == "GIF" and gif.n_frames == 4
    demo = po.pool_demo(po.demo_grid(4), ["max"], 2, None, 0, False, True, 2, t)
    window_gif = Image.open(io.BytesIO(raster.gif(demo.animation, "fr")))
    assert window_gif.format == "GIF" and window_gif.n_frames == 4


def test_lp_pictures_are_scaled_by_the_lp_of_a_window_of_ones():
    lo, hi = po.display_range("lp", 3, 2)
    assert (lo, hi) == (0.0, pytest.approx(3.0))
    ones = torch.ones(1, 1, 6, 6)
    assert float(F.lp_pool2d(ones, 2, 3).max()) == pytest.approx(hi)


def read_shift_svg(svg: str) -> tuple[dict[str, list[float]], list[str], list[str]]:
    """The curves an SVG shift chart draws, read back from the picture itself: each point's
    height mapped through the y ticks (their labels parsed as numbers); also the x tick labels
    and every text shown."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = root.iter(f"{ns}text")
    yticks = [(float(e.get("y")), e.text) for e in root.iter(f"{ns}text") if e.get("class") == "ytick"]
    def parse(label: str) -> float:
        return float(label.replace("\u202f", "").replace(",", ".").replace("−", "-"))
    (y0, v0), (y1, v1) = (yticks[0][0], parse(yticks[0][1])), (yticks[-1][0], parse(yticks[-1][1]))
    curves = {}
    for line in root.iter(f"{ns}polyline"):
        points = [tuple(map(float, pt.split(","))) for pt in line.get("points").split()]
        curves[line.get("data-kind")] = [v0 + (y - y0) * (v1 - v0) / (y1 - y0) for _, y in points]
        xs = [x for x, _ in points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)  # one point per shift, left to right
    xticks = [e.text for e in root.iter(f"{ns}text") if e.get("class") == "xtick"]
    return curves, xticks, [e.text for e in texts]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_shift_chart_draws_the_changes_torch_computes(lang):
    from cnnviz.render.shift_chart import shift_svg

    t = i18n.translator(lang)
    image = np.random.default_rng(1).random((3, 16, 24))
    curves = po.shift_curves(image, ["max", "avg", "lp"], 2, None, 1, False, True, 2, 3)
    assert set(curves) == {"max", "avg", "none"}  # lp refuses padding
    svg = shift_svg(curves, po.curve_names(curves, 2, 2, t), t)
    drawn, xticks, shown = read_shift_svg(svg)
    # torch, the oracle: the mean change of each output when the photo moves d px to the left
    x = torch.from_numpy(image)[None]
    pools = {"max": lambda c: F.max_pool2d(c, 2, padding=1),
             "avg": lambda c: F.avg_pool2d(c, 2, padding=1, count_include_pad=True),
             "none": lambda c: c[..., ::2, ::2]}
    assert set(drawn) == set(pools)
    top = max(max(v) for v in curves.values())
    for kind, pool in pools.items():
        base = pool(x[..., 0:21])
        expected = [100 * float((pool(x[..., d:d + 21]) - base).abs().mean() / base.abs().mean())
                    for d in range(4)]
        # drawn to within a tenth of a percent of the chart's range (the points are at 0.01 px)
        assert drawn[kind] == pytest.approx(expected, abs=top / 1000), kind
    assert xticks == ["0", "1", "2", "3"]
    names = {"en": ["Max pooling", "Average pooling", "No pooling (1 pixel in 2)",
                    "Shift of the input (pixels)", "Mean change of the output (%)"],
             "fr": ["Pooling max", "Pooling moyen", "Sans pooling (1 pixel sur 2)",
                    "Décalage de l’entrée (pixels)", "Variation moyenne de la sortie (%)"]}[lang]
    assert set(names) <= set(shown)
    ticks = [text for text in shown if text and text[0].isdigit() and text not in xticks]
    assert ticks and all(("," if lang == "fr" else ".") in tick or tick.isdigit() for tick in ticks)
    if lang == "fr":
        assert not any("." in tick for tick in ticks)  # the French decimal comma


def test_shift_chart_escapes_its_text_and_has_a_zero_line_for_a_flat_photo():
    from cnnviz.render.shift_chart import nice_ticks, shift_svg

    t = i18n.translator("en")
    flat = {"max": [0.0, 0.0, 0.0], "none": [0.0, 0.0, 0.0]}
    svg = shift_svg(flat, {"max": "<b>&", "none": "No pooling"}, t)
    drawn, _, shown = read_shift_svg(svg)  # parses: the name is escaped, not markup
    assert "<b>&" in shown and drawn["max"] == pytest.approx([0, 0, 0])
    for top in (0.37, 1, 9.9, 12.5, 48, 250):
        ticks, decimals = nice_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top and 3 <= len(ticks) <= 6
        assert all(round(v, decimals) == pytest.approx(v) for v in ticks)


def test_global_colours_and_adaptive_photo_equal_torch():
    image = np.random.default_rng(2).random((3, 9, 14)).astype(np.float32)
    colors = po.global_colors(image)
    x = torch.from_numpy(image)
    assert colors["avg"] == tuple(round(float(v) * 255) for v in x.mean(dim=(1, 2)))
    assert colors["max"] == tuple(round(float(v) * 255) for v in x.amax(dim=(1, 2)))
    maps = po.adaptive_photo(image, 4)
    np.testing.assert_allclose(maps["avg"], F.adaptive_avg_pool2d(x, 4).numpy(), rtol=1e-6)
    np.testing.assert_allclose(maps["max"], F.adaptive_max_pool2d(x, 4).numpy())


# --- translations -------------------------------------------------------------------------------------

def test_every_pooling_key_used_exists_with_matching_placeholders():
    from cnnviz.i18n import pooling as section

    sources = "".join((ROOT / f).read_text(encoding="utf-8")
                      for f in ("pages/pooling.py", "cnnviz/lessons/pooling.py"))
    used = set(re.findall(r"""["'](pooling\.[a-z_.]+)["']""", sources))
    assert len(used) > 40
    for key in used - {"pooling.png"}:  # the PNG's file name
        if key.endswith("."):  # the start of an f-string key, checked below
            continue
        assert key in i18n.TABLE, key
    dynamic = {f"pooling.{p}.{kind}" for p in ("kind", "short", "num.cap")
               for kind in ("max", "avg", "lp", "min")}
    dynamic |= {f"pooling.vs.row.{n}" for n in ("max", "avg", "conv", "depthwise")}
    dynamic |= {f"pooling.num.legend.{n}" for n in ("input", "padding", "output", "window", "target")}
    for key in dynamic:
        assert key in i18n.TABLE, key
    for key, entry in section.TEXT.items():
        assert key.startswith("pooling.")
        en, fr = (set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("en", "fr"))
        assert en == fr, key
