"""The training command end to end on a tiny budget."""

from __future__ import annotations

import json

import torch
from safetensors.torch import load_file

from models import build
from models.train import main


def test_training_command_writes_weights_and_cards(tmp_path, capsys):
    cards = main(["--model", "all", "--epochs", "2", "--train-size", "48", "--val-size", "12",
                  "--test-size", "12", "--seed", "5", "--out", str(tmp_path), "--no-progress"])
    out = capsys.readouterr().out
    assert "epoch 2/2" in out and "test accuracy" in out
    assert [c["name"] for c in cards] == ["shapes", "shapes_separable"]
    for card in cards:
        name = card["name"]
        state = load_file(str(tmp_path / f"{name}.safetensors"))
        model = build(name)
        model.load_state_dict(state, strict=True)
        on_disk = json.loads((tmp_path / f"{name}.json").read_text())
        assert on_disk == card
        assert card["epochs"] == 2 and card["best_epoch"] in (1, 2) and len(card["history"]) == 2
        assert card["train_size"] == 48 and card["val_size"] == 12 and card["test_size"] == 12
        assert card["data_seeds"] == {"train": 5, "val": 6, "test": 7}
        assert card["parameters"] == sum(p.numel() for p in model.parameters())
        assert card["torch_version"] == torch.__version__
        assert 0.0 <= card["test_accuracy"] <= 1.0 and card["training_time_seconds"] >= 0
        assert card["val_accuracy"] == max(h["val_accuracy"] for h in card["history"])


def test_single_model_choice(tmp_path):
    cards = main(["--model", "separable", "--epochs", "1", "--train-size", "12", "--val-size",
                  "6", "--test-size", "6", "--out", str(tmp_path), "--no-progress"])
    assert [c["name"] for c in cards] == ["shapes_separable"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shapes_separable.json",
                                                           "shapes_separable.safetensors"]


def test_same_seed_gives_identical_weights(tmp_path):
    args = ["--model", "shapes", "--epochs", "1", "--train-size", "32", "--val-size", "8",
            "--test-size", "8", "--seed", "3", "--no-progress", "--out"]
    main([*args, str(tmp_path / "a")])
    main([*args, str(tmp_path / "b")])
    a = load_file(str(tmp_path / "a" / "shapes.safetensors"))
    b = load_file(str(tmp_path / "b" / "shapes.safetensors"))
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
