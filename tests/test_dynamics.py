"""qbcore.charging against qutip.mesolve on the plain-QuTiP model, across methods, and its invariants.

The reference (tests/reference.py) builds the model from QuTiP's own operators;
``qutip.mesolve`` integrates it (tolerances 1e-12 absolute, 1e-10 relative), an
algorithm unrelated to qbcore's exponentials.  Agreement reached: 1e-11 to
4e-11 in ``W`` and ``p_e``; the tolerances are set a small factor above.
"""

import numpy as np
import pytest
import qutip

import qbcore
import reference as ref
from qbcore import dynamics
from qbcore.expm import TOL, ConvergenceError

MESOLVE = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000}
TIMES = np.array([7.0, 0.0, 0.3, 40.0, 0.05, 1.0, 2.5])  # deliberately unsorted
ATOL = 2e-10  # against mesolve (reached: 4e-11)


def mesolve(scenario, times, initial="ground", **kw):
    """``(W, p_e)`` at ``times`` from qutip.mesolve on the reference model."""
    N = kw["N"]
    H, c_ops = ref.ref_model(scenario, **kw)
    if isinstance(initial, str):
        g = qutip.basis(2, 1)
        rho0 = (qutip.tensor([g * g.dag()] * N) if initial == "ground"
                else qutip.tensor([qutip.qeye(2) / 2] * N))
    else:
        rho0 = ref.as_qobj(initial, N)
    order = np.argsort(times)
    tlist = np.concatenate([[0.0], np.asarray(times)[order]])
    states = qutip.mesolve(H, rho0, tlist, c_ops, options=MESOLVE).states[1:]
    W, p_e = np.empty(len(times)), np.empty(len(times))
    for k, state in zip(order, states):
        rho_B = state.ptrace(0).full()
        W[k], p_e[k] = ref.qubit_W(rho_B), rho_B[0, 0].real
    return W, p_e


def draw(seed, N, scenario):
    rng = np.random.default_rng(seed)
    kw = dict(N=N, mu=float(rng.uniform(-1, 3)), T=float(rng.uniform(0.3, 2)),
              J=float(rng.uniform(0.2, 2)), gamma=float(rng.uniform(0.5, 1.5)),
              omega0=float(rng.uniform(1, 10)))
    if scenario == "nonequilibrium":
        kw["dmu"] = float(rng.uniform(0, 3))
    return kw


def assert_matches_mesolve(scenario, times=TIMES, initial="ground", **kw):
    got = qbcore.charging_result(scenario, times, initial=initial, **kw)
    W, p_e = mesolve(scenario, times, initial, **kw)
    np.testing.assert_allclose(got.p_e, p_e, atol=ATOL)
    np.testing.assert_allclose(got.W, W, atol=ATOL)
    return got


# ------------------------------------------------------ against mesolve ---

@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_nonequilibrium_matches_mesolve(N, topology):
    got = assert_matches_mesolve("nonequilibrium", topology=topology,
                                 **draw(100 * N + len(topology), N, "nonequilibrium"))
    assert got.method == ("dicke" if topology == "star" or N == 2 else "blocks")


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_equilibrium_matches_mesolve(N, topology, initial):
    assert_matches_mesolve("equilibrium", topology=topology, initial=initial,
                           **draw(200 * N + len(topology) + len(initial), N, "equilibrium"))


@pytest.mark.parametrize("N, topology", [(3, "star"), (4, "star"), (4, "chain")])
def test_equilibrium_with_local_coupling_matches_mesolve(N, topology):
    assert_matches_mesolve("equilibrium", topology=topology, gamma_local=0.07,
                           **draw(300 + N, N, "equilibrium"))


@pytest.mark.parametrize("scenario", ["nonequilibrium", "equilibrium"])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_detuned_battery_matches_mesolve(scenario, topology):
    """A battery at 10 and ancillas at 11: omega0 no longer drops out of the dynamics."""
    kw = draw(400 + len(topology), 4, scenario)
    kw.pop("omega0")
    assert_matches_mesolve(scenario, topology=topology, omega0s=[10.0, 11.0, 11.0, 11.0], **kw)


@pytest.mark.parametrize("N", [3, 4])
def test_per_qubit_reservoirs_match_mesolve(N):
    rng = np.random.default_rng(7 + N)
    kw = dict(N=N, mus=list(rng.uniform(-1, 4, N)), Ts=list(rng.uniform(0.3, 2, N)), J=0.7,
              topology="chain")
    assert assert_matches_mesolve("nonequilibrium", **kw).method == "blocks"


def test_start_with_battery_coherences_matches_mesolve():
    """A random pure start: rho_B has coherences (sector q = -1) and W is their ergotropy."""
    rng = np.random.default_rng(3)
    psi = rng.standard_normal(8) + 1j * rng.standard_normal(8)
    psi /= np.linalg.norm(psi)
    rho0 = np.outer(psi, psi.conj())
    got = assert_matches_mesolve("nonequilibrium", initial=rho0, N=3, mu=2.0, dmu=1.0, T=0.7,
                                 J=1.3)
    assert np.abs(got.W - np.maximum(0, 2 * got.p_e - 1)).max() > 1e-2  # coherences matter


# -------------------------------------------- the methods against each other ---

@pytest.mark.parametrize("N", [2, 3, 5, 6, 8, 9])
def test_dicke_matches_sectors_nonequilibrium(N):
    kw = draw(500 + N, N, "nonequilibrium")
    a = qbcore.charging_result("nonequilibrium", TIMES, **kw)
    b = qbcore.charging_result("nonequilibrium", TIMES, method="blocks", **kw)
    assert (a.method, b.method) == ("dicke", "blocks")
    np.testing.assert_allclose(a.p_e, b.p_e, atol=2e-9)
    c = qbcore.charging_result("nonequilibrium", TIMES, method="symmetric", **kw)
    np.testing.assert_allclose(a.p_e, c.p_e, atol=2e-9)


@pytest.mark.parametrize("N", [2, 4, 5, 7, 9])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_dicke_matches_sectors_equilibrium(N, initial):
    kw = draw(600 + N + len(initial), N, "equilibrium")
    a = qbcore.charging_result("equilibrium", TIMES, initial=initial, **kw)
    b = qbcore.charging_result("equilibrium", TIMES, initial=initial, method="blocks", **kw)
    np.testing.assert_allclose(a.p_e, b.p_e, atol=2e-9)


@pytest.mark.parametrize("N", [3, 6, 8])
def test_dicke_matches_sectors_with_local_coupling_and_detuning(N):
    kw = draw(700 + N, N, "equilibrium")
    kw.pop("omega0")
    extra = dict(gamma_local=0.03, omega0s=[9.0] + [9.5] * (N - 1))
    a = qbcore.charging_result("equilibrium", TIMES, **kw, **extra)
    b = qbcore.charging_result("equilibrium", TIMES, method="blocks", **kw, **extra)
    assert a.method == "dicke"
    np.testing.assert_allclose(a.p_e, b.p_e, atol=2e-9)


# --------------------------------------------------- long times, invariants ---

@pytest.mark.parametrize("N", [3, 11, 51, 200])
def test_long_time_limit_is_the_steady_state(N):
    kw = draw(800 + N, N, "nonequilibrium")
    W = qbcore.charging("nonequilibrium", [300.0, 1000.0], **kw)
    np.testing.assert_allclose(W, qbcore.battery_ergotropy("nonequilibrium", **kw), atol=2e-9)


@pytest.mark.parametrize("initial", ["ground", "mixed"])
@pytest.mark.parametrize("N", [5, 30])
def test_collective_long_time_limit_depends_on_the_start(initial, N):
    kw = dict(N=N, mu=2.0, T=1.0, initial=initial)
    W = qbcore.charging("equilibrium", [3000.0], **kw)
    assert W[0] == pytest.approx(qbcore.battery_ergotropy("equilibrium", **kw), abs=2e-9)


@pytest.mark.parametrize("scenario", ["nonequilibrium", "equilibrium"])
@pytest.mark.parametrize("N", [4, 31])
def test_invariants_on_random_samples(scenario, N):
    """Trace 1, 0 <= p_e <= 1, the estimate below tol, W = max(0, 2 p_e - 1)."""
    times = np.concatenate([[0.0], np.geomspace(1e-3, 300, 12)])
    for seed in range(3):
        kw = draw(900 + 10 * N + seed, N, scenario)
        c = qbcore.charging_result(scenario, times, **kw)
        assert np.all(np.abs(c.trace - 1) <= 1e-9)
        assert np.all((c.p_e >= -1e-10) & (c.p_e <= 1 + 1e-10))
        assert np.all(c.error <= TOL)
        np.testing.assert_array_equal(c.W, np.maximum(0, 2 * c.p_e - 1))
        np.testing.assert_allclose(c.energy, 2 * kw["omega0"] * c.p_e, rtol=1e-15)
        np.testing.assert_allclose(c.ergotropy, 2 * kw["omega0"] * c.W, rtol=1e-15)


def test_time_zero_is_exact_order_and_shape_are_kept():
    kw = dict(N=41, mu=1.0, dmu=2.0, T=1.0)
    c = qbcore.charging_result("nonequilibrium", TIMES, **kw)
    zero = TIMES == 0
    assert c.p_e[zero] == 0.0 and c.trace[zero] == 1.0 and c.W[zero] == 0.0
    perm = np.random.default_rng(0).permutation(len(TIMES))
    d = qbcore.charging_result("nonequilibrium", TIMES[perm], **kw)
    np.testing.assert_allclose(d.p_e, c.p_e[perm], atol=1e-10)
    grid = qbcore.charging("nonequilibrium", TIMES[1:].reshape(2, 3), **kw)
    assert grid.shape == (2, 3)
    np.testing.assert_allclose(grid.ravel(), c.W[1:], atol=1e-10)
    scalar = qbcore.charging("nonequilibrium", 7.0, **kw)
    assert scalar.shape == () and scalar == pytest.approx(c.W[0], abs=1e-10)
    mixed = qbcore.charging_result("nonequilibrium", [0.0], initial="mixed", **kw)
    assert mixed.p_e[0] == pytest.approx(0.5, abs=1e-14)


def test_switch_and_shift_do_not_change_the_result():
    """Taylor steps only, Krylov only, two shifts: independent algorithms agree to tol."""
    kw = dict(N=61, mu=1.0, dmu=2.0, T=1.0)
    times = [0.1, 1.0, 3.0, 10.0]
    ref_pe = qbcore.charging_result("nonequilibrium", times, switch=20.0, **kw).p_e
    for switch, shift in [(0.0, 0.03), (0.0, 0.1), (1.0, None)]:
        got = qbcore.charging_result("nonequilibrium", times, switch=switch, shift=shift, **kw)
        np.testing.assert_allclose(got.p_e, ref_pe, atol=2e-9)


@pytest.mark.parametrize("seed", range(6))
def test_random_times_against_taylor_steps_alone(seed):
    """One to three random times, N = 21..81: the default path against Taylor steps only.

    Guards the Krylov space's start after the first 1/gamma of the transient
    (from t = 0 the rational approximation can stall on a plateau above tol).
    """
    rng = np.random.default_rng([1000, seed])
    N = int(rng.choice([21, 40, 41, 81]))
    kw = draw(1000 + seed, N, "nonequilibrium")
    kw["initial"] = ("ground", "mixed")[seed % 2]
    times = np.round(rng.choice(np.geomspace(0.05, 40, 30), size=int(rng.integers(1, 4)),
                                replace=False), 6)
    got = qbcore.charging_result("nonequilibrium", times, **kw)
    taylor = qbcore.charging_result("nonequilibrium", times, switch=times.max() + 1, **kw)
    assert taylor.dimension == 0
    np.testing.assert_allclose(got.p_e, taylor.p_e, atol=2 * TOL)


def test_krylov_that_cannot_converge_raises():
    with pytest.raises(ConvergenceError):
        qbcore.charging("nonequilibrium", [0.01, 100.0], N=31, mu=1.0, dmu=2.0, T=1.0,
                        switch=0.0, shift=1.0, max_dim=4, tol=1e-12)


@pytest.mark.slow
def test_n_1001_five_times():
    """The paper's parameters at N = 1001: the last time is the steady state."""
    kw = dict(N=1001, mu=1.0, dmu=2.0, T=1.0)
    c = qbcore.charging_result("nonequilibrium", [0.1, 1.0, 10.0, 100.0, 1000.0], **kw)
    assert c.method == "dicke" and c.unknowns == 752_502
    assert np.all(c.error <= TOL) and np.all(np.abs(c.trace - 1) <= 1e-9)
    assert c.W[-1] == pytest.approx(qbcore.battery_ergotropy("nonequilibrium", **kw), abs=2e-9)
    assert c.W[0] == 0.0 and 0.1 < c.W[1] < c.W[2]
    # the curve shipped for the book (benchmarks/bench_charging.py --curve) is this computation
    shipped = qbcore.dynamics.benchmark_curve()
    for t, w in zip([0.1, 1.0, 10.0, 100.0], c.W[:4]):
        assert shipped["W"][np.flatnonzero(shipped["t"] == t)[0]] == pytest.approx(w, abs=1e-9)


def test_shipped_n_1001_curve_is_consistent():
    """The battery's reduced state is diagonal, so W = max(0, 2 p_e - 1) at every time."""
    shipped = qbcore.dynamics.benchmark_curve()
    t, W, p_e = shipped["t"], shipped["W"], shipped["p_e"]
    assert len(t) == 22 and np.all(np.diff(t) > 0) and t[0] > 0
    assert np.allclose(W, np.maximum(0.0, 2 * p_e - 1), atol=1e-9)
    assert np.all(shipped["error"] <= TOL)


# ------------------------------------------------------------ bad input ---

@pytest.mark.parametrize("times", [[-1.0], [0.0, np.nan], [np.inf], [], [[1.0], [2.0, 3.0]]])
def test_bad_times_raise_value_error(times):
    with pytest.raises(ValueError, match="times"):
        qbcore.charging("nonequilibrium", times, N=3, mu=1.0, dmu=2.0, T=1.0)


@pytest.mark.parametrize("times", ["1.0", [1 + 1j], None, {"a": 1}, [True]])
def test_non_numeric_times_raise_type_error(times):
    with pytest.raises(TypeError, match="times"):
        qbcore.charging("nonequilibrium", times, N=3, mu=1.0, dmu=2.0, T=1.0)


@pytest.mark.parametrize("kw, exc, word", [
    (dict(N=1), ValueError, "N"),
    (dict(N=12, topology="chain"), ValueError, "N must be <= 10"),
    (dict(N=11, mus=[1.0] * 10 + [2.0], mu=None, dmu=None), ValueError, "N must be <= 10"),
    (dict(method="dicke", topology="chain", N=4), ValueError, "method"),
    (dict(method="fast"), ValueError, "method"),
    (dict(master_equation="global", omega=None), ValueError, "master_equation"),
    (dict(tol=0.0), ValueError, "tol"),
    (dict(tol=0.1), ValueError, "tol"),
    (dict(shift=-1.0), ValueError, "shift"),
    (dict(switch=-1.0), ValueError, "switch"),
    (dict(max_dim=1), ValueError, "max_dim"),
    (dict(max_dim=2.5), TypeError, "max_dim"),
])
def test_bad_parameters_are_caught_before_numerics(kw, exc, word):
    base = dict(N=3, mu=1.0, dmu=2.0, T=1.0)
    base.update(kw)
    base = {k: v for k, v in base.items() if v is not None}
    with pytest.raises(exc, match=word):
        qbcore.charging("nonequilibrium", [1.0], **base)


def test_charging_method_choice():
    p = qbcore.make_parameters("nonequilibrium", N=4, mu=1.0, T=1.0, topology="chain")
    assert dynamics.charging_method(p, "auto") == "blocks"
    p = qbcore.make_parameters("nonequilibrium", N=4, mu=1.0, T=1.0)
    assert dynamics.charging_method(p, "auto") == "dicke"
    assert dynamics.charging_method(p, "symmetric") == "symmetric"
