r"""The collective scenario's long-time states from ``|g..g>``: restricted Gibbs states.

See :mod:`qbcore.closed_forms` for why ``rho_G`` restricted to a conserved
sector is stationary.
"""

from __future__ import annotations

import numpy as np
import qutip
from numpy.typing import ArrayLike

from .. import _validate as check
from ..network import excited
from ..parameters import size_full_state
from ..reservoirs import fermi, occupation
from .projectors import symmetry_projector


def _purity(n: float) -> float:
    """``s = n**2 + (1-n)**2 = tr(rho_1**2)`` of one qubit at occupation ``n``."""
    return n * n + (1.0 - n) ** 2


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
    p = check.probabilities("p_e", p_e)
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
    n = occupation(mu, T, omega)
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
    N = size_full_state(N)
    n = occupation(mu, T, omega)
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
    N = size_full_state(N)
    n = occupation(mu, T, omega)
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
    N = size_full_state(N)
    topology = check.topology(topology)
    if topology == "star" and N >= 3:
        return occupation(mu, T, omega)
    return reflection_population(N, mu, T, omega, parity=1)


def ground_start_ergotropy(N: int, mu: float, T: float, *, omega: float = 1.0,
                           topology: str = "star") -> float:
    """``W = max(0, 2 p_e - 1)`` of :func:`ground_start_population`."""
    return ergotropy_from_population(ground_start_population(N, mu, T, omega=omega,
                                                             topology=topology))


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
    N = size_full_state(N)
    topology = check.topology(topology)
    n = occupation(mu, T, omega)
    k = excited(N).sum(axis=1)
    g = n ** k * (1.0 - n) ** (N - k)  # diagonal of rho_G
    Pi = symmetry_projector(N, topology)
    rho = Pi * g[None, :]  # Pi rho_G (rho_G diagonal, commutes with Pi)
    rho = 0.5 * (rho + rho.T)
    return qutip.Qobj(rho / np.trace(rho), dims=[[2] * N, [2] * N])
