"""Conserved projectors of the collective scenario: ancilla spin and mirror reflection.

Dense ``2**N`` matrices (``N <= 10``), built from qubit swaps.
"""

from __future__ import annotations

import numpy as np

from ..network import excited


def swap_permutation(N: int, a: int, b: int) -> np.ndarray:
    """Basis-index permutation that exchanges qubits ``a`` and ``b``."""
    s = np.arange(2 ** N)
    ba, bb = N - 1 - a, N - 1 - b
    diff = ((s >> ba) ^ (s >> bb)) & 1
    return s ^ (diff * ((1 << ba) | (1 << bb)))


def reflection_permutation(N: int) -> np.ndarray:
    """Basis-index permutation of the mirror reflection ``i <-> N-1-i``."""
    ex = excited(N)[:, ::-1]
    weights = 1 << (N - 1 - np.arange(N))
    return (~ex).astype(int) @ weights


def spin_squared(N: int, qubits: tuple[int, ...]) -> np.ndarray:
    """``S**2`` of the listed qubits' total spin, a dense ``2**N`` matrix.

    Uses ``S_a . S_b = SWAP_ab / 2 - 1/4``:
    ``S**2 = 3M/4 - M(M-1)/4 + sum_{a<b} SWAP_ab`` for ``M`` qubits.
    """
    dim, M = 2 ** N, len(qubits)
    S2 = np.eye(dim) * (0.75 * M - 0.25 * M * (M - 1))
    rows = np.arange(dim)
    for i, a in enumerate(qubits):
        for b in qubits[i + 1:]:
            S2[rows, swap_permutation(N, a, b)] += 1.0
    return S2


def spin_projector(N: int, qubits: tuple[int, ...], j: float) -> np.ndarray:
    """Projector onto total spin ``j`` of the listed qubits."""
    vals, vecs = np.linalg.eigh(spin_squared(N, qubits))
    keep = np.abs(vals - j * (j + 1)) < 1e-6
    V = vecs[:, keep]
    return V @ V.T


def symmetry_projector(N: int, topology: str) -> np.ndarray:
    """The conserved projector whose sector holds ``|g..g>``.

    Star ``N >= 3``: ancillas' spin ``(N-1)/2``; otherwise reflection-even.
    """
    if topology == "star" and N >= 3:
        return spin_projector(N, tuple(range(1, N)), (N - 1) / 2)
    P = np.zeros((2 ** N, 2 ** N))
    P[np.arange(2 ** N), reflection_permutation(N)] = 1.0
    return 0.5 * (np.eye(2 ** N) + P)
