"""qbcore.linalg: kernels, spectral projection, trace-row solves, orderings, Sylvester inverse.

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
                           sylvester_inverse, unit_vector, with_trace_row)


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


@pytest.mark.parametrize("near_exceptional", [False, True])
def test_sylvester_inverse_inverts_every_block(rng, near_exceptional):
    sizes = [1, 2, 3]
    blocks, start = [], 1  # position 0 passes through
    for d in sizes:
        A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) - 3.0 * np.eye(d)
        if near_exceptional and d > 1:  # a Jordan block: V is singular, the Schur path runs
            A = -np.eye(d) + np.diag(np.ones(d - 1), 1)
        blocks.append((start, start + d * d, A))
        start += d * d
    op = sylvester_inverse(blocks, start, keep=(0,))
    r = rng.normal(size=start) + 1j * rng.normal(size=start)
    out = op.matvec(r)
    assert out[0] == r[0]
    for a, b, A in blocks:
        d = len(A)
        X = out[a:b].reshape(d, d)
        np.testing.assert_allclose(A @ X + X @ A.conj().T, r[a:b].reshape(d, d), atol=2e-14, rtol=0)


def test_nested_dissection_separates_half_integer_grids():
    """Coordinates off the integers (odd numbers of ancillas): the separator is still a line of points."""
    x, y = np.meshgrid(np.arange(30) + 0.5, np.arange(20) + 0.5)
    x, y = x.ravel(), y.ravel()
    order = nested_dissection(x, y, leaf=8)
    assert np.array_equal(np.sort(order), np.arange(600))
    assert np.unique(x[order[-20:]]).size == 1  # a full column, not an empty cut


@pytest.mark.parametrize("near_exceptional", [False, True])
def test_two_sided_sylvester_inverse(rng, near_exceptional):
    """Rectangular blocks ``A X + X B^+ = R`` with different ``A`` and ``B``."""
    blocks, start = [], 0
    for d, e in [(1, 2), (3, 2), (2, 4)]:
        A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) - 3.0 * np.eye(d)
        B = rng.normal(size=(e, e)) + 1j * rng.normal(size=(e, e)) - 3.0 * np.eye(e)
        if near_exceptional:
            B = -np.eye(e) + np.diag(np.ones(e - 1), 1)
        blocks.append((start, start + d * e, A, B))
        start += d * e
    out = sylvester_inverse(blocks, start).matvec(r := rng.normal(size=start) + 0j)
    for a, b, A, B in blocks:
        X = out[a:b].reshape(len(A), len(B))
        np.testing.assert_allclose(A @ X + X @ B.conj().T, r[a:b].reshape(X.shape), atol=1e-10)
