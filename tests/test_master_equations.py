"""compare_master_equations, and which master equation holds where (the claims of its module).

The three columns are checked against independent references (QuTiP's
steady states of ``reference.ref_davies_liouvillian`` and
``reference.ref_redfield_liouvillian``, the local model with ``omega = 2 omega0``);
the claims about ``J/T`` and ``J/gamma`` on the grid ``J = 1``,
``J/gamma`` in {0.1, 1, 10, 100}, ``J/T`` in {0.01, 0.1, 0.3, 1, 3}, ``N = 3``
star, ``mu = 2 omega0 = 20``, ``dmu = 2 T`` (the local occupations fixed).
"""

import numpy as np
import pytest
import qutip

import qbcore

import reference as ref


def reference_W(L: qutip.Qobj, N: int) -> float:
    return ref.qubit_W(ref.battery_reduced(qutip.steadystate(L).full(), N))


@pytest.mark.parametrize("N, topology", [(3, "star"), (4, "chain")])
def test_columns_match_independent_references(N, topology):
    Js = [0.0, 0.4, 1.7]
    out = qbcore.compare_master_equations(Js, N=N, topology=topology, omega0=8.0, gamma=0.6,
                                          dmu=1.5, T=0.9)
    assert set(out) == {"J", "J_over_gamma", "J_over_omega0", "local", "global", "redfield",
                        "redfield_lowest_eigenvalue"}
    assert all(v.shape == (3,) for v in out.values())
    np.testing.assert_allclose(out["J_over_gamma"], np.array(Js) / 0.6, rtol=1e-15)
    np.testing.assert_allclose(out["J_over_omega0"], np.array(Js) / 8.0, rtol=1e-15)
    for k, J in enumerate(Js):
        kw = dict(N=N, topology=topology, omega0=8.0, J=J, gamma=0.6, mu=16.0, dmu=1.5, T=0.9)
        local = ref.qubit_W(ref.battery_reduced(
            ref.ref_steady_state("nonequilibrium", omega=16.0, **kw), N))
        assert abs(out["local"][k] - local) < 5e-15
        assert abs(out["global"][k] - reference_W(ref.ref_davies_liouvillian(**kw), N)) < 5e-15
        assert abs(out["redfield"][k] - reference_W(ref.ref_redfield_liouvillian(**kw), N)) < 5e-15
    # J = 0: the three coincide
    assert out["local"][0] == pytest.approx(out["global"][0], abs=1e-13)
    assert out["redfield"][0] == pytest.approx(out["global"][0], abs=1e-13)


def test_omega0_does_not_enter_at_resonant_reservoirs():
    Js = [0.0, 0.5, 1.0, 3.0]
    a = qbcore.compare_master_equations(Js)
    b = qbcore.compare_master_equations(Js, omega0=37.0)
    for key in ("local", "global", "redfield"):
        np.testing.assert_allclose(a[key], b[key], atol=1e-14, rtol=0)


def grid():
    """|local - Redfield| and |Davies - Redfield| on the (J/gamma, J/T) grid, J = 1."""
    xs, ys = [0.1, 1.0, 10.0, 100.0], [0.01, 0.1, 0.3, 1.0, 3.0]
    loc, dav = np.empty((4, 5)), np.empty((4, 5))
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            r = qbcore.compare_master_equations([1.0], gamma=1.0 / x, T=1.0 / y, dmu=2.0 / y)
            loc[i, j] = abs(r["local"][0] - r["redfield"][0])
            dav[i, j] = abs(r["global"][0] - r["redfield"][0])
    return np.array(ys), loc, dav


def test_which_equation_holds_where():
    """Local ~ Redfield is governed by J/T; Davies ~ Redfield needs J >> gamma."""
    ys, loc, dav = grid()
    # local form: within 0.01 of Redfield for J/T <= 0.3 at every J/gamma, off by > 0.08
    # at J/T >= 1 once J/gamma >= 1
    assert loc[:, ys <= 0.3].max() < 0.01
    assert loc[1:, ys >= 1.0].min() > 0.08
    # Davies: within 0.002 for J/gamma >= 10 at every J/T, off by > 0.04 at J/gamma <= 1
    assert dav[2:].max() < 0.002
    assert dav[:2, ys <= 1.0].min() > 0.04


def test_negative_redfield_eigenvalues_are_collected():
    out = qbcore.compare_master_equations([0.1, 3.0])
    assert out["redfield_lowest_eigenvalue"][0] > 0 > out["redfield_lowest_eigenvalue"][1]


@pytest.mark.parametrize("kw, exc, name", [
    (dict(J_values=[]), ValueError, "J"), (dict(J_values=[1.0], N=7), ValueError, "N"),
    (dict(J_values=[1.0], T=-1.0), ValueError, "T"),
    (dict(J_values=[np.nan]), ValueError, "J"), (dict(J_values=[1.0, np.inf]), ValueError, "J"), (dict(J_values=[1.0], omega0=-1.0), ValueError,
                                                 "omega0"),
])
def test_bad_input_is_named(kw, exc, name):
    with pytest.raises(exc, match=name):
        qbcore.compare_master_equations(**kw)
