r"""Method "blocks": the excitation-number sectors of ``L``, for any parameters.

``L`` splits into charge sectors ``L_q`` (:mod:`qbcore.liouvillian`); the
physical steady state lies in ``q = 0``, block diagonal in the excitation
number.

One reservoir per qubit
    ``ker L`` is one-dimensional: solve ``L_0 x = 0`` with ``tr rho = 1``.
    Densely up to :data:`qbcore.linalg.DENSE_MAX` unknowns; above that GMRES
    preconditioned by the exact inverse of each excitation block's own
    dynamics (a Sylvester equation ``A X + X A^+ = R`` per block,
    :func:`qbcore.linalg.sylvester_inverse`), with a sparse-LU fallback.
Collective reservoir
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
                      sylvester_inverse, unit_vector, with_trace_row)
from ..liouvillian import Sector, channel_lowering, coefficients, sector
from ..network import hopping_matrix
from ..parameters import N_MAX_COLLECTIVE_BLOCKS, NONEQUILIBRIUM, Parameters
from .solution import sector_vector


def sector_nullity(params: Parameters, q: int) -> int:
    """Dimension of the kernel of the charge-``q`` sector ``L_q``."""
    sec = sector(params.N, params.topology, params.scenario, q)
    coeffs = coefficients(params)
    collective = params.scenario != NONEQUILIBRIUM
    if sec.dim <= DENSE_MAX or (collective and params.N <= N_MAX_COLLECTIVE_BLOCKS):
        return nullity(sec.matrix(coeffs, dense=True))
    return sparse_kernel(sec.matrix(coeffs, dense=False))[0]


# ---------------------------------------------- one reservoir per qubit ---

@lru_cache(maxsize=16)
def _block_operators(N: int, topology: str, scenario: str):
    """Per excitation block ``n``: the hopping ``H_n`` and each channel's ``(A^+A)_n``, ``(AA^+)_n``."""
    sec = sector(N, topology, scenario, 0)
    H = hopping_matrix(N, topology)
    K = []
    for A in channel_lowering(N, scenario):
        K += [(A.T @ A).tocsr(), (A @ A.T).tocsr()]
    out = []
    for n, _ in sec.blocks:
        s = sec.states[n]
        out.append((H[s][:, s].toarray(), np.array([k[s][:, s].toarray() for k in K])))
    return out


def _preconditioner(params: Parameters, sec: Sector) -> spla.LinearOperator:
    """Exact inverse of the block-diagonal part of ``L_0``.

    Block ``n`` evolves on its own as ``X -> A X + X A^+`` with
    ``A = -i J H_n - K_n / 2``; the 1x1 block ``|g..g><g..g|`` carries the
    trace row and passes through.
    """
    rates = coefficients(params)[2:]
    blocks = [(a, b, -1j * params.J * H - 0.5 * np.tensordot(rates, K, axes=1))
              for (H, K), a, b in zip(_block_operators(params.N, params.topology,
                                                        params.scenario),
                                      sec.offsets[:-1], sec.offsets[1:])
              if a != 0]
    return sylvester_inverse(blocks, sec.dim, keep=(0,))


def solve_unique(params: Parameters) -> np.ndarray:
    """The unique steady state as the ``q = 0`` sector vector (row 0 is ``|g..g><g..g|``)."""
    sec = sector(params.N, params.topology, params.scenario, 0)
    coeffs = coefficients(params)
    rhs = unit_vector(sec.dim, 0)
    trace = sec.diagonal_positions()
    if sec.dim <= DENSE_MAX:
        return np.linalg.solve(with_trace_row(sec.matrix(coeffs, dense=True), 0, trace), rhs)
    A = with_trace_row(sec.matrix(coeffs, dense=False), 0, trace)
    x, info = spla.gmres(A, rhs, M=_preconditioner(params, sec), rtol=1e-13,
                         atol=0.0, restart=200, maxiter=20)
    if info != 0 or np.linalg.norm(A @ x - rhs) > 1e-10 * max(1.0, np.abs(A.data).max()):
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
    coeffs = coefficients(params)
    sectors, gap, unknowns, kernel = {}, 1.0, 0, 0
    for q, x0 in initial_vectors(params).items():
        if q == 0 or np.abs(x0).max() > 0:
            L = sector(params.N, params.topology, params.scenario, q).matrix(coeffs, dense=True)
            R, Lf, g = null_spaces(L, return_gap=True)
            sectors[q] = spectral_projection(R, Lf, x0)
            gap, unknowns, kernel = min(gap, g), unknowns + len(x0), kernel + R.shape[1]
    return dict(sectors=sectors, gap=gap, unknowns=unknowns, kernel=kernel)
