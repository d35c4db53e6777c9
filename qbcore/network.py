"""The qubit network: edge lists, spin operators and the Hamiltonian of Eq. (1).

Conventions (SPEC): qubit 0 is the battery, ``1..N-1`` the ancillas; ``|e>``
has ``sigma_z = +1`` and is QuTiP's ``basis(2, 0)``, so ``sigma_+ = |e><g|``.
In a computational basis index ``s`` of QuTiP's tensor ordering, qubit ``i``
is excited when bit ``N-1-i`` of ``s`` is 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import qutip
import scipy.sparse as sp

from . import _validate as check
from .parameters import TOPOLOGIES


def edges(N: int, topology: str = "star") -> list[tuple[int, int]]:
    """Pairs of qubits joined by a hopping term.

    ``"star"``: ``(0, k)`` for ``k = 1..N-1`` (Fig. 1 and the text: the battery
    in the centre).  ``"chain"``: ``(k, k+1)`` (Eq. (1) read literally: the
    battery at one end).  The two coincide for ``N = 2``.
    """
    check.topology(topology, TOPOLOGIES)
    if topology == "star":
        return [(0, k) for k in range(1, N)]
    return [(k, k + 1) for k in range(N - 1)]


def _embed(op: qutip.Qobj, i: int, N: int) -> qutip.Qobj:
    return qutip.tensor([op if k == i else qutip.qeye(2) for k in range(N)])


def sigma_minus(i: int, N: int) -> qutip.Qobj:
    """``sigma_-`` (``|g><e|``) acting on qubit ``i`` of ``N``."""
    return _embed(qutip.basis(2, 1) * qutip.basis(2, 0).dag(), i, N)


def sigma_plus(i: int, N: int) -> qutip.Qobj:
    """``sigma_+`` (``|e><g|``) acting on qubit ``i`` of ``N``."""
    return sigma_minus(i, N).dag()


def sigma_z(i: int, N: int) -> qutip.Qobj:
    """``sigma_z`` (``+1`` on ``|e>``) acting on qubit ``i`` of ``N``."""
    return _embed(qutip.sigmaz(), i, N)


def collective_lowering(N: int) -> qutip.Qobj:
    """``J_- = sum_i sigma_-^i``, the jump operator of the collective scenario."""
    return sum((sigma_minus(i, N) for i in range(1, N)), sigma_minus(0, N))


def hamiltonian(N: int, omega0: float, J: float, topology: str = "star",
                omega0s: Sequence[float] | None = None) -> qutip.Qobj:
    """``H = omega0 sum_i sigma_z^i + J sum_edges (sigma_+^a sigma_-^b + h.c.)``, Eq. (1).

    The hopping runs over :func:`edges` of ``topology``.  With ``omega0s``
    (one frequency per qubit) the first sum is ``sum_i omega0s[i] sigma_z^i``
    and ``omega0`` is not used.
    """
    freqs = [omega0] * N if omega0s is None else list(omega0s)
    H = sum((freqs[i] * sigma_z(i, N) for i in range(1, N)), freqs[0] * sigma_z(0, N))
    for a, b in edges(N, topology):
        hop = sigma_plus(a, N) * sigma_minus(b, N)
        H = H + J * (hop + hop.dag())
    return H


def ground_state(N: int) -> qutip.Qobj:
    """The density matrix with every qubit in ``|g>`` (empty battery and ancillas)."""
    g = qutip.basis(2, 1)
    return qutip.tensor([g * g.dag()] * N)


# --- sparse matrices in the computational basis, used by the blocked solver ---

@lru_cache(maxsize=None)
def excited(N: int) -> np.ndarray:
    """Boolean array ``(2**N, N)``: is qubit ``i`` excited in basis state ``s``?"""
    s = np.arange(2**N)[:, None]
    shifts = N - 1 - np.arange(N)[None, :]
    out = ((s >> shifts) & 1) == 0
    out.setflags(write=False)
    return out


def lowering_matrix(i: int, N: int) -> sp.csr_matrix:
    """``sigma_-^i`` as a sparse ``2**N`` matrix (same as :func:`sigma_minus`)."""
    s = np.flatnonzero(excited(N)[:, i])
    target = s | (1 << (N - 1 - i))
    dim = 2**N
    return sp.csr_matrix((np.ones(len(s)), (target, s)), shape=(dim, dim))


def frequency_energies(N: int, frequencies: Sequence[float]) -> np.ndarray:
    """``sum_i frequencies[i] sigma_z^i`` on every computational basis state (its diagonal)."""
    z = 2.0 * excited(N) - 1.0
    return z @ np.asarray(frequencies, dtype=float)


def hopping_matrix(N: int, topology: str) -> sp.csr_matrix:
    """``sum_edges (sigma_+^a sigma_-^b + h.c.)`` as a sparse ``2**N`` matrix."""
    dim = 2**N
    H = sp.csr_matrix((dim, dim))
    for a, b in edges(N, topology):
        hop = lowering_matrix(a, N).T @ lowering_matrix(b, N)
        H = H + hop + hop.T
    return H.tocsr()
