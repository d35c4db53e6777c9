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
