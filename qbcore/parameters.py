"""Validated parameter sets for the two scenarios of the paper.

Every check of bad input lives here, so that the numerics downstream can trust
what they receive.  A :class:`Parameters` object is immutable and hashable;
:func:`make_parameters` builds one from the keyword arguments of the public API
and raises a :class:`ValueError` or :class:`TypeError` that names the offending
parameter and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

SCENARIOS = ("equilibrium", "nonequilibrium")
TOPOLOGIES = ("star", "chain")
INITIAL_NAMES = ("ground", "mixed")
METHODS = ("auto", "dicke", "symmetric", "blocks")

#: Largest network the solvers that store the ``2**N``-dimensional state accept
#: (methods "symmetric" and "blocks", ``steady_state``, an initial density
#: matrix).  The state's ``q = 0`` sector has ``binomial(2N, N)`` entries
#: (184 756 at ``N = 10``).
N_MAX = 10
#: Largest network overall: the Dicke-basis solver (star network, identical
#: ancillas) has about ``3 (N/2)^2`` unknowns, 752 502 at ``N = 1001``.
N_MAX_DICKE = 1001

#: Public keywords and their defaults (``None`` marks "not given").
DEFAULTS: dict[str, Any] = {
    "N": 3,
    "omega0": 10.0,
    "omega": 1.0,
    "gamma": 1.0,
    "J": 1.0,
    "topology": "star",
    "mu": None,
    "T": None,
    "dmu": None,
    "mus": None,
    "Ts": None,
    "initial": "ground",
    "method": "auto",
}

_NONEQ_ONLY = ("dmu", "mus", "Ts")


@dataclass(frozen=True, eq=False)
class Parameters:
    """A validated parameter set.

    Attributes
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
        Collective coupling to one reservoir (Eqs. 4-6) or one reservoir per
        qubit (Eqs. 4, 7, 8).
    N : int
        Number of qubits; qubit 0 is the battery.
    omega0, omega, gamma, J : float
        Qubit frequency, reservoir frequency, reservoir coupling, hopping.
    topology : {"star", "chain"}
        Network of the hopping terms.
    mus, Ts : tuple of float
        Chemical potential and temperature of every reservoir: one entry for
        the collective reservoir (equilibrium) or one per qubit.
    initial : str or numpy.ndarray
        ``"ground"``, ``"mixed"`` or a validated ``2**N x 2**N`` density matrix
        (stored read-only).  It only matters where ``ker L`` is degenerate.
    method : {"auto", "dicke", "symmetric", "blocks"}
        Steady-state solver (see :mod:`qbcore.steady`); ``"auto"`` picks the
        fastest exact one.
    """

    scenario: str
    N: int
    omega0: float
    omega: float
    gamma: float
    J: float
    topology: str
    mus: tuple[float, ...]
    Ts: tuple[float, ...]
    initial: Any = "ground"
    method: str = "auto"

    @property
    def local(self) -> bool:
        """True for one reservoir per qubit (the non-equilibrium scenario)."""
        return self.scenario == "nonequilibrium"


def _real(name: str, value: Any, *, minimum: float | None = None,
          strict: bool = False) -> float:
    """Check that ``value`` is a finite real number (above ``minimum``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
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


def _integer_N(value: Any, maximum: int = N_MAX_DICKE) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"N must be an integer, got {type(value).__name__} {value!r}")
    n = int(value)
    if n < 2:
        raise ValueError(f"N must be an integer >= 2 (one battery and at least one ancilla), got {n}")
    if n > maximum:
        if maximum == N_MAX_DICKE:
            raise ValueError(f"N must be <= {N_MAX_DICKE} (the Dicke-basis solver's limit; "
                             f"<= {N_MAX} for the other methods), got {n}")
        raise ValueError(f"N must be <= {maximum} here (the state has 4**N entries), got {n}")
    return n


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {allowed}, got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def _per_qubit(name: str, values: Any, N: int, minimum: float | None) -> tuple[float, ...]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of {N} real numbers (one per qubit), "
                        f"got {type(values).__name__}")
    values = list(np.asarray(values, dtype=object).ravel()) if isinstance(values, np.ndarray) else list(values)
    if len(values) != N:
        raise ValueError(f"{name} must have one entry per qubit (length N = {N}), got length {len(values)}")
    return tuple(_real(f"{name}[{i}]", v, minimum=minimum) for i, v in enumerate(values))


def _initial_state(value: Any, N: int) -> Any:
    """Validate ``initial``: a name or a density matrix of the whole network."""
    if isinstance(value, str):
        return _choice("initial", value, INITIAL_NAMES)
    if N > N_MAX:
        raise ValueError(f"initial as a density matrix needs N <= {N_MAX} (it has 4**N "
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
    if not np.allclose(rho, rho.conj().T, atol=1e-10):
        raise ValueError("initial must be Hermitian")
    if abs(np.trace(rho) - 1) > 1e-10:
        raise ValueError(f"initial must have trace 1, got {np.trace(rho).real:.12g}")
    if np.linalg.eigvalsh(rho).min() < -1e-10:
        raise ValueError("initial must be positive semidefinite (a density matrix)")
    rho.setflags(write=False)
    return rho


def make_parameters(scenario: Any, **params: Any) -> Parameters:
    """Validate the public keyword arguments and return a :class:`Parameters`.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    **params
        ``N=3, omega0=10.0, omega=1.0, gamma=1.0, J=1.0, topology="star",
        mu, T, dmu=0.0, mus=None, Ts=None, initial="ground", method="auto"``.  ``mu`` and ``T``
        are required unless the per-qubit ``mus`` / ``Ts`` are given
        (non-equilibrium only), which replace them; giving both ``mu`` and
        ``mus`` (or ``T`` and ``Ts``) is ambiguous and rejected.

    Raises
    ------
    TypeError
        Unknown keyword, or a value of the wrong type.
    ValueError
        A value outside its allowed range, or a keyword that does not belong
        to the scenario.
    """
    scenario = _choice("scenario", scenario, SCENARIOS)
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise TypeError(f"unknown parameter(s) {unknown}; allowed: {sorted(DEFAULTS)}")
    p = {**DEFAULTS, **params}

    N = _integer_N(p["N"])
    topology = _choice("topology", p["topology"], TOPOLOGIES)
    omega0 = _real("omega0", p["omega0"], minimum=0.0)
    omega = _real("omega", p["omega"])
    gamma = _real("gamma", p["gamma"], minimum=0.0, strict=True)
    J = _real("J", p["J"])

    if scenario == "equilibrium":
        wrong = [k for k in _NONEQ_ONLY if p[k] is not None]
        if wrong:
            raise ValueError(f"parameter(s) {wrong} belong to the 'nonequilibrium' scenario only; "
                             "the equilibrium scenario has one reservoir with mu and T")
        for key in ("mu", "T"):
            if p[key] is None:
                raise TypeError(f"{key} is required for the equilibrium scenario")
        mus = (_real("mu", p["mu"]),)
        Ts = (_real("T", p["T"], minimum=0.0),)
    else:
        if p["mus"] is not None:
            if p["mu"] is not None or p["dmu"] is not None:
                raise ValueError("give either mu (with dmu) or the per-qubit mus, not both")
            mus = _per_qubit("mus", p["mus"], N, None)
        else:
            if p["mu"] is None:
                raise TypeError("mu is required for the nonequilibrium scenario (or give mus)")
            mu = _real("mu", p["mu"])
            dmu = 0.0 if p["dmu"] is None else _real("dmu", p["dmu"])
            if not math.isfinite(mu + dmu):
                raise ValueError(f"mu + dmu must be finite, got mu = {mu!r}, dmu = {dmu!r}")
            mus = (mu,) + (mu + dmu,) * (N - 1)
        if p["Ts"] is not None:
            if p["T"] is not None:
                raise ValueError("give either T or the per-qubit Ts, not both")
            Ts = _per_qubit("Ts", p["Ts"], N, 0.0)
        else:
            if p["T"] is None:
                raise TypeError("T is required for the nonequilibrium scenario (or give Ts)")
            Ts = (_real("T", p["T"], minimum=0.0),) * N

    initial = _initial_state(p["initial"], N)
    method = _choice("method", p["method"], METHODS)
    return Parameters(scenario=scenario, N=N, omega0=omega0, omega=omega, gamma=gamma, J=J,
                      topology=topology, mus=mus, Ts=Ts, initial=initial, method=method)
