"""qbcore.battery: reduced state, normalised ergotropy and sweeps."""

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


def test_sweep_and_sweep2d_agree_with_pointwise():
    dmus = [0.0, 1.0, 3.0]
    W = qbcore.sweep("nonequilibrium", "dmu", dmus, mu=1.0, T=1.0)
    assert W.shape == (3,)
    for d, w in zip(dmus, W):
        assert w == qbcore.battery_ergotropy("nonequilibrium", mu=1.0, dmu=d, T=1.0)
    grid = qbcore.sweep2d("nonequilibrium", ("mu", [0.0, 2.0]), ("T", [0.5, 1.0, 2.0]), dmu=1.0)
    assert grid.shape == (3, 2)
    assert grid[2, 1] == qbcore.battery_ergotropy("nonequilibrium", mu=2.0, T=2.0, dmu=1.0)


def test_sweep_over_N_uses_integers():
    W = qbcore.sweep("nonequilibrium", "N", [2, 3, 4], mu=0.0, dmu=4.0, T=1.0)
    assert np.all(np.diff(W) > 0)


@pytest.mark.parametrize("call", [
    lambda: qbcore.sweep("nonequilibrium", "dmu", [], mu=1.0, T=1.0),
    lambda: qbcore.sweep("nonequilibrium", "dmu", [1.0], mu=1.0, T=1.0, dmu=2.0),
    lambda: qbcore.sweep2d("nonequilibrium", ("mu", [1.0]), ("mu", [2.0]), T=1.0),
    lambda: qbcore.sweep("nonequilibrium", "dmu", [[1.0, 2.0]], mu=1.0, T=1.0),
])
def test_bad_sweeps(call):
    with pytest.raises(ValueError):
        call()


# ------------------------------------------------- further checks ---

import conftest as ref  # noqa: E402

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


def test_sweep_agrees_pointwise_everywhere():
    Ts = np.array([0.0, 0.3, 1.0, 5.0])
    W = qbcore.sweep("equilibrium", "T", Ts, mu=2.0, N=3)
    assert W.shape == (4,)
    for T, w in zip(Ts, W):
        assert w == qbcore.battery_ergotropy("equilibrium", mu=2.0, T=float(T), N=3)
    tops = qbcore.sweep("nonequilibrium", "topology", ["star", "chain"], N=4, mu=0.0, dmu=3.0,
                        T=1.0)
    assert tops.shape == (2,) and tops[0] != tops[1]


def test_sweep2d_agrees_pointwise_everywhere():
    xs, ys = [0.0, 1.0, 2.5], [0.5, 2.0]
    grid = qbcore.sweep2d("nonequilibrium", ("dmu", xs), ("J", ys), mu=1.0, T=1.0, N=3)
    assert grid.shape == (len(ys), len(xs))
    for j, J in enumerate(ys):
        for i, d in enumerate(xs):
            assert grid[j, i] == qbcore.battery_ergotropy("nonequilibrium", mu=1.0, T=1.0, N=3,
                                                          dmu=d, J=J)


@pytest.mark.parametrize("call, exc, word", [
    (lambda: qbcore.sweep("equilibrium", "mu", np.array([]), T=1.0), ValueError, "mu"),
    (lambda: qbcore.sweep("equilibrium", "mu", 1.0, T=1.0), ValueError, "mu"),
    (lambda: qbcore.sweep("equilibrium", "T", [1.0], mu=1.0, T=2.0), ValueError, "T"),
    (lambda: qbcore.sweep("equilibrium", 3, [1.0], mu=1.0, T=2.0), TypeError, "name"),
    (lambda: qbcore.sweep("equilibrium", "dmu", [1.0], mu=1.0, T=1.0), ValueError, "dmu"),
    (lambda: qbcore.sweep("equilibrium", "T", [1.0, -1.0], mu=1.0), ValueError, "T"),
    (lambda: qbcore.sweep2d("nonequilibrium", ("mu", []), ("T", [1.0])), ValueError, "mu"),
    (lambda: qbcore.sweep2d("nonequilibrium", ("mu", [1.0]), ("T", [1.0]), T=1.0), ValueError, "T"),
    (lambda: qbcore.sweep2d("nonequilibrium", ("mu", [1.0]), ("T", [1.0]), mu=1.0), ValueError, "mu"),
])
def test_more_bad_sweeps(call, exc, word):
    with pytest.raises(exc) as info:
        call()
    assert word in str(info.value)
