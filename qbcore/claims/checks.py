"""Small helpers that the claims' checks share: W along a grid, monotonicity, formatting."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..battery import battery_ergotropy
from ..sweeps import sweep
from .core import Finding

#: Slack for "non-decreasing" and "non-increasing": round-off of the solvers.
MONOTONE_TOL = 1e-12


def W(scenario: str, **params) -> float:
    """The battery's normalised ergotropy (:func:`qbcore.battery_ergotropy`)."""
    return battery_ergotropy(scenario, **params)


def along(scenario: str, name: str, values: Sequence[float], **params) -> np.ndarray:
    """``W`` along one parameter (:func:`qbcore.sweep`)."""
    return sweep(scenario, name, np.asarray(values), **params)


def monotone(values: np.ndarray, grid: Sequence[float], name: str, increasing: bool = True,
             tol: float = MONOTONE_TOL) -> Finding:
    """Whether ``values`` never fall (``increasing``) or never rise along ``grid``."""
    d = np.diff(values)
    bad = np.flatnonzero(d < -tol) if increasing else np.flatnonzero(d > tol)
    if bad.size == 0:
        return Finding(True)
    k = int(bad[0])
    return Finding(False, f"W({name} = {grid[k]:.4g}) = {values[k]:.4f}, "
                          f"W({name} = {grid[k + 1]:.4g}) = {values[k + 1]:.4f}")


def close(value: float, expected: float, tol: float, what: str = "W") -> Finding:
    """Whether ``|value - expected| <= tol``."""
    if abs(value - expected) <= tol:
        return Finding(True)
    return Finding(False, f"{what} = {value:.6g}, expected {expected:.6g}")


def fixed(point: dict, *names: str) -> dict:
    """The entries of ``point`` that are model parameters (drops the claim's own keys)."""
    return {k: v for k, v in point.items() if k in names}
