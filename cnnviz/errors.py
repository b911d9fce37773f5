"""Errors the library raises on bad input, as sentences in the reader's language.

Pure (no Streamlit): :func:`cnnviz.ui.explain` and :func:`cnnviz.ui.guarded` use it with the
current language's translator.
"""

from __future__ import annotations

import logging
import secrets

from cnnviz import i18n
from cnnviz.geometry import GeometryError
from cnnviz.images import ImageLoadError
from cnnviz.kernels import KernelParseError
from cnnviz.markup import quote

EXPECTED: tuple[type[Exception], ...] = (GeometryError, KernelParseError, ImageLoadError)
"""The errors a bad setting, a typed kernel or an upload raise: each has a sentence."""


def explain(exc: Exception, t: i18n.Translator, section: str | None = None) -> str:
    """A sentence (by the translator ``t``) for an error the library raises on bad input.

    A page with errors of its own (e.g. pooling's ``pool_pad_too_big``) passes its ``section``:
    ``<section>.err.<code>`` is tried before the shared ``geom.<code>``; a sentence whose
    placeholders the error's values do not fill is skipped. Text typed by the user (in a
    kernel) is quoted as inert Markdown. Anything else gets the "unexpected" sentence.
    """
    if isinstance(exc, GeometryError):
        values = dict(exc.values)
        if "axis" in values and isinstance(values["axis"], int):
            values["axis"] = t(f"axis.{values['axis']}")
        keys = ([f"{section}.err.{exc.code}"] if section else []) + [f"geom.{exc.code}"]
        for key in keys:
            if key in i18n.TABLE:
                try:
                    return t(key, **values)
                except (KeyError, IndexError):
                    continue
        return t("geom.other", detail=str(exc))
    if isinstance(exc, ImageLoadError):
        return t(f"imgerr.{exc.code}", **exc.values)
    if isinstance(exc, KernelParseError):
        return t(f"kerr.{exc.code}", **{k: quote(v, 20) if isinstance(v, str) else v
                                         for k, v in exc.values.items()})
    return t("error.unexpected")


def log_unexpected(exc: BaseException, page: str, log: logging.Logger) -> str:
    """Log ``exc`` with its traceback in ``log`` under a new short reference id (8 hex digits),
    which the page then shows in a sentence; returns the id."""
    error_id = secrets.token_hex(4)
    log.error("error %s on page %s", error_id, page, exc_info=(type(exc), exc, exc.__traceback__))
    return error_id
