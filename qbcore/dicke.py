r"""Identical ancillas in the Dicke (total-spin) basis: exact steady states at large N.

In the star network with ``M = N - 1`` interchangeable ancillas (the paper's
setting), the ancillas' state is invariant under their permutations.  Such an
operator is block diagonal in the ancillas' total spin ``j``, and within a
block it acts the same way on each of the ``d_j`` copies of the spin-``j``
irrep (Chase and Geremia, PRA 78, 052101 (2008); Shammah et al., PRA 98,
063815 (2018), whose ``qutip.piqs`` uses the same basis).  With the battery
added, the state is

.. math::

    \rho = \sum_{b, b'} |b\rangle\langle b'| \otimes
           \bigoplus_j \rho^{bb'}_j \otimes \mathbb{1}_{d_j},

and, as in ``qutip.piqs``, we store the elements summed over the copies,
``R^{bb'}_{j, m, m'} = d_j (\rho^{bb'}_j)_{m m'}``, so that the trace is a plain
sum and the numbers stay of order one (``d_j`` overflows a float beyond
``M ~ 1030``).

The excitation number ``n_b + j + m`` is conserved (see
:mod:`qbcore.liouvillian`), so the steady state keeps only

* the populations ``P_e[j, m] = R^{ee}_{j,m,m}`` and ``P_g[j, m] = R^{gg}_{j,m,m}``,
* the coherences ``R^{eg}_{j, m, m+1}`` between ``|e, j, m>`` and ``|g, j, m+1>``,

about ``3 (M/2 + 1)^2`` numbers: 752 502 at ``N = 1001`` instead of
``binomial(2002, 1001)``.

Local reservoirs (non-equilibrium scenario)
    The Hamiltonian and the jump operators are real, and each jump operator
    acts on one qubit only, so the coherences are purely imaginary,
    ``R^{eg}_{j,m,m+1} = i Y[j, m]``: the whole problem is real.  The ancillas'
    local emission and absorption move ``(j, m, m')`` to ``(j, j \pm 1)`` with
    the rates of Shammah et al., Table I ("gamma_1" ... "gamma_9", here without
    dephasing); :func:`local_rates` evaluates them in double precision.  (The
    compiled ``qutip.piqs.Dicke`` computes the same numbers in single precision,
    about 1e-7 relative, too coarse for a reference solver; the tests check
    ours against it to that precision, and the solver against the full
    Liouvillian to 1e-10.)  One sparse LU solves the system.

Collective reservoir (equilibrium scenario)
    ``J_-`` and the star Hamiltonian both conserve the ancillas' ``j``, so every
    ``j`` block evolves on its own; from ``"ground"`` only ``j = M/2`` is
    populated, from ``"mixed"`` block ``j`` starts with weight
    ``2 (2j+1) d_j / 2^N``.  ``ker L`` is degenerate here (see SPEC.md); within
    a block the long-time limit is ``P0 rho(0)``, from the block's right and left
    null vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.special import gammaln

from .liouvillian import rates
from .parameters import Parameters

#: Fill-reducing ordering of the sparse LU.  The generator is structurally
#: almost symmetric (a 2-D stencil in ``(j, m)``), so minimum degree on
#: ``A + A^T`` with diagonal pivots keeps the fill near that of a 2-D grid;
#: the trace row, the only dense one, has the highest degree and goes last.
ORDERING = "MMD_AT_PLUS_A"
#: SuperLU's threshold for keeping a diagonal pivot (1 = partial pivoting).
PIVOT_THRESHOLD = 0.01

# ------------------------------------------------------------- the basis ---


def j_values(M: int) -> np.ndarray:
    """The ancillas' total spins ``j = M/2, M/2 - 1, ..., 0 or 1/2`` (ascending)."""
    return np.arange(M % 2, M + 1, 2) / 2.0


def log_degeneracy(M: int, j: np.ndarray) -> np.ndarray:
    r"""``log d_j``: how often spin ``j`` occurs among ``M`` spins-1/2.

    :math:`d_j = \frac{(2j+1)\, M!}{(M/2 + j + 1)!\,(M/2 - j)!}`.
    """
    j = np.asarray(j, dtype=float)
    return (np.log(2 * j + 1) + gammaln(M + 1) - gammaln(M / 2 + j + 2)
            - gammaln(M / 2 - j + 1))


@dataclass(frozen=True)
class DickeIndex:
    """Positions of ``P_e[j, m]``, ``P_g[j, m]`` and ``Y[j, m]`` in the unknown vector.

    For every ``j`` (ascending) the vector holds ``P_e`` for ``m = -j..j``, then
    ``P_g`` for ``m = -j..j``, then ``Y`` for ``m = -j..j-1``.

    Attributes
    ----------
    M : int
        Number of ancillas.
    j, m : numpy.ndarray
        Labels of the population entries (one per ``(j, m)``; ``P_e`` and
        ``P_g`` share them).
    pe, pg : numpy.ndarray
        Positions of ``P_e[j, m]`` and ``P_g[j, m]``, aligned with ``j, m``.
    jy, my, y : numpy.ndarray
        Labels and positions of the coherences ``Y[j, m]`` (``m < j``).
    """

    M: int
    j: np.ndarray
    m: np.ndarray
    pe: np.ndarray
    pg: np.ndarray
    jy: np.ndarray
    my: np.ndarray
    y: np.ndarray

    @property
    def dim(self) -> int:
        return len(self.pe) + len(self.pg) + len(self.y)

    def population(self, which: str, j: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Positions of ``P_which[j, m]`` (``-1`` where ``(j, m)`` does not exist)."""
        return self._lookup(self.pe if which == "e" else self.pg, j, m, 0)

    def coherence(self, j: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Positions of ``Y[j, m]`` (``-1`` where it does not exist)."""
        return self._lookup(self.y, j, m, 1)

    def _lookup(self, positions, j, m, short):
        j = np.asarray(j, dtype=float)
        m = np.asarray(m, dtype=float)
        jmin = (self.M % 2) / 2.0
        valid = (j >= jmin) & (j <= self.M / 2) & (m >= -j) & (m <= j - short)
        k = np.where(valid, j - jmin, 0).astype(int)  # index of j
        # entries before block k: sum over j' < j of (2j' + 1 - short)
        jk = jmin + np.arange(k.max(initial=0) + 1)
        start = np.concatenate([[0], np.cumsum(2 * jk + 1 - short)]).astype(int)
        idx = start[k] + np.where(valid, m + j, 0).astype(int)
        return np.where(valid, positions[np.minimum(idx, len(positions) - 1)], -1)


@lru_cache(maxsize=8)
def dicke_index(M: int) -> DickeIndex:
    """The unknowns of the local (non-equilibrium) problem with ``M`` ancillas."""
    js = j_values(M)
    sizes = 3 * (2 * js + 1) - 1
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    j_pop = np.repeat(js, (2 * js + 1).astype(int))
    m_pop = np.concatenate([np.arange(-j, j + 1) for j in js])
    j_coh = np.repeat(js, (2 * js).astype(int))
    m_coh = np.concatenate([np.arange(-j, j) for j in js])
    block_start_pop = np.repeat(starts[:-1], (2 * js + 1).astype(int))
    block_start_coh = np.repeat(starts[:-1], (2 * js).astype(int))
    pe = block_start_pop + (m_pop + j_pop).astype(int)
    pg = pe + (2 * j_pop + 1).astype(int)
    y = block_start_coh + 2 * (2 * j_coh + 1).astype(int) + (m_coh + j_coh).astype(int)
    return DickeIndex(M, j_pop, m_pop, pe, pg, j_coh, m_coh, y)


# ------------------------------------------- local dissipation (PIQS rates) ---

def _sqrt(x: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(x, 0.0))


def _safe_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b``, and 0 where ``b = 0`` (the rates that carry it vanish there)."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


def local_rates(M: int, j: np.ndarray, m: np.ndarray, m1: np.ndarray, emission: float,
                pumping: float) -> dict[str, np.ndarray]:
    r"""Rates of local emission and absorption on ``M`` spins in the Dicke basis.

    ``sum_k emission D[sigma_-^k] + pumping D[sigma_+^k]`` acting on the
    permutation-invariant element ``R_{j, m, m1}`` (summed over the ``d_j``
    copies) gives

    .. math::

        \dot R_{j,m,m_1} = \gamma_1 R_{j,m,m_1}
            + \gamma_2 R_{j,m+1,m_1+1} + \gamma_3 R_{j+1,m+1,m_1+1}
            + \gamma_4 R_{j-1,m+1,m_1+1} + \gamma_7 R_{j+1,m-1,m_1-1}
            + \gamma_8 R_{j,m-1,m_1-1} + \gamma_9 R_{j-1,m-1,m_1-1},

    with every :math:`\gamma_k` evaluated at the *source* element's labels
    (Shammah et al. 2018, Table I; ``qutip.piqs.Dicke.gamma1`` ... ``gamma9``).
    ``j, m, m1`` here are those labels; ``gamma1`` takes the target's.

    Returns
    -------
    dict
        ``{"1": ..., "2": ..., "3": ..., "4": ..., "7": ..., "8": ..., "9": ...}``.
    """
    j, m, m1 = (np.asarray(a, dtype=float) for a in (j, m, m1))
    yE, yP, half = emission, pumping, M / 2.0
    jj1 = j * (j + 1)
    j21 = j * (2 * j + 1)
    j1_21 = (j + 1) * (2 * j + 1)
    return {
        "1": -(yE / 2 * (M + m + m1) + yP / 2 * (M - m - m1)),
        "2": yE / 2 * _sqrt((j + m) * (j - m + 1) * (j + m1) * (j - m1 + 1))
        * _safe_div(half + 1, jj1),
        "3": yE / 2 * _sqrt((j + m) * (j + m - 1) * (j + m1) * (j + m1 - 1))
        * _safe_div(half + j + 1, j21),
        "4": yE / 2 * _sqrt((j - m + 1) * (j - m + 2) * (j - m1 + 1) * (j - m1 + 2))
        * (half - j) / j1_21,
        "7": yP / 2 * _sqrt((j - m - 1) * (j - m) * (j - m1 - 1) * (j - m1))
        * _safe_div(half + j + 1, j21),
        "8": yP / 2 * _sqrt((j + m + 1) * (j - m) * (j + m1 + 1) * (j - m1))
        * _safe_div(half + 1, jj1),
        "9": yP / 2 * _sqrt((j + m + 1) * (j + m + 2) * (j + m1 + 1) * (j + m1 + 2))
        * (half - j) / j1_21,
    }


#: ``gamma_k``: (shift of j, shift of m and m1) from the target to the source.
_SOURCES = {"2": (0, 1), "3": (1, 1), "4": (-1, 1), "7": (1, -1), "8": (0, -1), "9": (-1, -1)}


def _dissipator_entries(M, j, m, offset, rows, lookup, emission, pumping):
    """Triplets ``(row, col, value)`` of the ancillas' local dissipator.

    ``j, m`` label the targets ``R_{j, m, m + offset}`` stored at ``rows``;
    ``lookup(j, m)`` gives the position of a source (``-1`` if absent).
    """
    out_r, out_c, out_v = [rows], [rows], [local_rates(M, j, m, m + offset, emission,
                                                       pumping)["1"]]
    for k, (dj, dm) in _SOURCES.items():
        js, ms = j + dj, m + dm
        cols = lookup(js, ms)
        ok = cols >= 0
        rate = local_rates(M, js[ok], ms[ok], ms[ok] + offset, emission, pumping)[k]
        out_r.append(rows[ok])
        out_c.append(cols[ok])
        out_v.append(rate)
    return out_r, out_c, out_v


# -------------------------------------------------- the local generator ---

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
        r, c, v = _dissipator_entries(M, idx.j, idx.m, 0, pos,
                                      lambda j, m, w=which: idx.population(w, j, m), *ancilla)
        rows += r
        cols += c
        vals += v
    r, c, v = _dissipator_entries(M, idx.jy, idx.my, 1, idx.y, idx.coherence, *ancilla)
    rows += r
    cols += c
    vals += v
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(idx.dim, idx.dim))


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
    idx = dicke_index(M)
    pe_pos, pg_pos, alone = _state_blocks(M)
    a, b, y = x[pe_pos], x[pg_pos], x[idx.y]
    pair_low = (a + b) / 2 - np.hypot((a - b) / 2, y)
    low = min(pair_low.min(initial=np.inf), x[alone].min(initial=np.inf))
    pe = x[idx.pe].sum()
    return float(pe), float(pe + x[idx.pg].sum()), float(low)


# ------------------------------------------------------- sparse solving ---

#: Up to this many unknowns one exact sparse LU solves the system (N <= ~450).
DIRECT_MAX = 150_000
#: Incomplete LU for larger systems: drop tolerance and fill limit.
ILU_DROP_TOL = 1e-5
ILU_FILL_FACTOR = 20


def nested_dissection(x: np.ndarray, y: np.ndarray, leaf: int = 64) -> np.ndarray:
    """A fill-reducing order of points on a 2-D grid with nearest-neighbour couplings.

    Splits the points recursively by a line of constant ``x`` or ``y`` (across
    the longer side); each line separates the two halves, and is ordered after
    them (George 1973).  On an ``n``-point grid the LU factors then hold
    ``O(n log n)`` entries instead of ``O(n^1.5)`` for a banded order.
    """
    out = []
    stack = [(np.arange(len(x)), False)]
    while stack:  # iterative post-order: left, right, separator
        ids, emit = stack.pop()
        if emit or len(ids) <= leaf:
            out.append(ids)
            continue
        xs, ys = x[ids], y[ids]
        c = xs if np.ptp(xs) >= np.ptp(ys) else ys
        v = np.round(np.median(c))
        lo, hi, sep = ids[c < v], ids[c > v], ids[c == v]
        if len(lo) == 0 or len(hi) == 0:
            out.append(ids)
            continue
        stack += [(sep, True), (hi, False), (lo, False)]
    return np.concatenate(out)


def solve_with_trace(A: sp.csr_matrix, row: int, trace: np.ndarray,
                     order: np.ndarray, pivots: np.ndarray | None = None) -> np.ndarray:
    r"""Solve ``A x = 0`` with ``sum(x[trace]) = 1`` (row ``row`` of ``A`` is redundant).

    Row ``row`` is replaced by the trace.  The unknowns are permuted by
    ``order`` with ``row`` moved last (the dense trace row then makes no
    fill), and the system is solved by a sparse LU in that order; above
    :data:`DIRECT_MAX` unknowns by GMRES preconditioned with an incomplete
    LU, with the exact LU as a fallback, and an LU with partial pivoting as
    the last resort.  The returned ``x`` satisfies ``|A x - b| < 1e-10``
    entrywise (relative to the largest entry of ``A``).

    ``pivots[k]`` (optional) is the equation that pivots on unknown ``k``: a
    static row permutation that puts large entries on the diagonal, so that
    the factorisation keeps the fill-reducing order (``pivots[row]`` must be
    ``row``).
    """
    A = A.tocsr(copy=True)
    A.data[A.indptr[row]:A.indptr[row + 1]] = 0.0
    A = (A + sp.csr_matrix((np.ones(len(trace)), (np.full(len(trace), row), trace)),
                           shape=A.shape)).tocsr()
    rhs = np.zeros(A.shape[0], dtype=A.dtype)
    rhs[row] = 1.0
    order = np.concatenate([order[order != row], [row]])
    rows = order if pivots is None else pivots[order]
    B = A[rows][:, order].tocsc()
    b = rhs[rows]
    tol = 1e-10 * max(1.0, float(np.abs(A.data).max(initial=0.0)))
    # with static pivots the diagonal is trusted (no row swaps: the order keeps its fill);
    # without, threshold partial pivoting
    opts = dict(permc_spec="NATURAL", diag_pivot_thresh=0.0 if pivots is not None else 1.0,
                options={"SymmetricMode": pivots is not None})
    z = None
    if B.shape[0] > DIRECT_MAX:
        ilu = spla.spilu(B, drop_tol=ILU_DROP_TOL, fill_factor=ILU_FILL_FACTOR, **opts)
        z = _refine(B, b, ilu.solve, None, tol)
        del ilu
    if z is None:
        lu = spla.splu(B, **opts)
        z = _refine(B, b, lu.solve, lu.solve(b), tol)
        del lu
    if z is None:  # last resort: partial pivoting in a fill-reducing order of SuperLU's own
        z = spla.splu(B, permc_spec="COLAMD", diag_pivot_thresh=1.0).solve(b)
        if np.abs(B @ z - b).max() > tol:
            raise RuntimeError("the sparse solve did not reach a residual of 1e-10")
    x = np.empty_like(z)
    x[order] = z
    return x


def _refine(B, b, precondition, z0, tol):
    """``z0`` if its residual is below ``tol``, else GMRES preconditioned by a (incomplete) LU."""
    if z0 is not None and np.abs(B @ z0 - b).max() <= tol:
        return z0
    P = spla.LinearOperator(B.shape, precondition, dtype=B.dtype)
    z, info = spla.gmres(B, b, x0=z0, M=P, rtol=1e-13, atol=0.0, restart=100, maxiter=10)
    return z if info == 0 and np.abs(B @ z - b).max() <= tol else None


_UNIT = np.eye(5)


@lru_cache(maxsize=16)
def _local_dense_components(M: int) -> np.ndarray:
    """``(5, dim, dim)``: :func:`local_matrix` for each unit coefficient, for small ``M``.

    The generator is linear in ``(J, battery emission, battery absorption,
    ancilla emission, ancilla absorption)``.
    """
    return np.array([local_matrix(M, u[0], (u[1], u[2]), (u[3], u[4])).toarray()
                     for u in _UNIT])


def solve_local(params: Parameters) -> np.ndarray:
    """The unique non-equilibrium steady state as ``x = (P_e, P_g, Y)`` (unchecked)."""
    M = params.N - 1
    r = rates(params)
    coeffs = np.array([params.J, r[0], r[1], r[2], r[3]])
    idx = dicke_index(M)
    ground = int(idx.population("g", np.array([M / 2]), np.array([-M / 2]))[0])
    if idx.dim <= 400:
        A = np.tensordot(coeffs, _local_dense_components(M), axes=1)
        A[ground, :] = 0.0
        A[ground, idx.pe] = A[ground, idx.pg] = 1.0
        rhs = np.zeros(idx.dim)
        rhs[ground] = 1.0
        return np.linalg.solve(A, rhs)
    A = local_matrix(M, params.J, (r[0], r[1]), (r[2], r[3]))
    order = nested_dissection(*local_coordinates(M))
    return solve_with_trace(A, ground, np.concatenate([idx.pe, idx.pg]), order,
                            _pivots(M, A))


def _pivots(M: int, A: sp.csr_matrix) -> np.ndarray:
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
    pivots = np.arange(idx.dim)
    pivots[pe[swap]] = idx.y[swap]
    pivots[idx.y[swap]] = pe[swap]
    return pivots


# ------------------------------------------- collective reservoir, per j ---

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


def collective_block(j: float, J: float, down: float, up: float) -> CollectiveBlock:
    """The generator of block ``j`` (see :func:`collective_components`)."""
    base, (H, D, U) = collective_components(float(j))
    return CollectiveBlock(base.j, (J * H + down * D + up * U).tocsr(), base.offsets,
                           base.sizes, base.trace, base.excited)


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
    parts = {"H": ([], [], []), "D": ([], [], []), "U": ([], [], [])}

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
        add("D", k, k, -0.5 * (np.kron(out_k, I) + np.kron(I, out_k.T)))
        add("U", k, k, -0.5 * (np.kron(in_k, I) + np.kron(I, in_k.T)))
        if k + 1 < K:
            add("D", k, k + 1, np.kron(As[k + 1], As[k + 1]))
        if k >= 1:
            add("U", k, k - 1, np.kron(As[k].T, As[k].T))
    dim = int(offsets[-1])
    H_, D_, U_ = (sp.csr_matrix((np.concatenate(v).astype(complex),
                                 (np.concatenate(r), np.concatenate(c))), shape=(dim, dim))
                  for r, c, v in parts.values())
    diag = np.concatenate([offsets[k] + np.arange(sizes[k]) * (sizes[k] + 1) for k in range(K)])
    is_e = np.array([b == 1 for lv in states for (b, _) in lv])
    return CollectiveBlock(float(j), H_, offsets, sizes, diag, diag[is_e]), (H_, D_, U_)


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
