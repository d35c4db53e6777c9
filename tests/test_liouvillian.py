"""qbcore.liouvillian: charge sectors against QuTiP's full Liouvillian."""

import numpy as np
import pytest
import qutip

import qbcore
from qbcore.liouvillian import coefficients, sector
from qbcore.steady import _sector_vector


def random_charge_operator(N, q, rng):
    sec = sector(N, "star", True, q)
    rho = np.zeros((2**N, 2**N), dtype=complex)
    for n, m in sec.blocks:
        rows, cols = sec.states[n], sec.states[m]
        rho[np.ix_(rows, cols)] = rng.normal(size=(len(rows), len(cols))) + 1j * rng.normal(size=(len(rows), len(cols)))
    return rho


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
@pytest.mark.parametrize("q", [0, 1, -2])
def test_sector_matrix_equals_full_liouvillian(N, topology, scenario, q):
    if abs(q) > N:
        pytest.skip("no such sector")
    rng = np.random.default_rng(N + 7 * abs(q))
    extra = {"dmu": 1.3} if scenario == "nonequilibrium" else {}
    p = qbcore.make_parameters(scenario, N=N, mu=0.4, T=0.9, J=1.7, gamma=0.8, omega0=2.5,
                               topology=topology, **extra)
    rho = random_charge_operator(N, q, rng)
    full = qbcore.liouvillian(p)
    out = qutip.vector_to_operator(full * qutip.operator_to_vector(qutip.Qobj(rho, dims=[[2] * N] * 2))).full()
    sec = sector(N, topology, p.local, q)
    L = sec.matrix(coefficients(p), dense=True)
    assert np.allclose(L @ _sector_vector(sec, rho), _sector_vector(sec, out), atol=1e-12)
    # L keeps the charge: nothing leaks out of the sector
    leak = out.copy()
    for n, m in sec.blocks:
        leak[np.ix_(sec.states[n], sec.states[m])] = 0
    assert np.abs(leak).max() < 1e-12


def test_collapse_operators_and_rates():
    from qbcore.network import collective_lowering, sigma_minus
    p = qbcore.make_parameters("nonequilibrium", N=3, mu=1.0, dmu=2.0, T=0.5, gamma=2.0)
    ops = qbcore.collapse_operators(p)
    assert len(ops) == 6
    for i, mu in enumerate([1.0, 3.0, 3.0]):
        n = 1.0 / (np.exp((1.0 - mu) / 0.5) + 1.0)
        assert (ops[2 * i] - np.sqrt(2.0 * (1 - n)) * sigma_minus(i, 3)).norm("max") < 1e-14
        assert (ops[2 * i + 1] - np.sqrt(2.0 * n) * sigma_minus(i, 3).dag()).norm("max") < 1e-14
    eq = qbcore.collapse_operators(qbcore.make_parameters("equilibrium", mu=1.0, T=1.0))
    assert len(eq) == 2
    assert (eq[0] - np.sqrt(0.5) * collective_lowering(3)).norm("max") < 1e-14
