"""Property-based invariants over random valid parameters (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qbcore

finite = dict(allow_nan=False, allow_infinity=False)
params = st.fixed_dictionaries({
    "N": st.integers(2, 5),
    "mu": st.floats(-5, 10, **finite),
    "dmu": st.floats(-5, 10, **finite),
    "T": st.floats(0, 10, **finite),
    "J": st.floats(0, 5, **finite),
    "gamma": st.floats(1e-3, 1e3, **finite),
    "topology": st.sampled_from(["star", "chain"]),
})


def assert_physical(rho):
    m = rho.full()
    assert np.abs(m - m.conj().T).max() < 1e-12
    assert abs(np.trace(m) - 1) < 1e-10
    assert np.linalg.eigvalsh(m).min() > -1e-10


@settings(max_examples=40, deadline=None, derandomize=True)
@given(params)
def test_nonequilibrium_state_is_physical(p):
    rho = qbcore.steady_state("nonequilibrium", **p)
    assert_physical(rho)
    p_e = rho.ptrace(0).full()[0, 0].real
    W = qbcore.battery_ergotropy("nonequilibrium", **p)
    assert 0.0 <= W <= 1.0
    assert W == pytest.approx(max(0.0, 2 * p_e - 1), abs=1e-9)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(params.map(lambda p: {k: v for k, v in p.items() if k != "dmu"}),
       st.sampled_from(["ground", "mixed"]))
def test_equilibrium_state_is_physical(p, initial):
    p = {**p, "N": min(p["N"], 4)}
    try:
        rho = qbcore.steady_state("equilibrium", initial=initial, **p)
    except qbcore.UnphysicalStateError as exc:
        # allowed only where the kernel is numerically degenerate, and said so
        assert "nearly degenerate" in str(exc)
        return
    assert_physical(rho)
    assert 0.0 <= qbcore.battery_ergotropy("equilibrium", initial=initial, **p) <= 1.0


@pytest.mark.parametrize("extreme", [
    dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
    dict(gamma=1e-6), dict(gamma=1e6), dict(T=0.0, mu=1.0),
])
@pytest.mark.parametrize("N", [2, 3, 5])
def test_extreme_nonequilibrium_inputs_are_finite(extreme, N):
    kw = {"mu": 1.5, "dmu": 2.0, "T": 1.0, "N": N, **extreme}
    for method in ("symmetric", "blocks"):
        W = qbcore.battery_ergotropy("nonequilibrium", method=method, **kw)
        assert np.isfinite(W) and 0.0 <= W <= 1.0


@pytest.mark.parametrize("extreme", [
    dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
    dict(gamma=1e-3), dict(gamma=1e3),
])
def test_extreme_equilibrium_inputs_are_finite(extreme):
    kw = {"mu": 1.5, "T": 1.0, "N": 3, **extreme}
    W = qbcore.battery_ergotropy("equilibrium", **kw)
    assert np.isfinite(W) and 0.0 <= W <= 1.0


@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
def test_omega0_drops_out(scenario):
    extra = {} if scenario == "equilibrium" else {"dmu": 1.0}
    Ws = [qbcore.battery_ergotropy(scenario, mu=2.0, T=0.7, N=4, omega0=w0, **extra)
          for w0 in (0.0, 1.0, 10.0, 1e3)]
    assert np.ptp(Ws) < 1e-12


# ------------------------------------------------- further checks ---

import warnings  # noqa: E402

import reference as ref  # noqa: E402


def _check_state_and_W(scenario, kw):
    rho = qbcore.steady_state(scenario, **kw)
    m = rho.full()
    assert rho.dims == [[2] * kw["N"]] * 2
    ref.assert_density_matrix(m)
    rho_B = ref.battery_reduced(m, kw["N"])
    p_e = rho_B[0, 0].real
    W = qbcore.battery_ergotropy(scenario, **kw)
    assert isinstance(W, float) and np.isfinite(W) and 0.0 <= W <= 1.0
    assert W == pytest.approx(max(0.0, 2 * p_e - 1), abs=1e-9)
    assert W == pytest.approx(ref.qubit_W(rho_B), abs=1e-9)
    return W


# The collective scenario's kernel is numerically degenerate when J << gamma
# (see test_steady.py::test_collective_limit_with_weak_hopping, an xfail): here J is 0 or
# min(5, r gamma) with r >= 0.05 (so J/gamma >= 5e-3), where every result must be a density
# matrix and no error is allowed.
well_conditioned = st.fixed_dictionaries({
    "N": st.integers(2, 5),
    "mu": st.floats(-5, 10, **finite),
    "T": st.floats(0, 10, **finite),
    "gamma": st.floats(1e-3, 1e3, **finite),
    "ratio": st.one_of(st.just(0.0), st.floats(0.05, 5.0, **finite)),
    "topology": st.sampled_from(["star", "chain"]),
    "initial": st.sampled_from(["ground", "mixed"]),
}).map(lambda p: {**{k: v for k, v in p.items() if k != "ratio"},
                  "J": min(5.0, p["ratio"] * p["gamma"])})


@settings(max_examples=40, deadline=None, derandomize=True)
@given(well_conditioned)
def test_equilibrium_well_conditioned_always_physical(p):
    _check_state_and_W("equilibrium", p)


per_qubit = st.integers(2, 5).flatmap(lambda N: st.fixed_dictionaries({
    "N": st.just(N),
    "mus": st.lists(st.floats(-5, 15, **finite), min_size=N, max_size=N),
    "Ts": st.lists(st.floats(0, 10, **finite), min_size=N, max_size=N),
    "J": st.floats(0, 5, **finite),
    "gamma": st.floats(1e-3, 1e3, **finite),
    "omega": st.floats(-2, 5, **finite),
    "topology": st.sampled_from(["star", "chain"]),
}))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(per_qubit)
def test_nonequilibrium_per_qubit_reservoirs_physical(p):
    _check_state_and_W("nonequilibrium", p)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(params)
def test_nonequilibrium_W_from_ptrace(p):
    _check_state_and_W("nonequilibrium", p)


NONEQ_EXTREMES = [
    dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
    dict(gamma=1e-6), dict(gamma=1e6), dict(T=0.0, mu=1.0), dict(T=0.0, dmu=0.0, mu=1e3),
]
# N = 6 in the chain goes through GMRES; where every reservoir is full (n = 1) that path
# is slow and noisy (xfail below), so those cases run at N = 2, 4 and in the star only.
_ALL_FULL = (0, 2, 8)
NONEQ_EXTREME_CASES = [(N, top, i) for N in (2, 4, 6) for top in ("star", "chain")
                       for i in range(len(NONEQ_EXTREMES))
                       if not (N == 6 and top == "chain" and i in _ALL_FULL)]


@pytest.mark.parametrize("N, topology, i", NONEQ_EXTREME_CASES)
def test_extreme_nonequilibrium_physical(N, topology, i):
    kw = {"mu": 1.5, "dmu": 2.0, "T": 1.0, "N": N, "topology": topology, **NONEQ_EXTREMES[i]}
    _check_state_and_W("nonequilibrium", kw)


@pytest.mark.parametrize("topology, method", [("chain", "auto"), ("star", "blocks")])
def test_all_full_reservoirs_gmres_without_warnings(topology, method):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        W = qbcore.battery_ergotropy("nonequilibrium", N=6, mu=1.5, dmu=2.0, T=0.0,
                                     topology=topology, method=method)
    # every qubit pumped into |e> (product state, see test_steady); the stacked real solve
    # of N = 6 (qbcore.solvers.gauge) ends within a few units of round-off of 1
    assert abs(W - 1.0) <= 2e-15


def test_all_full_reservoirs_gmres_result_is_right():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        rho = qbcore.steady_state("nonequilibrium", N=6, mu=1.5, dmu=2.0, T=0.0,
                                  topology="chain").full()
    np.testing.assert_allclose(rho, ref.qubit_product([1.0] * 6), atol=1e-10)


@pytest.mark.parametrize("extreme", [
    dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
    dict(gamma=1e-3), dict(gamma=1e3, J=5.0), dict(T=0.0, mu=1.0),
])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("N", [2, 4, 5])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_extreme_equilibrium_physical(extreme, topology, N, initial):
    kw = {"mu": 1.5, "T": 1.0, "N": N, "topology": topology, "initial": initial, **extreme}
    _check_state_and_W("equilibrium", kw)


@pytest.mark.parametrize("scenario, kw", [
    ("equilibrium", dict(N=3, mu=2.0, T=0.7, topology="chain")),
    ("equilibrium", dict(N=5, mu=3.0, T=1.2, initial="mixed")),
    ("nonequilibrium", dict(N=5, mu=0.5, dmu=3.0, T=0.7, topology="chain")),
    ("nonequilibrium", dict(N=3, mus=[0.0, 2.0, 5.0], Ts=[0.5, 1.0, 0.0])),
])
def test_omega0_changes_neither_W_nor_the_state(scenario, kw):
    rhos = [qbcore.steady_state(scenario, omega0=w0, **kw).full() for w0 in (0.0, 1.0, 10.0, 1e3)]
    Ws = [qbcore.battery_ergotropy(scenario, omega0=w0, **kw) for w0 in (0.0, 1.0, 10.0, 1e3)]
    assert max(Ws) - min(Ws) < 1e-12
    for rho in rhos[1:]:
        np.testing.assert_allclose(rho, rhos[0], atol=1e-12)
