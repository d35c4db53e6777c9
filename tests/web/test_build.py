"""The book build's scheduling: one page a chunk, longest recorded run first; parallel reading allowed."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from qbcore.web import build, sphinxext


def _notebook(path, seconds):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "text"}]
    for k, s in enumerate(seconds):
        start = f"2026-01-01T00:00:{10 * k:02d}.000000Z"
        end = f"2026-01-01T00:00:{10 * k + s:06.3f}Z"
        cells.append({"cell_type": "code", "metadata": {"execution": {
            "iopub.execute_input": start, "shell.execute_reply": end}}, "source": "1",
            "outputs": [], "execution_count": k + 1})
    cells.append({"cell_type": "code", "metadata": {}, "source": "2", "outputs": [],
                  "execution_count": None})  # never executed: no timing
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")


def test_recorded_seconds_sums_the_cells_timings(tmp_path):
    _notebook(tmp_path / "a.ipynb", [1.5, 2.25, 0.0])
    assert build.recorded_seconds(tmp_path / "a.ipynb") == pytest.approx(3.75)
    assert build.recorded_seconds(tmp_path / "missing.ipynb") == 0.0
    (tmp_path / "intro.md").write_text("# intro\n", encoding="utf-8")
    assert build.recorded_seconds(tmp_path / "intro.md") == 0.0


def test_every_page_is_a_chunk_longest_first(tmp_path):
    (tmp_path / "book").mkdir()
    for name, seconds in (("short", [1.0]), ("long", [5.0, 4.0]), ("middle", [3.0])):
        _notebook(tmp_path / "book" / f"{name}.ipynb", seconds)
    names = ["book/intro", "book/short", "book/long", "book/middle"]
    chunks = build.one_page_chunks(names, 2, source=tmp_path)
    assert chunks == [["book/long"], ["book/middle"], ["book/short"], ["book/intro"]]
    assert sorted(c[0] for c in chunks) == sorted(names)


def test_the_books_own_pages_are_scheduled(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pages = sorted(f"book/{p.stem}" for p in (root / "book").glob("*.ipynb"))
    chunks = build.one_page_chunks(pages + ["book/intro"], 2, source=root)
    assert [len(c) for c in chunks] == [1] * (len(pages) + 1)
    seconds = [build.recorded_seconds(root / f"{c[0]}.ipynb") for c in chunks]
    assert seconds == sorted(seconds, reverse=True) and seconds[0] > 0 and seconds[-1] == 0


@pytest.mark.parametrize("jobs, error", [(0, ValueError), (-2, ValueError), (1.5, TypeError),
                                         ("2", TypeError), (True, TypeError)])
def test_bad_jobs_are_refused_before_anything_runs(jobs, error, tmp_path):
    with pytest.raises(error, match="jobs"):
        build.build(tmp_path, jobs)


def test_extensions_that_do_not_declare_are_declared_parallel_safe():
    undeclared = SimpleNamespace(parallel_read_safe=None)
    unsafe = SimpleNamespace(parallel_read_safe=False)
    other = SimpleNamespace(parallel_read_safe=None)
    app = SimpleNamespace(extensions={"sphinx_multitoc_numbering": undeclared,
                                      "sphinx_jupyterbook_latex": unsafe, "someone_else": other})
    sphinxext._declare_parallel_safe(app, None)
    assert undeclared.parallel_read_safe is True
    assert unsafe.parallel_read_safe is False      # an extension that says no is believed
    assert other.parallel_read_safe is None        # only the two named ones are vouched for


def _code_notebook(path, source):
    path.write_text(json.dumps({
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": f"# {path.stem}"},
                  {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
                   "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")


@pytest.mark.parametrize("broken", [False, True])
def test_a_failing_notebook_fails_the_parallel_build(tmp_path, broken):
    """Seven pages on two processes (Sphinx reads in parallel above five pages).

    The book's extension vouches for the extensions Jupyter Book always loads
    (here through a stand-in extension: the book's own one also computes the
    explorer grids); otherwise Sphinx would read serially and warn, which
    fails the build (warnings are errors).
    """
    (tmp_path / "vouch.py").write_text(
        "from qbcore.web.sphinxext import _declare_parallel_safe\n\n\n"
        "def setup(app):\n    app.connect('config-inited', _declare_parallel_safe)\n"
        "    return {'parallel_read_safe': True, 'parallel_write_safe': True}\n",
        encoding="utf-8")
    (tmp_path / "_config.yml").write_text(
        "title: t\nexecute:\n  execute_notebooks: force\n  timeout: 60\n"
        "sphinx:\n  local_extensions:\n    vouch: ./\n"
        "  config:\n    nb_execution_raise_on_error: true\n", encoding="utf-8")
    names = [f"page{k}" for k in range(6)]
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n"
        + "".join(f"  - file: {n}\n" for n in names), encoding="utf-8")
    (tmp_path / "intro.md").write_text("# intro\n", encoding="utf-8")
    for k, name in enumerate(names):
        code = "raise RuntimeError('broken page')" if broken and k == 3 else f"print({k} * 2)"
        _code_notebook(tmp_path / f"{name}.ipynb", code)
    status = build.build(tmp_path, jobs=2)
    assert (status != 0) == broken
    if not broken:
        html = (tmp_path / "_build" / "html" / "page5.html").read_text(encoding="utf-8")
        assert "10" in html
