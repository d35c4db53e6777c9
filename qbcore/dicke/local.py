r"""The non-equilibrium star in the Dicke basis: one real sparse generator.

The Hamiltonian and the jump operators are real and act on one qubit each, so
with battery and ancillas at the same frequency the coherences
``R^{eg}_{j,m,m+1} = i Y[j, m]`` are purely imaginary and the unknowns
``x = (P_e, P_g, Y)`` are real (see :mod:`qbcore.dicke`).

Detuned battery and ancillas (``omega0s``: battery at ``omega_B``, every
ancilla at ``omega_A``)
    ``|e, j, m>`` and ``|g, j, m+1>`` then differ in energy by
    ``2 (omega_B - omega_A)``, so the frequency term no longer drops out:
    ``dR/dt`` gains ``-2i (omega_B - omega_A) R``, which turns an imaginary
    coherence into a real one.  The unknowns become ``(P_e, P_g, Y, Y_r)``
    with ``R = Y_r + i Y``; everything else acts on ``Y_r`` as on ``Y``, and
    only ``Y`` feeds the populations.
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
                 ancilla: tuple[float, float], detuning: float | None = None) -> sp.csr_matrix:
    r"""The real generator of ``x = (P_e, P_g, Y)`` (or ``(P_e, P_g, Y, Y_r)``) for the star.

    Parameters
    ----------
    M : int
        Number of ancillas.
    J : float
        Hopping between the battery and each ancilla.
    battery, ancilla : (float, float)
        (emission, absorption) rates ``(gamma (1 - n), gamma n)`` of the
        battery's reservoir and of every ancilla's (Eqs. 7-8).
    detuning : float or None
        ``None``: battery and ancillas at one frequency, unknowns
        ``(P_e, P_g, Y)``.  A number ``omega_B - omega_A`` (0 allowed): the
        unknowns ``(P_e, P_g, Y, Y_r)`` of ``dicke_index(M, detuned=True)``.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``A`` with ``dx/dt = A x``, ``x`` ordered as :func:`dicke_index`.
        The Hamiltonian couples ``|e, j, m>`` and ``|g, j, m+1>`` with
        amplitude ``J sqrt((j - m)(j + m + 1))``; a common ``omega0`` drops out.
    """
    idx = dicke_index(M, detuning is not None)
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
    parts = [("imag", idx.y)] + ([("real", idx.yr)] if idx.detuned else [])
    for part, pos in parts:
        r, c, v = dissipator_entries(M, idx.jy, idx.my, 1, pos,
                                      lambda j, m, w=part: idx.coherence(j, m, w), *ancilla)
        rows += r
        cols += c
        vals += v
    if idx.detuned:  # dR/dt = -2i (omega_B - omega_A) R with R = Y_r + i Y
        add(idx.yr, idx.yr, -(down + up) / 2)
        add(idx.yr, idx.y, 2 * detuning)
        add(idx.y, idx.yr, -2 * detuning)
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


def local_coordinates(M: int, detuned: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Integer grid coordinates ``(j - (M mod 2)/2, m + M/2)`` of every unknown.

    For the fill-reducing ordering: every coupling of :func:`local_matrix`
    joins unknowns at most one step apart in each coordinate.
    """
    idx = dicke_index(M, detuned)
    x, y = np.empty(idx.dim), np.empty(idx.dim)
    for pos, j, m in ((idx.pe, idx.j, idx.m), (idx.pg, idx.j, idx.m), (idx.y, idx.jy, idx.my),
                      (idx.yr, idx.jy[:len(idx.yr)], idx.my[:len(idx.yr)])):
        x[pos] = j - (M % 2) / 2
        y[pos] = m + M / 2
    return x, y


@lru_cache(maxsize=8)
def _state_blocks(M: int, detuned: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of ``P_e[j, m]``, ``P_g[j, m+1]`` per coherence, and of the 1x1 blocks."""
    idx = dicke_index(M, detuned)
    low, high = idx.m == -idx.j, idx.m == idx.j
    alone = np.concatenate([idx.population("g", idx.j[low], idx.m[low]),
                            idx.population("e", idx.j[high], idx.m[high])])
    return (idx.population("e", idx.jy, idx.my), idx.population("g", idx.jy, idx.my + 1), alone)


def local_battery_state(x: np.ndarray, M: int,
                        detuned: bool = False) -> tuple[float, float, float]:
    """``(p_e, trace, lowest eigenvalue)`` of a solution ``x`` of the local problem.

    The state is block diagonal: ``P_g[j, -j]`` and ``P_e[j, j]`` alone, and
    ``[[P_e[j, m], R], [R*, P_g[j, m+1]]]`` for each ``m < j`` with
    ``R = Y_r + i Y``; the lowest eigenvalue over all blocks (summed over the
    ``d_j`` copies, which does not change its sign) certifies positivity.
    """
    if detuned:
        idx = dicke_index(M, True)
        pe_pos, pg_pos, alone = _state_blocks(M, True)
        a, b = x[pe_pos], x[pg_pos]
        y = np.hypot(x[idx.y], x[idx.yr])
        pair_low = (a + b) / 2 - np.hypot((a - b) / 2, y)
        low = min(pair_low.min(initial=np.inf), x[alone].min(initial=np.inf))
        pe = x[idx.pe].sum()
        return float(pe), float(pe + x[idx.pg].sum()), float(low)
    pe, trace, low = local_battery_states(x[None], M)
    return float(pe[0]), float(trace[0]), float(low[0])


def local_battery_states(X: np.ndarray, M: int, sequential: bool = False
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`local_battery_state` of every row of ``X`` (one solution per row), as arrays.

    The undetuned layout (purely imaginary coherences).  ``sequential``: sum
    the populations strictly in order, so that a row gives the same bits
    whatever the number of rows (NumPy's sums change their order with the
    shape); otherwise pairwise, as :func:`local_battery_state`.
    """
    idx = dicke_index(M)
    pe_pos, pg_pos, alone = _state_blocks(M, False)
    a, b, y = X[:, pe_pos], X[:, pg_pos], X[:, idx.y]
    pair_low = (a + b) / 2 - np.hypot((a - b) / 2, y)
    low = np.minimum(pair_low.min(axis=1, initial=np.inf), X[:, alone].min(axis=1, initial=np.inf))
    if sequential:
        pe = np.cumsum(X[:, idx.pe], axis=1)[:, -1]
        return pe, pe + np.cumsum(X[:, idx.pg], axis=1)[:, -1], low
    pe = X[:, idx.pe].sum(axis=1)
    return pe, pe + X[:, idx.pg].sum(axis=1), low


_UNIT = np.eye(6)


@lru_cache(maxsize=16)
def dense_components(M: int, detuned: bool = False) -> np.ndarray:
    """``(5, dim, dim)`` (``(6, dim, dim)`` detuned): :func:`local_matrix` per unit coefficient.

    The generator is linear in ``(J, battery emission, battery absorption,
    ancilla emission, ancilla absorption)`` and, detuned, ``omega_B - omega_A``.
    For small ``M``.
    """
    if not detuned:
        return np.array([local_matrix(M, u[0], (u[1], u[2]), (u[3], u[4])).toarray()
                         for u in _UNIT[:5, :5]])
    return np.array([local_matrix(M, u[0], (u[1], u[2]), (u[3], u[4]), u[5]).toarray()
                     for u in _UNIT])


@lru_cache(maxsize=16)
def ground_position(M: int, detuned: bool = False) -> int:
    """Position of ``P_g[M/2, -M/2]``, the population of ``|g..g>``."""
    return int(dicke_index(M, detuned).population("g", np.array([M / 2]),
                                                  np.array([-M / 2]))[0])


def pivots(M: int, A: sp.csr_matrix, detuned: bool = False) -> np.ndarray:
    """Static pivoting: ``P_e[j, m]`` and ``Y[j, m]`` swap equations where hopping dominates.

    The equation of ``Y[j, m]`` holds ``J sqrt((j-m)(j+m+1)) P_e[j, m]`` and that of
    ``P_e[j, m]`` holds twice that times ``Y``; when this exceeds the
    dissipative diagonal (``J >> gamma``) the swapped pair is the better pivot.
    Detuned, ``Y_r[j, m]`` and ``Y[j, m]`` are coupled by ``2 (omega_B - omega_A)``;
    where that exceeds their diagonals (and ``Y`` has not been swapped with
    ``P_e``) they swap equations.
    """
    idx = dicke_index(M, detuned)
    pe = idx.population("e", idx.jy, idx.my)
    diag = np.abs(A.diagonal())
    coupling = np.abs(np.asarray(A[idx.y, pe]).ravel())
    swap = coupling > np.maximum(diag[pe], diag[idx.y])
    perm = np.arange(idx.dim)
    perm[pe[swap]] = idx.y[swap]
    perm[idx.y[swap]] = pe[swap]
    if idx.detuned:
        rotation = np.abs(np.asarray(A[idx.y, idx.yr]).ravel())
        turn = ~swap & (rotation > np.maximum(diag[idx.y], diag[idx.yr]))
        perm[idx.y[turn]] = idx.yr[turn]
        perm[idx.yr[turn]] = idx.y[turn]
    return perm
