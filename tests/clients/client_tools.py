"""Helpers of the real-client tests (see conftest.py): skip-or-fail, kernel memory, the report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
REPORT_DIR = ROOT / "_build" / "clients"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: Without the networking flags chromium calls Google's hosts at start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require(ok: bool, why: str) -> None:
    """Skip locally, fail in CI."""
    if not ok:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)


def kernel_peak_rss(pid: int) -> int | None:
    """The process's peak resident set size in bytes (``VmHWM``; Linux), else None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class Report:
    """Measurements of one test module, written to ``_build/clients/<name>.json``."""

    def __init__(self, name: str):
        self.path = REPORT_DIR / f"{name}.json"
        self.data: dict = {}

    def record(self, key: str, **values) -> None:
        self.data.setdefault(key, {}).update(values)
        REPORT_DIR.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data, indent=1, sort_keys=True), encoding="utf-8")
