"""The Activations page's photo preview (cnnviz.render.files.preview_jpeg) shows the same photo
as before (the whole photo sent as PNG), at the size it is displayed, in far fewer bytes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from cnnviz.images import load_image, sample_bytes
from cnnviz.render import files


@pytest.mark.parametrize("name", ["astronaut", "chelsea"])
def test_preview_is_the_photo_downsized(name):
    photo = load_image(sample_bytes(name))
    data = files.preview_jpeg(photo, 300)
    shown = Image.open(io.BytesIO(data))
    assert shown.format == "JPEG" and max(shown.size) == 300
    w, h = photo.size
    assert abs(shown.width / shown.height - w / h) < 0.01  # same proportions
    reference = np.asarray(photo.resize(shown.size, Image.Resampling.BOX), dtype=np.float32)
    assert np.abs(np.asarray(shown.convert("RGB"), dtype=np.float32) - reference).mean() < 4.0
    assert len(data) < len(files.png(photo)) / 4


def test_small_photo_is_not_enlarged():
    small = Image.fromarray(np.random.default_rng(0).integers(0, 256, (90, 120, 3), np.uint8))
    shown = Image.open(io.BytesIO(files.preview_jpeg(small, 560)))
    assert shown.size == (120, 90)
