"""One translation table for every user-facing sentence, in English and French.

Each page keeps its own section in a module of this package (``common``, ``convolution``,
``separable``, ``pooling``, ``activations``); every section is a dict
``{key: {"en": "...", "fr": "..."}}``. They are merged into :data:`TABLE` here, and a key may
appear in only one section (checked at import time and by the tests).

Numbers are formatted here and nowhere else: :func:`format_number` (thousands, decimals),
:func:`format_value` (a cell value: integers bare, others with two decimals, a true minus),
:func:`tex_number` (the same inside LaTeX) and :func:`plotly_separators` (for Plotly's own
formatting); a translator carries them as ``t.num``, ``t.value``, ``t.tex``, ``t.separators``.

Library code never knows the current language: it receives a translator ``t`` (see
:func:`translator`) or a ``lang`` argument. :mod:`cnnviz.ui` builds the translator for the
language chosen in the sidebar.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib import import_module

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"

_SECTIONS = ("common", "convolution", "separable", "pooling", "activations")


def _load() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for name in _SECTIONS:
        module = import_module(f"{__name__}.{name}")
        for key, entry in module.TEXT.items():
            if key in table:
                raise ValueError(f"translation key {key!r} is defined twice (again in {name})")
            missing = [lang for lang in LANGUAGES if not entry.get(lang)]
            if missing:
                raise ValueError(f"translation key {key!r} lacks {missing}")
            table[key] = entry
    return table


TABLE: dict[str, dict[str, str]] = _load()

Translator = Callable[..., str]


def normalise_language(lang: object) -> str:
    """Return a supported language code; anything unknown falls back to English."""
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    An unknown key raises ``KeyError``: a missing sentence is a bug the tests must catch, not
    something to paper over on screen.
    """
    text = TABLE[key][normalise_language(lang)]
    return text.format(**values) if values else text


def translator(lang: str) -> Translator:
    """A function ``t(key, **values)`` bound to one language."""
    lang = normalise_language(lang)

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    t.lang = lang  # type: ignore[attr-defined]
    t.num = lambda value, decimals=0: format_number(value, lang, decimals)  # type: ignore[attr-defined]
    t.value = lambda value, trim=False: format_value(value, lang, trim)  # type: ignore[attr-defined]
    t.tex = lambda value, decimals=0: tex_number(value, lang, decimals)  # type: ignore[attr-defined]
    t.separators = plotly_separators(lang)  # type: ignore[attr-defined]
    return t


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``150528`` -> ``"150,528"`` in English, ``"150 528"`` (narrow no-break space) in French;
    the decimal separator is a point in English and a comma in French."""
    text = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def format_value(value: float | None, lang: str = DEFAULT_LANGUAGE, trim: bool = False) -> str:
    """A cell value or weight as text: an integer without decimals, others with two (``trim``:
    without trailing zeros, ``0.5``); minus as ``−``; NaN or ``None`` as ``""``."""
    if value is None or math.isnan(float(value)):
        return ""
    v = float(value)
    decimals = 0 if abs(v - round(v)) < 1e-6 else 2
    if decimals == 0:
        v = round(v) + 0.0  # no "-0"
    text = format_number(v, lang, decimals)
    if trim and decimals:
        text = text.rstrip("0")
    return text.replace("-", "−")


def tex_number(value: float, lang: str, decimals: int = 0) -> str:
    """:func:`format_number` for LaTeX (``st.latex``): a thin space ``\\,`` between thousands,
    the French decimal comma braced so that it is not followed by a space."""
    return format_number(value, lang, decimals).replace(",", "{,}").replace("\u202f", r"\,")


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands) for ``lang``."""
    return ",\u202f" if normalise_language(lang) == "fr" else ".,"
