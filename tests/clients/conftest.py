"""Shared by the real-client tests: skip-or-fail, chromium, kernel memory, the report.

These tests run the notebooks the way readers do (JupyterLab and Notebook 7 in
a browser; a bare Python with only a kernel).  They are marked ``clients``:
``make test`` (and CI) runs them; ``pytest -m "not clients"`` skips them for a
quick local run.  Without chromium they skip locally and fail in CI
(``CI=true``).  Each writes what it measured (run time and kernel peak memory
per notebook) to ``_build/clients/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from client_tools import CHROMIUM_ARGS, require


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.clients)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """``item.rep_call``: the call phase's report (for a screenshot when a test fails)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright (never a downloaded browser)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    require(executable is not None, "chromium is not installed (Debian: apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements.txt pins it
        require(False, "playwright is not installed (pip install -r requirements.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
