"""The Activations page's shortcuts give what the slow path gave: the model summary's numbers
are computed once per model and formatted per language."""

from __future__ import annotations

import models
from cnnviz import i18n
from cnnviz.lessons import activations as view
from tests.apptest_support import run_page


def test_summary_from_rows_equals_the_summary_table():
    model = models.load_model("shapes")
    rows = view.layer_rows(model)
    for lang in ("en", "fr"):
        tr = i18n.translator(lang)
        headers = [tr(f"act.summary.{h}") for h in ("layer", "kind", "shape", "params", "madds")]
        assert (view.summary_rows(rows, headers, tr.num, tr("act.summary.total"))
                == view.summary_table(model, headers, tr.num, tr("act.summary.total")))


def test_language_switch_does_not_recount(clean_caches, monkeypatch):
    calls = []
    layer_rows = view.layer_rows

    def counting(model):
        calls.append(type(model).__name__)
        return layer_rows(model)

    monkeypatch.setattr(view, "layer_rows", counting)
    en = run_page("pages/activations.py", lang="en")
    fr = run_page("pages/activations.py", lang="fr")
    assert len(calls) == 1
    tables = [next(str(m.value) for m in at.markdown if "\n| " in str(m.value)) for at in (en, fr)]
    assert tables[0].count("\n") == tables[1].count("\n") > 10  # the same rows, two languages


# --------------------------------------------------------------------------- the prediction first

def _photo(side: int = 512):
    import io

    from PIL import Image

    from bench.browser import png_photo

    return Image.open(io.BytesIO(png_photo(5, side))).convert("RGB")


def test_prediction_alone_equals_the_full_computation():
    """The page shows the prediction before computing every layer: the same probabilities,
    28×28 input and notes as the full forward pass gives (drawing, photo, both resolutions)."""
    import numpy as np

    from cnnviz.lessons import prediction

    model = models.load_model("shapes")
    for image in (view.drawing("square", 55, 30, True), _photo(512), _photo(40)):
        for res in ("28", "full"):
            p, a = prediction.predict(model, image, res), view.compute(model, image, res)
            assert np.array_equal(p.probs, a.probs)
            assert np.array_equal(p.input28, a.input28)
            assert p.notes == a.notes and p.top == a.top
            assert p.top_probability == a.top_probability
    assert "shrunk" in prediction.predict(model, _photo(512), "full").notes
    # 'what the model sees', encoded once: the pixels the page used to encode on every rerun
    from cnnviz.render import files
    from cnnviz.render.pictures import enlarge

    assert p.seen_png == files.png(enlarge(a.input28, 280))


def test_probability_bars_are_the_probabilities():
    import re

    import numpy as np

    from cnnviz.lessons import prediction
    from cnnviz.render import closeup

    model = models.load_model("shapes")
    pred = prediction.predict(model, view.drawing("triangle", 60, 0, False), "28")
    html = prediction.probability_bars(pred, i18n.translator("fr"))
    widths = [float(w) for w in re.findall(r"width:([0-9.]+)%;background", html)]
    assert np.allclose(widths, 100 * pred.probs, atol=0.01)
    assert html.count(closeup.TOP_COLOUR) == 1  # the most likely class alone in blue
    top = int(np.argmax(pred.probs))
    assert f'data-class-index="{top}" data-p="{float(pred.probs[top]):.6f}"' in html
    assert "triangle" in html and html.count("\u202f%") == 3  # 12,5 % held together
    hostile = closeup.probability_html(["<img src=x onerror=alert(1)>", "b"], [0.4, 0.6],
                                       ["40 %", "60 %"])
    assert "<img" not in hostile and "&lt;img" in hostile


def test_channel_closeup_cells_are_the_colour_map_of_the_values():
    """The close-up picture (it replaced a Plotly heatmap): every cell the colour map of its
    value over [lo, hi], the unit outlined, values written in the cells of a small map."""
    import io

    import numpy as np
    from PIL import Image

    from cnnviz.lessons import prediction
    from cnnviz.render import closeup
    from cnnviz.render.pictures import colorize

    rng = np.random.default_rng(0)
    tr = i18n.translator("en")
    for h, w in ((30, 20), (256, 256), (5, 5)):
        values = rng.normal(size=(h, w)).astype(np.float32)
        lo, hi = float(values.min()), float(values.max())
        pic = np.asarray(closeup.channel_picture(values, "viridis", lo, hi, num=tr.num, side=440))
        expected = colorize((values - lo) / (hi - lo), "viridis")
        kx, ky = pic.shape[1] / w, pic.shape[0] / h
        assert max(pic.shape[:2]) <= 440
        if max(h, w) > 12:  # no numbers written: the cell centres are the colour map
            ys = (np.arange(h) * ky + ky / 2).astype(int)
            xs = (np.arange(w) * kx + kx / 2).astype(int)
            assert np.array_equal(pic[ys][:, xs], expected)
        else:  # numbers written in the cells: more than one colour inside a cell
            c = closeup.cell_size(h, w, 440)
            assert len(np.unique(pic[1:c, 1:c].reshape(-1, 3), axis=0)) > 2
    values = rng.normal(size=(12, 12)).astype(np.float32)
    marked = np.asarray(closeup.channel_picture(values, "gray", -3, 3, num=tr.num, unit=(4, 7)))
    c = closeup.cell_size(12, 12, 440)
    assert tuple(marked[4 * c + c // 2, 7 * c]) == closeup.MARK  # the unit's left edge
    acts = view.compute(models.load_model("shapes"), view.drawing("square", 55, 30, True), "28")
    record = acts.layer("conv1")
    v = prediction.channel_closeup(acts, record, 3, "channel", "magma", tr, (10, 10))
    img = Image.open(io.BytesIO(v.png))
    h = record.maps.shape[1]
    assert img.height == closeup.cell_size(h, h, 440) * h  # the map...
    assert img.width > img.height + 40  # ...then its colour bar
    assert "conv1" in v.heading and not v.dead


def test_layer_pictures_sent_as_indexed_png_have_the_same_pixels():
    """Layer pictures are sent as palette PNGs (half the bytes and encoding time): decoded,
    the very pixels of the RGB picture, in every colour map and range; a picture of more than
    256 colours falls back to the RGB PNG."""
    import io

    import numpy as np
    from PIL import Image

    from cnnviz.render import files
    from cnnviz.render.pictures import CMAPS, layer_picture

    acts = view.compute(models.load_model("shapes"), _photo(300), "full")
    for record in acts.layers[::4]:
        for cmap in CMAPS:
            for mode in ("channel", "global"):
                rgb = layer_picture(record.maps, mode, cmap, *acts.color_range(record, mode),
                                    max_side=363)
                data = files.indexed_png(rgb)
                decoded = Image.open(io.BytesIO(data))
                assert np.array_equal(np.asarray(decoded.convert("RGB")), rgb)
                if len(np.unique(rgb.reshape(-1, 3), axis=0)) > 256:  # 256 map colours + white
                    assert data == files.png(rgb)
                    continue
                assert decoded.mode == ("L" if cmap == "gray" else "P")
                assert len(data) < len(files.png(rgb))
    noise = np.random.default_rng(0).integers(0, 256, (40, 40, 3), dtype=np.uint8)
    assert files.indexed_png(noise) == files.png(noise)


def test_cached_jpeg_is_what_st_image_would_send():
    """The Convolution photo is cached as JPEG bytes: exactly the bytes ``st.image`` made of the
    picture on every rerun before (grey and colour), so the page shows the same picture."""
    import numpy as np
    from PIL import Image
    from streamlit.elements.lib.image_utils import _pil_to_bytes, _validate_image_format_string

    from cnnviz.render import files
    from cnnviz.render.pictures import enlarge, to_picture

    rng = np.random.default_rng(1)
    for picture in (to_picture(rng.random((40, 30)), 0.0, 1.0), to_picture(rng.random((3, 20, 25))),
                    Image.fromarray(rng.integers(0, 255, (9, 9, 3), dtype=np.uint8))):
        big = enlarge(picture, factor=4)
        assert _validate_image_format_string(big, "auto") == "JPEG"
        assert files.jpeg(big) == _pil_to_bytes(big, "JPEG")


def test_channel_closeup_is_made_once_per_map_and_language():
    from cnnviz import memo
    from cnnviz.lessons import prediction

    memo.clear_all()
    acts = view.compute(models.load_model("shapes"), view.drawing("square", 55, 30, True), "28")
    small = next(r for r in acts.layers if max(r.maps.shape[1:]) <= 12)  # numbers in its cells
    en, fr = i18n.translator("en"), i18n.translator("fr")
    first = prediction.channel_closeup(acts, small, 1, "channel", "viridis", en, (1, 1))
    again = prediction.channel_closeup(acts, small, 1, "channel", "viridis", en, (1, 1))
    assert again.png is first.png  # from the cache, not drawn again
    french = prediction.channel_closeup(acts, small, 1, "channel", "viridis", fr, (1, 1))
    assert french.png != first.png  # decimal commas: its own picture
    other = prediction.channel_closeup(acts, small, 2, "channel", "viridis", en, (1, 1))
    assert other.png != first.png
    memo.clear_all()
    assert prediction.channel_closeup(acts, small, 1, "channel", "viridis", en, (1, 1)).png == first.png


def test_summary_markdown_table_holds_the_summary_rows():
    """The model summary is a Markdown table (it was a data-frame grid): every row and cell of
    the summary, escaped, numbers right-aligned."""
    import re

    from cnnviz.render import closeup

    model = models.load_model("shapes")
    tr = i18n.translator("fr")
    headers = [tr(f"act.summary.{h}") for h in ("layer", "kind", "shape", "params", "madds")]
    rows, _, _ = view.summary_rows(view.layer_rows(model), headers, tr.num, tr("act.summary.total"))
    table = closeup.markdown_table(rows, right=headers[3:]).splitlines()
    assert len(table) == len(rows) + 2
    assert table[1] == "|---|---|---|---:|---:|"
    for line, row in zip(table[2:], rows, strict=True):
        cells = [c.strip().replace("\\", "").replace("\u00a0", " ") for c in line.strip("|").split(" | ")]
        assert cells == [row[h].strip() for h in headers]  # an empty cell holds a no-break space
    hostile = closeup.markdown_table([{"a": "[x](http://e.example) ![i](http://e) :red[b] $x$ | y"
                                            " <img src=x onerror=alert(1)>"}], scroll=True)
    assert re.search(r"(?<!\\)<img", hostile) is None and "\\<img" in hostile  # inert text
    assert "](" not in hostile.replace("\\](", "").replace("\\]\\(", "")
    assert "\\[x\\]\\(http" in hostile and "\\|" in hostile and "\\$x\\$" in hostile
