"""qbcore.scaling: W against N, hopping scaled with N, large-N limits."""

import numpy as np
import pytest

import qbcore
from qbcore.scaling import benchmark_table, extrapolate, oscillator_limit, scaled_hopping, sweep_N

from reference import ref_fermi

KW = dict(mu=0.0, dmu=2.0, T=1.0)


def test_scaled_hopping():
    assert scaled_hopping(2.0, 5, "fixed") == 2.0
    assert scaled_hopping(2.0, 5, "sqrt") == pytest.approx(1.0)
    assert scaled_hopping(2.0, 5, "linear") == pytest.approx(0.5)


@pytest.mark.parametrize("scaling", ["fixed", "sqrt", "linear"])
def test_sweep_N_is_battery_ergotropy_at_each_size(scaling):
    Ns = [2, 3, 7, 12]
    W = sweep_N("nonequilibrium", Ns, scaling=scaling, J=1.5, **KW)
    for n, w in zip(Ns, W):
        J = 1.5 * {"fixed": 1, "sqrt": (n - 1) ** -0.5, "linear": 1 / (n - 1)}[scaling]
        assert w == pytest.approx(qbcore.battery_ergotropy("nonequilibrium", N=n, J=J, **KW),
                                  rel=0, abs=2e-15)


def test_extrapolate_recovers_a_polynomial_in_one_over_N():
    Ns = np.array([50, 100, 200, 400, 800])
    W = 0.3 + 0.7 / Ns - 2.0 / Ns**2
    limit, coef = extrapolate(Ns, W, order=2)
    assert limit == pytest.approx(0.3, abs=5e-15)
    assert coef == pytest.approx([0.7, -2.0], abs=5e-12)


def test_sqrt_scaling_tends_to_the_oscillator_model():
    """J / sqrt(N - 1): the ancillas' collective mode becomes a damped oscillator."""
    Ns = [61, 121, 241]
    p = [qbcore.battery_population("nonequilibrium", N=n, J=(n - 1) ** -0.5, **KW) for n in Ns]
    limit, _ = extrapolate(Ns, p, order=2)
    ref = oscillator_limit(**KW)
    assert abs(limit - ref) < 1e-7
    # and the finite sizes approach it monotonically, like 1/N
    gaps = np.abs(np.array(p) - ref)
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 2e-3


def test_oscillator_limit_of_ancillas_below_half_filling():
    """n_A < 1/2 gives the Jaynes-Cummings coupling; its limit must match the Dicke solver too."""
    kw = dict(mu=1.0, dmu=-0.8, T=1.0)
    Ns = [61, 121, 241]
    p = [qbcore.battery_population("nonequilibrium", N=n, J=(n - 1) ** -0.5, **kw) for n in Ns]
    assert abs(extrapolate(Ns, p, order=2)[0] - oscillator_limit(**kw)) < 3e-8


def test_linear_scaling_leaves_the_battery_with_its_own_reservoir():
    n_B = ref_fermi(1.0, 1.5, 1.0)
    gaps = [abs(qbcore.battery_population("nonequilibrium", N=n, J=1.0 / (n - 1), mu=1.5,
                                          dmu=2.0, T=1.0) - n_B) for n in (26, 101, 401)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 2e-3
    assert 3.5 < gaps[1] / gaps[2] < 4.5  # like 1/N: the collective coupling squared
    assert oscillator_limit(1.5, 2.0, 1.0, J=0.0) == pytest.approx(ref_fermi(1.0, 1.5, 1.0),
                                                                    abs=1e-14)


def test_half_filled_ancillas_do_not_couple():
    assert oscillator_limit(0.0, 1.0, 1.0) == pytest.approx(ref_fermi(1.0, 0.0, 1.0), abs=1e-14)


@pytest.mark.parametrize("call, exc, match", [
    (lambda: sweep_N("nonequilibrium", [3, 4.5], **KW), TypeError, "Ns"),
    (lambda: sweep_N("nonequilibrium", [], **KW), ValueError, "Ns"),
    (lambda: sweep_N("nonequilibrium", [3], N=4, **KW), ValueError, "'N'"),
    (lambda: sweep_N("nonequilibrium", [3], scaling="log", **KW), ValueError, "scaling"),
    (lambda: sweep_N("nonequilibrium", [3, 1002], **KW), ValueError, "N must be"),
    (lambda: scaled_hopping(1.0, 3, "cubic"), ValueError, "scaling"),
    (lambda: extrapolate([1, 2], [1.0], 1), ValueError, "equal length"),
    (lambda: extrapolate([10, 20], [1.0, 2.0], 2), ValueError, "order 2"),
    (lambda: extrapolate([10, 20], [1.0, 2.0], -1), ValueError, "order"),
    (lambda: oscillator_limit(np.nan, 1.0, 1.0), ValueError, "mu"),
    (lambda: oscillator_limit(0.0, 1.0, -1.0), ValueError, "T"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_validity_size_is_where_the_collective_coupling_reaches_omega0():
    from qbcore.scaling import collective_coupling, validity_size

    for J, omega0, f in ((1.0, 10.0, 1.0), (0.3, 10.0, 0.5), (2.0, 3.0, 1.0)):
        N = validity_size(J, omega0, f)
        assert collective_coupling(J, N) == pytest.approx(f * omega0, rel=1e-12)
    assert validity_size(1.0) == pytest.approx(101.0)
    assert validity_size(0.0) == float("inf")
    with pytest.raises(ValueError, match="omega0"):
        validity_size(1.0, 0.0)


def test_benchmark_table_is_the_shipped_csv_and_its_W_column_is_right():
    """The table the N-scaling page shows: every column, and W recomputed where cheap.

    Domain: every row of the shipped table whose solver finished and whose size is
    cheap here (the Dicke solver up to N = 101, the others up to N = 6); W is written
    with 12 decimals, so it agrees to 1e-11.
    """
    rows = benchmark_table()
    assert rows and list(rows[0]) == ["case", "method", "N", "seconds", "peak_GB", "W",
                                      "agreement", "qutip_time_ratio"]
    assert {r["case"] for r in rows} == {"nonequilibrium", "per-qubit baths", "equilibrium"}
    keywords = {"nonequilibrium": dict(mu=0.0, dmu=2.0, T=1.0), "equilibrium": dict(mu=2.0, T=1.0)}
    checked = 0
    for r in rows:
        N = int(r["N"])
        if not r["W"]:
            assert not r["seconds"], r  # stopped after 60 s: no time, no W
            continue
        assert float(r["seconds"]) > 0 and float(r["peak_GB"]) > 0
        cheap = N <= (101 if r["method"] == "dicke" else 6)
        if r["case"] in keywords and r["method"] != "qutip" and cheap:
            result = qbcore.battery_result(r["case"], N=N, method=r["method"], **keywords[r["case"]])
            assert abs(result.W - float(r["W"])) < 1e-11, r
            checked += 1
    assert checked >= 10
