r"""Steady states: exact solves, the kernel of ``L`` and the long-time limit.

Three facts shape the solvers (see :mod:`qbcore.liouvillian` and
:mod:`qbcore.symmetry`):

* ``L`` splits into charge sectors ``L_q``; the physical steady state lies in
  ``q = 0``, block diagonal in the excitation number.
* Where ``ker L`` is one-dimensional (always, for one reservoir per qubit with
  ``gamma > 0``) the steady state solves ``L_0 x = 0`` with ``tr rho = 1``.
* Where it is degenerate (the collective scenario) the state reached at long
  times depends on the start: ``rho_inf = P0 rho(0)``, with
  ``P0 = R (Lf^+ R)^{-1} Lf^+`` the spectral projector onto the kernel, built
  from right (``R``) and left (``Lf``) null vectors of every sector the initial
  state touches.  The eigenvalue 0 of a Lindbladian is semisimple (``e^{Lt}``
  stays bounded), so this projector is the exact ``t -> infinity`` limit.

Methods (``method=`` keyword):

``"dicke"``
    Star network with interchangeable ancillas: the ancillas in the Dicke
    (total-spin) basis of :mod:`qbcore.dicke`, about ``3 (N/2)^2`` unknowns
    (one sparse solve; ``N`` up to 1001).  It yields the battery's state, not
    the ``2**N``-dimensional one.
``"symmetric"``
    Star network whose ancillas are interchangeable (identical reservoirs, or
    one collective reservoir with an invariant start): solve in the orbit basis
    of :mod:`qbcore.symmetry` (42 unknowns at ``N = 6``).
``"blocks"``
    Any parameters: the ``q = 0`` sector.  Dense LU up to 400 unknowns, above
    that GMRES preconditioned by the exact inverse of each excitation block's
    own dynamics (a Sylvester equation ``A X + X A^+ = R`` per block, solved by
    Bartels-Stewart), with a sparse-LU fallback.  Collective: dense SVD of
    every touched sector (``N <= 7``; 3432 unknowns at ``N = 7``).
``"auto"``
    For the battery's state: ``"dicke"`` where it applies, else ``"blocks"``.
    For the whole state (:func:`steady_state`): ``"symmetric"`` where it
    applies, else ``"blocks"``.  :func:`choose_method` tells which, and the
    choice is logged (logger ``"qbcore"``, level INFO).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import qutip
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from . import dicke
from .liouvillian import Sector, coefficients, rates, sector
from .network import hopping_matrix, lowering_matrix
from .parameters import N_MAX, Parameters, make_parameters
from .symmetry import applicable, invariant_initial, orbit_sector, reduced_coefficients

#: Collective scenario without the symmetric method: largest N (dense SVD).
N_MAX_COLLECTIVE_BLOCKS = 7
#: Singular values below this fraction of the largest count as zero.
RANK_RTOL = 1e-12
#: Shift of the inverse iterations that clean null vectors, relative to ``||L||``.
INVERSE_SHIFT = 1e-14
#: Most negative eigenvalue tolerated in a returned density matrix.
POSITIVITY_TOL = 1e-10
#: Sectors up to this size are solved densely.
DENSE_MAX = 400
#: Collective Dicke blocks up to this size: dense SVD of the kernel.
DICKE_DENSE_MAX = 120

log = logging.getLogger("qbcore")


class UnphysicalStateError(RuntimeError):
    """A solver produced a matrix that is not a density matrix."""


@dataclass(frozen=True)
class Solution:
    """A steady state and how it was found.

    Attributes
    ----------
    params : Parameters
    vectors : dict
        ``{q: x_q}``: the sector vectors (methods "symmetric", "blocks"), or
        ``{"dicke": x}`` / ``{("dicke", j): x_j}`` (method "dicke").
    method : str
        The solver used.
    gap : float
        Slowest decay rate over the fastest, where the kernel was degenerate.
    unknowns : int
        Size of the linear problem solved.
    kernel : int
        Dimension of ``ker L`` within the sector(s) solved (1: unique).
    battery : tuple or None
        Method "dicke": ``(p_e, trace, lowest eigenvalue, largest
        |X - X^+|)`` of the state, checked by :func:`battery_matrix`.
    """

    params: Parameters
    vectors: dict
    method: str
    gap: float = 1.0
    unknowns: int = 0
    kernel: int = 1
    battery: tuple | None = field(default=None, compare=False)

    def hint(self) -> str:
        """Why a result may be inaccurate (empty when nothing is suspect)."""
        if self.gap < 1e-7:
            return (f" (ker L is nearly degenerate here: the slowest decaying mode relaxes at "
                    f"{self.gap:.1e} of the fastest rate, so the long-time limit is determined "
                    "only to about 1e-16 / that ratio in double precision; this happens in the collective scenario at low T "
                    "or at weak hopping J << gamma)")
        return ""


# ------------------------------------------------------------ null spaces ---

def null_spaces(L: np.ndarray, return_gap: bool = False):
    """Right and left null vectors (as columns) of a dense square matrix.

    One SVD; singular values below ``RANK_RTOL * s_max`` count as zero, so
    modes that relax more slowly than that fraction of the fastest rate count
    as conserved.  Three sweeps of inverse iteration with ``L - 1e-14 s_max``
    then clean the null vectors of the slowest decaying modes, which the SVD
    mixes in when they are nearly degenerate with the kernel (low temperatures:
    rates like ``gamma exp(-|mu - omega| / T)``).  No algorithm in double
    precision resolves the kernel better than about ``1e-16 / gap``, with
    ``gap`` the smallest non-zero singular value over the largest; with
    ``return_gap=True`` that ratio is returned as well.
    """
    U, s, Vh = sla.svd(L)
    smax = max(s[0], np.finfo(float).tiny)
    k = int(np.sum(s <= RANK_RTOL * smax))
    R, Lf = Vh[len(s) - k:].conj().T, U[:, len(s) - k:]
    if 0 < k < len(s):
        lu = sla.lu_factor(L - INVERSE_SHIFT * smax * np.eye(len(s)), check_finite=False)
        for _ in range(3):
            R = np.linalg.qr(sla.lu_solve(lu, R))[0]
            Lf = np.linalg.qr(sla.lu_solve(lu, Lf, trans=2))[0]
    if return_gap:
        gap = s[len(s) - k - 1] / smax if k < len(s) else 1.0
        return R, Lf, float(gap)
    return R, Lf


def spectral_projection(R: np.ndarray, Lf: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """``P0 x0 = R (Lf^+ R)^-1 Lf^+ x0`` from right and left null vectors (columns)."""
    if R.shape[1] == 0:
        return np.zeros_like(x0)
    return R @ np.linalg.solve(Lf.conj().T @ R, Lf.conj().T @ x0)


def project_onto_kernel(L: np.ndarray, x0: np.ndarray) -> tuple[np.ndarray, float]:
    """``P0 x0``, the ``t -> infinity`` limit of ``exp(L t) x0``, and the kernel's gap.

    The gap (see :func:`null_spaces`) tells how well the limit is determined.
    """
    R, Lf, gap = null_spaces(L, return_gap=True)
    return spectral_projection(R, Lf, x0), gap


def _sparse_kernel(L: sp.csr_matrix, k: int = 4):
    """Dimension of ``ker L``, right null vectors and the gap, by shift-invert Arnoldi.

    Lindbladian spectra lie in ``Re(lambda) <= 0``: around a small positive
    shift the eigenvalues nearest are the zero modes, then the slowest decay.
    """
    scale = float(abs(L).sum(axis=0).max())
    shift = 1e-6 * scale
    n = L.shape[0]
    while True:
        k = min(k, n - 2)
        vals, vecs = spla.eigs(L.tocsc(), k=k, sigma=shift)
        zero = np.abs(vals) < 1e-9 * scale
        if zero.sum() < k or k >= n - 2:
            rest = np.abs(vals[~zero])
            gap = float(rest.min() / scale) if rest.size else 1.0
            return int(zero.sum()), vecs[:, zero], gap
        k *= 2


def sector_nullity(params: Parameters, q: int) -> int:
    """Dimension of the kernel of the charge-``q`` sector ``L_q``."""
    sec = sector(params.N, params.topology, params.local, q)
    coeffs = coefficients(params)
    if sec.dim <= DENSE_MAX or (not params.local and params.N <= N_MAX_COLLECTIVE_BLOCKS):
        s = sla.svdvals(sec.matrix(coeffs, dense=True))
        return int(np.sum(s <= RANK_RTOL * max(s[0], np.finfo(float).tiny)))
    return _sparse_kernel(sec.matrix(coeffs, dense=False))[0]


# ------------------------------------------- unique steady state (blocks) ---

def _with_trace_row(sec: Sector, L):
    """``L`` with its first diagonal row replaced by the trace functional.

    The rows of ``L`` at the diagonal positions sum to zero (trace
    preservation), so one of them is redundant.  Row 0 is ``<g..g|.|g..g>``.
    """
    diag = sec.diagonal_positions()
    if isinstance(L, np.ndarray):
        A = L.copy()
        A[0, :] = 0.0
        A[0, diag] = 1.0
        return A
    A = L.tocsr(copy=True)
    A.data[A.indptr[0]:A.indptr[1]] = 0.0
    A = A + sp.csr_matrix((np.ones(len(diag)), (np.zeros(len(diag), int), diag)), shape=A.shape)
    return A.tocsr()


@lru_cache(maxsize=16)
def _block_operators(N: int, topology: str, local: bool):
    """Per excitation block ``n``: the hopping ``H_n`` and each channel's ``(A^+A)_n``."""
    sec = sector(N, topology, local, 0)
    H = hopping_matrix(N, topology)
    lowering = ([lowering_matrix(i, N) for i in range(N)] if local
                else [sum((lowering_matrix(i, N) for i in range(1, N)), lowering_matrix(0, N))])
    K = []
    for A in lowering:
        K += [(A.T @ A).tocsr(), (A @ A.T).tocsr()]
    out = []
    for n, _ in sec.blocks:
        s = sec.states[n]
        out.append((H[s][:, s].toarray(), np.array([k[s][:, s].toarray() for k in K])))
    return out


def _sylvester_preconditioner(params: Parameters, sec: Sector) -> spla.LinearOperator:
    """Exact inverse of the block-diagonal part of ``L_0`` (one Sylvester solve per block).

    Block ``n`` evolves on its own as ``X -> A X + X A^+`` with
    ``A = -i J H_n - K_n / 2``.  With ``A = V diag(lam) V^-1`` the inverse is
    ``X = V [(V^-1 R V^-+) / (lam_i + conj(lam_j))] V^+``: four small matrix
    products.  Where ``V`` is ill-conditioned (near an exceptional point) the
    block uses the Schur form and LAPACK's triangular Sylvester solver instead.
    """
    rates = coefficients(params)[2:]
    trsyl = sla.get_lapack_funcs("trsyl", dtype=complex)
    factors = []
    for (H, K), a, b in zip(_block_operators(params.N, params.topology, params.local),
                            sec.offsets[:-1], sec.offsets[1:]):
        if a == 0:  # the 1x1 block |g..g><g..g| carries the trace row
            continue
        A = -1j * params.J * H - 0.5 * np.tensordot(rates, K, axes=1)
        lam, V = np.linalg.eig(A)
        if np.linalg.cond(V) < 1e8:
            Vinv = np.linalg.inv(V)
            sums = lam[:, None] + lam.conj()[None, :]
            # an undamped block (every reservoir full or empty) has sums = 0: skip those modes
            denom = np.divide(1.0, sums, out=np.zeros_like(sums), where=np.abs(sums) > 0)
            factors.append((a, b, len(H), "eig", (V, Vinv, denom)))
        else:
            factors.append((a, b, len(H), "schur", sla.schur(A, output="complex")))

    def apply(r: np.ndarray) -> np.ndarray:
        out = np.empty_like(r, dtype=complex)
        out[0] = r[0]
        for a, b, d, kind, f in factors:
            R = r[a:b].reshape(d, d)
            if kind == "eig":
                V, Vinv, denom = f
                out[a:b] = (V @ ((Vinv @ R @ Vinv.conj().T) * denom) @ V.conj().T).ravel()
            else:
                T, U = f
                Y, scale, info = trsyl(T, T, U.conj().T @ R @ U, trana="N", tranb="C")
                if info < 0:
                    raise RuntimeError(f"trsyl failed with info = {info}")
                out[a:b] = (U @ (Y / scale) @ U.conj().T).ravel()
        return out

    return spla.LinearOperator((sec.dim, sec.dim), matvec=apply, dtype=complex)


def _solve_unique_blocks(params: Parameters) -> np.ndarray:
    """The unique steady state in the ``q = 0`` sector (local dissipation)."""
    sec = sector(params.N, params.topology, params.local, 0)
    coeffs = coefficients(params)
    rhs = np.zeros(sec.dim, dtype=complex)
    rhs[0] = 1.0
    if sec.dim <= DENSE_MAX:
        return np.linalg.solve(_with_trace_row(sec, sec.matrix(coeffs, dense=True)), rhs)
    A = _with_trace_row(sec, sec.matrix(coeffs, dense=False))
    x, info = spla.gmres(A, rhs, M=_sylvester_preconditioner(params, sec), rtol=1e-13,
                         atol=0.0, restart=200, maxiter=20)
    if info != 0 or np.linalg.norm(A @ x - rhs) > 1e-10 * max(1.0, np.abs(A.data).max()):
        x = spla.splu(A.tocsc(), permc_spec="MMD_AT_PLUS_A").solve(rhs)
    return x


# ------------------------------------------------------- solver dispatch ---

def _sector_vector(sec: Sector, rho: np.ndarray) -> np.ndarray:
    """The charge-``q`` part of a full density matrix as a sector vector."""
    return np.concatenate([rho[np.ix_(sec.states[n], sec.states[m])].ravel()
                           for n, m in sec.blocks])


def _named_initial_vector(sec: Sector, name: str) -> np.ndarray:
    x = np.zeros(sec.dim, dtype=complex)
    if name == "ground":  # |g...g><g...g| is element 0
        x[0] = 1.0
    else:  # "mixed": identity / 2**N
        x[sec.diagonal_positions()] = 2.0 ** -sec.N
    return x


def choose_method(params: Parameters, full_state: bool = False) -> str:
    """The solver ``method="auto"`` picks, or a check of a forced one.

    ``full_state``: the caller needs the ``2**N``-dimensional state (which
    method "dicke" does not give).  Raises ``ValueError`` for a method that
    does not apply, before any numerics.
    """
    symmetric_ok = applicable(params) and (params.local or isinstance(params.initial, str))
    if params.method in ("symmetric", "dicke") and not symmetric_ok:
        raise ValueError(f"method={params.method!r} needs the star topology, identical ancilla "
                         "reservoirs and (collective scenario) initial='ground' or 'mixed'")
    if params.method == "dicke" and full_state:
        raise ValueError("method='dicke' gives the battery's state only (the ancillas in the "
                         "total-spin basis); use method='symmetric' or 'blocks' for the whole state")
    if params.method == "auto":
        if symmetric_ok:
            method = "symmetric" if full_state else "dicke"
        else:
            method = "blocks"
    else:
        method = params.method
    if method != "dicke" and params.N > N_MAX:
        why = ("the whole state has 4**N entries" if full_state else
               "only method 'dicke' (star network, identical ancilla reservoirs, "
               "initial 'ground' or 'mixed') goes further")
        raise ValueError(f"N must be <= {N_MAX} with method {method!r} ({why}); got N = {params.N}")
    if method == "blocks" and not params.local and params.N > N_MAX_COLLECTIVE_BLOCKS:
        raise ValueError(f"N must be <= {N_MAX_COLLECTIVE_BLOCKS} for the collective scenario "
                         "with method='blocks' (a dense decomposition of the degenerate kernel); "
                         f"got N = {params.N}")
    return method


def _solve_symmetric(params: Parameters) -> tuple[np.ndarray, float, int]:
    """Sector vector, gap and kernel dimension in the orbit basis."""
    osec = orbit_sector(params.N, params.local)
    c = reduced_coefficients(params, coefficients(params))
    L = np.tensordot(c, osec.components, axes=1)
    if params.local:
        L[0, :] = osec.trace  # orbit 0 is |g..g><g..g|: replace its row by the trace
        rhs = np.zeros(osec.dim, dtype=complex)
        rhs[0] = 1.0
        return osec.expand(np.linalg.solve(L, rhs)), 1.0, 1
    R, Lf, gap = null_spaces(L, return_gap=True)
    y = spectral_projection(R, Lf, invariant_initial(osec, params.initial, params.N))
    return osec.expand(y), gap, R.shape[1]


def _dicke_block_limit(block: dicke.CollectiveBlock, x0: np.ndarray):
    """``P0 x0`` within one collective block, the kernel's dimension there, and the gap."""
    if block.dim <= DICKE_DENSE_MAX:
        R, Lf, gap = null_spaces(block.matrix.toarray(), return_gap=True)
        return spectral_projection(R, Lf, x0), R.shape[1], gap
    nullity, R, gap = _sparse_kernel(block.matrix)
    if nullity == 1:  # the unique state of the block, with the trace of x0
        x = dicke.solve_with_trace(block.matrix, 0, block.trace, np.arange(block.dim))
        return x * x0[block.trace].sum(), 1, gap
    _, Lf, _ = _sparse_kernel(block.matrix.conj().T.tocsr(), k=nullity + 2)
    return spectral_projection(R, Lf, x0), nullity, gap


def _solve_dicke(params: Parameters) -> Solution:
    M = params.N - 1
    r = rates(params)
    if params.local:
        x = dicke.solve_local(params)
        return Solution(params, {"dicke": x}, "dicke", unknowns=len(x),
                        battery=(*dicke.local_battery_state(x, M), 0.0))
    vectors, gap, kernel, unknowns = {}, 1.0, 0, 0
    p_e = trace = herm = 0.0
    low = np.inf
    for j, w in dicke.collective_weights(M, params.initial).items():
        if w == 0.0:  # underflow: the block carries no weight in double precision
            continue
        block = dicke.collective_block(j, params.J, r[0], r[1])
        x, nullity, g = _dicke_block_limit(block, dicke.collective_initial(block, params.initial))
        vectors[("dicke", j)] = x
        gap, kernel, unknowns = min(gap, g), kernel + nullity, unknowns + block.dim
        for X in dicke.collective_levels(block, x):
            herm = max(herm, float(np.abs(X - X.conj().T).max()))
            low = min(low, w * np.linalg.eigvalsh(0.5 * (X + X.conj().T))[0])
        p_e += w * x[block.excited].real.sum()
        trace += w * x[block.trace].real.sum()
    return Solution(params, vectors, "dicke", gap, unknowns, kernel, (p_e, trace, low, herm))


def solve(params: Parameters, full_state: bool = False) -> Solution:
    """The steady state of a validated parameter set (unchecked).

    ``full_state``: the caller needs the whole state (see :func:`choose_method`).
    """
    method = choose_method(params, full_state)
    log.info("qbcore: %s scenario, N = %d, method %r", params.scenario, params.N, method)
    if method == "dicke":
        return _solve_dicke(params)
    if method == "symmetric":
        x, gap, kernel = _solve_symmetric(params)
        return Solution(params, {0: x}, method, gap, orbit_sector(params.N, params.local).dim,
                        kernel)
    if params.local:
        x = _solve_unique_blocks(params)
        return Solution(params, {0: x}, method, unknowns=len(x))
    N, top = params.N, params.topology
    coeffs = coefficients(params)
    vectors, gap = {}, 1.0
    if isinstance(params.initial, str):
        sec = sector(N, top, False, 0)
        x0s = {0: _named_initial_vector(sec, params.initial)}
    else:
        x0s = {q: _sector_vector(sector(N, top, False, q), params.initial)
               for q in range(-N, N + 1)}
    unknowns = kernel = 0
    for q, x0 in x0s.items():
        if q == 0 or np.abs(x0).max() > 0:
            L = sector(N, top, False, q).matrix(coeffs, dense=True)
            R, Lf, g = null_spaces(L, return_gap=True)
            vectors[q] = spectral_projection(R, Lf, x0)
            gap, unknowns, kernel = min(gap, g), unknowns + len(x0), kernel + R.shape[1]
    return Solution(params, vectors, method, gap, unknowns, kernel)


# ------------------------------------------------- checks and assembling ---

def check_physical(blocks: list[np.ndarray], what: str = "steady state",
                   hint: str = "") -> list[np.ndarray]:
    """Hermitise and normalise the diagonal blocks of a state after checking them.

    Raises :class:`UnphysicalStateError` when a block is not Hermitian (beyond
    round-off), the trace is not 1, or an eigenvalue lies below ``-1e-10``.
    """
    out = []
    trace = 0.0
    for B in blocks:
        if np.abs(B - B.conj().T).max(initial=0.0) > 1e-8:
            raise UnphysicalStateError(f"{what} is not Hermitian{hint}")
        H = 0.5 * (B + B.conj().T)
        if H.shape[0] > 1:
            low = np.linalg.eigvalsh(H)[0]
        else:
            low = H[0, 0].real
        if low < -POSITIVITY_TOL:
            raise UnphysicalStateError(
                f"{what} has an eigenvalue {low:.3g} below -{POSITIVITY_TOL:g}{hint}")
        trace += np.trace(H).real
        out.append(H)
    if abs(trace - 1.0) > 1e-8:
        raise UnphysicalStateError(f"{what} has trace {trace!r}, not 1{hint}")
    return [B / trace for B in out]  # the trace is conserved: remove round-off


def diagonal_blocks(solution: Solution) -> list[np.ndarray]:
    """The checked excitation blocks ``rho_n`` of a block-diagonal steady state."""
    p = solution.params
    sec = sector(p.N, p.topology, p.local, 0)
    x = solution.vectors[0]
    blocks = [x[a:b].reshape(len(sec.states[n]), -1)
              for (n, _), a, b in zip(sec.blocks, sec.offsets[:-1], sec.offsets[1:])]
    return check_physical(blocks, hint=solution.hint())


def battery_matrix(solution: Solution) -> np.ndarray:
    """The checked 2x2 battery state of a method-"dicke" solution (basis ``|e>, |g>``)."""
    p_e, trace, low, herm = solution.battery
    hint = solution.hint()
    if herm > 1e-8:
        raise UnphysicalStateError(f"steady state is not Hermitian{hint}")
    if low < -POSITIVITY_TOL:
        raise UnphysicalStateError(
            f"steady state has an eigenvalue {low:.3g} below -{POSITIVITY_TOL:g}{hint}")
    if abs(trace - 1.0) > 1e-8:
        raise UnphysicalStateError(f"steady state has trace {trace!r}, not 1{hint}")
    p_e /= trace
    return np.diag([p_e, 1.0 - p_e]).astype(complex)


def full_matrix(solution: Solution) -> np.ndarray:
    """The checked steady state as a dense ``2**N x 2**N`` array."""
    p = solution.params
    dim = 2**p.N
    rho = np.zeros((dim, dim), dtype=complex)
    if set(solution.vectors) == {0}:
        sec = sector(p.N, p.topology, p.local, 0)
        for (n, _), B in zip(sec.blocks, diagonal_blocks(solution)):
            rho[np.ix_(sec.states[n], sec.states[n])] = B
        return rho
    for q, x in solution.vectors.items():
        sec = sector(p.N, p.topology, p.local, q)
        for (n, m), a, b in zip(sec.blocks, sec.offsets[:-1], sec.offsets[1:]):
            rows, cols = sec.states[n], sec.states[m]
            rho[np.ix_(rows, cols)] = x[a:b].reshape(len(rows), len(cols))
    return check_physical([rho], hint=solution.hint())[0]


# ------------------------------------------------------------ public API ---

def steady_state(scenario: str, **params: Any) -> qutip.Qobj:
    """Steady state of the whole network (a ``2**N``-dimensional density matrix).

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
        Collective coupling to one reservoir (Eqs. 4-6) or one reservoir per
        qubit (Eqs. 4, 7-8).
    **params
        Keyword-only model parameters (see :func:`qbcore.make_parameters`):
        ``N=3, omega0=10.0, omega=1.0, gamma=1.0, J=1.0, topology="star",
        mu, T, dmu=0.0, mus=None, Ts=None, initial="ground", method="auto"``.

    Returns
    -------
    qutip.Qobj
        ``rho`` with ``dims [[2]*N, [2]*N]``: Hermitian, trace 1, eigenvalues
        above ``-1e-10``.  In the collective scenario it is the long-time limit
        ``P0 rho(0)`` from ``initial`` (all qubits in ``|g>`` by default),
        because ``ker L`` is degenerate there.

    Raises
    ------
    ValueError, TypeError
        For invalid parameters, before any numerics.
    """
    p = make_parameters(scenario, **params)
    return qutip.Qobj(full_matrix(solve(p, full_state=True)), dims=[[2] * p.N, [2] * p.N])


def kernel_dimension(scenario: str, **params: Any) -> int:
    """Dimension of ``ker L``, summed over all charge sectors.

    1 for local dissipation; larger in the collective scenario (2 for
    ``N = 2, 3``, growing with ``N``), where the steady state then depends on
    the initial state.  ``initial`` and ``method`` play no role here.
    """
    p = make_parameters(scenario, **params)
    if p.N > N_MAX:
        raise ValueError(f"N must be <= {N_MAX} for kernel_dimension (ker L of the whole "
                         f"4**N-dimensional Liouvillian); got N = {p.N}")
    if not p.local and p.N > N_MAX_COLLECTIVE_BLOCKS:
        raise ValueError(f"N must be <= {N_MAX_COLLECTIVE_BLOCKS} for kernel_dimension in the "
                         f"collective scenario; got N = {p.N}")
    return sum(sector_nullity(p, q) for q in range(-p.N, p.N + 1))
