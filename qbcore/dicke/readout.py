r"""Reading a Dicke-basis vector: populations, excitations, trace norms, named starts.

Every layout of :mod:`qbcore.dicke` stores the ``q = 0`` part of a
permutation-invariant operator, summed over the ``d_j`` copies of each ancilla
spin ``j``, as 1x1 blocks and 2x2 blocks ``[[P_e[j, m], C], [C*, P_g[j, m+1]]]``
(the levels of fixed excitation number).  Linear functionals on such a vector
(``tr(P X)``) are rows; this module gives the three every dynamics needs,

* ``p_e``: the battery's excited population, ``tr((|e><e| (x) 1) X)``;
* the trace;
* the ancillas' excitations, ``tr(n_anc X)`` with ``n_anc = m + M/2`` on
  ``|b, j, m>``;

the trace norm of the operator a vector stands for (the sum of its blocks'
trace norms; with the copies summed, that of the whole ``2**N``-dimensional
operator), and the named initial states.

Layouts: :func:`qbcore.dicke.local_matrix` (``P_e, P_g, Y[, Y_r]``),
:func:`qbcore.dicke.combined_matrix` (``P_e, P_g, C_r, C_i``) and the
collective blocks of :func:`qbcore.dicke.collective_block` (complex level
matrices ``X_k``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from .basis import dicke_index, log_degeneracy
from .collective import CollectiveBlock
from .combined import CI, CR, PE, PG, level_index
from .local import _state_blocks

#: Rows of :func:`local_readout` and its siblings.
P_E, TRACE, ANCILLA_EXCITATIONS = range(3)


def hermitian_pair_norm(a: np.ndarray, b: np.ndarray, c2: np.ndarray) -> float:
    """Sum of ``|eigenvalues|`` of the Hermitian ``[[a, c], [c*, b]]`` (``c2 = |c|^2``), summed."""
    mean, radius = (a + b) / 2, np.sqrt(((a - b) / 2) ** 2 + c2)
    return float(np.sum(np.abs(mean + radius) + np.abs(mean - radius)))


# ----------------------------------------------------------- local layout ---

@lru_cache(maxsize=8)
def local_readout(M: int, detuned: bool = False) -> np.ndarray:
    """Rows ``(p_e, trace, ancilla excitations)`` on :func:`qbcore.dicke.local_matrix`'s vector."""
    idx = dicke_index(M, detuned)
    F = np.zeros((3, idx.dim))
    F[P_E, idx.pe] = 1.0
    F[TRACE, idx.pe] = F[TRACE, idx.pg] = 1.0
    F[ANCILLA_EXCITATIONS, idx.pe] = F[ANCILLA_EXCITATIONS, idx.pg] = idx.m + M / 2
    F.setflags(write=False)
    return F


def local_trace_norm(M: int, detuned: bool = False) -> Callable[[np.ndarray], float]:
    """Trace norm of the Hermitian operator a (real) local vector stands for.

    Blocks: ``P_g[j, -j]`` and ``P_e[j, j]`` alone, and
    ``[[P_e[j, m], Y_r + i Y], [Y_r - i Y, P_g[j, m+1]]]``.
    """
    idx = dicke_index(M, detuned)
    pe_pos, pg_pos, alone = _state_blocks(M, detuned)

    def norm(x: np.ndarray) -> float:
        c2 = x[idx.y] ** 2 + (x[idx.yr] ** 2 if detuned else 0.0)
        return hermitian_pair_norm(x[pe_pos], x[pg_pos], c2) + float(np.abs(x[alone]).sum())
    return norm


def local_initial(M: int, name: str, detuned: bool = False) -> np.ndarray:
    """``"ground"`` (``|g; j = M/2, m = -M/2>``) or ``"mixed"`` (``1 / 2**N``) as a local vector.

    ``"mixed"``: every ``|b, j, m>`` carries ``d_j / 2**N`` (summed over the copies).
    """
    idx = dicke_index(M, detuned)
    x0 = np.zeros(idx.dim)
    if name == "ground":
        x0[idx.population("g", np.array([M / 2]), np.array([-M / 2]))[0]] = 1.0
        return x0
    w = np.exp(log_degeneracy(M, idx.j) - (M + 1) * np.log(2.0))
    x0[idx.pe] = w
    x0[idx.pg] = w
    return x0 / x0.sum()  # removes the rounding of the logarithms


# -------------------------------------------------------- combined layout ---

@lru_cache(maxsize=8)
def combined_readout(M: int) -> np.ndarray:
    """Rows ``(p_e, trace, ancilla excitations)`` on :func:`qbcore.dicke.combined_matrix`'s vector."""
    idx = level_index(M)
    F = np.zeros((3, idx.dim))
    pe, pg = idx.positions(PE), idx.positions(PG)
    F[P_E, pe] = 1.0
    F[TRACE, pe] = F[TRACE, pg] = 1.0
    F[ANCILLA_EXCITATIONS, pe] = idx.m[pe] + M / 2
    F[ANCILLA_EXCITATIONS, pg] = idx.m[pg] + M / 2
    F.setflags(write=False)
    return F


def combined_trace_norm(M: int) -> Callable[[np.ndarray], float]:
    """Trace norm of the Hermitian operator a combined vector stands for.

    Blocks ``[[P_e[j, mu], C_r + i C_i], [C_r - i C_i, P_g[j, mu+1]]]`` and
    the end levels alone (:func:`qbcore.dicke.combined_battery_state`).
    """
    idx = level_index(M)
    pe = idx.positions(PE)
    pg = idx.lookup(PG, idx.j[pe], idx.m[pe] + 1)
    pair = pg >= 0
    pe_pair, pg_pair = pe[pair], pg[pair]
    cr = idx.lookup(CR, idx.j[pe_pair], idx.m[pe_pair])
    ci = idx.lookup(CI, idx.j[pe_pair], idx.m[pe_pair])
    js = np.unique(idx.j)
    alone = np.concatenate([pe[~pair], idx.lookup(PG, js, -js)])

    def norm(x: np.ndarray) -> float:
        return (hermitian_pair_norm(x[pe_pair], x[pg_pair], x[cr] ** 2 + x[ci] ** 2)
                + float(np.abs(x[alone]).sum()))
    return norm


# ------------------------------------------------------ collective blocks ---

def collective_readout(block: CollectiveBlock, M: int) -> np.ndarray:
    """Rows ``(p_e, trace, ancilla excitations)`` on one collective block's (complex) vector.

    Level ``k`` holds ``|e, m = k-1-j>`` (if ``k >= 1``) and ``|g, m = k-j>``
    (if ``k <= 2j``), in that order (:func:`qbcore.dicke.collective_components`).
    """
    j = block.j
    m = []
    for k, d in enumerate(block.sizes):
        m += ([k - 1 - j] if k >= 1 else []) + ([k - j] if k <= 2 * j else [])
    F = np.zeros((3, block.dim), dtype=complex)
    F[P_E, block.excited] = 1.0
    F[TRACE, block.trace] = 1.0
    F[ANCILLA_EXCITATIONS, block.trace] = np.array(m) + M / 2
    return F


def collective_trace_norm(block: CollectiveBlock) -> Callable[[np.ndarray], float]:
    """Trace norm of the operator a block's vector stands for (any, not only Hermitian).

    The sum over the levels of their singular values: ``|x|`` for a 1x1 level,
    ``sqrt(||X||_F^2 + 2 |det X|)`` for a 2x2 one.
    """
    one = np.array([a for a, d in zip(block.offsets[:-1], block.sizes) if d == 1], dtype=int)
    two = np.array([a for a, d in zip(block.offsets[:-1], block.sizes) if d == 2], dtype=int)

    def norm(x: np.ndarray) -> float:
        a, b, c, d = (x[two + k] for k in range(4))
        frob = np.abs(a) ** 2 + np.abs(b) ** 2 + np.abs(c) ** 2 + np.abs(d) ** 2
        return float(np.sum(np.sqrt(frob + 2 * np.abs(a * d - b * c))) + np.abs(x[one]).sum())
    return norm
