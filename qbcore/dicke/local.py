r"""The non-equilibrium star in the Dicke basis: one real sparse generator.

The Hamiltonian and the jump operators are real and act on one qubit each, so
the coherences ``R^{eg}_{j,m,m+1} = i Y[j, m]`` are purely imaginary and the
unknowns ``x = (P_e, P_g, Y)`` are real (see :mod:`qbcore.dicke`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ..linalg import nested_dissection
from .basis import _sqrt, dicke_index, dissipator_entries

def _ladder(j: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``<j, m+1| J_+ |j, m> = sqrt((j - m)(j + m + 1))``."""
    return _sqrt((j - m) * (j + m + 1))


def local_matrix(M: int, J: float, battery: tuple[float, float],
                 ancilla: tuple[float, float]) -> sp.csr_matrix:
    r"""The real generator of ``x = (P_e, P_g, Y)`` for the non-equilibrium star.

    Parameters
    ----------
    M : int
        Number of ancillas.
    J : float
        Hopping between the battery and each ancilla.
    battery, ancilla : (float, float)
        (emission, absorption) rates ``(gamma (1 - n), gamma n)`` of the
        battery's reservoir and of every ancilla's (Eqs. 7-8).

    Returns
    -------
    scipy.sparse.csr_matrix
        ``A`` with ``dx/dt = A x``, ``x`` ordered as :func:`dicke_index`.
        The Hamiltonian couples ``|e, j, m>`` and ``|g, j, m+1>`` with
        amplitude ``J sqrt((j - m)(j + m + 1))``; ``omega0`` drops out.
    """
    idx = dicke_index(M)
    down, up = battery
    rows, cols, vals = [], [], []

    def add(r, c, v):
        rows.append(np.asarray(r))
        cols.append(np.asarray(c))
        vals.append(np.broadcast_to(np.asarray(v, dtype=float), np.shape(r)))

    a = J * _ladder(idx.jy, idx.my)
    pe_y = idx.population("e", idx.jy, idx.my)
    pg_y = idx.population("g", idx.jy, idx.my + 1)
    add(pe_y, idx.y, -2 * a)
    add(pg_y, idx.y, 2 * a)
    add(idx.y, pe_y, a)
    add(idx.y, pg_y, -a)
    # the battery's own reservoir
    add(idx.pe, idx.pe, -down)
    add(idx.pe, idx.pg, up)
    add(idx.pg, idx.pe, down)
    add(idx.pg, idx.pg, -up)
    add(idx.y, idx.y, -(down + up) / 2)
    # the ancillas' reservoirs, on each battery block (ee, gg: m' = m; eg: m' = m + 1)
    for which, pos in (("e", idx.pe), ("g", idx.pg)):
        r, c, v = dissipator_entries(M, idx.j, idx.m, 0, pos,
                                      lambda j, m, w=which: idx.population(w, j, m), *ancilla)
        rows += r
        cols += c
        vals += v
    r, c, v = dissipator_entries(M, idx.jy, idx.my, 1, idx.y, idx.coherence, *ancilla)
    rows += r
    cols += c
    vals += v
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(idx.dim, idx.dim))


@lru_cache(maxsize=4)
def local_order(M: int) -> np.ndarray:
    """A fill-reducing order of the unknowns (nested dissection of :func:`local_coordinates`).

    Cached: it is the same for every parameter point (6 MB at ``N = 1001``).
    """
    order = nested_dissection(*local_coordinates(M))
    order.setflags(write=False)
    return order


def local_coordinates(M: int) -> tuple[np.ndarray, np.ndarray]:
    """Grid coordinates ``(j, m + M/2)`` of every unknown (for the fill-reducing ordering).

    Every coupling of :func:`local_matrix` joins unknowns at most one step
    apart in each coordinate.
    """
    idx = dicke_index(M)
    x, y = np.empty(idx.dim), np.empty(idx.dim)
    for pos, j, m in ((idx.pe, idx.j, idx.m), (idx.pg, idx.j, idx.m), (idx.y, idx.jy, idx.my)):
        x[pos] = j
        y[pos] = m + M / 2
    return x, y


@lru_cache(maxsize=8)
def _state_blocks(M: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of ``P_e[j, m]``, ``P_g[j, m+1]`` per coherence, and of the 1x1 blocks."""
    idx = dicke_index(M)
    low, high = idx.m == -idx.j, idx.m == idx.j
    alone = np.concatenate([idx.population("g", idx.j[low], idx.m[low]),
                            idx.population("e", idx.j[high], idx.m[high])])
    return (idx.population("e", idx.jy, idx.my), idx.population("g", idx.jy, idx.my + 1), alone)


def local_battery_state(x: np.ndarray, M: int) -> tuple[float, float, float]:
    """``(p_e, trace, lowest eigenvalue)`` of a solution ``x`` of the local problem.

    The state is block diagonal: ``P_g[j, -j]`` and ``P_e[j, j]`` alone, and
    ``[[P_e[j, m], i Y], [-i Y, P_g[j, m+1]]]`` for each ``m < j``; the lowest
    eigenvalue over all blocks (summed over the ``d_j`` copies, which does not
    change its sign) certifies positivity.
    """
    pe, trace, low = local_battery_states(x[None], M)
    return float(pe[0]), float(trace[0]), float(low[0])


def local_battery_states(X: np.ndarray, M: int, sequential: bool = False
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`local_battery_state` of every row of ``X`` (one solution per row), as arrays.

    ``sequential``: sum the populations strictly in order, so that a row gives
    the same bits whatever the number of rows (NumPy's sums change their order
    with the shape); otherwise pairwise, as :func:`local_battery_state`.
    """
    idx = dicke_index(M)
    pe_pos, pg_pos, alone = _state_blocks(M)
    a, b, y = X[:, pe_pos], X[:, pg_pos], X[:, idx.y]
    pair_low = (a + b) / 2 - np.hypot((a - b) / 2, y)
    low = np.minimum(pair_low.min(axis=1, initial=np.inf), X[:, alone].min(axis=1, initial=np.inf))
    if sequential:
        pe = np.cumsum(X[:, idx.pe], axis=1)[:, -1]
        return pe, pe + np.cumsum(X[:, idx.pg], axis=1)[:, -1], low
    pe = X[:, idx.pe].sum(axis=1)
    return pe, pe + X[:, idx.pg].sum(axis=1), low


_UNIT = np.eye(5)


@lru_cache(maxsize=16)
def dense_components(M: int) -> np.ndarray:
    """``(5, dim, dim)``: :func:`local_matrix` for each unit coefficient, for small ``M``.

    The generator is linear in ``(J, battery emission, battery absorption,
    ancilla emission, ancilla absorption)``.
    """
    return np.array([local_matrix(M, u[0], (u[1], u[2]), (u[3], u[4])).toarray()
                     for u in _UNIT])


@lru_cache(maxsize=16)
def ground_position(M: int) -> int:
    """Position of ``P_g[M/2, -M/2]``, the population of ``|g..g>``."""
    return int(dicke_index(M).population("g", np.array([M / 2]), np.array([-M / 2]))[0])


def pivots(M: int, A: sp.csr_matrix) -> np.ndarray:
    """Static pivoting: ``P_e[j, m]`` and ``Y[j, m]`` swap equations where hopping dominates.

    The equation of ``Y[j, m]`` holds ``J sqrt((j-m)(j+m+1)) P_e[j, m]`` and that of
    ``P_e[j, m]`` holds twice that times ``Y``; when this exceeds the
    dissipative diagonal (``J >> gamma``) the swapped pair is the better pivot.
    """
    idx = dicke_index(M)
    pe = idx.population("e", idx.jy, idx.my)
    diag = np.abs(A.diagonal())
    coupling = np.abs(np.asarray(A[idx.y, pe]).ravel())
    swap = coupling > np.maximum(diag[pe], diag[idx.y])
    perm = np.arange(idx.dim)
    perm[pe[swap]] = idx.y[swap]
    perm[idx.y[swap]] = pe[swap]
    return perm
