r"""Method "dicke": the star with identical ancillas, solved in their total-spin basis.

About ``3 (N/2)^2`` unknowns (752 502 at ``N = 1001``); the generators are
those of :mod:`qbcore.dicke`.  It yields the battery's state (through
:class:`~qbcore.solvers.solution.BatteryMoments`), not the
``2**N``-dimensional one.

One reservoir per qubit
    One real sparse solve in a nested-dissection order with static pivots
    (:func:`qbcore.linalg.solve_with_trace`; along a sweep :class:`LocalSolver`
    reuses the last factorisation through :class:`qbcore.linalg.TraceSolver`);
    dense below :data:`qbcore.linalg.DENSE_MAX` unknowns (stacked over the
    points of a sweep by :mod:`qbcore.batch`).  A battery detuned from the
    ancillas adds the coherences' real parts (:mod:`qbcore.dicke.local`).
Collective reservoir with each qubit's own coupling (``gamma_local > 0``)
    The steady state is unique: one real sparse solve of the generator of
    :mod:`qbcore.dicke.combined` (1 003 002 unknowns at ``N = 1001``), as above.
Collective reservoir (``gamma_local = 0``)
    Every ancilla spin ``j`` evolves on its own.  In each block touched by
    the start, the long-time limit ``P0 x0``: a dense SVD up to
    :data:`DENSE_BLOCK_MAX` unknowns, shift-invert Arnoldi above.
"""

from __future__ import annotations

import numpy as np

from .. import dicke
from ..linalg import (DENSE_MAX, TraceSolver, nested_dissection, null_spaces, solve_with_trace,
                      sparse_projection, spectral_projection)
from ..liouvillian import rates
from ..parameters import NONEQUILIBRIUM, Parameters
from .solution import BatteryMoments, Solution

#: Collective Dicke blocks up to this size: dense SVD of the kernel.
DENSE_BLOCK_MAX = 120


def battery_detuning(params: Parameters) -> float:
    """``omega_B - omega_A``: the battery's frequency minus the (common) ancillas'."""
    return params.frequencies[0] - params.frequencies[1]


def _dense_trace_solve(A: np.ndarray, row: int, trace: np.ndarray) -> np.ndarray:
    """``A x = 0`` with ``sum(x[trace]) = 1`` in place of equation ``row`` (dense)."""
    A = A.copy()
    A[row, :] = 0.0
    A[row, trace] = 1.0
    rhs = np.zeros(A.shape[0])
    rhs[row] = 1.0
    return np.linalg.solve(A, rhs)


def solve_local(params: Parameters) -> np.ndarray:
    """The unique non-equilibrium steady state as ``x = (P_e, P_g, Y[, Y_r])`` (unchecked)."""
    M = params.N - 1
    r = rates(params)
    detuned = params.detuned
    idx = dicke.dicke_index(M, detuned)
    ground = dicke.ground_position(M, detuned)
    trace = np.concatenate([idx.pe, idx.pg])
    delta = battery_detuning(params) if detuned else None
    if idx.dim <= DENSE_MAX:
        coeffs = [params.J, r[0], r[1], r[2], r[3]] + ([delta] if detuned else [])
        A = np.tensordot(np.array(coeffs), dicke.dense_components(M, detuned), axes=1)
        return _dense_trace_solve(A, ground, trace)
    if not detuned:
        return LocalSolver(M, reuse=False).solve(params.J, (r[0], r[1]), (r[2], r[3]))
    A = dicke.local_matrix(M, params.J, (r[0], r[1]), (r[2], r[3]), delta)
    order = nested_dissection(*dicke.local_coordinates(M, detuned))
    return solve_with_trace(A, ground, trace, order, dicke.pivots(M, A, detuned))


class LocalSolver:
    """The sparse non-equilibrium problem of ``M`` ancillas at one point after another.

    One :class:`qbcore.linalg.TraceSolver` serves every point, so that a point
    may reuse the factorisation of the one before (``reuse=True``: a sweep);
    the first point, and any point where the reuse does not pass the
    residual check, is factorised exactly as a single call does.  Undetuned
    layout only.
    """

    def __init__(self, M: int, reuse: bool = True):
        self.M = M
        idx = dicke.dicke_index(M)
        self.solver = TraceSolver(dicke.ground_position(M), np.concatenate([idx.pe, idx.pg]),
                                  dicke.local_order(M), reuse=reuse)

    def solve(self, J: float, battery: tuple[float, float],
              ancilla: tuple[float, float]) -> np.ndarray:
        """``x = (P_e, P_g, Y)`` for hopping ``J`` and the (emission, absorption) rates."""
        A = dicke.local_matrix(self.M, J, battery, ancilla)
        return self.solver.solve(A, lambda: dicke.pivots(self.M, A))


def combined_generator(params: Parameters):
    """The generator of :mod:`qbcore.dicke.combined` for an equilibrium parameter set."""
    r = rates(params)
    return dicke.combined_matrix(params.N - 1, params.J, (r[0], r[1]), (r[2], r[3]),
                                 battery_detuning(params))


def solve_combined(params: Parameters) -> np.ndarray:
    """The unique steady state for ``gamma_local > 0`` as ``x = (P_e, P_g, C_r, C_i)`` (unchecked)."""
    M = params.N - 1
    A = combined_generator(params)
    row, trace = dicke.ground_row(M), dicke.trace_positions(M)
    if A.shape[0] <= DENSE_MAX:
        return _dense_trace_solve(A.toarray(), row, trace)
    order = nested_dissection(*dicke.level_coordinates(M))
    return solve_with_trace(A, row, trace, order, dicke.combined_pivots(M, A))


def block_limit(block: dicke.CollectiveBlock, x0: np.ndarray) -> tuple[np.ndarray, int, float]:
    """``P0 x0`` within one collective block, the kernel's dimension there, and the gap."""
    if block.dim <= DENSE_BLOCK_MAX:
        R, Lf, gap = null_spaces(block.matrix.toarray(), return_gap=True)
        return spectral_projection(R, Lf, x0), R.shape[1], gap
    return sparse_projection(block.matrix, x0, block.trace)


def solve(params: Parameters) -> Solution:
    """The battery's steady state (or long-time limit) in the Dicke basis."""
    M = params.N - 1
    r = rates(params)
    if params.scenario == NONEQUILIBRIUM:
        x = solve_local(params)
        return Solution(params, "dicke", dicke=x, unknowns=len(x),
                        battery=BatteryMoments(*dicke.local_battery_state(x, M,
                                                                          params.detuned)))
    if params.gamma_local > 0:
        x = solve_combined(params)
        return Solution(params, "dicke", dicke=x, unknowns=len(x),
                        battery=BatteryMoments(*dicke.combined_battery_state(x, M)))
    vectors, gap, kernel, unknowns = {}, 1.0, 0, 0
    p_e = trace = herm = 0.0
    low = np.inf
    for j, w in dicke.collective_weights(M, params.initial).items():
        if w == 0.0:  # underflow: the block carries no weight in double precision
            continue
        block = dicke.collective_block(j, params.J, r[0], r[1], battery_detuning(params))
        x, dim, g = block_limit(block, dicke.collective_initial(block, params.initial))
        vectors[j] = x
        gap, kernel, unknowns = min(gap, g), kernel + dim, unknowns + block.dim
        for X in dicke.collective_levels(block, x):
            herm = max(herm, float(np.abs(X - X.conj().T).max()))
            low = min(low, w * np.linalg.eigvalsh(0.5 * (X + X.conj().T))[0])
        p_e += w * x[block.excited].real.sum()
        trace += w * x[block.trace].real.sum()
    return Solution(params, "dicke", dicke_blocks=vectors, gap=gap, unknowns=unknowns,
                    kernel=kernel, battery=BatteryMoments(p_e, trace, low, herm))
