r"""Method "blocks": the excitation-number sectors of ``L``, for any parameters.

``L`` splits into charge sectors ``L_q`` (:mod:`qbcore.liouvillian`); the
physical steady state lies in ``q = 0``, block diagonal in the excitation
number.

One reservoir per qubit, or a collective reservoir with ``gamma_local > 0``
    ``ker L`` is one-dimensional: solve ``L_0 x = 0`` with ``tr rho = 1``.
    Densely up to :data:`qbcore.linalg.DENSE_MAX` unknowns; above that GMRES
    preconditioned by the exact inverse of each excitation block's own
    dynamics (a Sylvester equation ``A X + X A^+ = R`` per block,
    :func:`qbcore.sylvester.sylvester_inverse`) with iterative refinement, and a
    sparse-LU fallback.
Collective reservoir (``gamma_local = 0``)
    ``ker L`` is degenerate and the long-time state ``P0 rho(0)`` depends on
    the start: a dense SVD of every sector the initial state touches
    (``N <= 7``; 3432 unknowns at ``N = 7``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse.linalg as spla

from ..linalg import (DENSE_MAX, null_spaces, nullity, sparse_kernel, spectral_projection,
                      unit_vector, with_trace_row)
from ..liouvillian import Sector, jump_groups, rates, sector, sector_matrix
from ..network import frequency_energies, hopping_matrix
from ..parameters import N_MAX_COLLECTIVE_BLOCKS, NONEQUILIBRIUM, Parameters
from ..sylvester import sylvester_inverse
from .solution import sector_vector

#: Refinement sweeps after GMRES: the trace-row system is ill-conditioned like
#: ``1 / gamma_local`` (the slowest rate), so a residual of 1e-13 can still
#: leave an error near 1e-9 without them.
REFINEMENT_STEPS = 2
#: A residual below this fraction of the largest matrix entry is round-off.
ROUND_OFF = 1e-15


def unique(params: Parameters) -> bool:
    """Is ``ker L`` one-dimensional (local reservoirs, or ``gamma_local > 0``)?"""
    return params.scenario == NONEQUILIBRIUM or params.gamma_local > 0


def sector_nullity(params: Parameters, q: int) -> int:
    """Dimension of the kernel of the charge-``q`` sector ``L_q``."""
    sec = sector(params.N, params.topology, params.scenario, q)
    collective = params.scenario != NONEQUILIBRIUM
    if sec.dim <= DENSE_MAX or (collective and params.N <= N_MAX_COLLECTIVE_BLOCKS):
        return nullity(sector_matrix(params, q, dense=True))
    return sparse_kernel(sector_matrix(params, q, dense=False))[0]


# ---------------------------------------------- one reservoir per qubit ---

@lru_cache(maxsize=16)
def _block_operators(N: int, topology: str, scenario: str):
    """Per excitation block ``n``: the hopping ``H_n`` and, per rate, ``sum_A (A^+ A)_n``.

    The rates are those of :func:`qbcore.liouvillian.rates`, the operators
    ``A`` those of :func:`qbcore.liouvillian.jump_groups`.
    """
    sec = sector(N, topology, scenario, 0)
    H = hopping_matrix(N, topology)
    K = [sum(((A.T @ A).tocsr() for A in ops[1:]), (ops[0].T @ ops[0]).tocsr())
         for ops, _ in jump_groups(N, scenario)]
    out = []
    for n, _ in sec.blocks:
        s = sec.states[n]
        out.append((H[s][:, s].toarray(), np.array([k[s][:, s].toarray() for k in K])))
    return out


def _preconditioner(params: Parameters, sec: Sector) -> spla.LinearOperator:
    """Exact inverse of the block-diagonal part of ``L_0``.

    Block ``n`` evolves on its own as ``X -> A X + X A^+`` with
    ``A = -i (J H_n + E_n) - K_n / 2``, ``E_n`` the detuning energies
    (:func:`qbcore.liouvillian.detuning_diagonal`); the 1x1 block
    ``|g..g><g..g|`` carries the trace row and passes through.
    """
    r = rates(params)
    e = frequency_energies(params.N, params.detunings)
    blocks = [(a, b, -1j * (params.J * H + np.diag(e[sec.states[n]]))
               - 0.5 * np.tensordot(r, K, axes=1))
              for (H, K), (n, _), a, b in zip(_block_operators(params.N, params.topology,
                                                                params.scenario),
                                              sec.blocks, sec.offsets[:-1], sec.offsets[1:])
              if a != 0]
    return sylvester_inverse(blocks, sec.dim, keep=(0,))


def solve_unique(params: Parameters) -> np.ndarray:
    """The unique steady state as the ``q = 0`` sector vector (row 0 is ``|g..g><g..g|``).

    GMRES (above :data:`qbcore.linalg.DENSE_MAX` unknowns) is followed by
    :data:`REFINEMENT_STEPS` sweeps of iterative refinement; a sparse LU is
    the fallback where the residual stays above ``1e-10``.
    """
    sec = sector(params.N, params.topology, params.scenario, 0)
    rhs = unit_vector(sec.dim, 0)
    trace = sec.diagonal_positions()
    if sec.dim <= DENSE_MAX:
        return np.linalg.solve(with_trace_row(sector_matrix(params, 0, dense=True), 0, trace),
                               rhs)
    A = with_trace_row(sector_matrix(params, 0, dense=False), 0, trace)
    P = _preconditioner(params, sec)
    scale = max(1.0, float(np.abs(A.data).max()))
    x, info = spla.gmres(A, rhs, M=P, rtol=1e-13, atol=0.0, restart=200, maxiter=20)
    for _ in range(REFINEMENT_STEPS):  # the residual is tiny, the error need not be
        residual = rhs - A @ x
        if np.abs(residual).max() <= ROUND_OFF * scale:
            break
        dx, _ = spla.gmres(A, residual, M=P, rtol=1e-10, atol=ROUND_OFF * scale, restart=200,
                           maxiter=5)
        x = x + dx
    if info != 0 or np.abs(A @ x - rhs).max() > 1e-10 * scale:
        x = spla.splu(A.tocsc(), permc_spec="MMD_AT_PLUS_A").solve(rhs)
    return x


# ------------------------------------------------- collective reservoir ---

def named_initial_vector(sec: Sector, name: str) -> np.ndarray:
    """``"ground"`` (``|g..g><g..g|``) or ``"mixed"`` (``1 / 2**N``) as a ``q = 0`` vector."""
    x = np.zeros(sec.dim, dtype=complex)
    if name == "ground":  # |g...g><g...g| is element 0
        x[0] = 1.0
    else:
        x[sec.diagonal_positions()] = 2.0 ** -sec.N
    return x


def initial_vectors(params: Parameters) -> dict[int, np.ndarray]:
    """The initial state's sector vectors ``{q: x_q}`` (only ``q = 0`` for a named start)."""
    N, top = params.N, params.topology
    if isinstance(params.initial, str):
        return {0: named_initial_vector(sector(N, top, params.scenario, 0), params.initial)}
    return {q: sector_vector(sector(N, top, params.scenario, q), params.initial)
            for q in range(-N, N + 1)}


def solve_collective(params: Parameters) -> dict[str, Any]:
    """The long-time limit ``P0 rho(0)`` per touched sector, with the gap and kernel size."""
    sectors, gap, unknowns, kernel = {}, 1.0, 0, 0
    for q, x0 in initial_vectors(params).items():
        if q == 0 or np.abs(x0).max() > 0:
            L = sector_matrix(params, q, dense=True)
            R, Lf, g = null_spaces(L, return_gap=True)
            sectors[q] = spectral_projection(R, Lf, x0)
            gap, unknowns, kernel = min(gap, g), unknowns + len(x0), kernel + R.shape[1]
    return dict(sectors=sectors, gap=gap, unknowns=unknowns, kernel=kernel)
