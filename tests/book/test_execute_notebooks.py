"""book/execute_notebooks.py: widgets are stripped from what is committed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _tool():
    spec = importlib.util.spec_from_file_location("execute_notebooks",
                                                  ROOT / "book" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_strip_widgets_drops_widget_outputs_and_state_only(tmp_path):
    view = nbformat.v4.new_output("display_data", data={
        "text/plain": "VBox(children=(HBox(...", WIDGET_VIEW: {"model_id": "m1"}})
    progress = nbformat.v4.new_output("display_data", data={
        "text/plain": "  0%|          | 0/13", WIDGET_VIEW: {"model_id": "m2"}})
    text = nbformat.v4.new_output("stream", name="stdout", text="W = 0.4251\n")
    figure = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Title"),
               nbformat.v4.new_code_cell("explore(2)", outputs=[view]),
               nbformat.v4.new_code_cell("run()", outputs=[text, progress, figure])],
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}},
                  "kernelspec": {"name": "python3", "display_name": "Python 3"}})
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    _tool().main(["--strip-widgets-only", str(path)])
    out = nbformat.read(path, as_version=4)
    assert "widgets" not in out.metadata and out.metadata.kernelspec.name == "python3"
    assert out.cells[1].outputs == []
    assert out.cells[2].outputs == [text, figure]
