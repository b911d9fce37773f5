"""AppTest of the Architectures page, run through the whole app (frame + page)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import run_page

PAGE = "pages/architectures.py"

pytestmark = pytest.mark.usefixtures("clean_caches")


def run(params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    return run_page(PAGE, params, lang)


def everything(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "error", "warning", "info",
                                               "success", "subheader") for e in getattr(at, kind))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_defaults_resnet18_table_totals_links_and_skips():
    at = run()
    assert at.title[0].value.startswith("Architectures")
    assert not at.error and not at.warning
    assert metrics(at) == {"Parameters": "11,689,512", "Multiply-adds": "1.81 G",
                           "Output shape": "1,000"}
    assert "Same as published (torchvision): 11,689,512 parameters, 1.81 G" in at.success[0].value
    table = at.dataframe[0].value
    first = table.iloc[0]
    assert (first["Layer"], first["Output (C×H×W)"], first["Parameters"]) == \
        ("conv1", "64×112×112", "9,408")  # 64·3·7·7, no bias
    assert first["Multiply-adds"] == "118,013,952"  # 112·112·9,408
    assert first["Receptive field"] == "7×7"
    assert first["Lesson"] == "/convolution?n=9&k=7&s=2&d=1&pad=custom&p=3"
    pool = table[table["Layer"] == "maxpool"].iloc[0]
    assert pool["Lesson"] == "/pooling?pool_k=3&pool_sauto=0&pool_s=2&pool_p=1"
    assert pool["Receptive field"] == "11×11"
    assert table.iloc[-1]["Receptive field"] == "whole input"
    skips = at.dataframe[1].value
    assert len(skips) == 8
    assert list(skips.iloc[2]) == ["layer2.0", "64×56×56", "128×28×28",
                                   "1×1 convolution layer2.0.downsample.0"]


@pytest.mark.parametrize(("name", "params", "gmacs"), [
    ("alexnet", "61,100,840", "0.71"), ("vgg16", "138,357,544", "15.47"),
    ("resnet50", "25,557,032", "4.09"), ("mobilenet_v2", "3,504,872", "0.30"),
])
def test_published_totals(name, params, gmacs):
    at = run({"arch_net": name})
    assert metrics(at)["Parameters"] == params
    assert f"{params} parameters, {gmacs} G multiply-adds" in at.success[0].value


def test_unet_copy_and_crop_and_mobilenet_savings_in_french():
    at = run({"arch_net": "unet"}, lang="fr")
    assert metrics(at)["Forme de sortie"] == "2×388×388"
    text = everything(at)
    assert "sa carte (56×56) est donc plus petite que la carte de l’encodeur qu’il rejoint (64×64)" in text
    crops = at.dataframe[1].value
    assert list(crops.iloc[:, 3]) == [4, 16, 40, 88]
    at = run({"arch_net": "mobilenet_v1"}, lang="fr")
    assert metrics(at)["Paramètres"] == "4\u202f231\u202f976"
    assert "13 paires" in everything(at)
    assert len(at.dataframe[1].value) == 13


def test_input_size_follows_and_impossible_sizes_name_the_layer():
    at = run({"arch_net": "vgg16", "arch_size_vgg16": "320"})
    assert at.dataframe[0].value.iloc[0]["Output (C×H×W)"] == "64×320×320"
    assert "published figures are for 224×224" in everything(at)
    at = run({"arch_net": "vgg16", "arch_size_vgg16": "20"})
    assert len(at.error) == 1
    assert "Layer features.30 (max pooling) receives a 1×1 map" in at.error[0].value
    assert not at.dataframe
    at = run({"arch_net": "shapes", "arch_size_shapes": "40"}, lang="fr")
    assert "la couche classifier.dense1 est une couche dense construite pour 64 nombres" in \
        at.error[0].value


def test_bad_url_values_get_a_sentence():
    at = run({"arch_net": "inception<script>", "arch_size_resnet18": "5000"})
    warnings = " ".join(w.value for w in at.warning)
    assert "`inception<script>`" in warnings and "`5000`" in warnings
    assert metrics(at)["Parameters"] == "11,689,512"  # the defaults


def test_the_receptive_field_lessons_stack():
    at = run({"arch_net": "stack", "rf_preset": "vgg"})
    assert not at.error and not at.exception
    table = at.dataframe[0].value
    assert list(table["Layer"]) == ["1", "2", "3", "4", "5", "6"]
    first = table.iloc[0]
    assert (first["Output (C×H×W)"], first["Parameters"]) == ("16×128×128", "448")  # 16·(3·9+1)
    assert first["Multiply-adds"] == f"{128 * 128 * 16 * 27:,}"
    assert list(table["Receptive field"]) == ["3×3", "5×5", "6×6", "10×10", "14×14", "16×16"]
    at = run({"arch_net": "stack", "rf_preset": "custom", "rf_stack": "c3, zz"})
    assert "Layer 2 cannot be read: zz." in at.error[0].value
    at = run({"arch_net": "stack", "rf_preset": "custom", "rf_stack": "c11s2, c11s2, c11s2",
              "arch_size_stack": "32"})
    assert "Layer 3 (convolution) receives a 1×1 map" in at.error[0].value
