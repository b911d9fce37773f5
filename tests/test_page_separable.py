"""The Separable page run in-process through the whole app (AppTest): defaults, slider extremes,
bad URL values, and numbers on the page equal to what torch computes."""

from __future__ import annotations

import re

import pytest
import torch
from streamlit.testing.v1 import AppTest

from cnnviz import i18n
from cnnviz.lessons import separable as sep
from cnnviz.lessons import separable_weights as wts
from tests.apptest_support import run_page, stages

pytestmark = pytest.mark.usefixtures("clean_caches")
UNEXPECTED = {i18n.translate("error.unexpected", lang) for lang in i18n.LANGUAGES}


def run(params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    return run_page("pages/separable.py", params, lang, check=False)


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.proto.body for h in at.get("html")]  # the costs, the formula, the tables
    parts += [h.value for h in at.header] + [h.value for h in at.subheader]
    parts += [str(i.value) for i in at.info] + [str(s.value) for s in at.success]
    return "\n".join(parts)


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if e.value in UNEXPECTED]


def drawn_costs(chart: str) -> dict[str, dict[str, int]]:
    """The raw numbers behind each bar of the costs chart: {panel: {part: value}}."""
    panels = re.split(r'(?=<div class="cnnviz-cost" )', chart)[1:]
    return {re.search(r'data-kind="(\w+)"', p)[1]: {
        part: int(v) for part, v in re.findall(r'data-part="(\w+)" data-value="(\d+)"', p)}
        for p in panels}


def test_defaults_render_every_section_with_torch_numbers():
    at = run()
    assert_healthy(at)
    # the stage comes first, without a header of its own; then the numbered sections
    assert [h.value for h in at.header][:4] == [
        i18n.translate(k, "en") for k in ("sep.stages_title", "sep.savings_title",
                                          "sep.spatial_title", "sep.summary_title")]
    text = page_text(at)
    costs = sep.compare_costs(32, 64, 3, 112)
    assert f"**{costs.params_standard:,}**" in text and f"**{costs.params_separable:,}**" in text
    assert f"**{costs.macs_separable:,}**" in text
    assert "108,211" in text and "108,330" in text  # the course example's totals
    assert "Rank 1: separable" in text
    # the costs as HTML bars (no Plotly), the tables as Markdown (no data-frame grid, no Arrow)
    assert not at.get("plotly_chart") and not at.get("arrow_data_frame") and not at.get("table")
    assert not at.get("dataframe")
    (chart,) = [h.proto.body for h in at.get("html") if 'class="cnnviz-costs"' in h.proto.body]
    assert drawn_costs(chart) == {
        "params": {"standard": costs.params_standard, "depthwise": costs.params_depthwise,
                   "pointwise": costs.params_pointwise},
        "macs": {"standard": costs.macs_standard, "depthwise": costs.macs_depthwise,
                 "pointwise": costs.macs_pointwise}}
    assert f"{costs.params_separable:,}" in chart and f"{costs.macs_standard:,}" in chart
    (animation,) = stages(at)
    assert len(animation["steps"]) == 3 * 25  # depthwise: every channel, every position
    # the two stages' shapes, for the cat (300×451, height×width) fitted to 64×96 pixels
    assert "3×64×96 → depthwise 3×64×96 → output 2×64×96" in text
    assert len(at.get("download_button")) == 2


def test_slider_extremes_and_every_choice():
    at = run()
    at.slider(key="sep_res").set_value(16)
    at.slider(key="sep_dm").set_value(sep.MAX_MULTIPLIER)
    at.slider(key="sep_s").set_value(3)
    at.slider(key="sep_out").set_value(sep.MAX_OUT)
    at.radio(key="sep_pad").set_value("valid")
    at.radio(key="sep_kmode").set_value("random")
    at.run()
    assert_healthy(at)
    at.slider(key="sep_ks").set_value(7)
    at.radio(key="sep_src").set_value("synthetic")
    at.radio(key="sep_pw").set_value("random")
    at.run()
    assert_healthy(at)
    at.slider(key="sep_ch").set_value(sep.MAX_CHANNELS)
    at.slider(key="sep_m").set_value(512)
    at.slider(key="sep_n").set_value(1)
    at.slider(key="sep_ck").set_value(7)
    at.slider(key="sep_hw").set_value(1)
    at.slider(key="sep_an").set_value(3)
    at.slider(key="sep_as").set_value(3)
    at.radio(key="sep_ap").set_value("valid")
    at.slider(key="sep_tk").set_value(7)
    at.slider(key="sep_tf").set_value(64)
    at.selectbox(key="sep_sk").set_value("laplacian")
    at.run()
    assert_healthy(at)
    text = page_text(at)
    # 16-pixel synthetic input, kernel 7 'valid', stride 3: (16 - 7) // 3 + 1 = 4
    mid = sep.MAX_CHANNELS * sep.MAX_MULTIPLIER
    assert f"{sep.MAX_CHANNELS}×16×16 → depthwise {mid}×4×4 → output {sep.MAX_OUT}×4×4" in text
    assert any(w.value.startswith("Rank 2: not separable") for w in at.warning)
    # 1×1 input with a 7×7 kernel, 'same' padding: still one output cell; N = 1
    costs = sep.compare_costs(512, 1, 7, 1)
    assert f"**{costs.macs_standard:,}**" in text
    # course example with 7×7 kernels and 64 filters: 22×22×64 -> Dense
    assert f"{(22 * 22 * 64 * 10 + 10):,}" in text


def test_bad_url_values_give_sentences_and_defaults():
    at = run({"sep_dm": "99", "sep_pad": "sideways", "sep_res": "abc", "sep_sk": "<script>",
              "sep_src": "webcam"})
    assert_healthy(at)
    warnings = " ".join(w.value for w in at.warning)
    for bad in ("99", "sideways", "abc", "<script>", "webcam"):
        assert bad in warnings, bad
    assert "3×64×96 → depthwise 3×64×96" in page_text(at)  # defaults used


def test_url_settings_are_applied_in_french():
    at = run({"sep_dm": "2", "sep_s": "2", "sep_out": "3", "sep_sk": "gaussian"}, lang="fr")
    assert_healthy(at)
    text = page_text(at)
    assert "entrée 3×64×96 → en profondeur 6×32×48 → sortie 3×32×48" in text
    assert "Rang 1\u202f: séparable" in text
    assert "108\u202f211" in text
    # depth multiplier 2: maps P1[R], P2[R], P1[V] … (short letters, V for vert); the pointwise
    # sums use the decimal comma and a true minus sign
    assert "**Sortie 1** = 0,17·P1[R] + 0,17·P2[R] + 0,17·P1[V] + 0,17·P2[V] + 0,17·P1[B] + " \
           "0,17·P2[B]" in text
    assert "**Sortie 2** = 1,00·P1[R] − 1,00·P2[R] + 0,00·P1[V]" in text
    assert "+ −" not in text


def weights_field(at: AppTest, j: int):
    """The text field of output ``j``'s pointwise weights (its key changes with the settings)."""
    (field,) = [w for w in at.text_input if w.key.startswith(f"_sep_pw{j}_")]
    return field


def output_picture(at: AppTest, caption: str) -> str:
    """The media URL of the picture captioned ``caption`` (it changes with the picture's bytes)."""
    for image in at.get("image"):
        for img in image.proto.imgs:
            if img.caption == caption:
                return img.url
    raise AssertionError(f"no picture captioned {caption!r}")


def test_edited_pointwise_weights_are_used_kept_in_the_url_and_bad_input_explained():
    at = run()
    # the default: output 1 averages the three maps, named by their channel's letter
    assert "**Output 1** = 0.33·D1[R] + 0.33·D1[G] + 0.33·D1[B]" in page_text(at)
    assert weights_field(at, 1).value == "0.33 0.33 0.33" and "sep_pw1" not in at.query_params
    before = output_picture(at, "Output 1")
    weights_field(at, 1).set_value("2 abc 25").run()
    assert_healthy(at)
    text = page_text(at)
    # the typed weights are the ones used: not a number -> 0, 25 clipped to 10, each said in a
    # sentence quoting what was typed; a negative weight is written with a true minus
    assert "**Output 1** = 2.00·D1[R] + 0.00·D1[G] + 10.00·D1[B]" in text
    assert "**Output 2** = 1.00·D1[R] − 1.00·D1[G] + 0.00·D1[B]" in text
    assert "+ −" not in text and "(red)]" not in text
    assert [w.value for w in at.warning] == [
        "Output 1: `abc` is not a number; it counts as 0.",
        "Output 1: `25` is outside −10…10; it was brought back to the limit."]
    assert output_picture(at, "Output 1") != before  # output 1 was computed again from them
    assert at.query_params["sep_pw1"] == "2 abc 25"  # the edit is part of the link
    weights_field(at, 2).set_value("1").run()
    assert [w.value for w in at.warning][-1] == (
        "Output 2 needs 3 weights, one per depthwise map, but 1 were typed: the missing ones "
        "count as 0.")
    assert "**Output 2** = 1.00·D1[R] + 0.00·D1[G] + 0.00·D1[B]" in page_text(at)
    # other settings (random weights): their own defaults, the edited lines left the URL
    at.radio(key="sep_pw").set_value("random").run()
    assert_healthy(at)
    assert "sep_pw1" not in at.query_params and "sep_pw2" not in at.query_params
    random_w = sep.pointwise_weights(2, 3, "random", 0)
    assert weights_field(at, 1).value == wts.row_text(random_w[0], "en")
    assert not at.warning


def test_an_edit_comes_back_to_a_new_field_without_the_url():
    at = run()
    weights_field(at, 1).set_value("2 abc 25").run()
    # a new field (here: another language) without the URL (a page switch clears it): the
    # session's edit comes back, and into the URL
    at.query_params.clear()
    at.session_state["lang"] = "fr"
    at.run()
    assert_healthy(at)
    assert weights_field(at, 1).key.endswith("_fr")
    assert weights_field(at, 1).value == "2 abc 25" and at.query_params["sep_pw1"] == "2 abc 25"
    assert "**Sortie 1** = 2,00·P1[R] + 0,00·P1[V] + 10,00·P1[B]" in page_text(at)


def test_weights_from_the_url_in_french():
    at = run({"sep_pw2": "0,5 −1,5 2 7"}, lang="fr")
    assert_healthy(at)
    assert weights_field(at, 1).value == "0,33 0,33 0,33"  # the defaults in French
    assert weights_field(at, 2).value == "0,5 −1,5 2 7"
    assert "**Sortie 2** = 0,50·P1[R] − 1,50·P1[V] + 2,00·P1[B]" in page_text(at)
    assert [w.value for w in at.warning] == [
        "La sortie 2 demande 3 poids, un par carte en profondeur, mais 4 ont été saisis\u202f: "
        "ceux en trop sont ignorés."]


def test_typed_weights_are_read_as_the_page_says_with_torch_as_the_oracle():
    weights, found = wts.parse_rows(["2 abc 25", "1; −1,5\t0", ""], 3)
    assert weights.tolist() == [[2.0, 0.0, 10.0], [1.0, -1.5, 0.0], [0.0, 0.0, 0.0]]
    assert [(j, p.kind) for j, p in found] == [(0, "not_number"), (0, "clipped"), (2, "too_few")]
    assert wts.parse_row("nan inf 1e400 -0.5", 4)[0].tolist() == [0.0, 0.0, 0.0, -0.5]
    # every default line reads back as the default weights, in both languages
    for lang in ("en", "fr"):
        default = sep.pointwise_weights(4, 6, "random", 3)
        back, found = wts.parse_rows([wts.row_text(r, lang) for r in default], 6)
        assert not found
        torch.testing.assert_close(torch.from_numpy(back), torch.from_numpy(default), atol=0.005,
                                   rtol=0)
    x = sep.synthetic_input(3, 8)
    dw, _ = sep.depthwise_kernels(3)
    stages = sep.compute_stages(x, dw, weights)
    expected = torch.einsum("nc,chw->nhw", torch.from_numpy(weights), torch.from_numpy(stages.depthwise))
    torch.testing.assert_close(torch.from_numpy(stages.output), expected, rtol=1e-5, atol=1e-5)
