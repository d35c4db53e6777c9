r"""The collective star with each qubit's own coupling (``gamma_local``) in the Dicke basis.

The equilibrium scenario with ``gamma_local > 0``: besides the collective
``gamma (1-n) D[J_-] + gamma n D[J_+]`` every qubit couples on its own to the
same reservoir, ``gamma_local ((1-n) D[sigma_-^i] + n D[sigma_+^i])``.  The
ancillas' own channels move weight between total spins ``j`` (the rates of
Shammah et al., PRA 98, 063815 (2018), Table I, :func:`qbcore.dicke.local_rates`),
so the ``j`` blocks of :mod:`qbcore.dicke.collective` no longer evolve on their
own, and one generator holds them all.

Unknowns
    The excitation number ``n_b + j + m`` is conserved, so in the ``q = 0``
    sector block ``j`` splits into levels ``mu = -j-1, ..., j``: level ``mu``
    holds ``|e, j, mu>`` (if ``mu >= -j``) and ``|g, j, mu+1>`` (if
    ``mu < j``).  Its 2x2 Hermitian matrix (summed over the ``d_j`` copies, as
    in :mod:`qbcore.dicke`) is stored as four reals,

    .. math::

        X_\mu = \begin{pmatrix} P_e[j,\mu] & C_r[j,\mu] + i C_i[j,\mu] \\
                                C_r[j,\mu] - i C_i[j,\mu] & P_g[j,\mu+1] \end{pmatrix},

    one real at the two end levels: ``8j + 2`` reals per ``j``, 1 003 002 at
    ``N = 1001``.  Unlike the non-equilibrium problem (where ``C_r = 0``), the
    collective jump :math:`J_- = \sigma_-^B + J_-^{\rm anc}` mixes the
    populations with ``C_r``.

Generator (``dx/dt = A x``, ``A`` real and sparse)
    * hopping ``J (sigma_+^B J_-^anc + h.c.)`` within a level, amplitude
      ``a = J sqrt((j - mu)(j + mu + 1))``;
    * collective ``D[J_-]`` (one level down) and ``D[J_+]`` (one level up),
      ``j`` kept;
    * the battery's own channels within ``(j, m)``; the ancillas' own
      channels ``j -> j, j +- 1``, the same rates for populations
      (``m' = m``) and both parts of the coherences (``m' = m + 1``);
    * a detuned battery (``omega_B - omega_A``, :mod:`qbcore.dicke.local`):
      ``dC/dt = -2i (omega_B - omega_A) C`` with ``C = C_r + i C_i``.

    A real 2x2 map ``X -> A X A^T`` and an anticommutator ``-1/2 {K, X}`` with
    real symmetric ``K`` act on the four reals by :func:`_congruence` and
    :func:`_anticommutator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .basis import _sqrt, dissipator_entries, j_values
from .collective import collective_weights

#: The four reals of a level, in storage order.
LEVEL_KINDS = ("pe", "pg", "cr", "ci")
PE, PG, CR, CI = range(4)


@dataclass(frozen=True)
class LevelIndex:
    """Where each real unknown is stored.

    For every ``j`` (ascending) and level ``mu = -j-1 .. j`` the vector holds
    ``P_e[j, mu]``, ``P_g[j, mu+1]``, ``C_r[j, mu]``, ``C_i[j, mu]``, leaving
    out those that do not exist (end levels).

    Attributes
    ----------
    M : int
        Number of ancillas.
    table : numpy.ndarray
        ``(4, n_j, M + 1)`` positions; ``table[kind, j - j_min, m + M/2]`` with
        ``m`` the label of the element (``P_e[j, m]``, ``P_g[j, m]``, or the
        coherence ``<e, j, m| X |g, j, m+1>``), ``-1`` where absent.
    kind, j, m : numpy.ndarray
        For every position: its kind (see :data:`LEVEL_KINDS`) and labels.
    """

    M: int
    table: np.ndarray
    kind: np.ndarray
    j: np.ndarray
    m: np.ndarray

    @property
    def dim(self) -> int:
        return len(self.kind)

    def lookup(self, kind: int, j: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Positions of ``kind`` at labels ``(j, m)`` (``-1`` where absent)."""
        j = np.asarray(j, dtype=float)
        m = np.asarray(m, dtype=float)
        jk = np.rint(j - (self.M % 2) / 2.0).astype(int)
        mk = np.rint(m + self.M / 2.0).astype(int)
        ok = (jk >= 0) & (jk < self.table.shape[1]) & (mk >= 0) & (mk <= self.M)
        ok &= np.abs(m) <= j
        out = np.full(np.broadcast(jk, mk).shape, -1)
        out[ok] = self.table[kind, jk[ok], mk[ok]]
        return out

    def positions(self, kind: int) -> np.ndarray:
        """All positions of one kind (in storage order)."""
        return np.flatnonzero(self.kind == kind)

    def level(self) -> np.ndarray:
        """The level label ``mu`` of every position (``m - 1`` for ``P_g``)."""
        return np.where(self.kind == PG, self.m - 1, self.m)


@lru_cache(maxsize=8)
def level_index(M: int) -> LevelIndex:
    """The unknowns of the problem with ``M`` ancillas (``sum_j (8j + 2)`` of them)."""
    js = j_values(M)
    jl = np.repeat(js, (2 * js + 2).astype(int))          # one entry per level
    mu = np.concatenate([np.arange(-j - 1, j + 1) for j in js])
    kind = np.tile(np.arange(4), len(jl))
    jj = np.repeat(jl, 4)
    mm = np.repeat(mu, 4) + (kind == PG)                  # P_g's label is mu + 1
    exists = np.where(kind == PE, mm >= -jj,
                      np.where(kind == PG, mm <= jj, (mm >= -jj) & (mm < jj)))
    kind, jj, mm = kind[exists], jj[exists], mm[exists]
    table = np.full((4, len(js), M + 1), -1, dtype=np.int64)
    table[kind, np.rint(jj - (M % 2) / 2).astype(int), np.rint(mm + M / 2).astype(int)] = \
        np.arange(len(kind))
    for a in (table, kind, jj, mm):
        a.setflags(write=False)
    return LevelIndex(M, table, kind, jj, mm)


def level_coordinates(M: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer grid coordinates ``(j - j_min, mu + M/2)`` of every unknown.

    Every coupling of :func:`combined_matrix` joins unknowns at most one step
    apart in each coordinate, so :func:`qbcore.linalg.nested_dissection` applies.
    """
    idx = level_index(M)
    return idx.j - (M % 2) / 2.0, idx.level() + M / 2.0


# ------------------------------------------------------- 2x2 level algebra ---

class _Triplets:
    """Accumulates ``(row, col, value)`` entries, dropping absent unknowns."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []

    def add(self, r, c, v) -> None:
        r, c = np.asarray(r), np.asarray(c)
        v = np.broadcast_to(np.asarray(v, dtype=float), np.broadcast(r, c).shape)
        r, c = np.broadcast_to(r, v.shape), np.broadcast_to(c, v.shape)
        ok = (r >= 0) & (c >= 0) & (v != 0)
        self.rows.append(r[ok])
        self.cols.append(c[ok])
        self.vals.append(v[ok])

    def matrix(self, dim: int) -> sp.csr_matrix:
        if not self.rows:
            return sp.csr_matrix((dim, dim))
        return sp.csr_matrix((np.concatenate(self.vals),
                              (np.concatenate(self.rows), np.concatenate(self.cols))),
                             shape=(dim, dim))


def _congruence(out: _Triplets, tgt, src, a11, a12, a21, a22, scale: float) -> None:
    """Add ``scale * A X A^T`` from the levels ``src`` into the levels ``tgt``.

    ``tgt`` and ``src`` are the positions ``[P_e, P_g, C_r, C_i]`` of the
    levels, ``A = [[a11, a12], [a21, a22]]`` real (arrays over the levels).
    """
    (pe, pg, cr, ci), (qe, qg, sr, si) = tgt, src
    for row, coeffs in (
        (pe, ((qe, a11 * a11), (qg, a12 * a12), (sr, 2 * a11 * a12))),
        (pg, ((qe, a21 * a21), (qg, a22 * a22), (sr, 2 * a21 * a22))),
        (cr, ((qe, a11 * a21), (qg, a12 * a22), (sr, a11 * a22 + a12 * a21))),
        (ci, ((si, a11 * a22 - a12 * a21),)),
    ):
        for col, v in coeffs:
            out.add(row, col, scale * v)


def _anticommutator(out: _Triplets, lv, k1, k2, k3, scale: float) -> None:
    """Add ``-scale/2 {K, X}`` on the levels ``lv`` with ``K = [[k1, k2], [k2, k3]]``."""
    pe, pg, cr, ci = lv
    out.add(pe, pe, -scale * k1)
    out.add(pe, cr, -scale * k2)
    out.add(pg, pg, -scale * k3)
    out.add(pg, cr, -scale * k2)
    out.add(cr, cr, -scale * (k1 + k3) / 2)
    out.add(cr, pe, -scale * k2 / 2)
    out.add(cr, pg, -scale * k2 / 2)
    out.add(ci, ci, -scale * (k1 + k3) / 2)


# ----------------------------------------------------------- the generator ---

def _levels(idx: LevelIndex, j: np.ndarray, mu: np.ndarray) -> list[np.ndarray]:
    """Positions ``[P_e[j, mu], P_g[j, mu+1], C_r[j, mu], C_i[j, mu]]``."""
    return [idx.lookup(PE, j, mu), idx.lookup(PG, j, mu + 1),
            idx.lookup(CR, j, mu), idx.lookup(CI, j, mu)]


def _hopping(out: _Triplets, idx: LevelIndex, J: float) -> None:
    """``-i[J (sigma_+^B J_-^anc + h.c.), X]`` within each level."""
    ci = idx.positions(CI)
    j, m = idx.j[ci], idx.m[ci]
    pe, pg = idx.lookup(PE, j, m), idx.lookup(PG, j, m + 1)
    a = J * _sqrt((j - m) * (j + m + 1))
    out.add(pe, ci, -2 * a)
    out.add(pg, ci, 2 * a)
    out.add(ci, pe, a)
    out.add(ci, pg, -a)


def _collective(out: _Triplets, idx: LevelIndex, down: float, up: float) -> None:
    r"""``down D[J_-] + up D[J_+]`` with ``J_- = sigma_-^B + J_-^anc``.

    ``J_-`` maps level ``mu`` to ``mu - 1`` by ``A_mu = [[c(mu), 0], [1, c(mu+1)]]``
    (bases ``|e, mu>, |g, mu+1>`` and ``|e, mu-1>, |g, mu>``), with
    ``c(m) = sqrt((j + m)(j - m + 1))``.
    """
    js = j_values(idx.M)
    j = np.repeat(js, (2 * js + 2).astype(int))
    mu = np.concatenate([np.arange(-jj - 1, jj + 1) for jj in js])

    def c(m):
        return _sqrt((j + m) * (j - m + 1))

    here, above, below = _levels(idx, j, mu), _levels(idx, j, mu + 1), _levels(idx, j, mu - 1)
    # D[J_-]: loss with K = A_mu^T A_mu, gain A_{mu+1} X_{mu+1} A_{mu+1}^T
    _anticommutator(out, here, c(mu) ** 2 + 1, c(mu + 1), c(mu + 1) ** 2, down)
    _congruence(out, here, above, c(mu + 1), 0.0, 1.0, c(mu + 2), down)
    # D[J_+]: loss with K = A_{mu+1} A_{mu+1}^T, gain A_mu^T X_{mu-1} A_mu
    _anticommutator(out, here, c(mu + 1) ** 2, c(mu + 1), 1 + c(mu + 2) ** 2, up)
    _congruence(out, here, below, c(mu), 1.0, 0.0, c(mu + 1), up)


def _battery_local(out: _Triplets, idx: LevelIndex, down: float, up: float) -> None:
    """``down D[sigma_-^B] + up D[sigma_+^B]``: ``P_e[j, m] <-> P_g[j, m]``."""
    pe = idx.positions(PE)
    pg = idx.lookup(PG, idx.j[pe], idx.m[pe])
    out.add(pe, pe, -down)
    out.add(pe, pg, up)
    out.add(pg, pe, down)
    out.add(pg, pg, -up)
    for kind in (CR, CI):
        pos = idx.positions(kind)
        out.add(pos, pos, -(down + up) / 2)


def _ancilla_local(out: _Triplets, idx: LevelIndex, down: float, up: float) -> None:
    """``sum_k down D[sigma_-^k] + up D[sigma_+^k]`` over the ancillas (PIQS rates)."""
    for kind, offset in ((PE, 0), (PG, 0), (CR, 1), (CI, 1)):
        rows = idx.positions(kind)
        r, c, v = dissipator_entries(idx.M, idx.j[rows], idx.m[rows], offset, rows,
                                     lambda j, m, k=kind: idx.lookup(k, j, m), down, up)
        for a, b, w in zip(r, c, v):
            out.add(a, b, w)


def _detuning(out: _Triplets, idx: LevelIndex, detuning: float) -> None:
    """``dC/dt = -2i (omega_B - omega_A) C`` for every coherence ``C = C_r + i C_i``."""
    cr = idx.positions(CR)
    ci = idx.lookup(CI, idx.j[cr], idx.m[cr])
    out.add(cr, ci, 2 * detuning)
    out.add(ci, cr, -2 * detuning)


def combined_matrix(M: int, J: float, collective: tuple[float, float],
                    local: tuple[float, float], detuning: float = 0.0) -> sp.csr_matrix:
    """The real generator ``A`` of the star with ``M`` ancillas: ``dx/dt = A x``.

    Parameters
    ----------
    M : int
        Number of ancillas (``N = M + 1`` qubits).
    J : float
        Hopping between the battery and each ancilla.
    collective, local : (float, float)
        (emission, absorption) rates of the collective channel,
        ``(gamma (1-n), gamma n)``, and of every qubit's own,
        ``(gamma_local (1-n), gamma_local n)``.
    detuning : float
        ``omega_B - omega_A``: battery minus ancilla frequency.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``(dim, dim)`` real, ``x`` ordered as :func:`level_index`.
    """
    idx = level_index(M)
    out = _Triplets()
    _hopping(out, idx, J)
    _collective(out, idx, *collective)
    if local[0] or local[1]:
        _battery_local(out, idx, *local)
        _ancilla_local(out, idx, *local)
    if detuning:
        _detuning(out, idx, detuning)
    return out.matrix(idx.dim)


def combined_pivots(M: int, A: sp.csr_matrix) -> np.ndarray:
    """Static pivots: ``C_r`` and ``C_i`` swap equations where the detuning dominates.

    Elsewhere every unknown keeps its own equation (see
    :func:`qbcore.linalg.solve_with_trace`).
    """
    idx = level_index(M)
    cr = idx.positions(CR)
    ci = idx.lookup(CI, idx.j[cr], idx.m[cr])
    diag = np.abs(A.diagonal())
    turn = np.abs(np.asarray(A[cr, ci]).ravel()) > np.maximum(diag[cr], diag[ci])
    perm = np.arange(idx.dim)
    perm[cr[turn]] = ci[turn]
    perm[ci[turn]] = cr[turn]
    return perm


# ------------------------------------------------------ states and readout ---

def ground_row(M: int) -> int:
    """Position of ``P_g[M/2, -M/2]``, the population of ``|g..g>``."""
    return int(level_index(M).lookup(PG, M / 2, -M / 2))


def trace_positions(M: int) -> np.ndarray:
    """Positions of every population (their sum is the trace)."""
    idx = level_index(M)
    return np.concatenate([idx.positions(PE), idx.positions(PG)])


def combined_initial(M: int, name: str) -> np.ndarray:
    """``"ground"`` (all in ``|g>``) or ``"mixed"`` (``1 / 2**N``) as a vector ``x``.

    ``"mixed"``: block ``j`` has weight ``2 (2j+1) d_j / 2**N`` spread evenly
    over its ``2 (2j+1)`` populations (summed over the copies).
    """
    idx = level_index(M)
    x = np.zeros(idx.dim)
    if name == "ground":
        x[ground_row(M)] = 1.0
        return x
    for j, w in collective_weights(M, "mixed").items():
        for kind in (PE, PG):
            pos = idx.lookup(kind, np.full(int(2 * j + 1), j), np.arange(-j, j + 1))
            x[pos] = w / (2 * (2 * j + 1))
    return x


def combined_battery_state(x: np.ndarray, M: int) -> tuple[float, float, float]:
    """``(p_e, trace, lowest eigenvalue over the level matrices)`` of a vector ``x``."""
    idx = level_index(M)
    pe = idx.positions(PE)
    pg = idx.lookup(PG, idx.j[pe], idx.m[pe] + 1)
    cr = idx.lookup(CR, idx.j[pe], idx.m[pe])
    ci = idx.lookup(CI, idx.j[pe], idx.m[pe])
    pair = pg >= 0
    a, b = x[pe[pair]], x[pg[pair]]
    low = (a + b) / 2 - np.hypot((a - b) / 2, np.hypot(x[cr[pair]], x[ci[pair]]))
    alone = np.concatenate([x[pe[~pair]], x[idx.lookup(PG, j_values(M), -j_values(M))]])
    p_e = float(x[pe].sum())
    trace = p_e + float(x[idx.positions(PG)].sum())
    return p_e, trace, float(min(low.min(initial=np.inf), alone.min(initial=np.inf)))
