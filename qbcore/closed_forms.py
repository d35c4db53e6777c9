r"""Closed forms for the equilibrium (collective) scenario.

With one collective reservoir the Liouvillian
``L rho = -i[H, rho] + gamma (1-n) D[J_-] rho + gamma n D[J_+] rho`` has a
degenerate kernel, and the state reached at long times depends on the start.
Two facts make that state, and the battery's share of it, computable by hand.

1. The product state ``rho_G = (x) diag(n, 1-n)`` (every qubit at the
   reservoir's occupation ``n = fermi(omega, mu, T)``) is a function of the
   excitation number alone, so it commutes with ``H``, and it satisfies
   detailed balance for ``D[J_-]`` and ``D[J_+]`` with rates ``gamma (1-n)``
   and ``gamma n``.  So ``L rho_G = 0`` for every topology, ``J`` and ``N``.
2. Every projector ``Pi`` that commutes with ``H``, ``J_-`` and ``J_+`` (a
   *strong* symmetry) is conserved, ``tr(Pi rho(t))`` is constant, and
   ``Pi rho_G`` is stationary as well.

The symmetries that matter:

* **star**: ``H`` and ``J_-`` contain the ancillas only through their
  collective spin ``S_A``, so the ancillas' total spin ``j_A`` (with its
  multiplicity) is conserved.  Inside ``battery (x) spin-j_A`` the kernel is
  one-dimensional, except for ``j_A = 1/2`` where the singlet of the battery
  and that spin-1/2 is dark (annihilated by ``J_+-`` and an eigenstate of
  ``H``).  This gives :func:`kernel_dimension_formula`.  From ``|g..g>`` the
  ancillas stay symmetric (``j_A = (N-1)/2``) and the long-time state is
  ``Pi_sym rho_G / tr(...)``; because ``Pi_sym`` acts on the ancillas only,
  this is ``diag(n, 1-n) (x) (ancilla part)``: the battery ends at
  ``p_e = n`` exactly, for every ``J != 0``, ``gamma`` and ``N >= 3``.
* **chain** (and ``N = 2``, where star and chain coincide): the mirror
  reflection ``P`` (qubit ``i <-> N-1-i``) is conserved; the kernel is
  ``{P_+ rho_G, P_- rho_G}`` with ``P_+- = (1 +- P)/2``.  From ``|g..g>``
  (reflection-even) the state is ``P_+ rho_G / tr(...)``, whose battery
  population is :func:`reflection_population`.  For ``N = 2`` this is the
  Gibbs state restricted to the triplet.
* ``J = 0``: every permutation of the qubits is a symmetry; from ``|g..g>``
  the state is ``rho_G`` restricted to the symmetric (Dicke) subspace
  (:func:`dicke_population`).

All results hold for ``gamma > 0``; the ``J != 0`` results for any ``J != 0``
(the relaxation time grows as ``J -> 0``).  The normalised ergotropy of a
diagonal battery state is ``W = max(0, 2 p_e - 1)``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import qutip
from numpy.typing import ArrayLike

from .network import excited
from .parameters import INITIAL_NAMES, N_MAX, TOPOLOGIES, _initial_state, _real
from .parameters import _integer_N as _any_N
from .reservoirs import fermi


def _integer_N(N: Any) -> int:
    """``N`` checked as for the solvers that hold the whole ``2**N``-dimensional state."""
    return _any_N(N, maximum=N_MAX)

__all__ = [
    "gibbs_ergotropy", "triplet_population", "reflection_population", "dicke_population",
    "ground_start_population", "ground_start_ergotropy", "ground_start_state",
    "limit_population", "limit_ergotropy", "population_range",
    "spin_multiplicity", "kernel_dimension_formula", "ergotropy_from_population",
]


# ------------------------------------------------------------ validation ---

def _occupation(mu: Any, T: Any, omega: Any) -> float:
    """``n = fermi(omega, mu, T)`` for validated scalars."""
    mu = _real("mu", mu)
    T = _real("T", T, minimum=0.0)
    omega = _real("omega", omega)
    return float(fermi(omega, mu, T))


def _topology(topology: Any) -> str:
    if not isinstance(topology, str) or topology not in TOPOLOGIES:
        raise ValueError(f"topology must be one of {TOPOLOGIES}, got {topology!r}")
    return topology


def _purity(n: float) -> float:
    """``s = n**2 + (1-n)**2 = tr(rho_1**2)`` of one qubit at occupation ``n``."""
    return n * n + (1.0 - n) ** 2


# ------------------------------------------------------------- formulas ---

def ergotropy_from_population(p_e: ArrayLike) -> float | np.ndarray:
    r"""Normalised ergotropy of a diagonal qubit state: ``W = max(0, 2 p_e - 1)``.

    Parameters
    ----------
    p_e : float or array_like
        Excited-state population(s) in ``[0, 1]``.

    Returns
    -------
    float or numpy.ndarray
        :math:`\mathcal{W}` in ``[0, 1]``.

    Raises
    ------
    ValueError
        If ``p_e`` is not finite or lies outside ``[0, 1]`` (beyond ``1e-12``).
    """
    p = np.asarray(p_e, dtype=float)
    if not np.all(np.isfinite(p)):
        raise ValueError(f"p_e must be finite, got {p_e!r}")
    if np.any(p < -1e-12) or np.any(p > 1 + 1e-12):
        raise ValueError(f"p_e must lie in [0, 1], got {p_e!r}")
    W = np.clip(2.0 * p - 1.0, 0.0, 1.0)
    return float(W) if W.ndim == 0 else W


def gibbs_ergotropy(mu: ArrayLike, T: ArrayLike, omega: ArrayLike = 1.0) -> float | np.ndarray:
    r"""``W`` of a battery at the reservoir's occupation: ``max(0, 2n - 1)``.

    ``2n - 1 = tanh((mu - omega) / (2T))``, so
    ``W = max(0, tanh((mu - omega) / (2T)))``; at ``T = 0`` it is 1 for
    ``mu > omega`` and 0 otherwise.  This is the equilibrium star network's
    ``W`` from ``|g..g>`` for every ``N >= 3`` and ``J != 0``.

    Parameters
    ----------
    mu, T, omega : float or array_like
        Chemical potential, temperature (``T >= 0``) and reservoir frequency;
        broadcast together.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        Non-finite input or negative ``T`` (the message names the parameter).
    """
    n = fermi(omega, mu, T)
    return ergotropy_from_population(n)


def triplet_population(mu: float, T: float, omega: float = 1.0) -> float:
    r"""Battery population of the Gibbs state restricted to the triplet (``N = 2``).

    The triplet ``|gg>, (|eg> + |ge>)/sqrt 2, |ee>`` carries weights
    ``1, x, x**2`` with ``x = n / (1 - n)``, so
    ``p_e = (x/2 + x**2) / (1 + x + x**2)``, evaluated as
    ``(n (1-n)/2 + n**2) / (n**2 + n (1-n) + (1-n)**2)`` (no overflow).

    Parameters
    ----------
    mu, T, omega : float
        Chemical potential, temperature (``>= 0``), reservoir frequency.

    Returns
    -------
    float
        ``p_e`` in ``[0, 1]``.
    """
    n = _occupation(mu, T, omega)
    v = 1.0 - n
    return (0.5 * n * v + n * n) / (n * n + n * v + v * v)


def reflection_population(N: int, mu: float, T: float, omega: float = 1.0,
                          parity: int = 1) -> float:
    r"""Battery population of ``P_parity rho_G / tr(P_parity rho_G)``.

    ``P`` is the mirror reflection of the chain (qubit ``i <-> N-1-i``),
    ``P_+- = (1 +- P)/2``.  With ``s = n**2 + (1-n)**2`` and ``m = N // 2``
    pairs of mirrored qubits, ``tr(P rho_G) = s**m`` and
    ``tr(|e><e|_0 P rho_G) = n**2 s**(m-1)``, so

    ``p_+ = (n + n**2 s**(m-1)) / (1 + s**m)`` and
    ``p_- = (1 + 2n**2 (1 + s + ... + s**(m-2))) / (2 (1 + s + ... + s**(m-1)))``

    (the second form of ``(n - n**2 s**(m-1)) / (1 - s**m)`` has no 0/0 at
    ``n = 0, 1``).  ``p_+`` is the chain's battery from ``|g..g>`` and, for
    ``N = 2``, equals :func:`triplet_population`; ``p_-`` for ``N = 2`` is the
    singlet's ``1/2``.

    Parameters
    ----------
    N : int
        Number of qubits, ``2 <= N <= 10``.
    mu, T, omega : float
    parity : {1, -1}
        The reflection-even (``+1``) or -odd (``-1``) sector.

    Returns
    -------
    float
    """
    N = _integer_N(N)
    n = _occupation(mu, T, omega)
    if parity not in (1, -1) or isinstance(parity, bool):
        raise ValueError(f"parity must be 1 or -1, got {parity!r}")
    s, m = _purity(n), N // 2
    if parity == 1:
        return (n + n * n * s ** (m - 1)) / (1.0 + s ** m)
    geo = [s ** k for k in range(m)]
    return (1.0 + 2.0 * n * n * sum(geo[:-1])) / (2.0 * sum(geo))


def dicke_population(N: int, mu: float, T: float, omega: float = 1.0) -> float:
    r"""Battery population of ``rho_G`` restricted to the symmetric (Dicke) subspace.

    The long-time state from ``|g..g>`` at ``J = 0``, where every permutation
    of the qubits is a symmetry: the Dicke state with ``k`` excitations has
    weight ``n**k (1-n)**(N-k)`` and battery population ``k / N``.

    Parameters
    ----------
    N : int
        ``2 <= N <= 10``.
    mu, T, omega : float

    Returns
    -------
    float
    """
    N = _integer_N(N)
    n = _occupation(mu, T, omega)
    w = np.array([n ** k * (1.0 - n) ** (N - k) for k in range(N + 1)])
    return float(w @ (np.arange(N + 1) / N) / w.sum())


def ground_start_population(N: int, mu: float, T: float, *, omega: float = 1.0,
                            topology: str = "star") -> float:
    r"""Battery population at long times from ``|g..g>`` (any ``J != 0``, ``gamma > 0``).

    Star, ``N >= 3``: ``n`` exactly.  Star ``N = 2`` and every chain:
    :func:`reflection_population` (``parity=+1``).

    Parameters
    ----------
    N : int
        ``2 <= N <= 10``.
    mu, T : float
        Chemical potential, temperature (``>= 0``).
    omega : float
        Reservoir frequency.
    topology : {"star", "chain"}

    Returns
    -------
    float
    """
    N = _integer_N(N)
    topology = _topology(topology)
    if topology == "star" and N >= 3:
        return _occupation(mu, T, omega)
    return reflection_population(N, mu, T, omega, parity=1)


def ground_start_ergotropy(N: int, mu: float, T: float, *, omega: float = 1.0,
                           topology: str = "star") -> float:
    """``W = max(0, 2 p_e - 1)`` of :func:`ground_start_population`."""
    return ergotropy_from_population(ground_start_population(N, mu, T, omega=omega,
                                                             topology=topology))


# ------------------------------------------------ symmetry projectors ---

def _swap_permutation(N: int, a: int, b: int) -> np.ndarray:
    """Basis-index permutation that exchanges qubits ``a`` and ``b``."""
    s = np.arange(2 ** N)
    ba, bb = N - 1 - a, N - 1 - b
    diff = ((s >> ba) ^ (s >> bb)) & 1
    return s ^ (diff * ((1 << ba) | (1 << bb)))


def _reflection_permutation(N: int) -> np.ndarray:
    """Basis-index permutation of the mirror reflection ``i <-> N-1-i``."""
    ex = excited(N)[:, ::-1]
    weights = 1 << (N - 1 - np.arange(N))
    return (~ex).astype(int) @ weights


def _spin_squared(N: int, qubits: tuple[int, ...]) -> np.ndarray:
    """``S**2`` of the listed qubits' total spin, a dense ``2**N`` matrix.

    Uses ``S_a . S_b = SWAP_ab / 2 - 1/4``:
    ``S**2 = 3M/4 - M(M-1)/4 + sum_{a<b} SWAP_ab`` for ``M`` qubits.
    """
    dim, M = 2 ** N, len(qubits)
    S2 = np.eye(dim) * (0.75 * M - 0.25 * M * (M - 1))
    rows = np.arange(dim)
    for i, a in enumerate(qubits):
        for b in qubits[i + 1:]:
            S2[rows, _swap_permutation(N, a, b)] += 1.0
    return S2


def _spin_projector(N: int, qubits: tuple[int, ...], j: float) -> np.ndarray:
    """Projector onto total spin ``j`` of the listed qubits."""
    vals, vecs = np.linalg.eigh(_spin_squared(N, qubits))
    keep = np.abs(vals - j * (j + 1)) < 1e-6
    V = vecs[:, keep]
    return V @ V.T


def _symmetry_projector(N: int, topology: str) -> np.ndarray:
    """The conserved projector whose sector holds ``|g..g>``.

    Star ``N >= 3``: ancillas' spin ``(N-1)/2``; otherwise reflection-even.
    """
    if topology == "star" and N >= 3:
        return _spin_projector(N, tuple(range(1, N)), (N - 1) / 2)
    P = np.zeros((2 ** N, 2 ** N))
    P[np.arange(2 ** N), _reflection_permutation(N)] = 1.0
    return 0.5 * (np.eye(2 ** N) + P)


def ground_start_state(N: int, mu: float, T: float, *, omega: float = 1.0,
                       topology: str = "star") -> qutip.Qobj:
    r"""The whole network's long-time state from ``|g..g>``: ``Pi rho_G / tr(Pi rho_G)``.

    ``Pi`` projects onto the conserved sector of ``|g..g>``: the ancillas'
    symmetric subspace (star, ``N >= 3``) or the reflection-even subspace
    (chain, and ``N = 2``).  Valid for ``J != 0`` and ``gamma > 0``.

    Parameters
    ----------
    N : int
        ``2 <= N <= 10``.
    mu, T : float
    omega : float
    topology : {"star", "chain"}

    Returns
    -------
    qutip.Qobj
        Density matrix with ``dims [[2]*N, [2]*N]``.
    """
    N = _integer_N(N)
    topology = _topology(topology)
    n = _occupation(mu, T, omega)
    k = excited(N).sum(axis=1)
    g = n ** k * (1.0 - n) ** (N - k)  # diagonal of rho_G
    Pi = _symmetry_projector(N, topology)
    rho = Pi * g[None, :]  # Pi rho_G (rho_G diagonal, commutes with Pi)
    rho = 0.5 * (rho + rho.T)
    return qutip.Qobj(rho / np.trace(rho), dims=[[2] * N, [2] * N])


# ------------------------------------------------ any initial state ---

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
    j = _real("j", j, minimum=0.0)
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
    N = _integer_N(N)
    topology = _topology(topology)
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
            d = spin_multiplicity(N - 1, 0.5)
            return 4.0 * d / 2 ** N, float(d) / 2 ** N
        m, r = N // 2, N % 2
        return 0.5 * (1.0 + 2.0 ** (m + r - N)), 0.0
    rho = initial
    if topology == "star":
        w_half = np.real(np.trace(_spin_projector(N, tuple(range(1, N)), 0.5) @ rho))
        w_s = np.real(np.trace(_spin_projector(N, tuple(range(N)), 0.0) @ rho)) if N % 2 == 0 else 0.0
        return float(w_half), float(w_s)
    return float(np.real(np.trace(_symmetry_projector(N, "chain") @ rho))), 0.0


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

    Parameters
    ----------
    N : int
        ``2 <= N <= 10``.
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
    N = _integer_N(N)
    topology = _topology(topology)
    n = _occupation(mu, T, omega)
    initial = _initial_state(initial, N)
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
    N = _integer_N(N)
    topology = _topology(topology)
    n = _occupation(mu, T, omega)
    if topology == "chain" and N >= 4 and float(T) == 0.0:
        raise ValueError("T must be > 0 for the chain with N >= 4 (at T = 0 its kernel "
                         "holds a third steady state)")
    if topology == "star":
        vals = [n] if N % 2 else [n, 0.5, triplet_population(mu, T, omega)]
    else:
        vals = [reflection_population(N, mu, T, omega, 1),
                reflection_population(N, mu, T, omega, -1)]
    return min(vals), max(vals)
