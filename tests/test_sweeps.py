"""qbcore.sweeps: W along one parameter and over a grid, against pointwise calls."""

import numpy as np
import pytest

import qbcore


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


# ------------------------------------------- batching, executors, failures ---

from concurrent.futures import Executor, Future, ProcessPoolExecutor  # noqa: E402

from qbcore.batch import normalised_ergotropy, solve_point  # noqa: E402
from qbcore.parameters import make_parameters  # noqa: E402
from qbcore.linalg import REUSE_DENSE_MIN  # noqa: E402
from qbcore.solvers.gauge import real_unknowns  # noqa: E402
from qbcore.sweeps import PointFailure, SweepError  # noqa: E402


def reuses_dense_lu(scenario: str, N: int, topology: str) -> bool:
    """Does a sweep solve these points in order, reusing LUs (:class:`qbcore.linalg.DenseSweepSolver`)?

    The non-equilibrium chain from N = 6 (494 real unknowns, at least
    ``REUSE_DENSE_MIN``); the star's Dicke problems only from N = 20.
    """
    return (scenario == "nonequilibrium" and topology == "chain"
            and real_unknowns(N) >= REUSE_DENSE_MIN and N <= 6)


@pytest.mark.parametrize("scenario, N, topology", [
    ("nonequilibrium", 3, "star"), ("nonequilibrium", 4, "chain"), ("nonequilibrium", 5, "star"),
    ("nonequilibrium", 6, "chain"), ("equilibrium", 3, "chain"), ("equilibrium", 4, "star")])
def test_sweep2d_equals_the_unbatched_path_on_a_random_grid(rng, scenario, N, topology):
    """Seeded random grids in (mu, T) with J, gamma random; the grid holds mu = omega and T = 0."""
    mus = np.concatenate([[1.0], rng.uniform(-2, 6, 4)])  # omega = 1
    Ts = np.concatenate([[0.0], rng.uniform(0.05, 3, 3)])
    fixed = dict(N=N, topology=topology, J=float(rng.choice([0.0, rng.uniform(0.2, 3)])),
                 gamma=float(rng.uniform(0.3, 2)))
    if scenario == "nonequilibrium":
        fixed["dmu"] = float(rng.uniform(-2, 6))
    W = qbcore.sweep2d(scenario, ("mu", mus), ("T", Ts), **fixed)
    # bit for bit with single calls, except where the sweep reuses LU factorisations
    same = 1e-13 if reuses_dense_lu(scenario, N, topology) else 0.0
    for j, T in enumerate(Ts):
        for i, mu in enumerate(mus):
            p = make_parameters(scenario, mu=float(mu), T=float(T), **fixed)
            rho_B, _ = solve_point(p)  # the general path, point by point
            assert abs(W[j, i] - normalised_ergotropy(rho_B)) < 1e-12, (mu, T)
            assert abs(W[j, i] - qbcore.battery_ergotropy(scenario, mu=float(mu), T=float(T),
                                                          **fixed)) <= same


def test_executor_results_equal_serial_bit_for_bit():
    grid = dict(x=("dmu", np.linspace(-1, 6, 5)), y=("N", [2, 3, 4, 5, 6]))
    serial = qbcore.sweep2d("nonequilibrium", grid["x"], grid["y"], mu=1.0, T=0.7,
                            topology="chain")
    with ProcessPoolExecutor(2) as pool:
        parallel = qbcore.sweep2d("nonequilibrium", grid["x"], grid["y"], mu=1.0, T=0.7,
                                  topology="chain", executor=pool, chunksize=3)
        eq = qbcore.sweep("equilibrium", "mu", [0.0, 2.0, 4.0], N=4, T=1.0, executor=pool)
    small = [reuses_dense_lu("nonequilibrium", N, "chain") is False for N in grid["y"][1]]
    np.testing.assert_array_equal(parallel[small], serial[small])
    # the chain of six: the chunks of three points restart the LU reuse of the serial sweep
    assert not all(small)
    np.testing.assert_allclose(parallel[~np.array(small)], serial[~np.array(small)],
                               rtol=0, atol=1e-13)
    np.testing.assert_array_equal(eq, qbcore.sweep("equilibrium", "mu", [0.0, 2.0, 4.0], N=4,
                                                   T=1.0))


FAILING = dict(N=4, topology="chain", mu=5.0, T=1.0, gamma=1e3)  # J <~ 1: not certifiable


def test_failed_points_are_reported_and_the_others_kept():
    Js = [2.0, 0.1, 3.0, 0.5]
    with pytest.raises(SweepError) as info:
        qbcore.sweep("equilibrium", "J", Js, **FAILING)
    exc = info.value
    assert isinstance(exc, qbcore.UnphysicalStateError)  # handled where a point's failure is
    assert [f.index for f in exc.failures] == [(1,), (3,)]
    assert [f.params for f in exc.failures] == [{"J": 0.1}, {"J": 0.5}]
    assert all(isinstance(f.error, qbcore.UnphysicalStateError) for f in exc.failures)
    assert "2 of 4 points failed" in str(exc) and "J=0.1" in str(exc)
    assert np.isnan(exc.values[[1, 3]]).all()
    for k in (0, 2):
        assert exc.values[k] == qbcore.battery_ergotropy("equilibrium", J=Js[k], **FAILING)


class FlakyExecutor(Executor):
    """Runs tasks here; every second task fails as a lost worker would."""

    def __init__(self):
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):
        self.calls += 1
        future = Future()
        if self.calls % 2 == 0:
            future.set_exception(OSError("worker lost"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_a_lost_task_fails_its_points_only():
    dmus = np.linspace(0.0, 4.0, 6)
    with pytest.raises(SweepError) as info:
        qbcore.sweep("nonequilibrium", "dmu", dmus, mu=1.0, T=1.0, executor=FlakyExecutor(),
                     chunksize=2)
    exc = info.value
    assert [f.index for f in exc.failures] == [(2,), (3,)]
    assert all(isinstance(f.error, OSError) for f in exc.failures)
    expected = qbcore.sweep("nonequilibrium", "dmu", dmus, mu=1.0, T=1.0)
    np.testing.assert_array_equal(exc.values[[0, 1, 4, 5]], expected[[0, 1, 4, 5]])


def test_sweep2d_reports_failures_with_both_parameters():
    with pytest.raises(SweepError) as info:
        qbcore.sweep2d("equilibrium", ("J", [2.0, 0.1]), ("T", [1.0, 1.5]), N=4, topology="chain",
                       mu=5.0, gamma=1e3)
    exc = info.value
    assert exc.values.shape == (2, 2)
    assert all(set(f.params) == {"J", "T"} and f.params["J"] == 0.1 for f in exc.failures)
    assert {f.index for f in exc.failures} == {(0, 1), (1, 1)}
    assert isinstance(exc.failures[0], PointFailure) and "J=0.1" in exc.failures[0].describe()


def test_sweep_validates_every_point_before_solving(monkeypatch):
    import qbcore.executors as executors

    monkeypatch.setattr(executors, "battery_states", lambda *a, **k: pytest.fail("solved"))
    with pytest.raises(ValueError, match="T must be >= 0"):
        qbcore.sweep("nonequilibrium", "T", [1.0, 2.0, -1.0], mu=0.0, dmu=1.0)
    with pytest.raises(ValueError, match="N must be <= 10"):
        qbcore.sweep("nonequilibrium", "N", [3, 11], mu=0.0, dmu=1.0, T=1.0, method="blocks")


def test_progress_bar_counts_every_point(capsys):
    W = qbcore.sweep2d("nonequilibrium", ("mu", [0.0, 1.0, 2.0]), ("dmu", [0.0, 1.0]), T=1.0,
                       progress=True)
    assert W.shape == (2, 3)
    assert "6/6" in capsys.readouterr().err
