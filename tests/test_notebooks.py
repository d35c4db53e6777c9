"""What a committed notebook may hold: checks of the files in book/, without running them.

* The first code cell is the current install cell (``book/first_cell.py``), so
  the notebook runs on its own (Colab, a download, a bare kernel).
* No stored widget output or widget state: without its kernel a widget shows
  "Error displaying widget: model not found" or raw ``VBox(children=...`` text.
  (``make notebooks`` strips them.)
* No stored error, and no traceback on stderr.
* No path that leaves the notebook's folder (``../``): opened alone, the
  notebook has nothing beside it; data ships inside the package.

Running the notebooks is tested by nbval (``make test``) and by the real
clients in ``tests/clients/``.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _first_cell_tool():
    spec = importlib.util.spec_from_file_location("first_cell", ROOT / "book" / "first_cell.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def widget_outputs(nb) -> list[str]:
    """Where the notebook stores a widget view or widget state."""
    found = [f"metadata.{key}" for key in ("widgets",) if key in nb.metadata]
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            mimes = set(output.get("data", {}))
            if mimes & {WIDGET_VIEW, WIDGET_STATE}:
                found.append(f"cell {k}: {sorted(mimes & {WIDGET_VIEW, WIDGET_STATE})}")
    return found


def error_outputs(nb) -> list[str]:
    """Stored errors, and stderr that carries a traceback."""
    found = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "error":
                found.append(f"cell {k}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr" and (
                    "Traceback" in output.text or "Error" in output.text):
                found.append(f"cell {k}: stderr: {output.text[:200]}")
    return found


def paths_outside(nb) -> list[str]:
    """String literals in code that point out of the notebook's folder."""
    found = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                           for line in cell.source.splitlines())
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    "../" in node.value or "..\\" in node.value or node.value == ".."):
                found.append(f"cell {k}: {node.value!r}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_starts_with_the_install_cell(path):
    found = _first_cell_tool().problems(nbformat.read(path, as_version=4))
    assert not found, f"{path.name}: {found}; run: python book/first_cell.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_stores_no_widget(path):
    found = widget_outputs(nbformat.read(path, as_version=4))
    assert not found, f"{path.name} stores widgets ({found}); run: make notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_stores_no_error(path):
    found = error_outputs(nbformat.read(path, as_version=4))
    assert not found, f"{path.name}: {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_reads_nothing_outside_itself(path):
    found = paths_outside(nbformat.read(path, as_version=4))
    assert not found, f"{path.name} reads outside its folder: {found}"


def test_the_checks_find_what_they_look_for():
    view = nbformat.v4.new_output("display_data", data={
        "text/plain": "VBox(children=(HBox(...",
        WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0}})
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[])
    stderr = nbformat.v4.new_output("stream", name="stderr", text="Traceback (most recent ...")
    warning = nbformat.v4.new_output("stream", name="stderr", text="100%|####| 5/5")
    cells = [nbformat.v4.new_code_cell("explore(2)", outputs=[view]),
             nbformat.v4.new_code_cell("1/0", outputs=[error, stderr, warning]),
             nbformat.v4.new_code_cell('import csv\nopen("../benchmarks/scaling.csv")\n'
                                       '%cd ..\nx = "data/ok.csv"')]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"widgets": {WIDGET_STATE: {}}})
    assert widget_outputs(nb) == ["metadata.widgets", f"cell 0: ['{WIDGET_VIEW}']"]
    assert error_outputs(nb) == ["cell 1: ValueError: bad",
                                 "cell 1: stderr: Traceback (most recent ..."]
    assert paths_outside(nb) == ["cell 2: '../benchmarks/scaling.csv'"]
