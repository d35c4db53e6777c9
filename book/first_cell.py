"""The first code cell of every notebook, which installs qbcore where it is missing.

    python book/first_cell.py                  # insert or update the cell in book/*.ipynb
    python book/first_cell.py --check          # change nothing; exit 1 if a cell is missing or stale
    python book/first_cell.py PATH.ipynb ...   # only these notebooks

A notebook opened on its own (Colab, a download, a bare kernel) has no qbcore.
Its first code cell then pip-installs qbcore into the running kernel's
environment, with what the notebook imports besides qbcore's own dependencies:
from ``$QBCORE_SOURCE`` when set (a path or URL: how the tests install a
checkout), else from this repository at the tag of the current version
(``v`` + pyproject's ``version``; release order: bump the version, run this
tool, commit, tag).  Where qbcore is importable (the book build, nbval, Binder,
a developer's venv) the cell does nothing and prints nothing, so the stored
outputs and the pages do not change.

The cell is inserted before the notebook's first code cell (after the title)
with the id ``install-qbcore`` and the tag ``remove-cell``: the rendered page
does not show it, since a page runs no kernel and the reader there needs no
installation; Jupyter, Binder and Colab show it (``hide-input`` would leave an
empty "show code" toggle on every page).

It pins no versions besides qbcore's own ranges: ``pip install`` keeps installed
packages that satisfy them, so a Colab kernel keeps its NumPy and needs no
restart.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/qbcore/qbcore"
CELL_ID = "install-qbcore"
TAG = "remove-cell"

#: Always installed with qbcore: the live explorers (``qbcore.viz.explorers``)
#: import ipywidgets only when they are drawn, so no import statement shows it.
ALWAYS = ("widgets",)

#: Provided by any Jupyter kernel: never installed by the cell.
KERNEL = ("ipykernel",)

TEMPLATE = '''\
# Installs what this notebook needs where it is missing (Colab, a downloaded notebook); does
# nothing elsewhere.
import importlib, importlib.util, os, subprocess, sys
needs = {{"qbcore": os.environ.get("QBCORE_SOURCE", "git+{repository}@v{version}"),
         {requirements}}}
missing = {{m: r for m, r in needs.items() if importlib.util.find_spec(m) is None}}
if missing:
    print("Installing", ", ".join(f"qbcore from {{r}}" if m == "qbcore" else r
                                  for m, r in missing.items()), "...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing.values()],
                   check=True)
    importlib.invalidate_caches()'''


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _requirement_name(requirement: str) -> str:
    from packaging.requirements import Requirement

    return _canonical(Requirement(requirement).name)


def project(root: Path = ROOT) -> dict:
    """pyproject.toml's ``[project]`` table."""
    import tomllib

    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _imports_of_source(source: str) -> set[str]:
    """Dotted module names imported by ``source``, except those in ``try/except ImportError``."""
    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                       for line in source.splitlines())
    tree = ast.parse(source)
    optional = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                for h in node.handlers):
            for stmt in node.body:
                optional.update(id(n) for n in ast.walk(stmt))
    found = set()
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def code_cells(nb: dict) -> list[dict]:
    """The notebook's code cells, the install cell excluded."""
    return [c for c in nb["cells"] if c["cell_type"] == "code" and c.get("id") != CELL_ID]


def notebook_imports(nb: dict) -> set[str]:
    """Dotted names the notebook's code cells import (``from a import b`` gives ``a`` and ``a.b``)."""
    found = set()
    for cell in code_cells(nb):
        found |= _imports_of_source("".join(cell["source"]))
    return found


def _qbcore_module_file(name: str, root: Path) -> Path | None:
    path = root.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_level_imports(path: Path, package: str) -> set[str]:
    """Absolute names a qbcore module imports at module level (relative imports resolved)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def third_party_modules(nb: dict, root: Path = ROOT) -> set[str]:
    """Top-level third-party modules a notebook needs: its own imports, and those of
    the qbcore modules it imports (at module level, followed through qbcore)."""
    todo, seen, top = list(notebook_imports(nb)), set(), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        head = name.split(".")[0]
        if head != "qbcore":
            top.add(head)
            continue
        path = _qbcore_module_file(name, root)
        if path is not None:
            package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
            todo.extend(_module_level_imports(path, package))
    return {m for m in top if m not in sys.stdlib_module_names and m != "__future__"}


def _distribution_closure(names) -> set[str]:
    """Installed distributions ``names`` bring, with their dependencies (canonical names)."""
    from packaging.requirements import Requirement

    seen, todo = set(), [_canonical(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_canonical(req.name))
    return seen


def extras_needed(nb: dict, root: Path = ROOT) -> list[str]:
    """The requirements (from pyproject's optional dependencies) the install cell adds.

    Raises ``ValueError`` for a module that neither qbcore's dependencies, its
    extras nor the kernel provide (add it to pyproject.toml).  Module names are
    mapped to distributions from the installed metadata, so run this where the
    book's requirements are installed.
    """
    proj = project(root)
    optional = proj.get("optional-dependencies", {})
    by_name = {}
    for extra in optional:
        for req in optional[extra]:
            by_name.setdefault(_requirement_name(req), req)
    provided = _distribution_closure([_requirement_name(r) for r in proj["dependencies"]]
                                     + list(KERNEL))
    wanted = [req for extra in ALWAYS for req in optional[extra]]
    owners = metadata.packages_distributions()
    unknown = []
    for module in sorted(third_party_modules(nb, root)):
        dists = {_canonical(d) for d in owners.get(module, [])}
        if dists & provided:
            continue
        reqs = [by_name[d] for d in sorted(dists) if d in by_name]
        if not reqs:
            unknown.append(f"{module} ({', '.join(sorted(dists)) or 'not installed here'})")
        wanted.extend(r for r in reqs if r not in wanted)
    if unknown:
        raise ValueError("imported but neither a dependency nor an optional dependency of qbcore "
                         f"in pyproject.toml, nor part of the kernel: {', '.join(unknown)}")
    return wanted


def module_of(requirement: str) -> str:
    """The module a requirement of the install cell provides (``"sympy>=1.12"`` -> ``sympy``).

    Read from the installed metadata: the top-level module named like the
    distribution, else the distribution's first top-level module.
    """
    dist = _canonical(_requirement_name(requirement))
    modules = sorted(m for m, dists in metadata.packages_distributions().items()
                     if dist in {_canonical(d) for d in dists})
    if not modules:
        raise ValueError(f"{requirement}: not installed here, so its module is unknown")
    return next((m for m in modules if _canonical(m) == dist), modules[0])


def cell_source(requirements: list[str], version: str) -> str:
    """The install cell for a notebook that needs ``requirements`` besides qbcore.

    Each is installed where its module is missing, qbcore too: a kernel that has
    qbcore but not, say, sympy gets sympy (a notebook opened after another one
    that installed qbcore with fewer extras).
    """
    pairs = ",\n         ".join(f"{json.dumps(module_of(r))}: {json.dumps(r)}" for r in requirements)
    return TEMPLATE.format(repository=REPOSITORY, version=version, requirements=pairs)


def expected_source(nb: dict, root: Path = ROOT) -> str:
    return cell_source(extras_needed(nb, root), project(root)["version"])


def _new_cell(source: str):
    import nbformat

    return nbformat.v4.new_code_cell(source, id=CELL_ID, metadata={"tags": [TAG]})


def problems(nb: dict, root: Path = ROOT) -> list[str]:
    """Why the notebook's first code cell is not the current install cell (empty: it is)."""
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if not code or code[0].get("id") != CELL_ID:
        return [f"the first code cell is not the install cell (id {CELL_ID!r})"]
    first, found = code[0], []
    if "".join(first["source"]) != expected_source(nb, root):
        found.append("the install cell's source is stale")
    if TAG not in first.get("metadata", {}).get("tags", []):
        found.append(f"the install cell lacks the tag {TAG!r}")
    if first.get("outputs"):
        found.append("the install cell has stored outputs")
    if sum(c.get("id") == CELL_ID for c in nb["cells"]) > 1:
        found.append("more than one install cell")
    return found


def update(nb, root: Path = ROOT) -> None:
    """Give the notebook (an ``nbformat`` node) exactly one, current install cell,
    before its first code cell."""
    source = expected_source(nb, root)
    cells = [c for c in nb.cells if c.get("id") != CELL_ID]
    first = next((k for k, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first, _new_cell(source))
    nb.cells = cells


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path,
                    help="notebooks to update (default: book/*.ipynb)")
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = ap.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "book").glob("*.ipynb"))
    import nbformat

    stale = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        found = problems(nb)
        if not found:
            continue
        stale += 1
        if args.check:
            print(f"{path}: {'; '.join(found)}")
        else:
            update(nb)
            nbformat.write(nb, path)
            print(f"updated {path}")
    if args.check and stale:
        print("run: python book/first_cell.py", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
