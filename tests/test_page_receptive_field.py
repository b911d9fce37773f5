"""AppTest of the Receptive field page, run through the whole app (frame + page)."""

from __future__ import annotations

import json

import pytest
import torch
from streamlit.testing.v1 import AppTest

from cnnviz.lessons import receptive_field as rfl
from tests.apptest_support import run_page

PAGE = "pages/receptive_field.py"

pytestmark = pytest.mark.usefixtures("clean_caches")


def run(params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    return run_page(PAGE, params, lang)


def everything(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "error", "warning", "info",
                                               "success", "subheader") for e in getattr(at, kind))


def torch_box(text: str, size: tuple[int, int], row: int, col: int) -> tuple[int, int, int, int]:
    """Rows and columns of the photo that output (row, col) of the stack depends on, by torch's
    gradient (kernels of ones, average instead of max pooling: no cancellation)."""
    layers = [rfl.Layer("avg" if la.kind == "max" else la.kind, la.kernel, la.stride, la.padding,
                        la.dilation) for la in rfl.parse_stack(text)]
    net = rfl.torch_stack(layers, weight=1.0).double()
    x = torch.rand(1, 1, *size, dtype=torch.float64, requires_grad=True)
    net(x)[0, 0, row, col].backward()
    nonzero = x.grad[0, 0] != 0
    rows = nonzero.any(dim=1).nonzero().flatten()
    cols = nonzero.any(dim=0).nonzero().flatten()
    return rows.min().item(), cols.min().item(), rows.max().item(), cols.max().item()


def test_defaults_table_box_effective_field_and_comparison():
    at = run()
    assert at.title[0].value.startswith("Receptive field")
    assert not at.error and not at.warning and not at.exception
    table = at.table[0].value
    assert len(table) == 9
    last = table.iloc[-1]
    assert last.iloc[2] == "32 + 1·4 = 36"  # r = r′ + d(k−1)·S′ (the last max pool 2×2)
    assert last.iloc[3] == "4·2 = 8" and last.iloc[4] == "7 + 0·4 = 7"
    # the cat fitted to 192 px is 128×192; torch gives the last map's size
    net = rfl.torch_stack(rfl.parse_stack(rfl.PRESETS["shapes"]))
    out = net(torch.zeros(1, 1, 128, 192)).shape[-2:]
    assert last.iloc[1] == f"{out[0]}×{out[1]}"
    text = everything(at)
    top, left, bottom, right = torch_box(rfl.PRESETS["shapes"], (128, 192), out[0] // 2, out[1] // 2)
    # the centre's field lies inside the photo: the gradient's box is the whole field
    assert f"rows {top} to {bottom}, columns {left} to {right}" in text
    assert "8 pixels apart, the effective stride" in text
    field = json.loads(at.get("plotly_chart")[0].proto.spec)
    dots = field["data"][1]
    assert len(dots["x"]) == out[0] * out[1]
    erf = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert [tr["type"] for tr in erf["data"]] == ["heatmap", "heatmap"]
    assert "Trained shapes CNN: 90 % of the gradient lies" in text
    assert "25 weights per channel pair; 614,400 multiply-adds" in text  # 128·192·25
    assert "18 weights per channel pair; 442,368 multiply-adds" in text
    assert "9 weights per channel pair; 221,184 multiply-adds" in text


def test_position_from_the_url_overhanging_into_the_padding():
    at = run({"rf_at": "0,0"})
    assert not at.warning
    text = everything(at)
    # field of output (0, 0): rows −7 to 28; torch's gradient reaches rows 0 to 28 of the photo
    top, left, bottom, right = torch_box(rfl.PRESETS["shapes"], (128, 192), 0, 0)
    assert (top, left, bottom, right) == (0, 0, 28, 28)
    assert "rows \u22127 to 28, columns \u22127 to 28" in text  # true minus signs
    assert "only 841 of its 1,296 pixels are on the photo" in text  # 29² of 36²


def test_click_selects_a_position():
    at = run()
    at.session_state["rf_click"] = {"selection": {"points": [{"customdata": [2, 5]}]}}
    at.run()
    assert not at.exception
    assert at.query_params.get("rf_at") in ("2,5", ["2,5"])
    assert "(2, 5)" in [m.value for m in at.metric]


def test_french_presets_and_numbers():
    at = run({"rf_preset": "dilated"}, lang="fr")
    assert at.title[0].value.startswith("Champ récepteur")
    table = at.table[0].value
    assert list(table.iloc[:, 2]) == ["1 + 2·1 = 3", "3 + 4·1 = 7", "7 + 8·1 = 15"]
    text = everything(at)
    assert "614\u202f400 multiplications-additions" in text
    assert "Your stack" not in text and "Votre pile n’est pas le CNN des formes" in text


@pytest.mark.parametrize(("params", "expected"), [
    ({"rf_preset": "custom", "rf_stack": "c3, x9"}, "Layer 2 cannot be read: x9."),
    ({"rf_preset": "custom", "rf_stack": "c99"}, "Layer 1 (c99) is out of range"),
    ({"rf_preset": "custom", "rf_stack": "m3p2"}, "may pad at most 1 cells"),
    ({"rf_preset": "custom", "rf_stack": ", ".join(["c11s2"] * 4)}, "Layer 4 no longer fits"),
    ({"rf_preset": "custom", "rf_stack": "<b>x</b>"}, "cannot be read: <b>x</b>"),
])
def test_bad_stacks_get_a_sentence(params, expected):
    at = run(params)
    assert len(at.error) == 1 and expected in at.error[0].value
    assert not at.table


def test_bad_url_values_are_replaced_with_a_sentence():
    at = run({"rf_at": "99,1", "rf_preset": "nonsense"})
    warnings = " ".join(w.value for w in at.warning)
    assert "`99,1`" in warnings and "showing the centre instead" in warnings
    assert "`nonsense`" in warnings
    assert len(at.table[0].value) == 9  # the default preset
