"""The house rules, checked on the source with ``ast`` (README "Layout", DESIGN.md "The house").

- the core (``cnnviz/`` but ``lessons/`` and ``ui.py``) imports neither ``cnnviz.lessons`` nor
  ``models``; only ``cnnviz/ui.py`` imports Streamlit;
- ``models/`` imports only cnnviz's core (never lessons, render or ui);
- ``app.py`` and ``pages/`` import neither torch nor numpy; every page has the same shape
  (imports, constants, functions, then one call of a short ``main``);
- no file in ``cnnviz/``, ``pages/`` or ``models/`` over 450 lines;
- GIFs are written in one place, and grid animations are played by one engine (the stage).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 450
MAIN_LINES = 40


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports (``import a.b`` -> ``a.b``; ``from a import b`` -> ``a`` and
    ``a.b``), wherever the import statement is (functions, ``if TYPE_CHECKING`` included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def uses(names: set[str], package: str) -> bool:
    return any(n == package or n.startswith(package + ".") for n in names)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


CNNVIZ = sources("cnnviz")
CORE = [p for p in CNNVIZ if not rel(p).startswith("cnnviz/lessons/") and rel(p) != "cnnviz/ui.py"]
PAGES = [ROOT / "app.py", *sources("pages")]


def test_the_files_are_found():
    names = {rel(p) for p in CNNVIZ}
    for expected in ("cnnviz/geometry.py", "cnnviz/functional.py", "cnnviz/modules.py",
                     "cnnviz/summary.py", "cnnviz/animation.py", "cnnviz/lessons/pooling.py",
                     "cnnviz/render/stage.py", "cnnviz/render/raster.py", "cnnviz/render/files.py"):
        assert expected in names
    assert len(CORE) > 10 and len(PAGES) == 8  # app.py and seven lessons


@pytest.mark.parametrize("path", CORE, ids=rel)
def test_the_core_imports_no_lesson_and_no_model(path):
    names = imported(path)
    assert not uses(names, "cnnviz.lessons"), rel(path)
    assert not uses(names, "models"), rel(path)
    assert not uses(names, "cnnviz.ui"), rel(path)


@pytest.mark.parametrize("path", CNNVIZ, ids=rel)
def test_only_ui_imports_streamlit(path):
    if rel(path) != "cnnviz/ui.py":
        assert not uses(imported(path), "streamlit"), rel(path)


@pytest.mark.parametrize("path", sources("models"), ids=rel)
def test_models_import_only_the_core(path):
    names = imported(path)
    for forbidden in ("cnnviz.lessons", "cnnviz.render", "cnnviz.ui", "streamlit"):
        assert not uses(names, forbidden), (rel(path), forbidden)
    assert {n for n in names if n.startswith("cnnviz")} <= {"cnnviz.modules",
                                                            "cnnviz.modules.SeparableConv2d",
                                                            "cnnviz.modules.DepthwiseConv2d"}


@pytest.mark.parametrize("path", PAGES, ids=rel)
def test_pages_import_neither_torch_nor_numpy(path):
    names = imported(path)
    assert not uses(names, "torch") and not uses(names, "numpy"), rel(path)


@pytest.mark.parametrize("path", sources("pages"), ids=rel)
def test_every_page_has_the_same_shape(path):
    """Imports, constants and functions (cached wrappers, sections), then ``main()`` once."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = tree.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    *definitions, last = body
    for node in definitions:
        assert isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.Assign,
                                 ast.AnnAssign)), (rel(path), node.lineno, ast.dump(node)[:60])
        if isinstance(node, (ast.Assign, ast.AnnAssign)):  # constants only: no st.* call here
            calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
            assert not any(isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
                           and c.func.value.id == "st" for c in calls), (rel(path), node.lineno)
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Call), rel(path)
    assert isinstance(last.value.func, ast.Name) and last.value.func.id == "main", rel(path)
    main = next(n for n in definitions if isinstance(n, ast.FunctionDef) and n.name == "main")
    assert main.end_lineno - main.lineno + 1 <= MAIN_LINES, rel(path)


@pytest.mark.parametrize("path", [*CNNVIZ, *sources("pages"), *sources("models")], ids=rel)
def test_no_file_over_450_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{rel(path)} has {lines} lines"


def _calls(path: Path, attribute: str) -> list[ast.Call]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == attribute]


def test_gifs_are_written_in_one_place():
    writers = set()
    for path in [*CNNVIZ, *PAGES]:
        for call in _calls(path, "save"):
            for keyword in call.keywords:
                if keyword.arg == "format" and isinstance(keyword.value, ast.Constant) \
                        and str(keyword.value.value).upper() == "GIF":
                    writers.add(rel(path))
    assert writers == {"cnnviz/render/files.py"}


def test_one_animation_engine():
    """The stage plays every grid animation: nothing builds Plotly animation frames or reaches
    into Plotly's private attributes (``fig._grid_ref``), and only the stage (screen) and the
    Pillow exporter (GIF/PNG downloads) draw the grid-animation data model."""
    assert not (ROOT / "cnnviz/render/animation.py").exists()
    for path in [*CNNVIZ, *PAGES]:
        assert not _calls(path, "Frame"), rel(path)
        assert "_grid_ref" not in path.read_text(encoding="utf-8"), rel(path)
    render = [p for p in CNNVIZ if rel(p).startswith("cnnviz/render/")]
    drawers = {rel(p) for p in render if uses(imported(p), "cnnviz.animation")}
    assert drawers == {"cnnviz/render/stage.py", "cnnviz/render/raster.py"}
    components = {rel(p) for p in [*CNNVIZ, *PAGES]
                  if "cnnviz_stage" in p.read_text(encoding="utf-8")}
    assert components == {"cnnviz/ui.py"}


@pytest.mark.parametrize("path", [ROOT / "app.py", *sources("pages")], ids=rel)
def test_no_page_relies_on_magic(path):
    """``runner.magicEnabled`` is off (.streamlit/config.toml): a bare expression statement would
    silently show nothing. Every expression statement is a call (or a docstring)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Expr) and not isinstance(node.value, (ast.Call, ast.Await)):
            assert isinstance(node.value, ast.Constant) and isinstance(node.value.value, str), \
                (rel(path), node.lineno)
