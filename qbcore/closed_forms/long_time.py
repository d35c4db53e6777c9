r"""The collective scenario's long-time limit from any start, and the kernel's dimension.

The limit is fixed by the weights the start gives the conserved sectors (see
:mod:`qbcore.closed_forms`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _validate as check
from ..parameters import INITIAL_NAMES, N_MAX, size_any_method, size_full_state
from ..reservoirs import occupation
from .gibbs import ergotropy_from_population, reflection_population, triplet_population
from .projectors import spin_projector, symmetry_projector


def spin_multiplicity(M: int, j: float) -> int:
    r"""How often total spin ``j`` occurs among ``M`` spin-1/2's.

    ``binom(M, M/2 - j) - binom(M, M/2 - j - 1)``; zero where ``j`` has the
    wrong parity or exceeds ``M/2``.

    Parameters
    ----------
    M : int
        Number of spins, ``M >= 0``.
    j : float
        Total spin (integer or half-integer, ``>= 0``).

    Returns
    -------
    int
    """
    if isinstance(M, bool) or not isinstance(M, (int, np.integer)) or M < 0:
        raise ValueError(f"M must be a non-negative integer, got {M!r}")
    j = check.real("j", j, minimum=0.0)
    k = M / 2 - j
    if k < 0 or abs(k - round(k)) > 1e-9:
        return 0
    k = int(round(k))
    return math.comb(M, k) - (math.comb(M, k - 1) if k >= 1 else 0)


def kernel_dimension_formula(N: int, topology: str = "star") -> int:
    r"""Dimension of ``ker L`` in the equilibrium scenario (``J != 0``, ``T > 0``).

    Star: ``sum_j d_j**2 * (2 if j == 1/2 else 1)``, with ``d_j`` the
    multiplicity of the ancillas' total spin ``j`` (:func:`spin_multiplicity`
    of ``N - 1`` spins): each copy of ``battery (x) spin-j`` has one steady
    state, two for ``j = 1/2`` (the dark singlet), and the multiplicity space
    is untouched by the dynamics (a ``d_j x d_j`` matrix of freedom).
    Chain: 2, one per reflection sector (checked against the numerics for
    ``N <= 6``; at ``T = 0`` the chain with ``N >= 4`` has more).

    Parameters
    ----------
    N : int
        ``2 <= N <= 10``.
    topology : {"star", "chain"}

    Returns
    -------
    int
    """
    N = size_full_state(N)
    topology = check.topology(topology)
    if topology == "chain" or N == 2:
        return 2
    M = N - 1
    js = [M / 2 - k for k in range(M // 2 + 1)]
    return sum(spin_multiplicity(M, j) ** 2 * (2 if j == 0.5 else 1) for j in js)


def _initial_weights(N: int, topology: str, initial: Any) -> tuple[float, float]:
    """Conserved weights of the initial state.

    Star: ``(w_half, w_singlet)``: weight in the ancillas' ``j = 1/2`` sectors
    and in the total-spin singlet.  Chain: ``(w_even, 0)``.
    """
    if isinstance(initial, str):
        if initial == "ground":
            if topology == "star":
                return (1.0 if N == 2 else 0.0), 0.0
            return 1.0, 0.0
        # "mixed": identity / 2**N
        if topology == "star":
            d = spin_multiplicity(N - 1, 0.5)  # the Catalan number C_(N/2) for even N
            return (4 * d) / 2 ** N, d / 2 ** N  # exact integers, one rounding
        m, r = N // 2, N % 2
        return 0.5 * (1.0 + 2.0 ** (m + r - N)), 0.0
    rho = initial
    if topology == "star":
        w_half = np.real(np.trace(spin_projector(N, tuple(range(1, N)), 0.5) @ rho))
        w_s = np.real(np.trace(spin_projector(N, tuple(range(N)), 0.0) @ rho)) if N % 2 == 0 else 0.0
        return float(w_half), float(w_s)
    return float(np.real(np.trace(symmetry_projector(N, "chain") @ rho))), 0.0


def limit_population(N: int, mu: float, T: float, *, omega: float = 1.0,
                     topology: str = "star", initial: Any = "ground") -> float:
    r"""Battery population at long times from any initial state (``J != 0``).

    Star: ``p_e = (1 - w) n + w_S / 2 + (w - w_S) p_T``, with ``w`` the
    initial weight in the ancillas' ``j_A = 1/2`` sectors, ``w_S`` that in the
    total-spin singlet (only for even ``N``) and ``p_T`` the
    :func:`triplet_population`.  Every other ``j_A`` sector relaxes to a
    restricted Gibbs state with battery population ``n``.  So for odd ``N``
    (no ``j_A = 1/2``) the battery ends at ``n`` whatever the start.
    Chain: ``p_e = a p_+ + (1 - a) p_-`` with ``a = tr(P_+ rho(0))``
    (:func:`reflection_population`).

    For the star with even ``N`` from the mixed start, ``w = 4 w_S`` and
    ``w_S = C_{N/2} / 2^N`` (``C`` the Catalan numbers), so with
    ``u = (mu - omega) / 2T``:
    ``W = max(0, tanh u - (C_{N/2}/2^N) 4 sinh^3 u / (cosh u (1 + 2 cosh 2u)))``,
    below the empty start's ``tanh u`` by a margin that falls like ``N^{-3/2}``.

    Parameters
    ----------
    N : int
        ``2 <= N <= 10``; for the star from ``"ground"`` or ``"mixed"``, up to 1001.
    mu, T : float
        ``T >= 0``; for the chain with ``N >= 4`` and a start other than
        ``"ground"``, ``T > 0`` (at ``T = 0`` its kernel grows to three).
    omega : float
    topology : {"star", "chain"}
    initial : {"ground", "mixed"}, numpy.ndarray or qutip.Qobj
        Initial density matrix of the whole network (``2**N x 2**N``).

    Returns
    -------
    float
    """
    topology = check.topology(topology)
    named_star = isinstance(initial, str) and topology == "star"
    N = size_any_method(N) if named_star else size_full_state(N)
    n = occupation(mu, T, omega)
    initial = check.initial_state(initial, N, INITIAL_NAMES, N_MAX)
    if (topology == "chain" and N >= 4 and float(T) == 0.0
            and not (isinstance(initial, str) and initial == "ground")):
        raise ValueError("T must be > 0 for the chain with N >= 4 and an initial state other "
                         "than 'ground' (at T = 0 its kernel holds a third steady state)")
    w, w_s = _initial_weights(N, topology, initial)
    if topology == "star":
        p_T = triplet_population(mu, T, omega)
        return (1.0 - w) * n + 0.5 * w_s + (w - w_s) * p_T
    return (w * reflection_population(N, mu, T, omega, 1)
            + (1.0 - w) * reflection_population(N, mu, T, omega, -1))


def limit_ergotropy(N: int, mu: float, T: float, *, omega: float = 1.0,
                    topology: str = "star", initial: Any = "ground") -> float:
    """``W = max(0, 2 p_e - 1)`` of :func:`limit_population`."""
    return ergotropy_from_population(limit_population(N, mu, T, omega=omega,
                                                      topology=topology, initial=initial))


def population_range(N: int, mu: float, T: float, *, omega: float = 1.0,
                     topology: str = "star") -> tuple[float, float]:
    r"""Smallest and largest long-time battery population over all initial states.

    Star, odd ``N``: ``(n, n)``; star, even ``N``: the extremes of
    ``n``, ``1/2`` and ``p_T``.  Chain: the extremes of ``p_+`` and ``p_-``
    (``T > 0`` for ``N >= 4``).  A proposed "steady state" whose battery population falls
    outside this interval is reached from no initial state.

    Parameters
    ----------
    N : int
    mu, T : float
    omega : float
    topology : {"star", "chain"}

    Returns
    -------
    (float, float)
    """
    N = size_full_state(N)
    topology = check.topology(topology)
    n = occupation(mu, T, omega)
    if topology == "chain" and N >= 4 and float(T) == 0.0:
        raise ValueError("T must be > 0 for the chain with N >= 4 (at T = 0 its kernel "
                         "holds a third steady state)")
    if topology == "star":
        vals = [n] if N % 2 else [n, 0.5, triplet_population(mu, T, omega)]
    else:
        vals = [reflection_population(N, mu, T, omega, 1),
                reflection_population(N, mu, T, omega, -1)]
    return min(vals), max(vals)
