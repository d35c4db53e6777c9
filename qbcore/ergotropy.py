r"""Ergotropy and passive states (Eqs. (2)-(3)), for any finite dimension.

For a state :math:`\rho` with eigenvalues :math:`r_1 \ge r_2 \ge \dots` and a
Hamiltonian with eigenvalues :math:`e_1 \le e_2 \le \dots`, the passive state
puts the largest population on the lowest level,
:math:`\sigma = \sum_k r_k |e_k\rangle\langle e_k|`, and the ergotropy is
:math:`\mathcal{E}(\rho, H) = \mathrm{tr}(\rho H) - \sum_k r_k e_k`
(Allahverdyan, Balian and Nieuwenhuizen 2004; Pusz and Woronowicz 1978).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _validate as check


def _checked_pair(rho: Any, H: Any) -> tuple[np.ndarray, np.ndarray]:
    r, h = check.hermitian("rho", rho), check.hermitian("H", H)
    if r.shape != h.shape:
        raise ValueError(f"rho and H must have the same shape, got {r.shape} and {h.shape}")
    return r, h


def passive_state(rho: Any, H: Any) -> np.ndarray:
    """The passive state of ``rho`` for the Hamiltonian ``H`` (a dense array).

    Same spectrum as ``rho``, diagonal in the eigenbasis of ``H``, populations
    non-increasing with energy; no cyclic unitary lowers its energy.
    """
    r, h = _checked_pair(rho, H)
    pops = np.linalg.eigvalsh(r)[::-1]
    energies, vectors = np.linalg.eigh(h)
    return (vectors * pops) @ vectors.conj().T


def ergotropy(rho: Any, H: Any) -> float:
    r"""Ergotropy :math:`\mathcal{E}(\rho, H)`: the most work a cyclic unitary extracts.

    Eq. (3): :math:`\mathrm{tr}(\rho H) - \mathrm{tr}(\sigma H)` with
    :math:`\sigma` the passive state.  Not normalised (see
    :func:`qbcore.battery_ergotropy` for the paper's :math:`\mathcal{W}`).

    Parameters
    ----------
    rho : qutip.Qobj or numpy.ndarray
        A Hermitian matrix (normally a density matrix), any dimension.
    H : qutip.Qobj or numpy.ndarray
        A Hermitian matrix of the same shape.

    Returns
    -------
    float
        ``E >= 0`` (round-off below zero is clipped).
    """
    r, h = _checked_pair(rho, H)
    pops = np.linalg.eigvalsh(r)[::-1]  # decreasing
    energies = np.linalg.eigvalsh(h)  # increasing
    value = float(np.real(np.vdot(h, r))) - float(pops @ energies)  # tr(rho H) = sum conj(H) rho
    return max(value, 0.0)
