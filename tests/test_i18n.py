"""The translation table: both languages everywhere, placeholders consistent, no stray literals."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from cnnviz import i18n

ROOT = Path(__file__).resolve().parent.parent


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(i18n.TABLE))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = i18n.TABLE[key]
    assert set(entry) == set(i18n.LANGUAGES), key
    assert all(entry[lang].strip() for lang in i18n.LANGUAGES), key
    assert fields(entry["en"]) == fields(entry["fr"]), key


def test_french_is_actually_french():
    """Long sentences are not left in English in the French column."""
    same = [k for k, e in i18n.TABLE.items() if len(e["en"]) > 25 and e["en"] == e["fr"]]
    assert not same, same


def test_french_typography_spaces_before_double_punctuation():
    bad = [k for k, e in i18n.TABLE.items()
           if re.search(r"[^\s\u00a0\u202f(«][:;?!](\s|$)", e["fr"].replace("://", ""))]
    assert not bad, f"French needs a space before : ; ? ! in {bad}"


def test_unknown_key_raises_and_unknown_language_falls_back():
    with pytest.raises(KeyError):
        i18n.translate("no.such.key", "en")
    assert i18n.translate("nav.home", "de") == i18n.translate("nav.home", "en")
    t = i18n.translator("fr")
    assert t("nav.home") == "Accueil"
    assert t.num(154140672) == "154\u202f140\u202f672"
    assert i18n.format_number(0.25, "fr", 2) == "0,25"


def _called_keys(path: Path) -> set[str]:
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "t" and isinstance(node.args[0].value, str):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_used_by_the_app_exists():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "cnnviz").rglob("*.py"))]
    missing = {}
    for f in files:
        absent = sorted(k for k in _called_keys(f) if k not in i18n.TABLE)
        if absent:
            missing[str(f.relative_to(ROOT))] = absent
    assert not missing, missing
