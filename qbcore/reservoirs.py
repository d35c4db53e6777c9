"""Fermionic reservoirs: the Fermi-Dirac occupation of Eqs. (5)-(8)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import expit

from . import _validate as check


def fermi(omega: ArrayLike, mu: ArrayLike, T: ArrayLike) -> float | np.ndarray:
    r"""Mean occupation ``n(omega; mu, T) = 1 / (exp((omega - mu)/T) + 1)``.

    The occupation that a fermionic reservoir of chemical potential ``mu`` and
    temperature ``T`` has at the frequency ``omega`` (the paper's
    :math:`n(\omega)` below Eq. (6) and :math:`n_i(\omega)` below Eq. (8)).

    Parameters
    ----------
    omega, mu : float or array_like
        Reservoir frequency and chemical potential (finite).
    T : float or array_like
        Temperature, ``T >= 0``.  ``T = 0`` gives the step function: 1 for
        ``omega < mu``, 1/2 at ``omega == mu``, 0 for ``omega > mu``.

    Returns
    -------
    float or numpy.ndarray
        Values in ``[0, 1]``, broadcast over the inputs.  Evaluated with the
        logistic function ``expit(-(omega - mu)/T)``, which neither overflows
        nor loses relative precision for large ``|omega - mu| / T``.

    Raises
    ------
    ValueError
        If any input is NaN or infinite, or any ``T`` is negative.
    """
    w, m, t = (np.asarray(a, dtype=float) for a in (omega, mu, T))
    for name, a in (("omega", w), ("mu", m), ("T", t)):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} must be finite, got {a!r}")
    if np.any(t < 0):
        raise ValueError(f"T must be >= 0, got {t!r}")
    n = occupations(*np.broadcast_arrays(w, m, t))
    return float(n) if n.ndim == 0 else n


def occupations(omega: np.ndarray, mu: np.ndarray, T: np.ndarray) -> np.ndarray:
    """:func:`fermi` on arrays that are already checked (finite, ``T >= 0``), without the checks.

    For callers that hold validated parameters (the solvers, one array per batch
    of parameter points); the values are the same as :func:`fermi`'s.
    """
    x = omega - mu
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        n = expit(-x / T)
    return np.where(T == 0, 0.5 * (1.0 - np.sign(x)), n)


def occupation(mu: Any, T: Any, omega: Any = 1.0) -> float:
    """``fermi(omega, mu, T)`` of one reservoir given as scalars, checked as parameters.

    Unlike :func:`fermi` (which broadcasts arrays), the three values must be
    real numbers: a ``TypeError`` or ``ValueError`` names the first bad one.
    """
    mu = check.real("mu", mu)
    T = check.real("T", T, minimum=0.0)
    omega = check.real("omega", omega)
    return float(fermi(omega, mu, T))
