"""AppTest of the Pooling page, run through the whole app (frame + page)."""

from __future__ import annotations

import base64
import io

import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from streamlit.testing.v1 import AppTest

from cnnviz.lessons.pooling import demo_grid
from cnnviz.render.stage import state_at
from tests.apptest_support import run_page, stages
from tests.test_pooling import read_shift_svg

PAGE = "pages/pooling.py"

pytestmark = pytest.mark.usefixtures("clean_caches")


def run(params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    return run_page(PAGE, params, lang)


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def everything(at: AppTest) -> str:
    return "\n".join(texts(at, kind) for kind in ("markdown", "caption", "header", "error",
                                                  "warning", "info", "success"))


def svg_charts(at: AppTest) -> list[str]:
    """The SVG pictures the page shows (``st.image`` of SVG markup), decoded."""
    urls = [img.url for e in at.get("image") for img in e.proto.imgs]
    prefix = "data:image/svg+xml;base64,"
    return [base64.b64decode(u[len(prefix):]).decode() for u in urls if u.startswith(prefix)]


def test_defaults_show_all_five_sections_with_torch_values():
    at = run()
    assert at.title[0].value.startswith("Pooling:")
    # the window animation opens the page (no header), then four sections
    assert [h.value for h in at.header] == [
        "On your photo", "Tolerance to small shifts", "Pooling or strided convolution?",
        "Global and adaptive pooling"]
    assert not at.error and not at.warning
    text = everything(at)
    assert "Output size 42×64 from a 85×128 input" in text  # the cat reduced to 128 px
    assert "**Input — 3×85×128**" in text and "**Max pooling — 3×42×64**" in text
    assert "Pooling has 0 parameters" in text
    (table,) = [m.value for m in at.markdown if m.value.startswith("| ")]
    rows = [[c.strip() for c in line.strip("|").split(" | ")] for line in table.splitlines()]
    assert rows[0] == ["Layer", "torch module", "Output shape", "Parameters"]
    assert [r[2] for r in rows[2:]] == ["1×64×28×28"] * 4  # torch's shapes
    params = {r[0]: r[3] for r in rows[2:]}
    # counted by torch: Conv2d(64, 64, 2, stride 2) has 64·64·4 + 64 weights, depthwise 64·4 + 64
    assert params == {"Max pooling": "0", "Average pooling": "0", "Strided convolution": "16,448",
                      "Strided depthwise convolution": "320"}
    assert not at.get("plotly_chart")  # no Plotly on this page: its 4.7 MB bundle stays away
    (shift,) = svg_charts(at)
    drawn, _, shown = read_shift_svg(shift)
    (animation,) = stages(at)
    assert len(animation["steps"]) == 9 and animation["start"] == 0  # opens on the first window
    # replayed to the last step, the max output panel holds torch's max pooling of the demo grid
    expected = F.max_pool2d(torch.tensor(demo_grid(6, 0))[None, None], 2)[0, 0]
    written = state_at(animation, 8)["texts"][1]
    assert [float(v) for v in written] == expected.flatten().tolist()
    assert list(drawn) == ["none", "max", "avg"]  # the baseline drawn first, under the others
    assert {"Max pooling", "Average pooling", "No pooling (1 pixel in 2)"} <= set(shown)
    assert len(at.get("download_button")) == 3  # window GIF, comparison PNG, shift GIF


def test_french_all_kinds_padding_and_ceil_mode():
    at = run({"pool_k": "3", "pool_p": "1", "pool_ceil": "1", "pool_lp": "1",
              "pool_min": "1", "pool_sauto": "0", "pool_s": "2"}, lang="fr")
    assert at.title[0].value.startswith("Pooling\u202f:")
    text = everything(at)
    assert "nn.LPPool2d" in text  # Lp has no padding in torch: a sentence, not a traceback
    assert "**Pooling min — 3×43×65**" in text and "Pooling L2" not in text
    assert "Sur cette photo" in text
    assert "Avec ceil_mode" in text and "43×65 valeurs, la convolution 43×64" in text
    (shift,) = svg_charts(at)
    drawn, xticks, shown = read_shift_svg(shift)
    assert set(drawn) == {"none", "max", "avg", "min"} and xticks == ["0", "1", "2", "3"]
    assert {"Pooling min", "Sans pooling (1 pixel sur 2)", "Décalage de l’entrée (pixels)"} <= set(shown)
    animation = stages(at)[0]
    captions = " ".join(text for line in animation["steps"][0]["caption"] for text, _ in line)
    assert "Moyenne\u202f: (" in captions and "zéros comptés" in captions


def test_slider_extremes_keep_the_page_working():
    at = run({"pool_k": "1"})  # 1×1 pooling: the identity, same shape
    assert "Output size 85×128 from a 85×128 input" in everything(at)
    at = run({"pool_k": "6", "pool_p": "3", "pool_n": "2", "pool_seed": "20", "pool_ao": "12",
              "pool_lpp": "6", "pool_sauto": "0", "pool_s": "6"})
    assert texts(at, "error") == ""  # a 6-cell pool fits a 2×2 grid padded by 3 (8 cells)
    assert "Output size 15×22 from a 85×128 input" in everything(at)
    at = run({"pool_k": "6", "pool_n": "2"})  # 6 > 2: the numbers section says why
    assert "the pool spans 6 cells but the padded input has only 2" in texts(at, "error")
    assert "On your photo" in texts(at, "header")
    assert "**Max pooling — 3×14×21**" in everything(at)  # the photo section still works


def test_impossible_padding_is_one_sentence_and_the_page_goes_on():
    at = run({"pool_k": "2", "pool_p": "3"})
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "at most half the pool size (1 for a pool of 2)" in errors[0]
    assert len(at.header) == 4 and len(at.slider) >= 5
    assert texts(at, "caption").count("appears as soon as the setting above is possible") == 4


def test_bad_url_values_are_ignored_with_a_sentence():
    at = run({"pool_k": "banana", "pool_max": "maybe", "pool_p": "99"})
    warnings = texts(at, "warning")
    assert "“Pool size k (window k×k)” to `banana`" in warnings  # quoted as inert text
    assert "`maybe`" in warnings and "`99`" in warnings
    assert at.slider(key="pool_k").value == 2 and at.checkbox(key="pool_max").value is True


def test_no_kind_ticked_asks_for_one_and_widget_changes_rerun_cleanly():
    at = run({"pool_max": "0", "pool_avg": "0"})
    assert "Tick at least one kind" in texts(at, "info")
    at.checkbox(key="pool_min").check().run()
    assert not at.exception
    assert "**Min pooling — 3×42×64**" in everything(at)
    at.slider(key="pool_n").set_value(10).run()
    at.slider(key="pool_ao").set_value(1).run()
    assert not at.exception
    assert "Global pooling of your photo" in everything(at)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cached_photo_pictures_are_the_freshly_drawn_pixels(lang):
    """The photo section's pictures are drawn and encoded once in a cache, as PNG (lossless):
    the page must send, unchanged, the PNG of the pictures drawn afresh here, i.e. the same
    media URLs (Streamlit names a file by the hash of its bytes), drawn then cached."""
    from streamlit.runtime.memory_media_file_storage import _calculate_file_id

    from cnnviz import i18n
    from cnnviz.images import fit, load_image, sample_bytes, to_array
    from cnnviz.lessons import pooling as po
    from cnnviz.lessons import pooling_compare
    from cnnviz.render import files, pictures
    from cnnviz.render import pooling as pool_pictures
    from cnnviz.ui import DEFAULT_SAMPLE

    tr = i18n.translator(lang)
    image = to_array(fit(load_image(sample_bytes(DEFAULT_SAMPLE)), 128))
    arrays = po.pool_photo(image, ("max", "avg", "min"), 3, None, 1, False, True, 2)
    factor = pictures.display_factor(image.shape[2], target=768)
    expected = [pic for _, pic in pictures.labelled(po.photo_panels(image, arrays, 3, 2, tr), factor)]
    cmp = pooling_compare.compare(arrays)
    zoom = pooling_compare.zoom(max(cmp.box[2:]))
    expected += [pictures.to_picture(crop, 0.0, 1.0, zoom) for crop in cmp.crops]
    expected.append(pool_pictures.difference_picture(cmp.diff, cmp.box, factor))
    pngs = [files.png(pic) for pic in expected]
    for pic, png in zip(expected, pngs, strict=True):  # lossless: the very pixels drawn
        decoded = Image.open(io.BytesIO(png))
        assert decoded.size == pic.size and decoded.tobytes() == pic.convert(decoded.mode).tobytes()
    ids = [_calculate_file_id(png, "image/png") for png in pngs]
    for _ in range(2):  # drawn, then served from the cache
        at = run({"pool_k": "3", "pool_p": "1", "pool_min": "1"}, lang=lang)
        urls = [img.url for e in at.get("image") for img in e.proto.imgs]
        shown = [u.rsplit("/", 1)[-1] for u in urls if u.startswith("/mock/media/")]
        assert shown[:len(ids)] == [f"{i}.png" for i in ids]


def test_lecture_mode_keeps_every_section_inside_the_settings_fragment():
    at = run({"lecture": "1", "pool_k": "3"})
    assert [h.value for h in at.header][:3] == [
        "On your photo", "Tolerance to small shifts", "Pooling or strided convolution?"]
    assert "Output size 28×42 from a 85×128 input" in everything(at)
    assert len(stages(at)) == 1 and len(svg_charts(at)) == 1
    at.slider(key="pool_k").set_value(2).run()
    assert not at.exception
    assert "Output size 42×64 from a 85×128 input" in everything(at)
