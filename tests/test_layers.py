"""The import structure (issue 12): the packages form layers, each importing only the ones below it, the
lower ones never import Streamlit, and no module imports itself back through others (no circle).

Imports are read from the source with ``ast`` (module level and inside functions alike), so a lazy import
that closes a circle counts too.
"""
from __future__ import annotations

import ast

from tests.conftest import ROOT

#: package -> layer; a module may import its own package and lower layers only
LAYERS = {"texts": 0, "metrics": 1, "store": 2, "charts": 2, "viewmodels": 3, "export": 4, "ui": 5, "views": 6,
          "dashboard": 7}
STREAMLIT_FREE = {"texts", "metrics", "store", "charts", "viewmodels", "export"}


def _module(path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved)."""
    mod = _module(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.add(name)
            out.update(f"{name}.{a.name}" for a in node.names)  # "from pkg import module"
    return out


def _graph() -> dict[str, set[str]]:
    files = [p for top in LAYERS for p in ([ROOT / f"{top}.py"] if (ROOT / f"{top}.py").exists()
                                           else sorted((ROOT / top).rglob("*.py")))]
    mods = {_module(p): p for p in files}

    def own_package(m, i):  # a module's own package __init__ runs before it anyway: not an edge of code
        return "." in m and m.startswith(i + ".")
    return {m: {i for i in _imports(p) if i in mods and i != m and not own_package(m, i)} for m, p in mods.items()}


def test_every_import_goes_down_or_stays_in_its_package():
    upward = []
    for mod, deps in _graph().items():
        for dep in deps:
            a, b = mod.split(".")[0], dep.split(".")[0]
            if a != b and LAYERS[b] >= LAYERS[a]:
                upward.append(f"{mod} -> {dep}")
    assert not upward, upward


def test_the_lower_layers_never_import_streamlit():
    found = [f"{_module(p)}: {i}" for top in STREAMLIT_FREE for p in (ROOT / top).rglob("*.py")
             for i in _imports(p) if i.split(".")[0] == "streamlit"]
    assert not found, found


def test_no_module_imports_itself_back():
    graph = _graph()
    circles, state = [], {}

    def visit(m, stack):
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                circles.append(" -> ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d, stack + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not circles, circles
