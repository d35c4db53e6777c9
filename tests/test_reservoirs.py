"""qbcore.reservoirs.fermi: limits, T = 0, overflow safety, broadcasting."""

import math
import warnings

import numpy as np
import pytest

from qbcore import fermi


def test_matches_formula():
    for w, mu, T in [(1.0, 0.0, 1.0), (1.0, 3.0, 0.5), (-2.0, 1.0, 4.0)]:
        assert fermi(w, mu, T) == pytest.approx(1.0 / (math.exp((w - mu) / T) + 1.0), rel=1e-14)


def test_limits_and_half_filling():
    assert fermi(1.0, 1.0, 2.0) == 0.5
    assert fermi(1e3, 0.0, 1.0) < 1e-300 and fermi(-1e3, 0.0, 1.0) == 1.0


@pytest.mark.parametrize("w, mu, expected", [(1.0, 2.0, 1.0), (1.0, 1.0, 0.5), (1.0, 0.0, 0.0)])
def test_zero_temperature_is_a_step(w, mu, expected):
    assert fermi(w, mu, 0.0) == expected


def test_no_overflow_at_large_ratio():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            assert fermi(1e4 + 1.0, 1.0, 1.0) == 0.0
            assert fermi(-1e4 + 1.0, 1.0, 1.0) == 1.0


def test_particle_hole_symmetry_and_broadcast():
    x = np.linspace(-5, 5, 11)
    T = np.array([0.0, 0.3, 1.0, 7.0])[:, None]
    n = fermi(1.0 + x, 1.0, T)
    assert n.shape == (4, 11)
    assert np.allclose(n + fermi(1.0 - x, 1.0, T), 1.0)
    assert np.all(np.diff(n, axis=1) <= 0)


@pytest.mark.parametrize("args, name", [((1.0, 0.0, -1.0), "T"), ((np.nan, 0.0, 1.0), "omega"),
                                        ((1.0, np.inf, 1.0), "mu")])
def test_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        fermi(*args)
