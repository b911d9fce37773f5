"""AppTest of the Convolution page, run through the whole app (frame + page)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import run_page, stages

PAGE = "pages/convolution.py"


def run(params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    return run_page(PAGE, params, lang)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def shape_line(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if "→" in m.value]
    assert len(lines) == 1, lines
    return lines[0]


def plotly_charts(at: AppTest) -> list:
    """The animations on the page (the stage; the name is historical)."""
    return stages(at)


@pytest.mark.usefixtures("clean_caches")
def test_defaults_show_animation_formula_and_photo():
    at = run()
    assert at.title[0].value == "Convolution, step by step"
    # 7×7 input, 3×3 kernel, stride 1, valid: 5×5 output
    assert shape_line(at) == "#### Input 7 × 7 → Output 5 × 5"
    assert len(plotly_charts(at)) == 1
    payload = plotly_charts(at)[0]
    assert len(payload["steps"]) == 25 and payload["labels"]["step_of"] == "Step {i} / {n}"
    latex = [x.value for x in at.latex]
    assert any(r"\mathbf{5}" in x for x in latex)
    assert any("7 + 0 + 0 - 1" in x for x in latex)
    assert not errors(at)
    # the photo section: input and output shapes, Sobel x by default (grayscale, valid, stride 1)
    text = markdown(at)
    assert "Input** — shape 1 × 170 × 256 (channels × height × width)" in text  # the cat, ≤ 256 px
    assert "Output** — shape 1 × 168 × 254 (channels × height × width)" in text
    assert len(at.get("image")) >= 3  # the sidebar picture, then input and output


@pytest.mark.usefixtures("clean_caches")
def test_slider_changes_output_shape():
    at = run()
    at.slider(key="s").set_value(2).run()
    assert not at.exception
    assert shape_line(at) == "#### Input 7 × 7 → Output 3 × 3"
    at.slider(key="k").set_value(5).run()
    assert shape_line(at) == "#### Input 7 × 7 → Output 2 × 2"
    at.slider(key="n").set_value(12).run()
    assert shape_line(at) == "#### Input 12 × 12 → Output 4 × 4"
    at.slider(key="n").set_value(32).run()  # the largest input: 30 × 30 positions, thinned
    assert shape_line(at) == "#### Input 32 × 32 → Output 14 × 14"
    assert stages(at)[0]["total"] == 14 * 14


@pytest.mark.usefixtures("clean_caches")
@pytest.mark.parametrize(("pad", "expected"), [("valid", "5 × 5"), ("same", "7 × 7"),
                                               ("full", "9 × 9"), ("custom", "7 × 7")])
@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_every_padding_keyword_and_mode(pad, expected, mode):
    at = run({"pad": pad, "pmode": mode})
    assert shape_line(at).endswith(f"Output {expected}")
    assert not errors(at)
    assert len(plotly_charts(at)) == 1


@pytest.mark.usefixtures("clean_caches")
def test_extremes_of_the_sliders():
    at = run({"n": "12", "k": "1", "s": "4", "d": "4"})
    assert shape_line(at) == "#### Input 12 × 12 → Output 3 × 3"
    at = run({"n": "32", "k": "3", "pad": "same"})
    assert shape_line(at) == "#### Input 32 × 32 → Output 32 × 32"
    assert "1,024 steps" in stages(at)[0]["labels"]["thinned"]
    at = run({"n": "3", "k": "7", "s": "1", "d": "1", "pad": "full"})
    assert shape_line(at) == "#### Input 3 × 3 → Output 9 × 9"


@pytest.mark.usefixtures("clean_caches")
def test_rectangular_settings():
    at = run({"rect": "1", "n": "6", "nw": "10", "k": "3", "kw": "5", "s": "1", "sw": "2"})
    assert shape_line(at) == "#### Input 6 × 10 → Output 4 × 3"


@pytest.mark.usefixtures("clean_caches")
def test_impossible_combination_from_url_is_a_sentence():
    at = run({"n": "3", "k": "7", "pad": "valid"})
    assert "Impossible setting" in errors(at)
    assert "dilated kernel spans 7 cells" in errors(at)
    assert not plotly_charts(at)
    assert at.info  # the page says the animation comes back, and the rest still runs


@pytest.mark.usefixtures("clean_caches")
def test_reflect_padding_too_big_is_a_sentence():
    at = run({"n": "3", "k": "5", "pad": "full", "pmode": "reflect"})
    assert "“reflect” padding can add at most 2 rows" in errors(at)


@pytest.mark.usefixtures("clean_caches")
def test_out_of_range_url_value_warns_and_uses_default():
    at = run({"k": "99", "pmode": "mirror"})
    warnings = "\n".join(w.value for w in at.warning)
    assert "`99`" in warnings and "`mirror`" in warnings
    assert shape_line(at) == "#### Input 7 × 7 → Output 5 × 5"


@pytest.mark.usefixtures("clean_caches")
def test_transposed_mode():
    at = run({"view": "transposed"})
    # 3×3 input, kernel 3, stride 2: (3 − 1)·2 + 2 + 1 = 7
    assert shape_line(at) == "#### Input 3 × 3 → Output 7 × 7"
    assert "ConvTranspose2d" in "\n".join(c.value for c in at.caption)
    assert len(plotly_charts(at)) == 1
    at.slider(key="tp").set_value(1).run()
    assert shape_line(at) == "#### Input 3 × 3 → Output 5 × 5"
    assert any(r"\mathbf{5}" in x.value for x in at.latex)


@pytest.mark.usefixtures("clean_caches")
def test_transposed_output_padding_too_big_is_a_sentence():
    at = run({"view": "transposed", "s": "1", "top": "2"})
    assert "output padding (2) must be smaller" in errors(at)


@pytest.mark.usefixtures("clean_caches")
def test_bad_custom_kernel_is_a_sentence():
    at = run({"fk": "custom", "fkt": "1 2; 3"})
    assert "Every row of the kernel needs the same number of values." in errors(at)
    assert len(plotly_charts(at)) == 1  # the animation above still works
    at = run({"fk": "custom", "fkt": "1 0 -1; 2 0 -2; 1 0 -1"})
    assert not errors(at)
    assert "Output** — shape 1 × 168 × 254" in markdown(at)


@pytest.mark.usefixtures("clean_caches")
def test_stride_shrinks_the_photo_honestly():
    at = run({"s": "2"})
    shapes = [m.value for m in at.markdown if "shape 1 ×" in m.value]
    assert len(shapes) == 2
    in_h, in_w = (int(v) for v in shapes[0].split("shape 1 × ")[1].split(" ")[0:3:2])
    out_h, out_w = (int(v) for v in shapes[1].split("shape 1 × ")[1].split(" ")[0:3:2])
    assert (out_h, out_w) == ((in_h - 3) // 2 + 1, (in_w - 3) // 2 + 1)


@pytest.mark.usefixtures("clean_caches")
def test_french():
    at = run({"pad": "same"}, lang="fr")
    assert at.title[0].value == "La convolution, pas à pas"
    assert shape_line(at) == "#### Entrée 7 × 7 → Sortie 7 × 7"
    assert any("Sortie" in x.value for x in at.latex)
    assert "forme 1 × 170 × 256 (canaux × hauteur × largeur)" in markdown(at)


@pytest.mark.usefixtures("clean_caches")
def test_lecture_mode_hides_intro_and_secondary_controls_but_keeps_their_url_values():
    at = run({"lecture": "1", "seed": "3", "rect": "1", "n": "6", "nw": "8"})
    assert not at.exception
    intro = "A small kernel slides over the input"
    assert not any(intro in m.value for m in at.markdown)
    keys = {s.key for s in at.slider}
    assert "seed" not in keys and "n" in keys and "nw" in keys  # rect kept from the URL
    assert shape_line(at) == "#### Input 6 × 8 → Output 4 × 6"
    assert not at.get("download_button") or all(
        "GIF" not in b.proto.label for b in at.get("download_button"))
    at = run()
    assert any(intro in m.value for m in at.markdown)
