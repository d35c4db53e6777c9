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
    np.testing.assert_allclose(n + fermi(1.0 - x, 1.0, T), 1.0, atol=1e-15, rtol=0)
    assert np.all(np.diff(n, axis=1) <= 0)


@pytest.mark.parametrize("args, name", [((1.0, 0.0, -1.0), "T"), ((np.nan, 0.0, 1.0), "omega"),
                                        ((1.0, np.inf, 1.0), "mu")])
def test_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        fermi(*args)


# ------------------------------------------------- further checks ---

from reference import ref_fermi  # noqa: E402


@pytest.fixture
def strict_floats():
    """Every floating-point warning becomes an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield


@pytest.mark.parametrize("T", [1e-3, 0.5, 1.0, 30.0])
def test_limits_scale_with_temperature(T):
    assert fermi(1.0, 1.0, T) == 0.5
    assert fermi(1.0 + 800 * T, 1.0, T) < 1e-300
    assert fermi(1.0 - 800 * T, 1.0, T) == 1.0
    xs = np.linspace(-40, 40, 161) * T
    n = fermi(xs, 0.0, T)
    assert np.all(np.diff(n) <= 0) and np.all((n >= 0) & (n <= 1))


def test_zero_temperature_step_right_at_mu_equal_omega():
    assert fermi(1.0, 1.0 + 1e-12, 0.0) == 1.0
    assert fermi(1.0, 1.0, 0.0) == 0.5
    assert fermi(1.0, 1.0 - 1e-12, 0.0) == 0.0
    assert fermi(1.0, 1.0, -0.0) == 0.5  # -0.0 is a valid T = 0
    for mu in (0.5, 1.5):  # small T approaches the step
        assert fermi(1.0, mu, 1e-6) == pytest.approx(fermi(1.0, mu, 0.0), abs=1e-300)


@pytest.mark.parametrize("ratio", [1e4, -1e4, 1e6, -1e6, 745.2, -745.2, 1e300, -1e300])
@pytest.mark.parametrize("T", [1e-3, 1.0, 10.0])
def test_no_warning_for_large_ratio(strict_floats, ratio, T):
    n = fermi(ratio * T, 0.0, T)
    assert np.isfinite(n)
    assert n == pytest.approx(ref_fermi(ratio * T, 0.0, T), abs=1e-300)


def test_no_warning_for_zero_and_tiny_temperatures(strict_floats):
    T = np.array([0.0, 1e-320, 1e-300, 1e-10, 1.0])
    n = fermi(1.0, np.array([[0.0], [1.0], [2.0]]), T)
    assert n.shape == (3, 5)
    np.testing.assert_array_equal(n[:, 0], [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(n[1], 0.5)
    np.testing.assert_array_equal(n[0, :4], 0.0)
    np.testing.assert_array_equal(n[2, :4], 1.0)


def test_broadcasting_matches_pointwise():
    omega = np.linspace(-2, 4, 7)
    mu = np.array([[0.0], [1.0], [3.0]])
    T = np.array([0.5, 1.0, 2.0, 0.0, 4.0, 1.5, 0.1])
    n = fermi(omega, mu, T)
    assert isinstance(n, np.ndarray) and n.shape == (3, 7)
    for i in range(3):
        for k in range(7):
            assert n[i, k] == pytest.approx(ref_fermi(omega[k], mu[i, 0], T[k]), rel=1e-15,
                                            abs=1e-300)
    assert fermi([1.0, 2.0], 1.5, 1.0).shape == (2,)


def test_scalars_give_python_float():
    assert isinstance(fermi(1.0, 2.0, 1.0), float)
    assert isinstance(fermi(1, 2, 0), float)
    assert isinstance(fermi(np.float64(1.0), 2.0, 1.0), float)


@pytest.mark.parametrize("T", [0.0, 0.1, 1.0, 7.0])
def test_symmetry_about_mu(T):
    mu = 0.7
    x = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(fermi(mu + x, mu, T) + fermi(mu - x, mu, T), 1.0, atol=1e-15, rtol=0)


@pytest.mark.parametrize("args, name", [
    ((1.0, 0.0, -1e-300), "T"),
    ((1.0, 0.0, np.array([1.0, -0.5])), "T"),
    ((1.0, 0.0, np.nan), "T"),
    ((1.0, 0.0, np.inf), "T"),
    ((1.0, np.nan, 1.0), "mu"),
    ((np.inf, 0.0, 1.0), "omega"),
    ((1.0, np.array([0.0, np.nan]), 1.0), "mu"),
])
def test_more_bad_input(args, name):
    with pytest.raises(ValueError) as exc:
        fermi(*args)
    assert name in str(exc.value)
