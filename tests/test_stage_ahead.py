"""The stage's payloads one slider step ahead (cnnviz/render/stage_ahead.py), built with the same
builder as the page's own payload: one step up and down per slider, inside the bounds, impossible
settings and large payloads left to the server."""

from __future__ import annotations

import pytest

from cnnviz.geometry import GeometryError
from cnnviz.i18n import translator
from cnnviz.lessons import convolution as conv_fig
from cnnviz.render import stage, stage_ahead


def conv_payload(values: dict[str, int]) -> dict:
    n, k, s = values["n"], values["k"], values.get("s", 1)
    x, w = conv_fig.demo_values((n, n), (k, k), 0)
    demo = conv_fig.conv_demo(x, w, (s, s), "valid", (1, 1), "zeros", t=translator("en"))
    return stage.payload(demo.anim, translator("en"))


def test_one_step_up_and_down_of_each_slider_inside_its_bounds():
    got = stage_ahead.ahead(conv_payload, {"n": 7, "k": 3, "s": 1},
                            {"n": (3, 32), "k": (1, 7), "s": (1, 4)})
    assert got["watch"] == {"n": 7, "k": 3, "s": 1}
    assert [(k, v) for k, v, _ in got["next"]] == [("n", 8), ("n", 6), ("k", 4), ("k", 2), ("s", 2)]
    for key, value, payload in got["next"]:  # the builder's own payload for that setting
        expected = conv_payload({**got["watch"], key: value})
        assert payload["panels"] == expected["panels"] and payload["steps"] == expected["steps"]


def test_impossible_settings_are_not_sent_ahead():
    """A 3 × 3 kernel on a 3 × 3 input: 4 × 4 fits, a 2 × 2 input is out of bounds; a 4 × 4 kernel
    does not fit (GeometryError), nor does a builder's None."""
    got = stage_ahead.ahead(conv_payload, {"n": 3, "k": 3}, {"n": (3, 32), "k": (1, 7)})
    assert [(k, v) for k, v, _ in got["next"]] == [("n", 4), ("k", 2)]
    with pytest.raises(GeometryError):
        conv_payload({"n": 3, "k": 4})
    assert stage_ahead.ahead(lambda v: None, {"n": 3}, {"n": (1, 9)})["next"] == []


def test_large_payloads_and_the_budget_leave_the_rest_to_the_server():
    small = stage_ahead.ahead(conv_payload, {"n": 7, "k": 3}, {"n": (3, 32), "k": (1, 7)},
                              limit=14_000)
    sizes = {(k, v): stage.size_bytes(p) for k, v, p in small["next"]}
    assert sizes and all(size <= 14_000 for size in sizes.values())
    assert ("n", 8) not in sizes  # an 8 × 8 input's payload is 16 kB
    budget = stage_ahead.ahead(conv_payload, {"n": 7, "k": 3}, {"n": (3, 32), "k": (1, 7)},
                               budget=25_000)
    assert sum(stage.size_bytes(p) for _, _, p in budget["next"]) <= 25_000
    assert len(budget["next"]) < 4


def test_every_stepped_slider_needs_a_value():
    with pytest.raises(ValueError, match="without a value"):
        stage_ahead.ahead(conv_payload, {"n": 7}, {"n": (3, 32), "k": (1, 7)})
