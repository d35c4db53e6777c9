"""qbcore.cycles: the charge-extract cycle against the same cycle run on QuTiP's full state."""

import numpy as np
import pytest
import qutip

import reference as ref
from qbcore.cycles import extraction_cycle


def qutip_cycle(period, cycles, rho=None, **kw):
    """Work per cycle: mesolve for a period, rotate the battery to its passive state, repeat.

    The rotation takes the battery's more populated eigenvector to |g> (QuTiP's
    ``basis(2, 1)``); the work is ``omega0 (tr(rho_B sz) - tr(passive sz))``.
    """
    N = kw["N"]
    H, c_ops = ref.ref_model("nonequilibrium", **kw)
    if rho is None:
        g = qutip.basis(2, 1)
        rho = qutip.tensor([g * g.dag()] * N)
    work = []
    for _ in range(cycles):
        rho = qutip.mesolve(H, rho, [0.0, period], c_ops,
                            options={"atol": 1e-12, "rtol": 1e-10}).states[-1]
        rho_B = rho.ptrace(0)
        vals, vecs = rho_B.eigenstates()  # ascending
        U_B = qutip.basis(2, 1) * vecs[1].dag() + qutip.basis(2, 0) * vecs[0].dag()
        passive = U_B * rho_B * U_B.dag()
        w = kw["omega0"] * (qutip.expect(qutip.sigmaz(), rho_B)
                            - qutip.expect(qutip.sigmaz(), passive))
        work.append(w)
        if w > 1e-14:
            U = qutip.tensor([U_B] + [qutip.qeye(2)] * (N - 1))
            rho = U * rho * U.dag()
    return np.array(work)


@pytest.mark.parametrize("N, period, topology", [(2, 1.5, "star"), (3, 2.5, "star"),
                                                (4, 0.8, "chain")])
def test_cycle_matches_the_full_state(N, period, topology):
    kw = dict(N=N, mu=1.0, dmu=3.0, T=0.8, J=1.3, gamma=1.1, omega0=7.0, topology=topology)
    c = extraction_cycle("nonequilibrium", period, **kw)
    expected = qutip_cycle(period, min(len(c.work), 8), **kw)
    np.testing.assert_allclose(c.work[:len(expected)], expected, atol=1e-8)  # reached: 1e-10
    k = c.orbit
    assert c.power == pytest.approx(c.work[-k:].sum() / (k * period))
    np.testing.assert_allclose(c.work[-k:], c.work[-2 * k:-k], atol=1e-10)


def test_short_periods_settle_into_a_longer_orbit():
    """tau = 0.2: the battery is inverted only after some periods; the orbit repeats after 4."""
    kw = dict(N=3, mu=1.0, dmu=2.0, T=1.0, omega0=10.0)
    c = extraction_cycle("nonequilibrium", 0.2, **kw)
    assert c.orbit == 4 and np.count_nonzero(c.work[-4:]) < 4
    np.testing.assert_allclose(c.work[:12], qutip_cycle(0.2, 12, **kw), atol=1e-8)


def test_long_period_extracts_the_steady_ergotropy():
    """Charging long enough before each extraction: every cycle gives the steady W."""
    import qbcore

    kw = dict(N=4, mu=1.0, dmu=2.0, T=1.0)
    c = extraction_cycle("nonequilibrium", 60.0, **kw)
    W = qbcore.battery_ergotropy("nonequilibrium", **kw)
    np.testing.assert_allclose(c.work, 2 * 10.0 * W, atol=1e-10)


def test_bad_input():
    with pytest.raises(ValueError, match="period"):
        extraction_cycle("nonequilibrium", 0.0, N=3, mu=1.0, T=1.0)
    with pytest.raises(ValueError, match="N must be <= 7"):
        extraction_cycle("nonequilibrium", 1.0, N=8, mu=1.0, T=1.0)
    with pytest.raises(ValueError, match="initial"):
        extraction_cycle("nonequilibrium", 1.0, N=2, mu=1.0, T=1.0, initial=np.eye(4) / 4)
    with pytest.raises(TypeError, match="period"):
        extraction_cycle("nonequilibrium", "1", N=3, mu=1.0, T=1.0)
