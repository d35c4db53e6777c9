"""qbcore.expm: the exponential of a generator at many times, against dense ``expm``."""

import numpy as np
import pytest
import qutip
import scipy.linalg as sla
import scipy.sparse as sp

from qbcore import expm
from qbcore.shifted import shifted_solver


def random_lindbladian(dim, seed):
    """A random Lindbladian (QuTiP's column stacking) and a random density matrix."""
    rng = np.random.default_rng(seed)
    H = qutip.rand_herm(dim, seed=int(rng.integers(1 << 30)))
    c_ops = [0.7 * qutip.rand_dm(dim, seed=int(rng.integers(1 << 30))) for _ in range(2)]
    L = qutip.liouvillian(H, c_ops).full()
    rho = qutip.rand_dm(dim, seed=int(rng.integers(1 << 30))).full()
    return L, rho.ravel(order="F"), dim


def trace_row(dim):
    return np.eye(dim).ravel(order="F")[None, :]


def trace_norm(dim):
    def norm(x):
        return float(np.linalg.svd(x.reshape(dim, dim, order="F"), compute_uv=False).sum())
    return norm


TIMES = np.array([3.0, 0.0, 0.01, 50.0, 0.5, 0.01])  # unsorted, with a repeat


@pytest.mark.parametrize("switch", [0.0, 0.6, 100.0])  # Krylov only, both, Taylor only
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_evolve_matches_dense_expm(switch, seed):
    L, x0, dim = random_lindbladian(5, seed)
    F = np.vstack([trace_row(dim), np.eye(dim * dim)])
    ev = expm.evolve(L, x0, TIMES, F, factorise=lambda h: shifted_solver(L, h), checked=1,
                     conserved=(0,), norm=trace_norm(dim), tol=1e-11, switch=switch)
    for i, t in enumerate(TIMES):
        exact = sla.expm(t * L) @ x0
        np.testing.assert_allclose(ev.values[1:, i], exact, atol=2e-10)
        assert abs(ev.values[0, i] - 1) < 1e-10
    assert np.all(ev.error <= 1e-11)
    assert (ev.dimension > 0) == (switch < TIMES.max())


def test_krylov_estimate_bounds_the_true_error():
    """The estimate of the converged space is above the error it reports on (here 1e-6)."""
    L, x0, dim = random_lindbladian(6, 3)
    t = np.array([0.05, 0.4, 2.0, 9.0])
    ev = expm.shift_invert_expm(shifted_solver(L, 0.3), x0, t, 0.3, norm=trace_norm(dim),
                                tol=1e-6)
    norm = trace_norm(dim)
    for i, s in enumerate(t):
        exact = sla.expm(s * L) @ x0
        approx = ev.basis.T @ ev.coefficients[:, i]
        assert norm(approx - exact) <= max(ev.error[i], 1e-12)


def test_sparse_and_real_generator():
    """A real sparse generator (a birth-death chain) against dense expm."""
    n = 600
    A = birth_death(n)
    x0 = np.zeros(n)
    x0[0] = 1.0
    t = np.array([0.0, 0.2, 3.0, 40.0, 400.0])
    F = np.vstack([np.ones(n), np.arange(n) / n])
    ev = expm.evolve(A, x0, t, F, factorise=lambda h: shifted_solver(A, h), conserved=(0,),
                     norm=lambda x: float(np.abs(x).sum()), tol=1e-10, switch=1.0)
    dense = A.toarray()
    for i, s in enumerate(t):
        np.testing.assert_allclose(ev.values[:, i], F @ (sla.expm(s * dense) @ x0), atol=1e-9)


def test_happy_breakdown_is_exact():
    """A start in a small invariant subspace: the Krylov space closes, the result is exact."""
    A = np.diag([-1.0, -2.0, -3.0, -4.0])
    x0 = np.array([1.0, 1.0, 0.0, 0.0])
    ev = expm.shift_invert_expm(shifted_solver(A, 0.5), x0, np.array([1.0, 2.0]), 0.5)
    assert ev.dimension == 2 and np.all(ev.error == 0)
    np.testing.assert_allclose(ev.basis.T @ ev.coefficients[:, 1],
                               [np.exp(-2.0), np.exp(-4.0), 0, 0], atol=1e-14)


def test_not_converged_raises():
    L, x0, dim = random_lindbladian(8, 6)
    solve = shifted_solver(L, 0.1)
    with pytest.raises(expm.ConvergenceError):
        expm.shift_invert_expm(solve, x0, np.array([0.01, 5.0]), 0.1, tol=1e-12, max_dim=3,
                               min_dim=1, step=1)
    with pytest.raises(ValueError, match="shift"):
        expm.shift_invert_expm(solve, x0, np.array([1.0]), 0.0)


def birth_death(n, up=0.7, down=1.3):
    main = -(up + down) * np.ones(n)
    main[0], main[-1] = -up, -down
    return sp.diags([main, down * np.ones(n - 1), up * np.ones(n - 1)], [0, 1, -1], format="csr")


def test_split_when_one_space_does_not_converge():
    """Times over five decades: one space of 80 vectors fails, two halves succeed."""
    n = 400
    A = birth_death(n)
    x0 = np.zeros(n)
    x0[n // 2] = 1.0
    t = np.geomspace(1e-2, 1e3, 12)
    norm = lambda x: float(np.abs(x).sum())  # noqa: E731 (the trace norm of a diagonal)
    h = max(t.min(), 1e-3 * t.max())
    with pytest.raises(expm.ConvergenceError):
        expm.shift_invert_expm(shifted_solver(A, h), x0, t, h, norm=norm, tol=1e-10, max_dim=80)
    ev = expm.evolve(A, x0, t, np.eye(n), factorise=lambda h: shifted_solver(A, h), norm=norm,
                     tol=1e-10, max_dim=80)
    dense = A.toarray()
    for i, s in enumerate(t):
        np.testing.assert_allclose(ev.values[:, i], sla.expm(s * dense) @ x0, atol=1e-9)
