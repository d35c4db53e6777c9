"""qbcore.batch: points solved together agree with the general path, point by point.

The general path (:func:`qbcore.batch.solve_point`, what a call did before batching:
``qbcore.solvers.solve`` and the checks of the state) is the reference.  Domain of the
random points: both scenarios, star and chain, N = 2..6 (and the Dicke sizes N = 9, 12,
23), mu uniform in [-2, 6] or exactly omega, T uniform in [0.05, 3] or exactly 0, J
uniform in [0, 4] or exactly 0, gamma uniform in [0.2, 3], dmu uniform in [-3, 8], and
per-qubit baths (mus, Ts) for a third of the non-equilibrium points up to N = 6.
"""

import numpy as np
import pytest

import qbcore
from qbcore.batch import (BatteryStates, battery_states, inversion, normalised_ergotropy,
                          solve_point)
from qbcore.linalg import REUSE_DENSE_MIN
from qbcore.parameters import make_parameters
from qbcore.solvers import UnphysicalStateError
from qbcore.solvers.gauge import real_unknowns


def random_point(rng, scenario, N, topology):
    mu = 1.0 if rng.random() < 0.2 else float(rng.uniform(-2, 6))  # omega = 1
    T = 0.0 if rng.random() < 0.2 else float(rng.uniform(0.05, 3))
    J = 0.0 if rng.random() < 0.15 else float(rng.uniform(0, 4))
    kw = dict(N=N, topology=topology, J=J, gamma=float(rng.uniform(0.2, 3)))
    if scenario == "equilibrium":
        kw.update(mu=mu, T=T, initial=str(rng.choice(["ground", "mixed"])))
    elif N <= 6 and rng.random() < 1 / 3:
        kw.update(mus=[float(m) for m in rng.uniform(-2, 6, N)],
                  Ts=[0.0 if rng.random() < 0.2 else float(t) for t in rng.uniform(0.05, 3, N)])
    else:
        kw.update(mu=mu, dmu=float(rng.uniform(-3, 8)), T=T)
    return make_parameters(scenario, **kw)


def general(p):
    """(W, p_e) by the general path, or the exception it raises."""
    try:
        rho_B, _ = solve_point(p)
    except UnphysicalStateError as exc:
        return exc
    return normalised_ergotropy(rho_B), float(rho_B[0, 0].real)


CASES = ([("nonequilibrium", N, top) for N in range(2, 7) for top in ("star", "chain")]
         + [("nonequilibrium", N, "star") for N in (9, 12, 23)]
         + [("equilibrium", N, top) for N in (2, 3, 4) for top in ("star", "chain")])


@pytest.mark.parametrize("scenario, N, topology", CASES)
def test_batch_agrees_with_the_general_path(rng, scenario, N, topology):
    points = [random_point(rng, scenario, N, topology) for _ in range(12)]
    states = battery_states(points)
    W = states.W()
    for k, p in enumerate(points):
        ref = general(p)
        if isinstance(ref, Exception):
            assert k in states.errors and str(states.errors[k]) == str(ref), p
            assert np.isnan(W[k])
            continue
        assert k not in states.errors, (p, states.errors.get(k))
        assert abs(W[k] - ref[0]) < 1e-12, p
        assert abs(states.p_e[k] - ref[1]) < 1e-12, p


@pytest.mark.parametrize("scenario, N, topology", CASES[::3])
def test_a_single_call_is_a_batch_of_one_bit_for_bit(rng, scenario, N, topology):
    points = [random_point(rng, scenario, N, topology) for _ in range(8)]
    together = battery_states(points)
    # a group of at least REUSE_DENSE_MIN unknowns is solved in order, reusing LUs: to 1e-13
    reused = (scenario == "nonequilibrium" and topology == "chain"
              and real_unknowns(N) >= REUSE_DENSE_MIN)
    same = 1e-13 if reused else 0.0
    for k, p in enumerate(points):
        alone = battery_states([p])
        assert abs(alone.p_e[0] - together.p_e[k]) <= same or (np.isnan(alone.p_e[0])
                                                               and np.isnan(together.p_e[k]))
        assert alone.method[0] == together.method[k]
        if k not in together.errors:
            kw = dict(N=p.N, topology=p.topology, J=p.J, gamma=p.gamma)
            if scenario == "equilibrium":
                kw.update(mu=p.mus[0], T=p.Ts[0], initial=p.initial)
            else:
                kw.update(mus=list(p.mus), Ts=list(p.Ts))
            assert abs(qbcore.battery_ergotropy(scenario, **kw) - together.W()[k]) <= same


def test_mixed_batches_keep_every_point_in_place(rng):
    points = [random_point(rng, s, N, top) for s, N, top in CASES for _ in range(2)]
    order = rng.permutation(len(points))
    shuffled = battery_states([points[i] for i in order])
    straight = battery_states(points)
    np.testing.assert_array_equal(shuffled.W(), straight.W()[order])
    assert shuffled.method == [straight.method[i] for i in order]


def test_inversion_is_the_ergotropy_of_a_diagonal_state_to_the_bit(rng):
    p = np.concatenate([rng.uniform(-1e-9, 1 + 1e-9, 20000), rng.uniform(0.5 - 1e-12, 0.5 + 1e-12, 2000),
                        [0.0, 0.5, 1.0, np.nextafter(0.5, 1), np.nextafter(0.5, 0), 1e-300, -1e-12]])
    expected = [normalised_ergotropy(np.diag([x, 1.0 - x]).astype(complex)) for x in p]
    np.testing.assert_array_equal(inversion(p), expected)


def test_a_failing_point_does_not_stop_the_others():
    good = make_parameters("equilibrium", N=4, topology="chain", mu=5.0, T=1.0, J=2.0, gamma=1e3)
    bad = make_parameters("equilibrium", N=4, topology="chain", mu=5.0, T=1.0, J=0.1, gamma=1e3)
    states = battery_states([good, bad, good])
    assert list(states.errors) == [1] and isinstance(states.errors[1], UnphysicalStateError)
    assert np.isnan(states.p_e[1]) and states.W()[0] == states.W()[2] > 0.9
    with pytest.raises(UnphysicalStateError, match="eigenvalue"):
        qbcore.battery_ergotropy("equilibrium", N=4, topology="chain", mu=5.0, T=1.0, J=0.1,
                                 gamma=1e3)


def test_methods_and_sizes_are_reported():
    pts = [make_parameters("nonequilibrium", N=3, mu=1.0, dmu=2.0, T=1.0),
           make_parameters("nonequilibrium", N=6, mu=1.0, dmu=2.0, T=1.0, topology="chain"),
           make_parameters("equilibrium", N=3, mu=2.0, T=1.0)]
    states = battery_states(pts)
    assert isinstance(states, BatteryStates)
    assert states.method == ["dicke", "blocks", "dicke"]
    assert list(states.unknowns) == [10, 494, 10]
    assert states.kernel[0] == 1 and states.gap[2] < 1.0


def test_a_setting_the_stacked_paths_do_not_model_goes_point_by_point(monkeypatch):
    """A Parameters field outside batch.MODELLED (a future option) away from its default."""
    import qbcore.batch as batch

    p = make_parameters("nonequilibrium", N=3, mu=1.0, dmu=2.0, T=1.0, omega0=3.0)
    assert batch.group_key(p) == ("dicke-dense", 3)
    monkeypatch.setattr(batch, "_other_defaults", lambda: (("omega0", 10.0),))
    assert batch.group_key(p) is None
    assert batch.group_key(make_parameters("nonequilibrium", N=3, mu=1.0, T=1.0)) is not None
    monkeypatch.setattr(batch, "_other_defaults", lambda: (("initial", None),))
    assert batch.group_key(make_parameters("nonequilibrium", N=3, mu=1.0, T=1.0,
                                           initial=np.eye(8) / 8)) is None


def test_a_chain_of_six_along_a_sweep_reuses_lu_and_matches_single_calls(monkeypatch):
    """Neighbouring points of a dmu sweep (the chain of six, 494 real unknowns) reuse the last LU.

    Every value matches a single call (a fresh dense solve) to 1e-13, and most points
    were solved by the reuse.
    """
    from qbcore import linalg

    made = []

    class Counting(linalg.DenseSweepSolver):
        def __init__(self):
            super().__init__()
            made.append(self)

    monkeypatch.setattr(qbcore.batch, "DenseSweepSolver", Counting)
    dmus = np.linspace(0.0, 6.0, 25)
    kw = dict(N=6, topology="chain", mu=1.0, T=0.7, J=1.2, gamma=0.8)
    W = qbcore.sweep("nonequilibrium", "dmu", dmus, **kw)
    assert len(made) == 1 and made[0].reused >= 12 and made[0].fresh + made[0].reused == 25
    single = np.array([qbcore.battery_ergotropy("nonequilibrium", dmu=d, **kw) for d in dmus])
    np.testing.assert_allclose(W, single, rtol=0, atol=1e-13)
    assert W.max() > 0.05   # the battery charges somewhere on the sweep: not all zeros compared
    no_reuse = battery_states([make_parameters("nonequilibrium", dmu=d, **kw) for d in dmus],
                              reuse=False)
    np.testing.assert_array_equal(no_reuse.W(), single)   # without reuse: bit for bit
