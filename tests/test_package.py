"""The package's shape: what ``import qbcore`` loads, its version, and one-way imports."""

import ast
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import qbcore

PACKAGE = Path(qbcore.__file__).resolve().parent


def test_physics_imports_no_presentation_or_web_stack():
    code = ("import sys, qbcore\n"
            "qbcore.battery_ergotropy('nonequilibrium', N=3, mu=1.0, dmu=2.0, T=1.0)\n"
            "qbcore.battery_ergotropy('nonequilibrium', N=41, mu=1.0, dmu=2.0, T=1.0)\n"
            "qbcore.steady_state('equilibrium', N=3, mu=2.0, T=1.0)\n"
            "qbcore.sweep('nonequilibrium', 'dmu', [0.0, 1.0], mu=0.0, T=1.0)\n"
            "print(sorted(m for m in ('plotly', 'sphinx', 'ipywidgets', 'myst_nb', 'qbcore.viz', 'dask',"
            " 'distributed', 'qbcore.web') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_version_comes_from_the_installed_metadata():
    assert qbcore.__version__ == version("qbcore")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """``{module: qbcore modules it imports at module level}`` (relative imports resolved)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps = set()
        for node in ast.parse(path.read_text()).body:  # top level only: lazy imports are fine
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    deps.add(full if full in modules else target)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_no_import_cycles():
    graph = _imports()
    state = {}

    def visit(node, stack):
        state[node] = "open"
        for dep in graph[node]:
            if dep.startswith(node + "."):  # a package importing its own submodules
                continue
            if state.get(dep) == "open":
                raise AssertionError("import cycle: " + " -> ".join(stack + [node, dep]))
            if dep not in state:
                visit(dep, stack + [node])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [])


def test_physics_never_imports_presentation():
    graph = _imports()
    for module, deps in graph.items():
        if module.startswith(("qbcore.viz", "qbcore.web", "qbcore.cli", "qbcore.__main__")):
            continue
        bad = {d for d in deps if d.startswith(("qbcore.viz", "qbcore.web"))}
        assert not bad, f"{module} imports {bad}"


def test_viz_never_imports_web():
    for module, deps in _imports().items():
        if module.startswith("qbcore.viz"):
            assert not {d for d in deps if d.startswith("qbcore.web")}, module
