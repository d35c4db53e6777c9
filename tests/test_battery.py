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
