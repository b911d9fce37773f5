"""The photo every page works on, as the sidebar's picker offers it: the options (a built-in
sample or an upload), their labels, cache keys, and the record pages get. Pure (no Streamlit):
:func:`cnnviz.ui.image_picker` draws the picker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image

from cnnviz.i18n import Translator
from cnnviz.images import SAMPLES, sample_bytes

UPLOAD = "__upload__"
"""The picker's option "my own photo" (ids starting with ``__`` are not listed in URL sentences)."""

DEFAULT_SAMPLE = "chelsea"

OPTIONS: tuple[str, ...] = (*SAMPLES, UPLOAD)
"""The picker's option ids, in the order shown (kept in the URL as ``?img=coffee``)."""

UPLOAD_TYPES = ("png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff")
"""File name endings the upload box offers (the bytes are checked by :func:`load_image`)."""


@dataclass(frozen=True)
class PickedImage:
    """The photo every page works on. ``key`` identifies it for caches (a sample name or the
    SHA-256 of the uploaded bytes); ``data`` are its bytes (kept in memory only)."""

    key: str
    label: str
    image: Image.Image
    data: bytes


def option_label(option: str, t: Translator) -> str:
    """The picker's label for ``option``: the sample's name, or "My own photo…"."""
    return t("picker.upload_option") if option == UPLOAD else t(f"sample.{option}")


def upload_key(data: bytes) -> str:
    """The cache key of uploaded bytes (``upload:`` and 16 hex digits of their SHA-256)."""
    return f"upload:{hashlib.sha256(data).hexdigest()[:16]}"


def sample(name: str, image: Image.Image, t: Translator) -> PickedImage:
    """The record of the built-in sample ``name`` (``image``: its decoded picture)."""
    return PickedImage(f"sample:{name}", t(f"sample.{name}"), image, sample_bytes(name))


def upload(key: str, image: Image.Image, data: bytes, t: Translator) -> PickedImage:
    """The record of an uploaded photo (``key`` from :func:`upload_key`), named "Your photo" in
    sentences ("Input: Your photo (768×1024 pixels)", not the picker's "My own photo…")."""
    return PickedImage(key, t("picker.upload_name"), image, data)


def read_upload(upload: Any, memo: tuple | None,
                load: Callable[[bytes], Image.Image]) -> tuple[tuple[str, Image.Image, bytes], tuple]:
    """(cache key, decoded image, bytes) of an upload (an object with ``getvalue()`` and a
    ``file_id``), and the memo to keep in the session: the same ``file_id`` as ``memo``'s is not
    read, hashed nor decoded again (a 4096² photo cost about 230 ms of every rerun). ``load``
    decodes (:func:`cnnviz.images.load_image`); its :class:`ImageLoadError` propagates and
    nothing is remembered."""
    file_id = getattr(upload, "file_id", None)
    if memo is not None and file_id is not None and memo[0] == file_id:
        return memo[1], memo
    data = upload.getvalue()
    result = (upload_key(data), load(data), data)
    return result, (file_id, result)
