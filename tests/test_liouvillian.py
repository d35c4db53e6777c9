"""qbcore.liouvillian: charge sectors against QuTiP's full Liouvillian."""

import numpy as np
import pytest
import qutip

import qbcore
from qbcore.liouvillian import coefficients, sector, sector_matrix
from qbcore.solvers.solution import sector_vector as _sector_vector


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
    sec = sector(N, topology, p.scenario, q)
    L = sec.matrix(coefficients(p), dense=True)
    np.testing.assert_allclose(L @ _sector_vector(sec, rho), _sector_vector(sec, out), atol=3e-14,
                               rtol=0)  # 6e-15 reached
    # L keeps the charge: nothing leaks out of the sector
    leak = out.copy()
    for n, m in sec.blocks:
        leak[np.ix_(sec.states[n], sec.states[m])] = 0
    assert np.abs(leak).max() < 1e-15


def test_collapse_operators_and_rates():
    """Against QuTiP's own sigma_- (reference.py), not qbcore's operators."""
    import reference as ref
    p = qbcore.make_parameters("nonequilibrium", N=3, mu=1.0, dmu=2.0, T=0.5, gamma=2.0)
    ops = qbcore.collapse_operators(p)
    assert len(ops) == 6
    for i, mu in enumerate([1.0, 3.0, 3.0]):
        n = 1.0 / (np.exp((1.0 - mu) / 0.5) + 1.0)
        assert (ops[2 * i] - np.sqrt(2.0 * (1 - n)) * ref.ref_sm(i, 3)).norm("max") < 1e-15
        assert (ops[2 * i + 1] - np.sqrt(2.0 * n) * ref.ref_sm(i, 3).dag()).norm("max") < 1e-15
    eq = qbcore.collapse_operators(qbcore.make_parameters("equilibrium", mu=1.0, T=1.0))
    assert len(eq) == 2
    J_minus = ref.ref_sm(0, 3) + ref.ref_sm(1, 3) + ref.ref_sm(2, 3)
    assert (eq[0] - np.sqrt(0.5) * J_minus).norm("max") < 1e-15
    assert (eq[1] - np.sqrt(0.5) * J_minus.dag()).norm("max") < 1e-15


# ------------------------------------------------- further checks ---

import reference as ref  # noqa: E402


def _kw(scenario, N, topology, rng):
    kw = dict(N=N, topology=topology, J=float(rng.uniform(0.2, 2.5)),
              gamma=float(rng.uniform(0.3, 2.0)), omega0=float(rng.uniform(0.5, 5.0)),
              omega=float(rng.uniform(0.5, 1.5)))
    if scenario == "equilibrium":
        kw.update(mu=float(rng.uniform(-1, 4)), T=float(rng.uniform(0.3, 3)))
    else:  # per-qubit reservoirs, all different
        kw.update(mus=list(rng.uniform(-1, 4, N)), Ts=list(rng.uniform(0.3, 3, N)))
    return kw


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
def test_every_sector_matches_plain_qutip(N, topology, scenario):
    """Sector matrices against qutip.liouvillian of the independently built model, all q."""
    rng = np.random.default_rng(100 * N + 10 * len(topology) + len(scenario))
    kw = _kw(scenario, N, topology, rng)
    p = qbcore.make_parameters(scenario, **kw)
    L_ref = ref.ref_liouvillian(scenario, **kw)
    charge = ref.charge_of_entries(N)
    for q in range(-N, N + 1):
        X = ref.random_charge_operator(N, q, rng)
        Y = ref.ref_apply(L_ref, X, N)
        # L conserves the charge: nothing outside charge q
        assert np.abs(Y[charge != q]).max(initial=0.0) < 1e-15
        sec = sector(N, topology, p.scenario, q)
        assert sec.dim == np.count_nonzero(charge == q)
        got = sec.matrix(coefficients(p), dense=True) @ _sector_vector(sec, X)
        np.testing.assert_allclose(got, _sector_vector(sec, Y), atol=1e-13, rtol=0)
        if sec.dim > 1:  # the sparse form is the same matrix
            sparse = sec.matrix(coefficients(p), dense=False)
            np.testing.assert_allclose(sparse @ _sector_vector(sec, X), got, atol=1e-13, rtol=0)


@pytest.mark.parametrize("N", [2, 4])
@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
def test_full_liouvillian_equals_plain_qutip(N, scenario):
    rng = np.random.default_rng(N)
    kw = _kw(scenario, N, "chain", rng)
    L = qbcore.liouvillian(qbcore.make_parameters(scenario, **kw))
    assert np.abs(L.full() - ref.ref_liouvillian(scenario, **kw).full()).max() < 1e-14


@pytest.mark.parametrize("N", [2, 3, 5])
def test_sector_structure(N):
    counts = ref.excitation_counts(N)
    for q in range(-N, N + 1):
        sec = sector(N, "star", True, q)
        for n in range(N + 1):
            np.testing.assert_array_equal(sec.states[n], np.flatnonzero(counts == n))
        assert all(m - n == q for n, m in sec.blocks)
    # the q = 0 sector holds binomial(2N, N) unknowns
    from math import comb
    assert sector(N, "chain", False, 0).dim == comb(2 * N, N)
    with pytest.raises(ValueError):
        sector(N, "star", True, N + 1)
    with pytest.raises(ValueError):
        sector(N, "star", True, 1).diagonal_positions()


@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
def test_liouvillian_is_trace_preserving_in_sector_zero(scenario):
    rng = np.random.default_rng(3)
    kw = _kw(scenario, 4, "star", rng)
    p = qbcore.make_parameters(scenario, **kw)
    sec = sector(4, "star", p.scenario, 0)
    L = sec.matrix(coefficients(p), dense=True)
    # columns summed over the diagonal positions vanish: d/dt tr(rho) = 0
    np.testing.assert_allclose(L[sec.diagonal_positions()].sum(axis=0), 0.0, atol=2e-15, rtol=0)


def test_rates_follow_fermi_per_reservoir():
    from qbcore.liouvillian import rates
    mus, Ts = [0.0, 2.0, 1.0], [1.0, 0.0, 0.5]
    p = qbcore.make_parameters("nonequilibrium", N=3, mus=mus, Ts=Ts, gamma=1.7, omega=1.0)
    expected = []
    for m, t in zip(mus, Ts):
        n = ref.ref_fermi(1.0, m, t)
        expected += [1.7 * (1 - n), 1.7 * n]
    np.testing.assert_allclose(rates(p), expected, rtol=1e-14)


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
def test_sectors_with_local_coupling_and_detuning_match_plain_qutip(N, topology, scenario):
    """Every q: gamma_local (equilibrium, in [0.05, 2]) and per-qubit omega0s (in [0.5, 5])."""
    rng = np.random.default_rng(300 * N + 10 * len(topology) + len(scenario))
    kw = _kw(scenario, N, topology, rng)
    kw.pop("omega0")
    kw["omega0s"] = list(rng.uniform(0.5, 5.0, N))
    if scenario == "equilibrium":
        kw["gamma_local"] = float(rng.uniform(0.05, 2.0))
    p = qbcore.make_parameters(scenario, **kw)
    L_ref = ref.ref_liouvillian(scenario, **kw)
    assert np.abs(qbcore.liouvillian(p).full() - L_ref.full()).max() < 5e-15
    for q in range(-N, N + 1):
        X = ref.random_charge_operator(N, q, rng)
        expected = _sector_vector(sector(N, topology, p.scenario, q), ref.ref_apply(L_ref, X, N))
        sec = sector(N, topology, p.scenario, q)
        for dense in (True, False):
            got = sector_matrix(p, q, dense=dense) @ _sector_vector(sec, X)
            np.testing.assert_allclose(got, expected, atol=1e-13, rtol=0)


def test_equilibrium_rates_and_components():
    """Six components: hopping, frequency, D[J-], D[J+], sum D[s-^i], sum D[s+^i]."""
    from qbcore.liouvillian import rates
    p = qbcore.make_parameters("equilibrium", N=3, mu=1.5, T=0.5, gamma=2.0, gamma_local=0.3)
    n = ref.ref_fermi(1.0, 1.5, 0.5)
    np.testing.assert_allclose(rates(p), [2 * (1 - n), 2 * n, 0.3 * (1 - n), 0.3 * n], rtol=1e-14)
    assert sector(3, "star", "equilibrium", 0).terms.shape[0] == 6
    assert len(qbcore.collapse_operators(p)) == 2 + 2 * 3
    no_local = qbcore.make_parameters("equilibrium", N=3, mu=1.5, T=0.5)
    assert len(qbcore.collapse_operators(no_local)) == 2
