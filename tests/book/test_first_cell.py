"""book/first_cell.py: the install cell each notebook starts with, and the tool that writes it.

That every committed notebook has the current cell is checked in
``tests/test_notebooks.py``; that the cell really installs qbcore into a bare
kernel, in ``tests/clients/test_bare_venv.py``.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("first_cell", ROOT / "book" / "first_cell.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
VERSION = TOOL.project()["version"]


def _notebook(*sources: str, title: str = "# A page"):
    cells = [nbformat.v4.new_markdown_cell(title)]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    return nbformat.v4.new_notebook(cells=cells)


def _run_cell(monkeypatch, source: str, qbcore_present: bool, qbcore_source: str | None,
              absent: tuple[str, ...] = ()):
    """Execute the cell with ``subprocess.run`` recorded, qbcore (and the modules ``absent``)
    present or not."""
    calls = []

    def fake_run(args, **kw):
        calls.append((args, kw))
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if (name == "qbcore" and not qbcore_present)
                        or name in absent else real(name, *a))
    if qbcore_source is None:
        monkeypatch.delenv("QBCORE_SOURCE", raising=False)
    else:
        monkeypatch.setenv("QBCORE_SOURCE", qbcore_source)
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(source, "<install cell>", "exec"), {})
    return calls, printed.getvalue()


CELL = TOOL.cell_source(["ipywidgets>=8"], VERSION)


def test_silent_and_idle_where_qbcore_is_importable(monkeypatch):
    calls, printed = _run_cell(monkeypatch, CELL, qbcore_present=True, qbcore_source="/nowhere")
    assert calls == [] and printed == ""


def test_installs_from_qbcore_source_with_the_missing_extras(monkeypatch):
    calls, printed = _run_cell(monkeypatch, CELL, qbcore_present=False,
                               qbcore_source="/tmp/checkout", absent=("ipywidgets",))
    (args, kw), = calls
    assert args == [sys.executable, "-m", "pip", "install", "--quiet", "/tmp/checkout",
                    "ipywidgets>=8"]
    assert kw.get("check") is True
    assert printed == "Installing qbcore from /tmp/checkout, ipywidgets>=8 ...\n"


def test_installs_only_what_is_missing(monkeypatch):
    """qbcore present (installed by another notebook) but an extra missing: only the extra."""
    cell = TOOL.cell_source(["ipywidgets>=8", "sympy>=1.12"], VERSION)
    calls, printed = _run_cell(monkeypatch, cell, qbcore_present=True, qbcore_source="/nowhere",
                               absent=("sympy",))
    (args, _), = calls
    assert args == [sys.executable, "-m", "pip", "install", "--quiet", "sympy>=1.12"]
    assert printed == "Installing sympy>=1.12 ...\n"
    monkeypatch.undo()
    calls, printed = _run_cell(monkeypatch, cell, qbcore_present=False, qbcore_source="/src")
    (args, _), = calls
    assert args[5:] == ["/src"] and printed == "Installing qbcore from /src ...\n"


def test_installs_the_tagged_release_of_this_repository_by_default(monkeypatch):
    calls, _ = _run_cell(monkeypatch, CELL, qbcore_present=False, qbcore_source=None)
    (args, _), = calls
    assert args[5] == f"git+{TOOL.REPOSITORY}@v{VERSION}"
    assert TOOL.module_of("ipywidgets>=8") == "ipywidgets" and TOOL.module_of("sympy>=1.12") == "sympy"


def test_extras_follow_the_notebooks_imports():
    plain = _notebook("import numpy as np\nimport qbcore\nfrom IPython.display import Markdown")
    assert TOOL.extras_needed(plain) == ["ipywidgets>=8"]
    # sympy directly, or through a qbcore module that imports it; plotly from the book extra
    for source in ("import sympy", "from qbcore import derivations", "import qbcore.derivations"):
        assert TOOL.extras_needed(_notebook(source)) == ["ipywidgets>=8", "sympy>=1.12"], source
    assert "plotly>=6" in TOOL.extras_needed(_notebook("import plotly.graph_objects as go"))
    # guarded imports are optional; shell lines and magics are skipped
    guarded = "try:\n    import plotly\nexcept ImportError:\n    plotly = None\n%matplotlib inline"
    assert TOOL.extras_needed(_notebook(guarded)) == ["ipywidgets>=8"]


def test_a_module_qbcore_does_not_declare_is_refused():
    with pytest.raises(ValueError, match="no_such_module_anywhere"):
        TOOL.extras_needed(_notebook("import no_such_module_anywhere"))
    with pytest.raises(ValueError, match="nbclient"):   # installed here, but not for qbcore
        TOOL.extras_needed(_notebook("import nbclient"))


def test_update_inserts_one_current_cell_after_the_title():
    nb = _notebook("import qbcore\nprint(qbcore.__version__)", "x = 1")
    assert TOOL.problems(nb) == [f"the first code cell is not the install cell (id '{TOOL.CELL_ID}')"]
    TOOL.update(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code", "code"]
    first = nb.cells[1]
    assert first.id == TOOL.CELL_ID and first.metadata.tags == [TOOL.TAG] and first.outputs == []
    assert first.source == TOOL.expected_source(nb) == CELL
    assert TOOL.problems(nb) == []
    nbformat.validate(nb)
    before = nbformat.writes(nb)
    TOOL.update(nb)                  # idempotent
    assert nbformat.writes(nb) == before


def test_stale_cells_are_found_and_replaced():
    nb = _notebook("import qbcore")
    TOOL.update(nb)
    nb.cells[1].source = nb.cells[1].source.replace(f"@v{VERSION}", "@v0.0.1")
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Installing")]
    nb.cells[1].metadata = {}
    nb.cells.append(nbformat.v4.new_code_cell("import sympy"))   # needs another extra now
    assert TOOL.problems(nb) == ["the install cell's source is stale",
                                 f"the install cell lacks the tag '{TOOL.TAG}'",
                                 "the install cell has stored outputs"]
    TOOL.update(nb)
    assert TOOL.problems(nb) == []
    assert '"sympy>=1.12"' in nb.cells[1].source
    assert sum(c.get("id") == TOOL.CELL_ID for c in nb.cells) == 1


def test_check_mode_changes_nothing_and_fails_on_a_stale_notebook(tmp_path, capsys):
    path = tmp_path / "page.ipynb"
    nbformat.write(_notebook("import qbcore"), path)
    text = path.read_text()
    assert TOOL.main(["--check", str(path)]) == 1
    assert path.read_text() == text
    assert TOOL.main([str(path)]) == 0
    assert TOOL.main(["--check", str(path)]) == 0
    assert "updated" in capsys.readouterr().out
