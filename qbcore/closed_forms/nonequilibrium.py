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
The star with three qubits and a half-full battery reservoir (``mu = omega``)
    :math:`\mathcal{W} = \frac{4J^2}{\gamma^2 + 7J^2}\tanh\frac{\Delta\mu}{2T}`
    for ``dmu >= 0`` (:func:`half_filled_star_ergotropy`).
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


def half_filled_star_ergotropy(J: ArrayLike, dmu: Any, T: ArrayLike,
                               gamma: ArrayLike = 1.0) -> float | np.ndarray:
    r""":math:`\mathcal{W} = \frac{4J^2}{\gamma^2 + 7J^2}\tanh\frac{\Delta\mu}{2T}`, star, ``N = 3``, ``mu = omega``.

    The battery's reservoir is half full; the two ancillas' are at
    ``mu + dmu`` (``dmu >= 0``).  ``T = 0`` gives ``tanh = 1`` (for ``dmu > 0``).
    """
    J, T = np.asarray(J, dtype=float), np.asarray(T, dtype=float)
    dmu = check.real("dmu", dmu, minimum=0.0)
    if np.any(T < 0) or np.any(~np.isfinite(T)):
        raise ValueError(f"T must be finite and >= 0, got {T!r}")
    t = np.where(T > 0, np.tanh(dmu / (2 * np.where(T > 0, T, 1.0))), float(dmu > 0))
    W = 4 * J**2 / (np.asarray(gamma, dtype=float)**2 + 7 * J**2) * t
    return float(W) if np.ndim(W) == 0 else W
