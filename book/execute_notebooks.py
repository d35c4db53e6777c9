"""Re-execute notebooks in place and strip widgets: `make notebooks`.

Notebooks are committed executed so that nbval can compare their outputs; run
this after any change to qbcore that could change what they print
(``--strip-widgets-only``: strip, do not execute).  Widget
views (live explorers, notebook progress bars) and the saved widget state are
removed: without their kernel they show "Error displaying widget" or raw
``VBox(children=...)`` text (tests/test_notebooks.py checks that none is left).
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_MIMES = ("application/vnd.jupyter.widget-view+json",
                "application/vnd.jupyter.widget-state+json")


def strip_widgets(nb) -> None:
    """Drop every output that holds a widget, and the notebook's widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if not any(m in o.get("data", {}) for m in WIDGET_MIMES)]


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    strip_widgets(nb)
    nbformat.write(nb, path)
    print(f"executed {path}")


def main(argv: list[str]) -> None:
    """``[--strip-widgets-only] [notebook ...]`` (default: every notebook in book/)."""
    strip_only = "--strip-widgets-only" in argv
    names = [a for a in argv if a != "--strip-widgets-only"]
    for name in names or sorted(str(p) for p in Path(__file__).parent.glob("*.ipynb")):
        path = Path(name)
        if strip_only:
            nb = nbformat.read(path, as_version=4)
            strip_widgets(nb)
            nbformat.write(nb, path)
            print(f"stripped widgets from {path}")
        else:
            execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
