"""French typography and signs, for every sentence of the table (present and future sections)."""

from __future__ import annotations

import re

import pytest

from cnnviz.i18n import TABLE, format_number, format_value, french_typography, signed_sum, tex_number

NNBSP = "\u202f"
_SKIP = re.compile(r"\$[^$]*\$|\{[^{}]*\}|`[^`]*`|https?://\S+|\]\([^)]*\)")


def _plain(text: str) -> str:
    return _SKIP.sub("\ue000", text)


@pytest.mark.parametrize("key", sorted(TABLE))
def test_french_spacing_before_high_punctuation_and_percent(key):
    text = _plain(TABLE[key]["fr"])
    for m in re.finditer(r"([;:?!])(?=[\s*_)»]|$)", text):
        assert text[m.start() - 1] == NNBSP, f"{key}: no narrow no-break space before {m.group(1)!r}"
    for m in re.finditer(r"[\w\ue000][ \u00a0]?%", text):
        assert NNBSP in m.group(0), f"{key}: no narrow no-break space before %"
    assert "« " not in text and " »" not in text, f"{key}: ordinary space inside « »"
    assert "+ -" not in text and "+ −" not in text


def test_english_sentences_are_left_alone():
    assert all(NNBSP + ":" not in entry["en"] for entry in TABLE.values())


@pytest.mark.parametrize(("raw", "expected"), [
    ("Réglage impossible : {detail}.", "Réglage impossible\u202f: {detail}."),
    ("Pourquoi ?", "Pourquoi\u202f?"),
    ("{p} % des valeurs", "{p}\u202f% des valeurs"),
    ("Taille (% du côté)", "Taille (% du côté)"),
    ("« same » de Keras", "«\u202fsame\u202f» de Keras"),
    ("$a : b$ et {x:.2f}", "$a : b$ et {x:.2f}"),
    ("voir https://example.org/a?b=1 !", "voir https://example.org/a?b=1\u202f!"),
    ("**Paramètres** : 3", "**Paramètres**\u202f: 3"),
])
def test_french_typography_rules(raw, expected):
    assert french_typography(raw) == expected
    assert french_typography(expected) == expected  # idempotent


def test_numbers_use_a_true_minus_and_the_french_decimal_comma():
    assert format_number(-1234.5, "fr", 1) == "−1\u202f234,5"
    assert format_number(-1234.5, "en", 1) == "−1,234.5"
    assert format_value(-0.25, "fr") == "−0,25"
    assert tex_number(-1234.5, "fr", 1) == r"-1\,234{,}5"  # LaTeX draws its own minus


def test_sums_never_read_plus_minus():
    assert signed_sum(["3", "−2", "1"]) == "3 − 2 + 1"
    assert signed_sum([format_value(v, "fr") for v in (1.5, -2.25)]) == "1,50 − 2,25"
