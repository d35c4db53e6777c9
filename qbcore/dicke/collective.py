r"""The collective (equilibrium) star in the Dicke basis: one generator per ancilla spin.

``J_-`` and the star Hamiltonian both conserve the ancillas' total spin ``j``,
so every ``j`` block evolves on its own (see :mod:`qbcore.dicke`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .basis import j_values, log_degeneracy

@dataclass(frozen=True)
class CollectiveBlock:
    """The ``q = 0`` generator of one spin-``j`` block, battery included.

    The block's states ``|b, j, m>`` are grouped by excitation number
    ``k = n_b + j + m``: level ``k`` holds ``|e, k-1-j>`` (if ``k >= 1``) and
    ``|g, k-j>`` (if ``k <= 2j``).  The unknowns are the levels' density
    matrices ``X_k`` (1x1 or 2x2, row-major), concatenated.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        The generator (complex).
    offsets : numpy.ndarray
        Start of each ``X_k`` (one more entry: the size).
    sizes : numpy.ndarray
        ``dim X_k`` (1 or 2).
    trace, excited : numpy.ndarray
        Positions of all diagonal entries, and of those with the battery in ``|e>``.
    """

    j: float
    matrix: sp.csr_matrix
    offsets: np.ndarray
    sizes: np.ndarray
    trace: np.ndarray
    excited: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.offsets[-1])


def collective_block(j: float, J: float, down: float, up: float,
                     detuning: float = 0.0) -> CollectiveBlock:
    """The generator of block ``j`` (see :func:`collective_components`).

    ``detuning`` is ``omega_B - omega_A``, the battery's frequency minus the
    ancillas' (0 when they share ``omega0``).
    """
    base, (H, D, U, Z) = collective_components(float(j))
    return CollectiveBlock(base.j, (J * H + down * D + up * U + detuning * Z).tocsr(),
                           base.offsets, base.sizes, base.trace, base.excited)


@lru_cache(maxsize=64)
def collective_components(j: float) -> tuple[CollectiveBlock, tuple]:
    r"""Block ``j`` under the star Hamiltonian and ``D[J_-]``, ``D[J_+]``, by coefficient.

    Returns the block's layout (with ``matrix`` the ``J = 1`` Hamiltonian part)
    and the three parts ``(H, D, U)``: the generator is
    ``J H + gamma_down D + gamma_up U``.

    ``J_- = sigma_-^B + sum_k sigma_-^k`` lowers the level by one:
    ``|e, m> -> |g, m>`` with amplitude 1 and ``|b, m> -> |b, m-1>`` with
    ``sqrt((j + m)(j - m + 1))``.  With ``A_k`` its restriction from level
    ``k`` to ``k - 1`` and row-major ``vec(P X Q) = (P (x) Q^T) vec(X)``:

    .. math::

        \dot X_k = -i[H_k, X_k]
          + \gamma_\downarrow (A_{k+1} X_{k+1} A_{k+1}^T
              - \tfrac12\{A_k^T A_k, X_k\})
          + \gamma_\uparrow (A_k^T X_{k-1} A_k
              - \tfrac12\{A_{k+1} A_{k+1}^T, X_k\}).
    """
    K = int(round(2 * j)) + 2  # levels k = 0 .. 2j + 1
    states = []  # per level: list of (b, m), b = 1 for |e>
    for k in range(K):
        lv = []
        if k >= 1:
            lv.append((1, k - 1 - j))
        if k <= 2 * j:
            lv.append((0, k - j))
        states.append(lv)
    sizes = np.array([len(s) for s in states])
    offsets = np.concatenate([[0], np.cumsum(sizes**2)]).astype(int)

    def H(k):
        h = np.zeros((sizes[k], sizes[k]))
        if sizes[k] == 2:
            m = states[k][0][1]
            h[0, 1] = h[1, 0] = np.sqrt(max((j - m) * (j + m + 1), 0.0))
        return h

    def A(k):  # level k -> k - 1
        a = np.zeros((sizes[k - 1], sizes[k]))
        for c, (b, m) in enumerate(states[k]):
            for r, (b2, m2) in enumerate(states[k - 1]):
                if b == 1 and b2 == 0 and m2 == m:
                    a[r, c] += 1.0
                if b2 == b and m2 == m - 1:
                    a[r, c] += np.sqrt(max((j + m) * (j - m + 1), 0.0))
        return a

    As = [None] + [A(k) for k in range(1, K)]
    empty = (np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0))
    parts = {name: ([empty[0]], [empty[1]], [empty[2]]) for name in "HDUZ"}

    def add(part, k_to, k_from, mat):
        mat = sp.coo_matrix(mat)
        rows, cols, vals = parts[part]
        rows.append(mat.row + offsets[k_to])
        cols.append(mat.col + offsets[k_from])
        vals.append(mat.data)

    for k in range(K):
        d = sizes[k]
        I = np.eye(d)
        h = H(k)
        out_k = As[k].T @ As[k] if k >= 1 else np.zeros((d, d))
        in_k = As[k + 1] @ As[k + 1].T if k + 1 < K else np.zeros((d, d))
        add("H", k, k, -1j * (np.kron(h, I) - np.kron(I, h.T)))
        if d == 2:
            z = np.diag([1.0, -1.0])
            add("Z", k, k, -1j * (np.kron(z, I) - np.kron(I, z.T)))
        add("D", k, k, -0.5 * (np.kron(out_k, I) + np.kron(I, out_k.T)))
        add("U", k, k, -0.5 * (np.kron(in_k, I) + np.kron(I, in_k.T)))
        if k + 1 < K:
            add("D", k, k + 1, np.kron(As[k + 1], As[k + 1]))
        if k >= 1:
            add("U", k, k - 1, np.kron(As[k].T, As[k].T))
    dim = int(offsets[-1])
    H_, D_, U_, Z_ = (sp.csr_matrix((np.concatenate(v).astype(complex),
                                 (np.concatenate(r), np.concatenate(c))), shape=(dim, dim))
                  for r, c, v in parts.values())
    diag = np.concatenate([offsets[k] + np.arange(sizes[k]) * (sizes[k] + 1) for k in range(K)])
    is_e = np.array([b == 1 for lv in states for (b, _) in lv])
    return CollectiveBlock(float(j), H_, offsets, sizes, diag, diag[is_e]), (H_, D_, U_, Z_)


def collective_levels(block: CollectiveBlock, x: np.ndarray) -> list[np.ndarray]:
    """The level matrices ``X_k`` of a block's solution vector."""
    return [x[a:b].reshape(d, d) for a, b, d in zip(block.offsets[:-1], block.offsets[1:],
                                                      block.sizes)]


def collective_weights(M: int, initial: str) -> dict[float, float]:
    """Probability of each ancilla block ``j`` in a named initial state.

    ``"ground"``: all in ``j = M/2``.  ``"mixed"``: ``2 (2j+1) d_j / 2^(M+1)``.
    """
    if initial == "ground":
        return {M / 2.0: 1.0}
    js = j_values(M)
    # 2 (2j+1) d_j / 2^(M+1): the block's dimension times its copies over 2^N
    w = np.exp(np.log(2 * (2 * js + 1)) + log_degeneracy(M, js) - (M + 1) * np.log(2))
    return {float(j): float(x) for j, x in zip(js, w)}


def collective_initial(block: CollectiveBlock, initial: str) -> np.ndarray:
    """A named initial state restricted to the block, with trace 1."""
    x0 = np.zeros(block.dim, dtype=complex)
    if initial == "ground":
        x0[0] = 1.0  # level 0 is |g, j, -j>
    else:
        x0[block.trace] = 1.0 / len(block.trace)
    return x0
