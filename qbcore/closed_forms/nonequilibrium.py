r"""Closed forms of the non-equilibrium scenario (one reservoir per qubit).

``J = 0`` and equal reservoirs (``dmu = 0``)
    Every qubit sits at its own reservoir's occupation; the battery's
    :math:`\mathcal{W} = \max(0, \tanh\frac{\mu - \omega}{2T})` is
    :func:`qbcore.closed_forms.gibbs_ergotropy`.
Two qubits
    The equations of motion close on the populations ``p_0, p_1`` and the
    coherence ``c = <sigma_+^0 sigma_-^1>``: ``dc/dt = iJ(p_1 - p_0) - gamma c``
    and ``dp_0/dt = gamma (n_0 - p_0) + 2J Im c``, so in the steady state
    ``p_e = n_0 + (n_1 - n_0) 2J^2 / (gamma^2 + 4J^2)``
    (:func:`two_qubit_population`).
Three qubits (star and chain) and the four-qubit star
    Derived exactly with SymPy on the ``q = 0`` block of the steady state
    (:mod:`qbcore.derivations`, which also re-derives the two-qubit form):
    :func:`small_network_inversion` gives ``z = 2 p_e - 1`` in
    ``s_B = tanh((mu - omega)/2T)``, ``s_A = tanh((mu + dmu - omega)/2T)`` and
    ``k = J**2 / gamma**2``.
The star with three qubits and a half-full battery reservoir (``mu = omega``)
    ``s_B = 0``: the star's denominator factorises,
    ``2 + 19k + 35k**2 = (2 + 5k)(1 + 7k)``, and
    :math:`\mathcal{W} = \frac{4J^2}{\gamma^2 + 7J^2}\tanh\frac{\Delta\mu}{2T}`
    for ``dmu >= 0`` (:func:`half_filled_star_ergotropy`).  It is special to this
    network: for the three-qubit chain and the four-qubit star ``z`` is not
    proportional to ``s_A`` at ``s_B = 0``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .. import _validate as check
from ..reservoirs import occupation


def two_qubit_population(n0: ArrayLike, n1: ArrayLike, J: ArrayLike,
                         gamma: ArrayLike = 1.0) -> float | np.ndarray:
    r"""Battery population of two qubits, ``p_e = n_0 + (n_1 - n_0) 2J^2 / (gamma^2 + 4J^2)``.

    Parameters
    ----------
    n0, n1 : float or array_like
        Occupations of the battery's and the ancilla's reservoirs, in ``[0, 1]``.
    J, gamma : float or array_like
        Hopping and reservoir coupling (``gamma > 0``).

    Returns
    -------
    float or numpy.ndarray
        ``p_e``: the battery moves from its own occupation towards the
        ancilla's, at most half way (as ``J -> infinity``).
    """
    n0, n1 = check.probabilities("n0", n0), check.probabilities("n1", n1)
    J, gamma = np.asarray(J, dtype=float), np.asarray(gamma, dtype=float)
    if np.any(~np.isfinite(J)):
        raise ValueError(f"J must be finite, got {J!r}")
    if np.any(~(gamma > 0)) or np.any(~np.isfinite(gamma)):
        raise ValueError(f"gamma must be finite and > 0, got {gamma!r}")
    p = n0 + (n1 - n0) * 2 * J**2 / (gamma**2 + 4 * J**2)
    return float(p) if np.ndim(p) == 0 else p


def two_qubit_threshold(mu: float, T: float, *, J: float = 1.0, gamma: float = 1.0,
                        omega: float = 1.0) -> float:
    r"""The bias beyond which two qubits charge the battery (``W > 0``), ``mu < omega``.

    ``W > 0`` needs ``p_e > 1/2``, that is an ancilla occupation above
    ``n_1^* = (1/2 - n_0 (1 - c)) / c`` with ``c = 2J^2 / (gamma^2 + 4J^2)``;
    with ``n_1 = fermi(omega, mu + dmu, T)`` this is
    ``dmu = omega - mu + T log(n_1^* / (1 - n_1^*))``.  Raises ``ValueError``
    when no bias suffices (``n_1^* >= 1``, see
    :func:`two_qubit_hopping_threshold`) or ``T = 0``.
    """
    n0 = occupation(mu, T, omega)
    T = check.real("T", T, minimum=0.0, strict=True)
    J = check.real("J", J)
    gamma = check.real("gamma", gamma, minimum=0.0, strict=True)
    c = 2 * J**2 / (gamma**2 + 4 * J**2)
    if c == 0:
        raise ValueError("J must be non-zero: without hopping the ancilla cannot charge the battery")
    n1 = (0.5 - n0 * (1 - c)) / c
    if not 0 < n1 < 1:
        raise ValueError(f"no bias charges the battery here (it needs an ancilla occupation "
                         f"{n1:.4g}, outside (0, 1)); raise J above "
                         f"{two_qubit_hopping_threshold(n0, gamma):.4g}")
    return omega - mu + T * float(np.log(n1 / (1 - n1)))


def two_qubit_hopping_threshold(n0: float, gamma: float = 1.0) -> float:
    r"""Smallest ``J`` with which a full ancilla (``n_1 = 1``) charges the battery of two qubits.

    ``p_e = n_0 + (1 - n_0) c > 1/2`` needs ``c > r = (1/2 - n_0)/(1 - n_0)``,
    and ``c = 2J^2 / (gamma^2 + 4J^2)`` gives ``J = gamma sqrt(r / (2 - 4r))``
    (for ``n_0 < 1/2``; 0 for ``n_0 >= 1/2``).
    """
    n0 = float(check.probabilities("n0", n0))
    gamma = check.real("gamma", gamma, minimum=0.0, strict=True)
    if n0 >= 0.5:
        return 0.0
    r = (0.5 - n0) / (1 - n0)
    return gamma * float(np.sqrt(r / (2 - 4 * r)))


def _two(b, a, k):
    return b + (a - b) * 2 * k / (1 + 4 * k)


def _star3(b, a, k):
    return b + (a - b) * 4 * k * (2 + 5 * k - k * a * b) / (
        2 + 19 * k + 35 * k**2 + k * a * b + k**2 * b * (b - 4 * a))


def _chain3(b, a, k):
    return b + (a - b) * 2 * k * (
        4 + 28 * k + 45 * k**2 - k * a**2 + k * a * b - 2 * k**2 * a**2 - 3 * k**2 * a * b
    ) / ((1 + 2 * k) * (4 + 38 * k + 70 * k**2 + k * a**2 + k * a * b - 2 * k**2 * a**2
                        - 4 * k**2 * a * b))


def _star4(b, a, k):
    return b + (a - b) * 6 * k * (
        54 + 372 * k + 772 * k**2 + 440 * k**3 - 30 * k * a * b
        - k**2 * (111 * a**2 + 102 * a * b - 11 * b**2 - 6 * a**2 * b**2)
        - k**3 * (110 * a**2 + 52 * a * b - 10 * b**2)) / (
        54 + 912 * k + 4384 * k**2 + 7632 * k**3 + 3840 * k**4 + 78 * k * a * b
        + k**2 * (105 * a**2 + 126 * a * b + 65 * b**2)
        - k**3 * (488 * a**2 + 200 * a * b - 240 * b**2 - 24 * a**2 * b**2 + 8 * a * b**3)
        - k**4 * (436 * a**2 + 88 * a * b - 140 * b**2))


#: ``z(s_B, s_A, k)`` of every network with a derived closed form.
SMALL_NETWORKS = {(2, "star"): _two, (2, "chain"): _two, (3, "star"): _star3,
                  (3, "chain"): _chain3, (4, "star"): _star4}


def small_network_inversion(s_B: ArrayLike, s_A: ArrayLike, J: ArrayLike, gamma: ArrayLike = 1.0,
                            *, N: int = 3, topology: str = "star") -> float | np.ndarray:
    r"""The battery's inversion ``z = 2 p_e - 1`` of a small network, derived exactly.

    Parameters
    ----------
    s_B, s_A : float or array_like
        ``2 n - 1`` of the battery's and of the ancillas' reservoirs, in ``[-1, 1]``
        (``tanh((mu - omega)/2T)`` and ``tanh((mu + dmu - omega)/2T)``).
    J, gamma : float or array_like
        Hopping and coupling (``gamma > 0``); only ``k = J**2 / gamma**2`` enters.
    N, topology
        ``N = 2`` (either topology), ``N = 3`` (star or chain) or the ``N = 4`` star.

    Returns
    -------
    float or numpy.ndarray
        ``z``; ``W = max(0, z)``.  See :mod:`qbcore.derivations` for the derivation.
    """
    key = (check.integer("N", N), check.topology(topology))
    if key not in SMALL_NETWORKS:
        raise ValueError(f"N and topology must be N = 2, N = 3 (star or chain) or the N = 4 "
                         f"star, got N = {N}, {topology!r}")
    b = 2 * check.probabilities("(1 + s_B)/2", (1 + np.asarray(s_B, dtype=float)) / 2) - 1
    a = 2 * check.probabilities("(1 + s_A)/2", (1 + np.asarray(s_A, dtype=float)) / 2) - 1
    gamma = np.asarray(gamma, dtype=float)
    if np.any(~(gamma > 0)) or np.any(~np.isfinite(gamma)):
        raise ValueError(f"gamma must be finite and > 0, got {gamma!r}")
    k = (np.asarray(J, dtype=float) / gamma) ** 2
    if np.any(~np.isfinite(k)):
        raise ValueError(f"J must be finite, got {J!r}")
    z = SMALL_NETWORKS[key](b, a, k)
    return float(z) if np.ndim(z) == 0 else z


def half_filled_star_ergotropy(J: ArrayLike, dmu: Any, T: ArrayLike,
                               gamma: ArrayLike = 1.0) -> float | np.ndarray:
    r""":math:`\mathcal{W} = \frac{4J^2}{\gamma^2 + 7J^2}\tanh\frac{\Delta\mu}{2T}`, star, ``N = 3``, ``mu = omega``.

    The battery's reservoir is half full; the two ancillas' are at
    ``mu + dmu`` (``dmu >= 0``).  ``T = 0`` gives ``tanh = 1`` (for ``dmu > 0``).
    :func:`small_network_inversion` at ``s_B = 0`` (derived in
    :mod:`qbcore.derivations`).
    """
    J, T = np.asarray(J, dtype=float), np.asarray(T, dtype=float)
    dmu = check.real("dmu", dmu, minimum=0.0)
    if np.any(T < 0) or np.any(~np.isfinite(T)):
        raise ValueError(f"T must be finite and >= 0, got {T!r}")
    t = np.where(T > 0, np.tanh(dmu / (2 * np.where(T > 0, T, 1.0))), float(dmu > 0))
    W = 4 * J**2 / (np.asarray(gamma, dtype=float)**2 + 7 * J**2) * t
    return float(W) if np.ndim(W) == 0 else W
