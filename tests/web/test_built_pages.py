"""Markdown outputs of the notebooks (the versions table, the timing table) render as HTML tables.

Reads ``_build/html`` (``make test`` builds it first); without it the test
skips locally and fails in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PAGES = sorted(p.stem for p in (ROOT / "book").glob("*.ipynb"))


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
