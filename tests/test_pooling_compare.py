"""Max- and average-pooled photos look alike at display size: the page shows where they differ
most (two crops at one pixel scale, the difference map) and by how much. torch is the oracle:
the numbers on the page are recomputed here from the photo with torch's own pooling."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz import i18n
from cnnviz.images import fit, load_image, sample_bytes, to_array
from cnnviz.lessons import pooling_compare as pc
from cnnviz.render import pictures
from cnnviz.render import pooling as pool_pictures
from tests.apptest_support import run_page

pytestmark = pytest.mark.usefixtures("clean_caches")


def oracle(x: torch.Tensor, k: int = 2, side: int = 16):
    """Mean and largest |max − avg| and the most different side×side window, by brute force."""
    d = (F.max_pool2d(x, k) - F.avg_pool2d(x, k)).abs().mean(0)
    h, w = d.shape
    bh, bw = min(side, h), min(side, w)
    best, where = -1.0, (0, 0)
    for top in range(h - bh + 1):
        for left in range(w - bw + 1):
            s = float(d[top:top + bh, left:left + bw].sum())
            if s > best + 1e-9:
                best, where = s, (top, left)
    return d, float(d.mean()) * 255, float(d.max()) * 255, where, best / (bh * bw) * 255


def test_compare_matches_torch_on_random_maps():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(3, 40, 58, generator=g)
    outputs = {"max": F.max_pool2d(x, 2).numpy(), "avg": F.avg_pool2d(x, 2).numpy()}
    cmp = pc.compare(outputs, side=8)
    d, mean, largest, (top, left), box = oracle(x, side=8)
    assert cmp.kinds == ("max", "avg")
    np.testing.assert_allclose(cmp.diff, d.numpy(), rtol=1e-6, atol=1e-7)
    assert (cmp.box[0], cmp.box[1]) == (top, left) and cmp.box[2:] == (8, 8)
    assert cmp.mean_levels == pytest.approx(mean, rel=1e-5)
    assert cmp.max_levels == pytest.approx(largest, rel=1e-5)
    assert cmp.box_levels == pytest.approx(box, rel=1e-4)
    np.testing.assert_array_equal(cmp.crops[0], outputs["max"][:, top:top + 8, left:left + 8])
    np.testing.assert_array_equal(cmp.crops[1], outputs["avg"][:, top:top + 8, left:left + 8])
    # the crop is clipped to a small output; nothing to compare with one kind or an Lp map
    small = {k: v[:, :5, :6] for k, v in outputs.items()}
    assert pc.compare(small, side=16).box == (0, 0, 5, 6)
    assert pc.compare({"max": outputs["max"]}) is None
    assert pc.compare({"max": outputs["max"], "lp": outputs["avg"]}) is None
    assert pc.pick_kinds({"min": outputs["max"], "avg": outputs["avg"]}) == ("avg", "min")


def test_difference_picture_outlines_the_window():
    diff = np.zeros((10, 12), dtype=np.float32)
    diff[4, 5] = 0.5
    img = np.asarray(pool_pictures.difference_picture(diff, (2, 3, 4, 5), factor=4))
    assert img.shape == (40, 48, 3)
    assert tuple(img[4 * 4 + 1, 5 * 4 + 1]) == (0, 0, 0)  # the largest difference is black
    assert tuple(img[0, 0]) == (255, 255, 255)  # no difference: white
    assert tuple(img[2 * 4, 3 * 4 + 6]) == pool_pictures.BOX  # the window's top edge


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_shows_the_crops_and_torchs_numbers(lang):
    at = run_page("pages/pooling.py", lang=lang)
    t = i18n.translator(lang)
    # the cat reduced as the page does (longest side 128), pooled 2×2 with stride 2 by torch
    x = torch.from_numpy(to_array(fit(load_image(sample_bytes("chelsea")), 128)))
    _, mean, largest, _, box = oracle(x)
    a, b = t("pooling.kind.max"), t("pooling.kind.avg")
    said = t("pooling.cmp.numbers", a=a, b=b[0].lower() + b[1:], mean=t.num(mean, 1),
             max=t.num(largest, 1), box=t.num(box, 1))
    assert said in [str(m.value) for m in at.markdown], said
    assert 1 < mean < 30  # a few grey levels: why the two pictures look alike
    # a wording glitch gone: never "the two differ by at most 0"
    assert not any(re.search(r"(at most|d’au plus) 0\.$", str(m.value), re.M) for m in at.markdown)
    captions = [img.caption for image in at.get("image") for img in image.proto.imgs]
    zoom = pc.zoom(16)
    for name in (a, b):
        assert t("pooling.cmp.crop", name=name, h=16, w=16, zoom=zoom) in captions, captions
    assert t("pooling.cmp.map", a=a[0].lower() + a[1:], b=b[0].lower() + b[1:]) in captions
    # both crops are drawn at one pixel scale, side by side also on a phone
    css = [h.proto.body for h in at.get("html") if "same_scale_crops" in h.proto.body]
    assert css and "flex: 240 1 0" in css[0]
    assert pictures.same_scale_css("k", [2, 1]).count("flex:") == 2
