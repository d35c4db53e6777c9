"""qbcore.linalg: kernels, spectral projection, trace-row solves (single and along a sweep), orderings.

Checked on generic matrices built here (random Lindbladians from QuTiP, random
stable blocks), independently of the model.
"""

import numpy as np
import pytest
import qutip
import scipy.linalg as sla
import scipy.sparse as sp

from qbcore import linalg
from qbcore.linalg import (nested_dissection, null_spaces, nullity, project_onto_kernel,
                           solve_with_trace, sparse_kernel, spectral_projection,
                           unit_vector, with_trace_row)


def random_lindbladian(d, n_ops, rng, degenerate=False):
    """A random Lindbladian on a d-level system (QuTiP), as a dense matrix in column-stacked vec.

    ``degenerate``: block diagonal in two halves, so the kernel is two-dimensional.
    """
    def block(dim, seed):
        H = qutip.rand_herm(dim, seed=seed)
        c_ops = [qutip.rand_unitary(dim, seed=seed + 1 + k) * 0.7 for k in range(n_ops)]
        return qutip.liouvillian(H, c_ops).full()
    if not degenerate:
        return block(d, int(rng.integers(1 << 30)))
    # two independent systems of size d/2, embedded as a direct sum of their generators
    a, b = block(d // 2, int(rng.integers(1 << 30))), block(d // 2, int(rng.integers(1 << 30)))
    return sla.block_diag(a, b)


@pytest.mark.parametrize("degenerate", [False, True])
def test_null_spaces_and_projection_give_the_long_time_limit(rng, degenerate):
    L = random_lindbladian(4, 2, rng, degenerate=degenerate)
    R, Lf, gap = null_spaces(L, return_gap=True)
    assert R.shape[1] == Lf.shape[1] == (2 if degenerate else 1) == nullity(L)
    assert np.abs(L @ R).max() < 1e-15 and np.abs(Lf.conj().T @ L).max() < 1e-15
    assert 0 < gap < 1
    x0 = rng.normal(size=L.shape[0]) + 1j * rng.normal(size=L.shape[0])
    limit = sla.expm(L * 200.0) @ x0  # slowest rate here is O(0.1): e^{-20} and below
    P0x0, gap2 = project_onto_kernel(L, x0)
    assert gap2 == gap
    np.testing.assert_allclose(P0x0, limit, atol=1e-13, rtol=0)
    np.testing.assert_allclose(spectral_projection(R, Lf, P0x0), P0x0, atol=1e-15,
                               rtol=0)  # P0^2 = P0


def test_sparse_kernel_agrees_with_dense(rng):
    L = random_lindbladian(4, 2, rng, degenerate=True)
    dim, R, gap = sparse_kernel(sp.csr_matrix(L))
    assert dim == 2 and R.shape[1] == 2
    assert np.abs(L @ R).max() < 2e-15
    assert gap > 0


def test_trace_row_solve_dense_and_sparse(rng):
    d = 5
    L = random_lindbladian(d, 3, rng)
    trace = np.arange(d) * (d + 1)  # column-stacked diagonal positions
    A = with_trace_row(L, int(trace[0]), trace)
    x = np.linalg.solve(A, unit_vector(L.shape[0], int(trace[0])))
    assert abs(x[trace].sum() - 1) < 2e-15 and np.abs(L @ x).max() < 2e-15
    rho = x.reshape(d, d, order="F")
    np.testing.assert_allclose(rho, rho.conj().T, atol=1e-15, rtol=0)
    assert np.linalg.eigvalsh(0.5 * (rho + rho.conj().T)).min() > -1e-12
    xs = solve_with_trace(sp.csr_matrix(L), int(trace[0]), trace, np.arange(L.shape[0])[::-1])
    np.testing.assert_allclose(xs, x, atol=1e-15, rtol=0)
    As = with_trace_row(sp.csr_matrix(L), int(trace[0]), trace)
    np.testing.assert_allclose(As.toarray(), A, atol=0)


def test_nested_dissection_is_a_permutation_with_separators_last():
    x, y = np.meshgrid(np.arange(30), np.arange(20))
    x, y = x.ravel().astype(float), y.ravel().astype(float)
    order = nested_dissection(x, y, leaf=8)
    assert np.array_equal(np.sort(order), np.arange(600))
    # the first separator (a full column of the longer side) is ordered last
    assert np.unique(x[order[-20:]]).size == 1


def test_nested_dissection_separates_half_integer_grids():
    """Coordinates off the integers (odd numbers of ancillas): the separator is still a line of points."""
    x, y = np.meshgrid(np.arange(30) + 0.5, np.arange(20) + 0.5)
    x, y = x.ravel(), y.ravel()
    order = nested_dissection(x, y, leaf=8)
    assert np.array_equal(np.sort(order), np.arange(600))
    assert np.unique(x[order[-20:]]).size == 1  # a full column, not an empty cut


# ------------------------------------------------- dense sweeps, in order ---

def _trace_row_sweep(rng, d, steps):
    """Trace-row systems of a random Lindbladian family ``L0 + t L1`` at the given ``t``."""
    L0 = random_lindbladian(d, 2, rng)
    L1 = random_lindbladian(d, 1, rng)
    trace = np.arange(d) * (d + 1)  # diagonal positions of the column-stacked vec
    A = np.array([with_trace_row(L0 + t * L1, 0, trace) for t in steps])
    return A


def test_dense_sweep_solver_agrees_with_fresh_solves(rng):
    """Small steps reuse the last LU; every solution matches an independent dense solve."""
    steps = np.linspace(0.0, 0.3, 16)
    A = _trace_row_sweep(rng, 6, steps)
    solver = linalg.DenseSweepSolver()
    X, errors = solver.solve(A[:9], 0)
    Y, more = solver.solve(A[9:], 0)          # the factorisation carries over to the next stack
    assert errors == {} and more == {}
    b = unit_vector(A.shape[1], 0)
    for k, x in enumerate(np.concatenate([X, Y])):
        exact = np.linalg.solve(A[k], b)
        assert np.abs(x - exact).max() <= 1e-11 * np.abs(exact).max(), k
        assert np.abs(A[k] @ x - b).max() <= 1e-10 * np.abs(A[k]).max()
    assert solver.fresh >= 1 and solver.reused >= 10
    assert solver.fresh + solver.reused == len(A)


def test_dense_sweep_solver_factorises_afresh_after_a_jump(rng):
    """Systems far apart: reuse fails its test and each is factorised; results stay exact."""
    A = np.repeat(_trace_row_sweep(rng, 8, [0.0]), 3, axis=0)
    scale = np.abs(A[0]).max()
    for k in (1, 2):  # far from the system before: a dense random change of the size of A
        A[k] = A[k - 1] + scale * rng.normal(size=A[k].shape)
        A[k, 0] = A[0, 0]  # the trace row stays
    solver = linalg.DenseSweepSolver()
    X, errors = solver.solve(A, 0)
    assert errors == {} and solver.fresh == 3 and solver.reused == 0
    b = unit_vector(A.shape[1], 0)
    for k in range(3):
        np.testing.assert_allclose(X[k], np.linalg.solve(A[k], b), rtol=0, atol=1e-12)


def test_dense_sweep_solver_reports_a_singular_system_and_goes_on(rng):
    """A zero pivot in a factorisation: that system gets NaN and a LinAlgError, the next is solved."""
    A = _trace_row_sweep(rng, 6, [0.0, 0.01, 0.02])
    A[0, 3, :] = 0.0  # an equation of zeros: singular (found when it is factorised)
    solver = linalg.DenseSweepSolver()
    X, errors = solver.solve(A, 0)
    assert list(errors) == [0] and isinstance(errors[0], np.linalg.LinAlgError)
    assert np.isnan(X[0]).all() and np.isfinite(X[1:]).all()
    assert solver.fresh == 1 and solver.reused == 1
    b = unit_vector(A.shape[1], 0)
    for k in (1, 2):
        np.testing.assert_allclose(X[k], np.linalg.solve(A[k], b), rtol=0, atol=1e-12)


@pytest.mark.parametrize("complex_", [False, True])
def test_small_gmres_solves_what_numpy_solves(rng, complex_):
    """Random well-conditioned systems, a preconditioner near the inverse: converged to rtol."""
    n = 40
    A = rng.normal(size=(n, n)) + 8.0 * np.eye(n)
    if complex_:
        A = A + 1j * rng.normal(size=(n, n))
    b = rng.normal(size=n) + (1j * rng.normal(size=n) if complex_ else 0.0)
    lu = sla.lu_factor(A + 0.3 * rng.normal(size=(n, n)))  # a neighbouring matrix's LU
    x = linalg.small_gmres(A, b, np.zeros(n, dtype=A.dtype), lambda v: sla.lu_solve(lu, v), 30,
                           1e-13)
    assert x is not None
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=0, atol=1e-11)
    # too few steps for the target: None, not an unconverged answer
    assert linalg.small_gmres(A, b, np.zeros(n, dtype=A.dtype), lambda v: v, 2, 1e-13) is None
