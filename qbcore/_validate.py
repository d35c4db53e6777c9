"""Every check of bad input, in one place.

Each function takes the public name of what it checks, and raises a
:class:`ValueError` (a value outside what is allowed) or a :class:`TypeError`
(a value of the wrong type) whose message names that parameter and what is
allowed, before any numerics run.  The rest of the package trusts what these
functions return.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

#: Tolerance of the density-matrix checks (Hermitian, trace 1, positive).
STATE_TOL = 1e-10


def real(name: str, value: Any, *, minimum: float | None = None, strict: bool = False) -> float:
    """A finite real number (``>= minimum``, or ``> minimum`` with ``strict``)."""
    kind = type(value)
    if kind is not float and kind is not int and (  # (the plain types first: fast)
            isinstance(value, bool) or not isinstance(value, numbers.Real)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x!r}")
    if minimum is not None:
        if strict and not x > minimum:
            raise ValueError(f"{name} must be > {minimum:g}, got {x!r}")
        if not strict and not x >= minimum:
            raise ValueError(f"{name} must be >= {minimum:g}, got {x!r}")
    return x


def integer(name: str, value: Any, *, minimum: int | None = None) -> int:
    """An integer (``bool`` excluded), ``>= minimum`` if given."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    n = int(value)
    if minimum is not None and n < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {n}")
    return n


def size(value: Any, maximum: int, why: str) -> int:
    """The number of qubits ``N``: an integer in ``[2, maximum]``; ``why`` explains the maximum."""
    if type(value) is not int and (isinstance(value, bool)
                                   or not isinstance(value, numbers.Integral)):
        raise TypeError(f"N must be an integer, got {type(value).__name__} {value!r}")
    n = int(value)
    if n < 2:
        raise ValueError(f"N must be an integer >= 2 (one battery and at least one ancilla), got {n}")
    if n > maximum:
        raise ValueError(f"N must be <= {maximum} {why}, got {n}")
    return n


def choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    """One of the strings in ``allowed``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {allowed}, got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def topology(value: Any, allowed: tuple[str, ...] = ("star", "chain")) -> str:
    """A network's name; anything else (of any type) is a ``ValueError``."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"topology must be one of {allowed}, got {value!r}")
    return value


def per_qubit(name: str, values: Any, N: int, minimum: float | None) -> tuple[float, ...]:
    """One finite real number per qubit (``>= minimum`` if given)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of {N} real numbers (one per qubit), "
                        f"got {type(values).__name__}")
    values = (list(np.asarray(values, dtype=object).ravel()) if isinstance(values, np.ndarray)
              else list(values))
    if len(values) != N:
        raise ValueError(f"{name} must have one entry per qubit (length N = {N}), "
                         f"got length {len(values)}")
    return tuple(real(f"{name}[{i}]", v, minimum=minimum) for i, v in enumerate(values))


def square_matrix(name: str, value: Any) -> np.ndarray:
    """A finite, non-empty, square matrix of numbers (a ``qutip.Qobj``, array or nested list)."""
    if hasattr(value, "full") and hasattr(value, "dims"):  # a qutip.Qobj
        value = value.full()
    elif isinstance(value, (list, tuple)):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a qutip.Qobj or a square numpy array, "
                        f"got {type(value).__name__}")
    if not np.issubdtype(value.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {value.dtype}")
    if value.ndim != 2 or value.shape[0] != value.shape[1] or value.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {value.shape}")
    A = np.asarray(value, dtype=complex)
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} must be finite (no NaN or infinite entries)")
    return A


def hermitian(name: str, value: Any) -> np.ndarray:
    """A Hermitian matrix (to ``1e-10`` relative), returned exactly Hermitian."""
    A = square_matrix(name, value)
    scale = max(1.0, np.abs(A).max())
    if np.abs(A - A.conj().T).max() > 1e-10 * scale:
        raise ValueError(f"{name} must be Hermitian")
    return 0.5 * (A + A.conj().T)


def initial_state(value: Any, N: int, names: tuple[str, ...], n_max: int) -> Any:
    """``initial``: one of ``names``, or a density matrix of the whole network (read-only).

    A density matrix has ``4**N`` entries, so it needs ``N <= n_max``.
    """
    if isinstance(value, str):
        return choice("initial", value, names)
    if N > n_max:
        raise ValueError(f"initial as a density matrix needs N <= {n_max} (it has 4**N "
                         f"entries); got N = {N}: use 'ground' or 'mixed'")
    dim = 2**N
    if hasattr(value, "full") and hasattr(value, "dims"):  # a qutip.Qobj
        if value.shape != (dim, dim):
            raise ValueError(f"initial must be a {dim}x{dim} density matrix for N = {N}, "
                             f"got shape {value.shape}")
        value = value.full()
    if not isinstance(value, np.ndarray):
        raise TypeError(f"initial must be 'ground', 'mixed', a qutip.Qobj or a numpy array, "
                        f"got {type(value).__name__}")
    if value.shape != (dim, dim):
        raise ValueError(f"initial must be a {dim}x{dim} density matrix for N = {N}, "
                         f"got shape {value.shape}")
    if not np.issubdtype(value.dtype, np.number):
        raise TypeError(f"initial must hold numbers, got dtype {value.dtype}")
    rho = np.array(value, dtype=complex)
    if not np.all(np.isfinite(rho)):
        raise ValueError("initial must be finite (no NaN or infinite entries)")
    if not np.allclose(rho, rho.conj().T, atol=STATE_TOL):
        raise ValueError("initial must be Hermitian")
    if abs(np.trace(rho) - 1) > STATE_TOL:
        raise ValueError(f"initial must have trace 1, got {np.trace(rho).real:.12g}")
    if np.linalg.eigvalsh(rho).min() < -STATE_TOL:
        raise ValueError("initial must be positive semidefinite (a density matrix)")
    rho.setflags(write=False)
    return rho


def probabilities(name: str, value: Any) -> np.ndarray:
    """Finite numbers in ``[0, 1]`` (to ``1e-12``)."""
    p = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if np.any(p < -1e-12) or np.any(p > 1 + 1e-12):
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return p


def swept_values(name: Any, values: Any) -> np.ndarray:
    """The values of a swept parameter: a non-empty 1-D sequence."""
    if not isinstance(name, str):
        raise TypeError(f"the swept parameter's name must be a string, got {type(name).__name__}")
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"values of {name!r} must be a non-empty 1-D sequence, got shape {arr.shape}")
    return arr


def sizes(values: Any) -> list[int]:
    """A non-empty list of integers (the sizes ``Ns`` of a sweep over ``N``)."""
    out = []
    for n in np.atleast_1d(np.asarray(values, dtype=object)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"Ns must hold integers, got {type(n).__name__} {n!r}")
        out.append(int(n))
    if not out:
        raise ValueError("Ns must hold at least one size")
    return out


def workers(name: str, value: Any) -> int | None:
    """A number of worker processes: ``None`` (all CPUs) or an integer ``>= 1``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return value


def times(value: Any) -> np.ndarray:
    """``times``: finite, non-negative real numbers (a scalar or an array of any shape).

    Returns a float copy of the same shape.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"times must be a real number or an array of them, got {value!r}")
    try:
        raw = np.asarray(value)
    except ValueError as err:  # ragged nested sequences
        raise ValueError(f"times must be a rectangular array of real numbers: {err}") from err
    if raw.dtype == bool or not (np.issubdtype(raw.dtype, np.integer)
                                 or np.issubdtype(raw.dtype, np.floating)):
        raise TypeError(f"times must hold real numbers, got dtype {raw.dtype}")
    t = raw.astype(float)
    if t.size == 0:
        raise ValueError("times must hold at least one time, got an empty sequence")
    if not np.all(np.isfinite(t)):
        raise ValueError(f"times must be finite, got {t[~np.isfinite(t)][:3].tolist()}")
    if np.any(t < 0):
        raise ValueError(f"times must be >= 0, got {t[t < 0][:3].tolist()}")
    return t
