"""Cached functions of different pages never share a cache.

Streamlit runs every page script as the module ``__main__`` and keys a cached function on its
module, qualified name and source text. Two pages with the same cached function, letter for
letter, therefore share ONE cache, even when the function reads a global that differs between
them: ``photo_array`` in pages/pooling.py (``PHOTO_SIDE = 128``) and pages/receptive_field.py
(``PHOTO_SIDE = 192``) were identical, so after a Pooling visit the Receptive-field page worked on
Pooling's 128-px photo (its comparison said 272,000 multiply-adds instead of 614,400)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import run_page

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def _cached_functions(path: Path) -> list[tuple[str, str]]:
    """(name, source with decorators) of each top-level cached function of a page script."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                "cache" in ast.unparse(d) for d in node.decorator_list):
            first = min(d.lineno for d in node.decorator_list)
            found.append((node.name, "\n".join(lines[first - 1:node.end_lineno])))
    return found


def test_no_two_page_scripts_define_the_same_cached_function():
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in SCRIPTS:
        for name, source in _cached_functions(path):
            where[(name, source)].append(path.relative_to(ROOT).as_posix())
    assert sum(len(v) for v in where.values()) > 10  # the scan finds the pages' caches
    shared = {name: files for (name, _), files in where.items() if len(files) > 1}
    assert shared == {}, f"these cached functions share one cache across pages: {shared}"


def _text(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.markdown)


@pytest.mark.usefixtures("clean_caches")
def test_the_receptive_field_page_after_the_pooling_page_uses_its_own_photo_size():
    run_page("pages/pooling.py", {"img": "chelsea"})  # fills its caches first (128-px photo)
    after = _text(run_page("pages/receptive_field.py", {"img": "chelsea"}))
    assert "614,400 multiply-adds" in after  # chelsea 451×300 at 192 px: 128×192 × 25
