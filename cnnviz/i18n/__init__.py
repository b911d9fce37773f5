"""One translation table for every user-facing sentence, in English and French.

Each page keeps its own section in a module of this package (``common``, ``convolution``,
``separable``, ``pooling``, ``activations``); every section is a dict
``{key: {"en": "...", "fr": "..."}}``. They are merged into :data:`TABLE` here, and a key may
appear in only one section (checked at import time and by the tests).

Library code never knows the current language: it receives a translator ``t`` (see
:func:`translator`) or a ``lang`` argument. :mod:`cnnviz.ui` builds the translator for the
language chosen in the sidebar.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"

_SECTIONS = ("common", "convolution", "separable", "pooling", "activations", "looksee")


def _load() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for name in _SECTIONS:
        try:
            module = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a page's section not written yet
            if exc.name == f"{__name__}.{name}":
                continue
            raise
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
    return t


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``150528`` -> ``"150,528"`` in English, ``"150 528"`` (narrow no-break space) in French;
    the decimal separator is a point in English and a comma in French."""
    text = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text
