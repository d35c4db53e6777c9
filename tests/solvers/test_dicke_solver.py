"""qbcore.solvers.dicke: the Dicke-basis solver against the full model, closed forms and its own paths."""

import numpy as np
import pytest

import qbcore
import qbcore.linalg as linalg
import qbcore.solvers as solvers
import qbcore.solvers.dicke as dicke_solver
from qbcore import dicke
from qbcore.dicke import (collective_block, collective_weights, dicke_index, local_matrix)
from qbcore.liouvillian import rates

from reference import battery_reduced, ref_fermi, ref_steady_state

# ---------------------------------------- against the full model (N <= 10) ---

CASES = [
    dict(mu=1.0, dmu=2.0, T=1.0),
    dict(mu=-0.5, dmu=3.0, T=0.7, J=2.3, gamma=0.6),
    dict(mu=2.0, dmu=-4.0, T=0.0, J=0.4),
    dict(mu=0.0, dmu=1.0, T=5.0, J=0.0),
    dict(mus=[0.3, 1.7, 1.7, 1.7], Ts=[2.0, 0.5, 0.5, 0.5], J=1.1),
]


@pytest.mark.parametrize("kw", CASES)
def test_nonequilibrium_matches_plain_qutip(kw):
    N = len(kw["mus"]) if "mus" in kw else 4
    kw = {**kw, "N": N}
    rho = ref_steady_state("nonequilibrium", **kw)
    ref = battery_reduced(rho, N)[0, 0].real
    assert qbcore.battery_population("nonequilibrium", method="dicke", **kw) == pytest.approx(
        ref, abs=1e-14)


@pytest.mark.parametrize("N", [2, 3, 5, 7, 9])
@pytest.mark.parametrize("kw", CASES[:4])
def test_nonequilibrium_matches_blocks_solver(N, kw):
    a = qbcore.battery_result("nonequilibrium", N=N, method="dicke", **kw)
    b = qbcore.battery_result("nonequilibrium", N=N, method="blocks", **kw)
    assert a.method == "dicke" and b.method == "blocks"
    assert abs(a.p_e - b.p_e) < 3e-13
    assert abs(a.W - b.W) < 3e-13


EQ_CASES = [
    dict(mu=2.0, T=1.0),
    dict(mu=0.0, T=0.5, J=2.0),
    dict(mu=3.0, T=0.3, J=0.0),
    dict(mu=1.5, T=0.7, initial="mixed"),
    dict(mu=1.5, T=0.7, initial="mixed", J=0.0, gamma=2.0),
]


@pytest.mark.parametrize("N", [2, 3, 4, 6])
@pytest.mark.parametrize("kw", EQ_CASES)
def test_equilibrium_matches_blocks_solver(N, kw):
    a = qbcore.battery_result("equilibrium", N=N, method="dicke", **kw)
    b = qbcore.battery_result("equilibrium", N=N, method="blocks", **kw)
    assert abs(a.p_e - b.p_e) < 5e-15


def test_collective_kernel_inside_the_symmetric_sector():
    """From |g..g>: one steady state inside j = M/2 for M >= 2 and J != 0; two for N = 2."""
    assert qbcore.battery_result("equilibrium", N=2, mu=2.0, T=1.0).kernel == 2
    for N in (3, 8, 40):
        assert qbcore.battery_result("equilibrium", N=N, mu=2.0, T=1.0).kernel == 1
    # without hopping the battery and the ancillas' two total spins decouple
    assert qbcore.battery_result("equilibrium", N=8, mu=2.0, T=1.0, J=0.0).kernel == 2


def test_mixed_start_weights_sum_to_one():
    for M in (1, 6, 99, 1000):
        assert sum(collective_weights(M, "mixed").values()) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("j", [0.0, 0.5, 3.0, 7.5])
def test_collective_block_preserves_trace_and_hermiticity(j):
    block = collective_block(j, 1.3, 0.6, 0.2)
    L = block.matrix.toarray()
    assert np.abs(L[block.trace].sum(axis=0)).max() < 1e-13
    # Hermitian input stays Hermitian: check on a random Hermitian level structure
    rng = np.random.default_rng(1)
    x = np.zeros(block.dim, dtype=complex)
    for a, d in zip(block.offsets[:-1], block.sizes):
        X = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        x[a:a + d * d] = (X + X.conj().T).ravel()
    for a, d in zip(block.offsets[:-1], block.sizes):
        Y = (L @ x)[a:a + d * d].reshape(d, d)
        assert np.abs(Y - Y.conj().T).max() < 1e-13


# ------------------------------------ large N: closed forms and sparse paths ---

@pytest.mark.parametrize("N", [11, 101, 1001])
def test_equilibrium_star_closed_form_at_large_N(N):
    """From |g..g>, the star's W = max(0, tanh((mu - omega)/2T)) for every N >= 3."""
    for mu, T in ((2.0, 1.0), (4.0, 0.5), (0.5, 1.0)):
        r = qbcore.battery_result("equilibrium", N=N, mu=mu, T=T)
        assert r.method == "dicke" and r.kernel == 1
        assert r.W == pytest.approx(max(0.0, np.tanh((mu - 1.0) / (2 * T))), abs=1e-14)


@pytest.mark.parametrize("N", [31, 301])
def test_without_hopping_the_battery_sees_only_its_reservoir(N):
    """J = 0: p_e = n(omega; mu, T) of the battery's own reservoir, whatever the ancillas do."""
    p = qbcore.battery_population("nonequilibrium", N=N, mu=1.4, dmu=3.0, T=0.6, J=0.0)
    assert p == pytest.approx(ref_fermi(1.0, 1.4, 0.6), abs=1e-15)


def test_iterative_path_equals_direct_path(monkeypatch):
    """GMRES with the incomplete LU gives the exact LU's answer."""
    kw = dict(N=61, mu=0.5, dmu=2.0, T=0.7, J=1.7, gamma=0.8)
    direct = qbcore.battery_population("nonequilibrium", **kw)
    monkeypatch.setattr(linalg, "DIRECT_MAX", 100)
    iterative = qbcore.battery_population("nonequilibrium", **kw)
    assert abs(iterative - direct) < 2e-15


@pytest.mark.parametrize("J", [1.0, 0.0])
def test_sparse_kernel_path_equals_dense_path(monkeypatch, J):
    kw = dict(N=25, mu=1.5, T=0.8, J=J)
    dense = qbcore.battery_result("equilibrium", **kw)
    monkeypatch.setattr(dicke_solver, "DENSE_BLOCK_MAX", 10)
    sparse = qbcore.battery_result("equilibrium", **kw)
    assert sparse.kernel == dense.kernel
    assert abs(sparse.p_e - dense.p_e) < 5e-15


def test_large_N_state_is_physical():
    sol = solvers.solve(qbcore.make_parameters("nonequilibrium", N=201, mu=0.0, dmu=2.0, T=1.0))
    p_e, trace, low, herm = (sol.battery.p_e, sol.battery.trace, sol.battery.lowest_eigenvalue,
                             sol.battery.hermiticity_error)
    assert sol.method == "dicke" and sol.unknowns == dicke_index(200).dim
    assert abs(trace - 1.0) < 1e-14 and low > -1e-12 and herm == 0.0
    assert 0.5 < p_e < 1.0


# ----------------------------------------------------- method and bad input ---

def test_auto_picks_dicke_for_the_battery_and_symmetric_for_the_whole_state():
    p = qbcore.make_parameters("nonequilibrium", N=5, mu=1.0, dmu=1.0, T=1.0)
    assert solvers.choose_method(p) == "dicke"
    assert solvers.choose_method(p, full_state=True) == "symmetric"
    chain = qbcore.make_parameters("nonequilibrium", N=5, mu=1.0, T=1.0, topology="chain")
    assert solvers.choose_method(chain) == "blocks"


def test_method_choice_is_logged(caplog):
    with caplog.at_level("INFO", logger="qbcore"):
        qbcore.battery_ergotropy("nonequilibrium", N=4, mu=1.0, dmu=1.0, T=1.0)
    assert "method 'dicke'" in caplog.text


@pytest.mark.parametrize("call, match", [
    (lambda: qbcore.battery_ergotropy("nonequilibrium", N=11, mu=1.0, T=1.0, topology="chain"),
     "N must be <= 10"),
    (lambda: qbcore.battery_ergotropy("nonequilibrium", N=12, mu=1.0, T=1.0, method="blocks"),
     "N must be <= 10"),
    (lambda: qbcore.battery_ergotropy("equilibrium", N=1002, mu=1.0, T=1.0), "N must be <= 1001"),
    (lambda: qbcore.steady_state("nonequilibrium", N=11, mu=1.0, T=1.0), "4\\*\\*N"),
    (lambda: qbcore.steady_state("nonequilibrium", N=3, mu=1.0, T=1.0, method="dicke"),
     "battery's state only"),
    (lambda: qbcore.battery_ergotropy("nonequilibrium", N=4, mus=[0, 1, 2, 3], T=1.0,
                                      method="dicke"), "identical ancilla"),
    (lambda: qbcore.battery_ergotropy("equilibrium", N=12, mu=1.0, T=1.0,
                                      initial=np.eye(4) / 4), "initial as a density matrix"),
    (lambda: qbcore.kernel_dimension("nonequilibrium", N=20, mu=1.0, T=1.0), "kernel_dimension"),
])
def test_bad_large_N_requests_are_refused_before_numerics(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("N, monkey_direct_max", [(41, None), (41, 100)])
def test_strong_hopping_sparse_paths_equal_dense_lapack(monkeypatch, N, monkey_direct_max):
    """J >> gamma (static pivots, no threshold pivoting): same answer as LAPACK with pivoting."""
    kw = dict(mu=0.5, dmu=1.0, T=3.0, J=20.0, gamma=0.01)
    p = qbcore.make_parameters("nonequilibrium", N=N, **kw)
    from qbcore.liouvillian import rates
    r = rates(p)
    M = N - 1
    idx = dicke_index(M)
    A = local_matrix(M, p.J, (r[0], r[1]), (r[2], r[3])).toarray()
    ground = int(idx.population("g", np.array([M / 2]), np.array([-M / 2]))[0])
    A[ground] = 0.0
    A[ground, idx.pe] = A[ground, idx.pg] = 1.0
    rhs = np.zeros(idx.dim)
    rhs[ground] = 1.0
    ref = np.linalg.solve(A, rhs)[idx.pe].sum()
    if monkey_direct_max is not None:
        monkeypatch.setattr(linalg, "DIRECT_MAX", monkey_direct_max)
    assert abs(qbcore.battery_population("nonequilibrium", N=N, **kw) - ref) < 2e-15


def test_strong_hopping_matches_blocks_solver():
    kw = dict(N=8, mu=0.5, dmu=1.0, T=3.0, J=20.0, gamma=0.01)
    a = qbcore.battery_population("nonequilibrium", method="dicke", **kw)
    b = qbcore.battery_population("nonequilibrium", method="blocks", **kw)
    assert abs(a - b) < 1e-13


@pytest.mark.parametrize("name, values", [("dmu", np.linspace(1.5, 2.5, 11)),
                                          ("T", np.linspace(0.6, 0.9, 7)),
                                          ("J", np.linspace(0.5, 1.5, 7))])
def test_a_sweep_that_reuses_factorisations_agrees_with_fresh_solves(monkeypatch, name, values):
    """N = 61 with DIRECT_MAX lowered (incomplete LU, as above N ~ 450): every point agrees
    with a fresh single call to 1e-13 in p_e, and some points do reuse."""
    monkeypatch.setattr(linalg, "DIRECT_MAX", 1000)
    N = 61
    solver = dicke_solver.LocalSolver(N - 1)
    kw = dict(N=N, mu=0.0, dmu=2.0, T=0.8, J=1.2)
    for v in values:
        p = qbcore.make_parameters("nonequilibrium", **{**kw, name: float(v)})
        r = rates(p)
        x = solver.solve(p.J, (r[0], r[1]), (r[2], r[3]))
        pe, trace, _ = dicke.local_battery_state(x, N - 1)
        single = qbcore.battery_population("nonequilibrium", **{**kw, name: float(v)})
        assert abs(pe / trace - single) < 1e-13
    assert solver.solver.reused >= 2 and solver.solver.fresh >= 1
    assert solver.solver.reused + solver.solver.fresh == len(values)
    W = qbcore.sweep("nonequilibrium", name, values, **{k: v for k, v in kw.items() if k != name})
    single = [qbcore.battery_ergotropy("nonequilibrium", **{**kw, name: float(v)}) for v in values]
    np.testing.assert_allclose(W, single, rtol=0, atol=1e-13)


def test_an_exact_lu_is_not_reused_and_a_sweep_equals_single_calls_bit_for_bit():
    values = np.linspace(1.5, 2.5, 5)
    W = qbcore.sweep("nonequilibrium", "dmu", values, N=41, mu=0.0, T=0.8)
    single = [qbcore.battery_ergotropy("nonequilibrium", N=41, mu=0.0, dmu=float(v), T=0.8)
              for v in values]
    np.testing.assert_array_equal(W, single)
