"""Versions of qbcore and the libraries it stands on (for the notebooks' last cell)."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

PACKAGES = ("qbcore", "qutip", "numpy", "scipy", "matplotlib")


def versions() -> dict[str, str]:
    """``{package: version}`` for Python and :data:`PACKAGES`."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def versions_markdown() -> str:
    """:func:`versions` as a Markdown table."""
    rows = "\n".join(f"| {k} | {v} |" for k, v in versions().items())
    return "| package | version |\n|---|---|\n" + rows
