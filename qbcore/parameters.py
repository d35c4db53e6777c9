"""Validated parameter sets for the two scenarios of the paper.

A :class:`Parameters` object is immutable; :func:`make_parameters` builds one
from the keyword arguments of the public API, with the checks of
:mod:`qbcore._validate`, and raises a :class:`ValueError` or :class:`TypeError`
that names the offending parameter and what is allowed.  The limits on ``N``
of every solver live here too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from . import _validate as check

#: The two scenarios of the paper: one collective reservoir (Eqs. 4-6), or one
#: reservoir per qubit (Eqs. 4, 7-8).  This name is the only switch between them.
EQUILIBRIUM, NONEQUILIBRIUM = "equilibrium", "nonequilibrium"
SCENARIOS = (EQUILIBRIUM, NONEQUILIBRIUM)
TOPOLOGIES = ("star", "chain")
INITIAL_NAMES = ("ground", "mixed")
METHODS = ("auto", "dicke", "symmetric", "blocks")
#: Master equations of the non-equilibrium scenario: the paper's local form
#: (Eqs. 7-8), the global (Davies) form in the eigenbasis of ``H``
#: (:mod:`qbcore.global_me`), and the Bloch-Redfield equation without the
#: secular approximation (:mod:`qbcore.redfield`), the arbiter between the two.
MASTER_EQUATIONS = ("local", "global", "redfield")

#: Largest network the solvers that store the ``2**N``-dimensional state accept
#: (methods "symmetric" and "blocks", ``steady_state``, an initial density
#: matrix).  The state's ``q = 0`` sector has ``binomial(2N, N)`` entries
#: (184 756 at ``N = 10``).
N_MAX = 10
#: Largest network overall: the Dicke-basis solver (star network, identical
#: ancillas) has about ``3 (N/2)^2`` unknowns, 752 502 at ``N = 1001``.
N_MAX_DICKE = 1001
#: Collective scenario with method "blocks" (a dense decomposition of the
#: degenerate kernel): largest ``N`` (3432 unknowns at ``N = 7``).
N_MAX_COLLECTIVE_BLOCKS = 7
#: Global and Bloch-Redfield master equations (dense generators in the
#: eigenbasis of ``H``, ``binomial(2N, N)`` unknowns): largest ``N``.
N_MAX_EIGENBASIS = 6

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
    "gamma_local": None,
    "master_equation": None,
    "omega0s": None,
}

_NONEQ_ONLY = ("dmu", "mus", "Ts", "master_equation")
_KEYWORDS = frozenset(DEFAULTS)


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
        Qubit frequency (the battery's, ``omega0s[0]``, where ``omega0s`` is
        given), reservoir frequency, reservoir coupling, hopping.
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
    gamma_local : float
        Equilibrium scenario: each qubit's own coupling to the shared
        reservoir, ``gamma_local ((1-n) D[sigma_-^i] + n D[sigma_+^i])``
        (0: the paper's perfectly collective coupling).  Always 0 in the
        non-equilibrium scenario.
    master_equation : {"local", "global", "redfield"}
        Non-equilibrium scenario: the paper's local form (Eqs. 7-8), the
        global (Davies) form or the Bloch-Redfield equation; always
        ``"local"`` in the equilibrium scenario.
    omega0s : tuple of float or None
        Per-qubit transition frequencies, or ``None``: every qubit at ``omega0``.
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
    gamma_local: float = 0.0
    master_equation: str = "local"
    omega0s: tuple[float, ...] | None = None

    @property
    def frequencies(self) -> tuple[float, ...]:
        """The transition frequency of every qubit (``omega0s``, or ``omega0`` repeated)."""
        return self.omega0s if self.omega0s is not None else (self.omega0,) * self.N

    @property
    def detunings(self) -> tuple[float, ...]:
        """``omega0_i - omega0`` of every qubit (all 0 without ``omega0s``)."""
        return tuple(w - self.omega0 for w in self.frequencies)

    @property
    def detuned(self) -> bool:
        """Do the qubits' frequencies differ?"""
        return any(d != 0.0 for d in self.detunings)


def size_any_method(value: Any) -> int:
    """``N`` as any solver accepts it (up to the Dicke-basis limit)."""
    return check.size(value, N_MAX_DICKE, f"(the Dicke-basis solver's limit; <= {N_MAX} for the "
                      "other methods)")


def size_full_state(value: Any) -> int:
    """``N`` for what holds the whole ``2**N``-dimensional state."""
    return check.size(value, N_MAX, "here (the state has 4**N entries)")


def make_parameters(scenario: Any, **params: Any) -> Parameters:
    """Validate the public keyword arguments and return a :class:`Parameters`.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    **params
        ``N=3, omega0=10.0, omega=1.0, gamma=1.0, J=1.0, topology="star",
        mu, T, dmu=0.0, mus=None, Ts=None, initial="ground", method="auto",
        gamma_local=0.0, master_equation="local", omega0s=None``.  ``mu`` and ``T``
        are required unless the per-qubit ``mus`` / ``Ts`` are given
        (non-equilibrium only), which replace them; giving both ``mu`` and
        ``mus`` (or ``T`` and ``Ts``, or ``omega0`` and ``omega0s``) is
        ambiguous and rejected.  ``gamma_local`` belongs to the equilibrium
        scenario only, ``master_equation`` to the non-equilibrium one (giving
        either in the other scenario, even at its default, is rejected).
        With ``master_equation="global"`` or ``"redfield"`` the reservoirs are
        probed at the Bohr frequencies of ``H``, so ``omega`` plays no role
        and may not be given; ``N <= 6`` there.

    Raises
    ------
    TypeError
        Unknown keyword, or a value of the wrong type.
    ValueError
        A value outside its allowed range, or a keyword that does not belong
        to the scenario.
    """
    scenario = check.choice("scenario", scenario, SCENARIOS)
    if not _KEYWORDS.issuperset(params):
        unknown = sorted(set(params) - _KEYWORDS)
        raise TypeError(f"unknown parameter(s) {unknown}; allowed: {sorted(DEFAULTS)}")
    p = {**DEFAULTS, **params}

    N = size_any_method(p["N"])
    topology = check.choice("topology", p["topology"], TOPOLOGIES)
    omega0s = None
    if p["omega0s"] is not None:
        if "omega0" in params:
            raise ValueError("give either omega0 or the per-qubit omega0s, not both")
        omega0s = check.per_qubit("omega0s", p["omega0s"], N, 0.0)
        omega0 = omega0s[0]
    else:
        omega0 = check.real("omega0", p["omega0"], minimum=0.0)
    omega = check.real("omega", p["omega"])
    gamma = check.real("gamma", p["gamma"], minimum=0.0, strict=True)
    J = check.real("J", p["J"])

    gamma_local, master_equation = 0.0, "local"
    if scenario == "equilibrium":
        wrong = [k for k in _NONEQ_ONLY if p[k] is not None]
        if wrong:
            raise ValueError(f"parameter(s) {wrong} belong to the 'nonequilibrium' scenario only; "
                             "the equilibrium scenario has one reservoir with mu and T")
        if p["gamma_local"] is not None:
            gamma_local = check.real("gamma_local", p["gamma_local"], minimum=0.0)
        for key in ("mu", "T"):
            if p[key] is None:
                raise TypeError(f"{key} is required for the equilibrium scenario")
        mus = (check.real("mu", p["mu"]),)
        Ts = (check.real("T", p["T"], minimum=0.0),)
    else:
        if p["gamma_local"] is not None:
            raise ValueError("gamma_local belongs to the 'equilibrium' scenario only (each "
                             "qubit's own coupling to the one shared reservoir); in the "
                             "nonequilibrium scenario every qubit has its own reservoir already")
        if p["master_equation"] is not None:
            master_equation = check.choice("master_equation", p["master_equation"],
                                           MASTER_EQUATIONS)
        if master_equation != "local":
            if "omega" in params:
                raise ValueError(f"omega plays no role with master_equation={master_equation!r} "
                                 "(the reservoirs are probed at the Bohr frequencies of H); "
                                 "do not give it")
            if N > N_MAX_EIGENBASIS:
                raise ValueError(f"N must be <= {N_MAX_EIGENBASIS} with master_equation="
                                 f"{master_equation!r} (dense generators in the eigenbasis of "
                                 f"H); got N = {N}")
        if p["mus"] is not None:
            if p["mu"] is not None or p["dmu"] is not None:
                raise ValueError("give either mu (with dmu) or the per-qubit mus, not both")
            mus = check.per_qubit("mus", p["mus"], N, None)
        else:
            if p["mu"] is None:
                raise TypeError("mu is required for the nonequilibrium scenario (or give mus)")
            mu = check.real("mu", p["mu"])
            dmu = 0.0 if p["dmu"] is None else check.real("dmu", p["dmu"])
            if not math.isfinite(mu + dmu):
                raise ValueError(f"mu + dmu must be finite, got mu = {mu!r}, dmu = {dmu!r}")
            mus = (mu,) + (mu + dmu,) * (N - 1)
        if p["Ts"] is not None:
            if p["T"] is not None:
                raise ValueError("give either T or the per-qubit Ts, not both")
            Ts = check.per_qubit("Ts", p["Ts"], N, 0.0)
        else:
            if p["T"] is None:
                raise TypeError("T is required for the nonequilibrium scenario (or give Ts)")
            Ts = (check.real("T", p["T"], minimum=0.0),) * N

    initial = check.initial_state(p["initial"], N, INITIAL_NAMES, N_MAX)
    method = check.choice("method", p["method"], METHODS)
    return Parameters(scenario=scenario, N=N, omega0=omega0, omega=omega, gamma=gamma, J=J,
                      topology=topology, mus=mus, Ts=Ts, initial=initial, method=method,
                      gamma_local=gamma_local, master_equation=master_equation, omega0s=omega0s)
