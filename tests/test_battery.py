"""qbcore.battery: the reduced state and the normalised ergotropy."""

import numpy as np
import pytest
import qutip

import qbcore

KW = dict(N=4, mu=0.5, dmu=2.5, T=0.8, J=1.4, topology="chain")


def test_battery_state_is_ptrace_of_steady_state_and_diagonal():
    full = qbcore.steady_state("nonequilibrium", **KW).ptrace(0).full()
    assert abs(full[0, 1]) < 1e-13
    assert np.allclose(qbcore.battery_state("nonequilibrium", **KW).full(), full, atol=1e-12)


def test_normalised_ergotropy_is_ergotropy_over_gap():
    omega0 = 3.0
    rho_B = qbcore.steady_state("nonequilibrium", omega0=omega0, **KW).ptrace(0)
    E = qbcore.ergotropy(rho_B, omega0 * qutip.sigmaz())
    assert qbcore.battery_ergotropy("nonequilibrium", omega0=omega0, **KW) == pytest.approx(
        E / (2 * omega0), abs=1e-12)


def test_coherent_collective_start_gives_coherent_path():
    plus = (qutip.basis(2, 0) + qutip.basis(2, 1)).unit()
    rho0 = qutip.tensor([plus.proj()] * 2)
    rho_B = qbcore.battery_state("equilibrium", N=2, mu=2.0, T=1.0, initial=rho0)
    expected = qbcore.steady_state("equilibrium", N=2, mu=2.0, T=1.0, initial=rho0).ptrace(0)
    assert (rho_B - expected).norm("max") < 1e-12


# ------------------------------------------------- further checks ---

import reference as ref  # noqa: E402

CASES = [
    ("nonequilibrium", dict(N=2, mu=1.0, dmu=3.0, T=0.5)),
    ("nonequilibrium", dict(N=3, mu=0.0, dmu=4.0, T=1.0, topology="star", omega0=2.0)),
    ("nonequilibrium", dict(N=5, mus=[1.0, 4.0, -1.0, 3.0, 2.0], Ts=[0.5, 1.0, 0.0, 2.0, 1.0],
                            topology="chain", J=2.0)),
    ("nonequilibrium", dict(N=6, mu=1.0, dmu=2.0, T=1.0)),
    ("equilibrium", dict(N=2, mu=3.0, T=1.0)),
    ("equilibrium", dict(N=4, mu=2.0, T=0.5, topology="chain", initial="mixed")),
    ("equilibrium", dict(N=3, mu=2.5, T=1.5, initial=ref.random_dm(3, 4))),
    ("equilibrium", dict(N=3, mu=0.0, T=1.0, omega0=0.0)),
]


@pytest.mark.parametrize("scenario, kw", CASES)
def test_battery_state_is_diagonal_ptrace(scenario, kw):
    N = kw["N"]
    rho = qbcore.steady_state(scenario, **kw).full()
    reduced = ref.battery_reduced(rho, N)
    rho_B = qbcore.battery_state(scenario, **kw)
    assert rho_B.shape == (2, 2)
    np.testing.assert_allclose(rho_B.full(), reduced, atol=1e-12)
    assert abs(rho_B.full()[0, 1]) < 1e-12  # U(1) symmetry: no coherence
    assert qbcore.battery_population(scenario, **kw) == pytest.approx(reduced[0, 0].real, abs=1e-12)


@pytest.mark.parametrize("scenario, kw", CASES)
def test_battery_ergotropy_is_normalised_ergotropy(scenario, kw):
    N = kw["N"]
    W = qbcore.battery_ergotropy(scenario, **kw)
    assert isinstance(W, float) and 0.0 <= W <= 1.0
    rho_B = ref.battery_reduced(qbcore.steady_state(scenario, **kw).full(), N)
    assert W == pytest.approx(ref.qubit_W(rho_B), abs=1e-12)
    assert W == pytest.approx(max(0.0, 2 * rho_B[0, 0].real - 1), abs=1e-12)
    omega0 = kw.get("omega0", 10.0)
    if omega0 > 0:
        E = qbcore.ergotropy(qbcore.battery_state(scenario, **kw), omega0 * qutip.sigmaz())
        assert W == pytest.approx(E / (2 * omega0), abs=1e-12)




def test_bias_threshold_is_where_W_starts(rng):
    """Random points (N in 2..6, mu in [-2, 0.9], T in [0.3, 2]): W = 0 just below, > 0 above."""
    for _ in range(6):
        N, mu, T = int(rng.integers(2, 7)), rng.uniform(-2.0, 0.9), rng.uniform(0.3, 2.0)
        d = qbcore.bias_threshold(N=N, mu=mu, T=T, J=1.5)
        assert qbcore.battery_population("nonequilibrium", N=N, mu=mu, dmu=d, T=T, J=1.5) == \
            pytest.approx(0.5, abs=1e-10)
        assert qbcore.battery_ergotropy("nonequilibrium", N=N, mu=mu, dmu=d - 1e-3, T=T, J=1.5) == 0
        assert qbcore.battery_ergotropy("nonequilibrium", N=N, mu=mu, dmu=d + 1e-3, T=T, J=1.5) > 0
        d1 = qbcore.bias_threshold(0.01, N=N, mu=mu, T=T, J=1.5)
        assert d1 > d and qbcore.battery_ergotropy("nonequilibrium", N=N, mu=mu, dmu=d1, T=T,
                                                   J=1.5) == pytest.approx(0.01, abs=1e-10)


@pytest.mark.parametrize("kw, exc, name", [
    (dict(level=1.0, mu=0.0, T=1.0), ValueError, "level"),
    (dict(level=-0.1, mu=0.0, T=1.0), ValueError, "level"),
    (dict(mu=0.0, T=1.0, dmu=1.0), ValueError, "dmu"),
    (dict(mu=0.0, T=1.0, upper=0.5), ValueError, "upper"),
    (dict(mu=0.0, T=1.0, J=0.0), ValueError, "W does not exceed"),
])
def test_bias_threshold_bad_input(kw, exc, name):
    with pytest.raises(exc, match=name):
        qbcore.bias_threshold(**kw)


def test_star_chain_crossing_is_where_the_two_networks_agree():
    """N = 3..5 at mu = 0, dmu = 10, T = 1 (J from gamma to 5 gamma): W_star = W_chain there,
    the star ahead below and the chain ahead above."""
    for N in (3, 4, 5):
        J = qbcore.star_chain_crossing(N=N, mu=0.0, dmu=10.0, T=1.0)
        W = {t: qbcore.battery_ergotropy("nonequilibrium", N=N, topology=t, J=J, mu=0.0,
                                         dmu=10.0, T=1.0) for t in ("star", "chain")}
        assert W["star"] == pytest.approx(W["chain"], abs=1e-9)
        below = {t: qbcore.battery_ergotropy("nonequilibrium", N=N, topology=t, J=0.9 * J,
                                             mu=0.0, dmu=10.0, T=1.0) for t in ("star", "chain")}
        assert below["star"] > below["chain"]
    with pytest.raises(ValueError, match="N must be >= 3"):
        qbcore.star_chain_crossing(N=2, mu=0.0, dmu=10.0, T=1.0)
    with pytest.raises(ValueError, match="do not cross"):
        qbcore.star_chain_crossing(N=3, mu=0.0, dmu=10.0, T=1.0, J_range=(0.1, 1.0))
    with pytest.raises(ValueError, match="topology"):
        qbcore.star_chain_crossing(N=3, mu=0.0, T=1.0, topology="star")
