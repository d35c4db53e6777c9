"""The built pages' HTML: Markdown outputs render as tables, and nothing heavy is loaded for nothing.

Reads ``_build/html`` (``make test`` builds it first); without it the tests
skip locally and fail in CI.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PAGES = sorted(p.stem for p in (ROOT / "book").glob("*.ipynb"))


def _page(page: str) -> str:
    path = SITE / "book" / f"{page}.html"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is missing: build the book first (make book)")
        pytest.skip("the book is not built")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_markdown_tables_render(page):
    path = SITE / "book" / f"{page}.html"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is missing: build the book first (make book)")
        pytest.skip("the book is not built")
    text = path.read_text(encoding="utf-8")
    assert "| package | version |" not in text, "a markdown table was left as raw text"
    n_tables = text.count("<table")
    expected = 2 if page == "n_scaling" else 1  # versions (and the timing table)
    assert n_tables >= expected, f"{page}: {n_tables} tables"


@pytest.mark.parametrize("page", PAGES + ["intro"])
def test_pages_load_no_asset_they_do_not_use(page):
    text = _page(page)
    assert "fontawesome.js" not in text                       # 1.5 MB for custom icons only
    assert "application/vnd.jupyter.widget-state+json" not in text  # no widget manager reads it
    assert "_static/mathjax/startup.js" in text               # MathJax's loader, not a combined file
    assert "tex-mml-chtml.js" not in text
    assert "plotly.min.js" not in text                        # the full plotly.js bundle


@pytest.mark.parametrize("page", PAGES)
def test_figures_are_svg(page):
    """Figures of the notebooks are SVG (style.use_book_style()): sharp at any resolution."""
    text = _page(page)
    images = [src for src in re.findall(r"<img[^>]*src=\"([^\"]+)\"", text) if "_images/" in src]
    raster = [src for src in images if re.search(r"\.(png|jpe?g|gif)$", src)]
    assert images and not raster, raster
