"""The layers import one way: app → optim → surfaces, and inside the app
web → export → plots → display, with the CLI beside them. The testing package (course
staff's pytest plugin and grader) sits on the engine; the CLI and the exports use it, and it
draws through the exports only lazily.

Read from the source with ``ast``, so a layer that reaches up fails here before it can load
a library its users did not ask for. A function-level import counts as a lazy one: the CLI
may start the web app or an export inside the command that needs it, never at import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "surfaces": "optiviz.surfaces",
    "optim": "optiviz.optim",
    "app": "optiviz.app",
    "testing": "optiviz.testing",
}

DRAWING = {"panel", "bokeh", "param", "matplotlib"}
ALLOWED = {
    # layer: (optiviz layers it may import at module level, third-party roots it may not)
    "optiviz.surfaces": (set(), DRAWING),
    "optiviz.app": (set(), DRAWING),
    "optiviz.optim": ({"optiviz.surfaces"}, DRAWING),
    "optiviz.testing": ({"optiviz.surfaces", "optiviz.optim"}, DRAWING),
    "optiviz.app.display": ({"optiviz.surfaces", "optiviz.optim"}, DRAWING),
    "optiviz.app.plots": (
        {"optiviz.surfaces", "optiviz.optim", "optiviz.app.display"},
        {"panel", "param"},
    ),
    "optiviz.app.export": (
        {
            "optiviz.surfaces",
            "optiviz.optim",
            "optiviz.testing",
            "optiviz.app.display",
            "optiviz.app.plots",
        },
        {"panel", "param"},
    ),
    "optiviz.app.cli": (
        {"optiviz.surfaces", "optiviz.optim", "optiviz.testing", "optiviz.app.display"},
        {"panel", "bokeh", "param"},
    ),
    "optiviz.app.web": (
        {
            "optiviz.surfaces",
            "optiviz.optim",
            "optiviz.app.display",
            "optiviz.app.plots",
            "optiviz.app.export",
        },
        set(),
    ),
}
TOP, TYPING = "top", "typing"
LAZY = {
    # layer: what it may import inside a function only
    "optiviz.app.cli": {"optiviz.app.export", "optiviz.app.web"},
    "optiviz.testing": {"optiviz.app.export"},
}


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    parts[0] = PACKAGES[parts[0]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    return max((layer for layer in ALLOWED if module.startswith(layer)), key=len)


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def imports(path: Path) -> list[tuple[str, str]]:
    """Every module ``path`` imports, and where: at module level (``TOP``), in a function
    (``"lazy"``) or for type checkers only (``TYPING``)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_in(path.read_text(), package)


def imports_in(source: str, package: str) -> list[tuple[str, str]]:
    """:func:`imports` of ``source``, a module of ``package``."""
    tree = ast.parse(source)
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name, where) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.rsplit(".", child.level - 1)[0]
                    base = f"{parent}.{base}" if base else parent
                found.append((base, where))
                found.extend((f"{base}.{alias.name}", where) for alias in child.names)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, "lazy" if where == TOP else where)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, TYPING)
            else:
                visit(child, where)

    visit(tree, TOP)
    return found


def internal(name: str) -> str | None:
    """The layer an import names, when it is an optiviz module."""
    if not name.startswith("optiviz.") and name != "optiviz":
        return None
    matches = [layer for layer in ALLOWED if name == layer or name.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def violations(module: str, found: list[tuple[str, str]]) -> list[str]:
    """The imports in ``found`` that the layer of ``module`` may not make."""
    layer = layer_of(module)
    allowed, forbidden = ALLOWED[layer]
    wrong = []
    for name, where in found:
        top = where == TOP
        target = internal(name)
        if (name.split(".")[0] in forbidden and top) or (
            target not in (None, layer, *allowed) and (top or target not in LAZY.get(layer, ()))
        ):
            wrong.append(name)
    return sorted(set(wrong))


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_one_way(path):
    module = module_name(path)
    assert not violations(module, imports(path)), f"{module} reaches up or out"


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("optiviz.optim.probe", "import panel\n"),
        ("optiviz.optim.probe", "from optiviz.app.display import theme\n"),
        ("optiviz.app.plots.probe", "import param\n"),
        ("optiviz.app.plots.probe", "from ..web import lab\n"),
        ("optiviz.app.cli.probe", "from optiviz.app.web.serve import serve\n"),
        ("optiviz.app.display.probe", "def f():\n    from optiviz.app.plots import player\n"),
        ("optiviz.testing.probe", "import matplotlib\n"),
        ("optiviz.testing.probe", "from optiviz.app.export import frames\n"),
        ("optiviz.testing.probe", "def f():\n    from optiviz.app.web import lab\n"),
    ],
)
def test_upward_imports_are_caught(module, source):
    assert violations(module, imports_in(source, module.rpartition(".")[0]))


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("optiviz.app.cli.probe", "def serve():\n    from optiviz.app.web.serve import serve\n"),
        ("optiviz.testing.probe", "def draw():\n    from optiviz.app.export.frames import f\n"),
    ],
)
def test_lazy_imports_where_allowed(module, source):
    assert not violations(module, imports_in(source, module.rpartition(".")[0]))


def test_no_import_cycle_in_app():
    """No module of the app imports, at any depth (lazy imports too),
    a module that imports it back (a package its importer lives in is already loaded, so
    ``from optiviz.app.cli import report`` inside the CLI is an edge to ``report`` only)."""
    modules = {module_name(p): p for p in sources() if p.is_relative_to(ROOT / "app")}
    graph = {
        module: {
            target
            for name, where in imports(path)
            if where != TYPING
            for target in (name, name.rpartition(".")[0])
            if target in modules and not module.startswith(target)
        }
        for module, path in modules.items()
    }
    state: dict[str, int] = {}

    def cycle_from(module: str, trail: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*trail, module, target]
            if target not in state and (found := cycle_from(target, [*trail, module])):
                return found
        state[module] = 2
        return None

    cycles = [cycle_from(module, []) for module in sorted(graph) if module not in state]
    assert not any(cycles), [" → ".join(cycle) for cycle in cycles if cycle]


def test_optiviz_run_loads_no_drawing_library():
    code = (
        "import sys\n"
        "from optiviz.app.cli import main\n"
        "try:\n"
        "    main(['run', '--preset', 'saddle-stuck', '--steps', '5', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'panel', 'bokeh', 'param',"
        " 'matplotlib'})\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert "LOADED []" in result.stderr, result.stderr[-2000:]
