"""The stage's payload (cnnviz/render/stage.py): what the browser is sent, checked against torch.

The front end rebuilds the numbers shown at a step by replaying the per-step writes;
:func:`stage.state_at` does the same in Python, so these tests check what the stage shows.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz import geometry, i18n
from cnnviz.i18n import format_value
from cnnviz.lessons import convolution as conv_fig
from cnnviz.lessons import pooling as pf
from cnnviz.lessons import separable_animation as sep_grid
from cnnviz.lessons.separable import animation_example
from cnnviz.render import stage

EN, FR = i18n.translator("en"), i18n.translator("fr")


def _kinds(body, panel):
    names = body["kinds"]
    return [names[k] for k in body["panels"][panel]["kinds"]]


def _grid(texts, h, w):
    return [texts[r * w:(r + 1) * w] for r in range(h)]


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
@pytest.mark.parametrize(("n", "k", "s", "p", "d"), [(7, 3, 1, 1, 1), (6, 3, 2, "same", 1),
                                                     (8, 2, 1, 2, 2), (5, 3, 1, "full", 1)])
def test_convolution_payload_shows_what_torch_computes(mode, n, k, s, p, d):
    x, w = conv_fig.demo_values(n, k, seed=3)
    try:
        demo = conv_fig.conv_demo(x, w, s, p, d, mode, t=EN)
    except geometry.GeometryError:
        pytest.skip("torch refuses this padding for this mode")
    body = stage.payload(demo.anim, EN)
    json.dumps(body)  # JSON-able as is
    pads = geometry.resolve_padding((n, n), (k, k), (s, s), p, (d, d))
    torch_mode = "constant" if mode == "zeros" else mode
    padded = F.pad(torch.from_numpy(x)[None, None], (pads[2], pads[3], pads[0], pads[1]),
                   mode=torch_mode)[0, 0].numpy()
    # the input panel: every cell (padding included) holds the value torch pads with
    inp = body["panels"][0]
    assert (inp["h"], inp["w"]) == padded.shape
    assert inp["text"] == [format_value(float(v)) for v in padded.ravel()]
    kinds = _kinds(body, 0)
    assert kinds.count("padding") == padded.size - n * n
    assert kinds.count("input") == n * n
    # the output panel starts empty and, replayed to the last step, equals torch's convolution
    expected = F.conv2d(torch.from_numpy(padded)[None, None], torch.from_numpy(w)[None, None],
                        stride=s, dilation=d)[0, 0].numpy()
    out = body["panels"][2]
    assert out["dynamic"] and not any(out["text"])
    final = stage.state_at(body, len(body["steps"]) - 1)["texts"][2]
    assert final == [format_value(float(v)) for v in expected.ravel()]
    # each step reads exactly the cells geometry.windows says, and writes one new number
    wins = geometry.windows((n, n), (k, k), (s, s), p, (d, d))
    for win, step in zip(wins, body["steps"], strict=True):
        assert step["win"] == [[0, [r * inp["w"] + c for r, c in win.cells]]]
        assert step["tgt"] == [[2, [win.out[0] * out["w"] + win.out[1]]]]
        assert len(step["write"]) == 1
    # reflect/replicate/circular: links from a padding cell to the input cell it copies
    linked = [link for st in body["steps"] for link in st.get("links", [])]
    if mode == "zeros" or not any(pads):
        assert not linked
    else:
        assert linked
        for p0, i0, p1, i1 in linked:
            assert p0 == p1 == 0 and kinds[i0] == "padding" and kinds[i1] == "input"
            assert inp["text"][i0] == inp["text"][i1]


def test_dilation_sends_the_footprint_and_weights_as_notes():
    x, w = conv_fig.demo_values(9, 3, seed=1)
    body = stage.payload(conv_fig.conv_demo(x, w, 1, 0, 2, t=EN).anim, EN)
    first = body["steps"][0]
    assert first["boxes"] == [[0, 0, 0, 4, 4]]  # a 3×3 kernel dilated by 2 spans 5×5
    assert sorted(note[2] for note in first["notes"]) == sorted(
        "×" + format_value(float(v)) for v in w.ravel())
    # the holes of the dilated kernel are not read
    assert first["win"] == [[0, [r * 9 + c for r in (0, 2, 4) for c in (0, 2, 4)]]]


def test_transposed_payload_marks_inserted_zeros_and_matches_conv_transpose2d():
    x, w = conv_fig.demo_values(3, 3, seed=2)
    demo = conv_fig.transposed_demo(x, w, 2, 0, 0, 1, t=EN)
    body = stage.payload(demo.anim, EN)
    kinds = _kinds(body, 1)
    assert kinds.count("input") == 9
    assert kinds.count("inserted") == 5 * 5 - 9  # stride 2 spreads 3×3 over 5×5
    assert kinds.count("padding") == 9 * 9 - 25
    expected = F.conv_transpose2d(torch.from_numpy(x)[None, None],
                                  torch.from_numpy(w)[None, None], stride=2)[0, 0].numpy()
    final = stage.state_at(body, len(body["steps"]) - 1)["texts"][3]
    assert final == [format_value(float(v)) for v in expected.ravel()]
    # links go from the input panel to where that cell was spread
    for st in body["steps"]:
        for p0, i0, p1, i1 in st.get("links", []):
            assert (p0, p1) == (0, 1) and kinds[i1] == "input"
            assert body["panels"][0]["text"][i0] == body["panels"][1]["text"][i1]


def test_pooling_payload_opens_on_the_first_window_and_ends_on_torch_values():
    grid = pf.demo_grid(6, seed=4)
    demo = pf.pool_demo(grid, ("max", "avg"), 2, None, 0, False, True, 2, EN)
    body = stage.payload(demo.animation, EN)
    assert body["start"] == 0
    first = stage.state_at(body, 0)["texts"]
    assert sum(bool(v) for v in first[1]) == 1  # only the first max value is written
    x = torch.from_numpy(grid)[None, None]
    last = stage.state_at(body, len(body["steps"]) - 1)["texts"]
    assert last[1] == [format_value(float(v)) for v in F.max_pool2d(x, 2).ravel()]
    assert last[2] == [format_value(float(v)) for v in F.avg_pool2d(x, 2).ravel()]
    # the winner of max pooling is marked in the input (blue) with its kind as a note
    step = body["steps"][0]
    winner = dict(step["tgt"])[0]
    assert len(winner) == 1 and [0, winner[0], "max"] in step["notes"]
    assert body["panels"][0]["text"][winner[0]] == format_value(float(grid[:2, :2].max()))


def test_separable_payloads_match_grouped_and_standard_convolution():
    ex = animation_example(3, 5, 3, 1, "same", seed=0)
    names = ["1", "2", "3"]
    x = torch.from_numpy(ex.x)[None]
    dw = stage.payload(sep_grid.depthwise_grid(ex, EN, names), EN)
    assert [p["row"] for p in dw["panels"]] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    expected = F.conv2d(x, torch.from_numpy(ex.dw)[:, None], padding=1, groups=3)[0].numpy()
    last = stage.state_at(dw, len(dw["steps"]) - 1)["texts"]
    for c in range(3):
        assert last[6 + c] == [format_value(float(v)) for v in expected[c].ravel()]
    assert len(dw["steps"]) == 3 * 25
    # channel 2's map is still empty while channel 1 is being written
    assert not any(stage.state_at(dw, 24)["texts"][7])
    std_anim = sep_grid.standard_grid(ex, EN, names)
    std = stage.payload(std_anim, EN)
    expected = F.conv2d(x, torch.from_numpy(ex.std)[None], padding=1)[0, 0].numpy()
    assert stage.state_at(std, 24)["texts"][6] == [format_value(float(v)) for v in expected.ravel()]
    # one step reads the same window in every channel
    assert [p for p, _ in std["steps"][0]["win"]] == [0, 1, 2]


def test_labels_are_translated_and_numbers_formatted_by_the_translator():
    x, w = conv_fig.demo_values(5, 3)
    body = stage.payload(conv_fig.conv_demo(x, w, t=FR).anim, FR)
    assert body["labels"]["step_of"] == "Étape {i} / {n}"
    assert body["labels"]["play"].endswith("Lecture")
    assert [label == "0,5×" for _, label in body["speeds"]].count(True) == 1
    assert "\u202f:" in body["labels"]["keys"]
    en = stage.payload(conv_fig.conv_demo(x, w, t=EN).anim, EN)
    assert en["labels"]["step_of"] == "Step {i} / {n}"
    assert en["id"] != body["id"]


def test_long_animations_are_thinned_and_say_so():
    x, w = conv_fig.demo_values(32, 3)
    demo = conv_fig.conv_demo(x, w, 1, 1, 1, t=EN)
    body = stage.payload(demo.anim, EN)
    assert body["total"] == 32 * 32
    assert len(body["steps"]) == conv_fig.MAX_FRAMES
    assert body["labels"]["thinned"] == f"400 of the {32 * 32:,} steps are shown, evenly spread."
    assert body["steps"][-1]["label"] == str(32 * 32)
    # still the whole output at the end, and a payload well under the page budget
    final = stage.state_at(body, len(body["steps"]) - 1)["texts"][2]
    assert all(final)
    assert stage.size_bytes(body) < 1_000_000


def test_captions_and_titles_travel_as_plain_text_runs():
    assert stage.runs("Out[0, 0] = 1·2 +<br>    3 = <b>5</b>") == [
        [["Out[0, 0] = 1·2 +", False]], [["    3 = ", False], ["5", True]]]
    assert stage.runs("<i>a</i><script>x</script>") == [[["ax", False]]]
    x, w = conv_fig.demo_values(5, 3)
    body = stage.payload(conv_fig.conv_demo(x, w, t=EN).anim, EN)
    text = json.dumps([s["caption"] for s in body["steps"]] + [p["title"] for p in body["panels"]])
    assert "<" not in text


def test_start_and_rows_are_checked():
    x, w = conv_fig.demo_values(5, 3)
    anim = conv_fig.conv_demo(x, w, t=EN).anim
    assert stage.payload(anim, EN, start=-1)["start"] == len(anim.steps) - 1
    assert stage.payload(anim, EN, start=999)["start"] == len(anim.steps) - 1
    assert all("row" not in p for p in stage.payload(anim, EN)["panels"])  # one line
    shuffled = dataclasses.replace(anim, panels=tuple(
        dataclasses.replace(p, row=r) for p, r in zip(anim.panels, (1, 0, 0), strict=True)))
    with pytest.raises(ValueError):
        stage.payload(shuffled, EN)


def test_unchanged_numbers_are_not_sent_again():
    """Per step, only the cells whose text changes travel (the output fills up one cell a step)."""
    x, w = conv_fig.demo_values(12, 3)
    body = stage.payload(conv_fig.conv_demo(x, w, 1, 1, t=EN).anim, EN)
    writes = sum(len(s.get("write", [])) for s in body["steps"])
    assert writes == 12 * 12
    assert np.isclose(stage.size_bytes(body), len(json.dumps(body, ensure_ascii=False,
                                                              separators=(",", ":")).encode()))
