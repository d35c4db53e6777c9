"""Closed forms of the equilibrium scenario against qbcore's solver and QuTiP."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import qutip

import qbcore
from qbcore import closed_forms as cf

import reference as ref

MUS = (-1.0, 0.5, 1.0, 1.7, 3.0, 8.0)
TS = (0.0, 0.3, 1.0, 4.0)


def _random_state(N: int, seed: int) -> np.ndarray:
    return qutip.rand_dm(2**N, seed=seed).full()


# ------------------------------------------------------------- formulas ---

def test_gibbs_ergotropy_is_tanh():
    mu = np.linspace(-5, 9, 57)
    for T in (0.2, 1.0, 3.0):
        expected = np.maximum(0.0, np.tanh((mu - 1.0) / (2 * T)))
        np.testing.assert_allclose(cf.gibbs_ergotropy(mu, T), expected, atol=1e-15, rtol=0)


def test_gibbs_ergotropy_zero_temperature_and_extremes():
    assert cf.gibbs_ergotropy(1.5, 0.0) == 1.0
    assert cf.gibbs_ergotropy(1.0, 0.0) == 0.0
    assert cf.gibbs_ergotropy(0.5, 0.0) == 0.0
    assert cf.gibbs_ergotropy(1e6, 1e-6) == 1.0  # no overflow
    assert cf.gibbs_ergotropy(-1e6, 1e-6) == 0.0


def test_two_qubit_formulas_agree():
    for mu, T in itertools.product(MUS, TS):
        p = cf.triplet_population(mu, T)
        assert p == pytest.approx(cf.reflection_population(2, mu, T), abs=1e-15)
        assert p == pytest.approx(cf.ground_start_population(2, mu, T), abs=1e-15)
        assert p == pytest.approx(cf.ground_start_population(2, mu, T, topology="chain"), abs=1e-15)
        n = qbcore.fermi(1.0, mu, T)
        if 0 < n < 1:
            x = n / (1 - n)
            assert p == pytest.approx((x / 2 + x**2) / (1 + x + x**2), abs=1e-15)
        # the odd sector of N = 2 is the singlet
        assert cf.reflection_population(2, mu, T, parity=-1) == pytest.approx(0.5, abs=1e-14)


def test_reflection_odd_sector_limits():
    # 0/0-free form: at n = 1 the odd sector's battery population is (2m-1)/(2m)
    for N in (2, 3, 4, 5, 6, 7):
        m = N // 2
        assert cf.reflection_population(N, 5.0, 0.0, parity=-1) == pytest.approx((2 * m - 1) / (2 * m))
        # smooth approach
        assert cf.reflection_population(N, 5.0, 0.05, parity=-1) == pytest.approx((2 * m - 1) / (2 * m),
                                                                                  abs=1e-6)


def test_spin_multiplicities_fill_the_space():
    for M in range(0, 9):
        js = [M / 2 - k for k in range(M // 2 + 1)]
        assert sum(cf.spin_multiplicity(M, j) * (2 * j + 1) for j in js) == 2**M
    assert cf.spin_multiplicity(4, 0.5) == 0  # wrong parity
    assert cf.spin_multiplicity(3, 2.5) == 0  # too large


# ------------------------------------------------- against the solver ---

@pytest.mark.parametrize("topology,N", [("star", N) for N in range(2, 7)]
                         + [("chain", N) for N in range(3, 6)])
def test_ground_start_matches_solver(topology, N):
    for (mu, T), J, gamma in itertools.product(itertools.product(MUS, TS), (0.3, 1.0, 2.5), (0.7,)):
        W = qbcore.battery_ergotropy("equilibrium", N=N, mu=mu, T=T, J=J, gamma=gamma,
                                     topology=topology)
        assert W == pytest.approx(cf.ground_start_ergotropy(N, mu, T, topology=topology),
                                  abs=2e-14), (topology, N, mu, T, J)


def test_star_ground_start_independent_of_J_gamma_N_omega0():
    for N, J, gamma, omega0 in itertools.product((3, 4, 5, 6), (0.1, 1.0, 4.0), (0.3, 3.0),
                                                 (0.0, 10.0)):
        W = qbcore.battery_ergotropy("equilibrium", N=N, mu=2.0, T=1.0, J=J, gamma=gamma,
                                     omega0=omega0)
        assert W == pytest.approx(np.tanh(0.5), abs=2e-13)


def test_reservoir_frequency_enters_through_mu_minus_omega():
    W = qbcore.battery_ergotropy("equilibrium", N=3, mu=3.5, T=0.7, omega=2.0)
    assert W == pytest.approx(cf.gibbs_ergotropy(3.5, 0.7, 2.0), abs=5e-15)
    assert W == pytest.approx(np.tanh(1.5 / 1.4), abs=5e-15)


@pytest.mark.parametrize("topology,N", [("star", 2), ("star", 3), ("star", 4), ("star", 5),
                                        ("chain", 3), ("chain", 4)])
def test_ground_start_state_matches_solver(topology, N):
    for mu, T in ((2.0, 1.0), (0.2, 0.6), (4.0, 0.0)):
        rho = cf.ground_start_state(N, mu, T, topology=topology)
        expected = qbcore.steady_state("equilibrium", N=N, mu=mu, T=T, topology=topology, J=1.3)
        assert rho.dims == expected.dims
        np.testing.assert_allclose(rho.full(), expected.full(), atol=5e-15, rtol=0)
        assert rho.tr() == pytest.approx(1.0)
        assert np.linalg.eigvalsh(rho.full()).min() > -1e-12


@pytest.mark.parametrize("N", [3, 4, 5, 6])
def test_star_battery_marginal_is_exactly_n(N):
    for mu, T in ((2.0, 1.0), (-1.0, 0.5), (1.0, 2.0)):
        rho = cf.ground_start_state(N, mu, T)
        n = qbcore.fermi(1.0, mu, T)
        np.testing.assert_allclose(rho.ptrace(0).full(), np.diag([n, 1 - n]), atol=1e-14, rtol=0)
        # and the whole state is a product: battery (x) ancillas
        np.testing.assert_allclose(rho.full(), qutip.tensor(rho.ptrace(0),
                                                            rho.ptrace(list(range(1, N)))).full(),
                                   atol=5e-15, rtol=0)


@pytest.mark.parametrize("topology,N", [(t, N) for t in ("star", "chain") for N in (2, 3, 4, 5)])
def test_any_initial_state_matches_solver(topology, N):
    starts = ["ground", "mixed"] + [_random_state(N, seed) for seed in range(3)]
    for (mu, T), start in itertools.product(((2.0, 1.0), (0.3, 0.5), (5.0, 2.0)), starts):
        p_solver = qbcore.battery_population("equilibrium", N=N, mu=mu, T=T, J=0.8, gamma=1.3,
                                             topology=topology, initial=start)
        p = cf.limit_population(N, mu, T, topology=topology, initial=start)
        assert p == pytest.approx(p_solver, abs=2e-14)
        lo, hi = cf.population_range(N, mu, T, topology=topology)
        assert lo - 1e-12 <= p <= hi + 1e-12


@pytest.mark.parametrize("N", [2, 3, 4])
def test_star_any_initial_state_at_zero_temperature(N):
    for mu, seed in itertools.product((0.0, 1.0, 2.0), range(2)):
        start = _random_state(N, seed)
        p_solver = qbcore.battery_population("equilibrium", N=N, mu=mu, T=0.0, initial=start)
        assert cf.limit_population(N, mu, 0.0, initial=start) == pytest.approx(p_solver, abs=2e-15)


@pytest.mark.parametrize("N", [3, 5])
def test_odd_star_battery_forgets_the_initial_state(N):
    n = qbcore.fermi(1.0, 2.0, 1.0)
    for start in ["mixed"] + [_random_state(N, s) for s in range(3)]:
        assert qbcore.battery_population("equilibrium", N=N, mu=2.0, T=1.0,
                                         initial=start) == pytest.approx(n, abs=2e-15)
    assert cf.population_range(N, 2.0, 1.0) == (n, n)


def test_even_star_battery_remembers_the_initial_state():
    for N in (2, 4):
        Ws = {cf.limit_ergotropy(N, 2.0, 1.0, initial=s) for s in ("ground", "mixed")}
        assert max(Ws) - min(Ws) > 0.01


@pytest.mark.parametrize("N", [2, 3, 4])
def test_dicke_population_at_zero_hopping(N):
    for mu, T in ((2.0, 1.0), (0.0, 0.5)):
        p = qbcore.battery_population("equilibrium", N=N, mu=mu, T=T, J=0.0)
        assert cf.dicke_population(N, mu, T) == pytest.approx(p, abs=1e-15)


def test_kernel_dimension_formula():
    for N in range(2, 7):
        assert cf.kernel_dimension_formula(N) == qbcore.kernel_dimension("equilibrium", N=N, mu=2.0,
                                                                         T=1.0, J=0.7)
    assert [cf.kernel_dimension_formula(N) for N in range(2, 8)] == [2, 2, 9, 14, 67, 132]
    for N in range(2, 6):
        assert cf.kernel_dimension_formula(N, "chain") == qbcore.kernel_dimension(
            "equilibrium", N=N, mu=0.4, T=0.8, J=1.7, topology="chain")


# -------------------------------------------------------- against QuTiP ---

@pytest.mark.parametrize("topology,N", [("star", 2), ("star", 3), ("chain", 3)])
def test_ground_start_state_is_in_qutip_kernel_and_reached_by_mesolve(topology, N):
    """The model is the independent one of reference.py (QuTiP's own operators)."""
    mu, T = 2.0, 1.0
    H, c_ops = ref.ref_model("equilibrium", N=N, mu=mu, T=T, topology=topology)
    rho = cf.ground_start_state(N, mu, T, topology=topology)
    L = qutip.liouvillian(H, c_ops)
    assert (L * qutip.operator_to_vector(rho)).norm() < 2e-15  # 2e-16 reached
    # long-time evolution from |g..g> with QuTiP's own integrator (2e-10 reached at t = 200)
    ground = qutip.tensor([qutip.basis(2, 1).proj()] * N)
    res = qutip.mesolve(H, ground, [0.0, 200.0], c_ops,
                        options={"atol": 1e-12, "rtol": 1e-10, "nsteps": 100000})
    final = res.states[-1]
    assert np.abs(final.full() - rho.full()).max() < 1e-9
    p_e = final.ptrace(0).full()[0, 0].real
    assert p_e == pytest.approx(cf.ground_start_population(N, mu, T, topology=topology), abs=5e-10)


# ----------------------------------------------------------- validation ---

@pytest.mark.parametrize("call,name", [
    (lambda: cf.gibbs_ergotropy(1.0, -1.0), "T"),
    (lambda: cf.gibbs_ergotropy(np.nan, 1.0), "mu"),
    (lambda: cf.triplet_population(1.0, 1.0, omega=np.inf), "omega"),
    (lambda: cf.reflection_population(1, 1.0, 1.0), "N"),
    (lambda: cf.reflection_population(3, 1.0, 1.0, parity=0), "parity"),
    (lambda: cf.ground_start_population(3, 1.0, 1.0, topology="ring"), "topology"),
    (lambda: cf.ground_start_state(11, 1.0, 1.0), "N"),
    (lambda: cf.limit_population(3, 1.0, 1.0, initial="excited"), "initial"),
    (lambda: cf.limit_population(3, 1.0, 1.0, initial=np.eye(4) / 4), "initial"),
    (lambda: cf.limit_population(2, 1.0, 1.0, initial=np.diag([1.0, 1.0, -1.0, 0.0])), "initial"),
    (lambda: cf.limit_population(4, 2.0, 0.0, topology="chain", initial="mixed"), "T"),
    (lambda: cf.population_range(4, 2.0, 0.0, topology="chain"), "T"),
    (lambda: cf.spin_multiplicity(-1, 0.5), "M"),
    (lambda: cf.spin_multiplicity(3, -0.5), "j"),
    (lambda: cf.ergotropy_from_population(1.5), "p_e"),
    (lambda: cf.kernel_dimension_formula(3, topology=3), "topology"),
])
def test_bad_input_raises_value_error_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("call,name", [
    (lambda: cf.triplet_population("1", 1.0), "mu"),
    (lambda: cf.reflection_population(3.0, 1.0, 1.0), "N"),
    (lambda: cf.limit_population(2, 1.0, 1.0, initial=[[1, 0], [0, 0]]), "initial"),
])
def test_wrong_type_raises_type_error_naming_the_parameter(call, name):
    with pytest.raises(TypeError, match=name):
        call()


def test_limit_population_accepts_qobj():
    rho0 = qutip.rand_dm(4, seed=3)
    p = cf.limit_population(2, 2.0, 1.0, initial=rho0)
    assert p == pytest.approx(cf.limit_population(2, 2.0, 1.0, initial=rho0.full()))
