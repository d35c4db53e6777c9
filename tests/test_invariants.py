"""Property-based invariants over random valid parameters (hypothesis), and extreme inputs.

The strategies spread their examples over the ordinary range as well as the
edges (values on grids of 1001 points, rates on a log scale), and the edges
are explicit ``@example``s.  Domains (``omega = 1`` unless said):

- ``N`` in 2..5 (even and odd), topology star or chain;
- ``gamma`` log-uniform in [1e-3, 1e3] and ``J = r gamma``, the ratio ``r = J/gamma``
  log-uniform in [1e-2, 1e2] (non-equilibrium), in [5e-3, 1e2] (collective,
  where every result must be a density matrix) or in [1e-6, 1e2] (collective,
  ``N <= 4``, where a nearly degenerate kernel may be refused with a clear error);
- ``T`` log-uniform in [0.05, 20]; non-equilibrium ``mu`` in [-5, 7] (centred on
  ``omega``) and ``dmu`` in [-6, 8], so that about half the examples charge the
  battery (``W > 0``); collective ``mu - omega = x T`` with ``x`` in [-10, 10]
  (where the kernel is well separated), or ``mu`` in [-5, 7] (any hopping);
- per-qubit reservoirs: ``mu_i`` in [-6, 9], ``T_i`` log-uniform in [0.05, 20],
  ``omega`` in [-2, 5];
- explicit examples: ``T = 0`` with ``mu`` above, at and below ``omega``,
  ``J = 0``, ``gamma = 1e-3`` and ``1e3`` at ``J = 1``, ``N = 2`` and ``5``,
  both topologies.

The non-equilibrium states are also compared with ``qutip.steadystate`` of
the independent model (``reference.py``), the collective ones with ``P0 rho(0)``
of QuTiP's full Liouvillian where the inputs are extreme.
"""

import math
import warnings

import numpy as np
import pytest
import qutip
from hypothesis import example, given, settings
from hypothesis import strategies as st

import qbcore
import qbcore.solvers as solvers

import reference as ref


# Hypothesis draws floats with a strong pull towards simple values (0, 1, the bounds), so
# that most examples would sit on a few points; an integer grid of 1001 points, centred on
# the middle of the range, spreads them over it.

def uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """One of 1001 equally spaced values in [lo, hi]."""
    return st.integers(-500, 500).map(lambda k: (lo + hi) / 2 + (hi - lo) * k / 1000)


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """One of 1001 values in [lo, hi], equally spaced in log10."""
    return st.integers(-500, 500).map(lambda k: math.sqrt(lo * hi) * (hi / lo) ** (k / 1000))


def _hopping_from_ratio(p: dict) -> dict:
    p = dict(p)
    p["J"] = p.pop("ratio") * p["gamma"]
    return p


def network(ratio: st.SearchStrategy[float], N: st.SearchStrategy[int] = st.integers(2, 5),
            **more: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """``N``, topology, ``gamma`` and ``J = ratio * gamma``, with the keywords in ``more``."""
    return st.fixed_dictionaries({
        "N": N, "topology": st.sampled_from(["star", "chain"]),
        "gamma": log_uniform(1e-3, 1e3), "ratio": ratio, **more,
    }).map(_hopping_from_ratio)


TEMPERATURE = log_uniform(0.05, 20)
nonequilibrium = network(log_uniform(1e-2, 1e2), mu=uniform(-5, 7),
                         dmu=uniform(-6, 8), T=TEMPERATURE)
collective_well_conditioned = network(log_uniform(5e-3, 1e2), T=TEMPERATURE,
                                      x=uniform(-10, 10),  # (mu - omega) / T
                                      initial=st.sampled_from(["ground", "mixed"])).map(
    lambda p: {**{k: v for k, v in p.items() if k != "x"}, "mu": 1.0 + p["x"] * p["T"]})
collective_any_hopping = network(log_uniform(1e-6, 1e2), N=st.integers(2, 4),
                                 mu=uniform(-5, 7), T=TEMPERATURE,
                                 initial=st.sampled_from(["ground", "mixed"]))
per_qubit = st.integers(2, 5).flatmap(lambda N: network(
    log_uniform(1e-2, 1e2), N=st.just(N),
    mus=st.lists(uniform(-6, 9), min_size=N, max_size=N),
    Ts=st.lists(TEMPERATURE, min_size=N, max_size=N),
    omega=uniform(-2, 5)))

_EDGES = [  # T = 0 above, at and below omega; J = 0; gamma tiny and huge; N = 2 and 5
    dict(N=2, topology="star", gamma=1.0, J=1.0, mu=3.0, T=0.0),
    dict(N=5, topology="chain", gamma=1.0, J=1.0, mu=1.0, T=0.0),
    dict(N=3, topology="star", gamma=1.0, J=1.0, mu=-1.0, T=0.0),
    dict(N=4, topology="chain", gamma=1.0, J=0.0, mu=2.0, T=1.0),
    dict(N=5, topology="star", gamma=1e-3, J=1.0, mu=2.0, T=1.0),
    dict(N=2, topology="chain", gamma=1e3, J=1.0, mu=2.0, T=1.0),
]
NONEQUILIBRIUM_EDGES = [{**e, "dmu": d} for e, d in zip(_EDGES, (2.0, 0.0, 4.0, 3.0, 2.0, -1.0))]
COLLECTIVE_EDGES = [{**e, "initial": s} for e, s in zip(_EDGES, ("ground", "mixed") * 3)]
PER_QUBIT_EDGES = [
    dict(N=3, topology="star", gamma=1.0, J=1.0, mus=[3.0, -1.0, 1.0], Ts=[0.0, 0.0, 0.0],
         omega=1.0),
    dict(N=4, topology="chain", gamma=0.5, J=0.0, mus=[0.0, 2.0, 5.0, -2.0],
         Ts=[1.0, 0.0, 2.0, 0.3], omega=1.0),
    dict(N=5, topology="star", gamma=1e-3, J=1.0, mus=[1.0, 2.0, 3.0, 4.0, 5.0],
         Ts=[0.5, 1.0, 0.0, 2.0, 1.0], omega=-2.0),
    dict(N=2, topology="chain", gamma=1e3, J=1.0, mus=[15.0, -5.0], Ts=[20.0, 0.05], omega=5.0),
]


def examples(*cases):
    """Decorate a test with ``@example(case)`` for every case (tuples: several arguments)."""
    def decorate(test):
        for case in reversed(cases):
            test = example(*case)(test) if isinstance(case, tuple) else example(case)(test)
        return test
    return decorate


# Largest errors reached and the tolerances (3-10x above).  Measured over the examples and
# cases below and over 200 numpy draws from each strategy's domain (the largest of both):
#   hermiticity of the state                   0 (exact)   -> 1e-15
#   |tr rho - 1|                               4.4e-16     -> 2e-15
#   lowest eigenvalue (how far below 0)        5.3e-17     -> 5e-16   (non-equilibrium)
#   W - max(0, 2 p_e - 1), W - qubit_W         2.9e-15     -> 1e-14   (non-equilibrium)
#   against qutip.steadystate: state, W        see qutip_tolerance (scaled by omega0/gamma)
#   all reservoirs full: state - |e..e>        0 (exact)   -> 1e-15
#   collective W against P0 rho(0)             3.4e-14     -> 1e-13   (plus the gap term)
#   omega0 in {0, 1, 10, 1e3}, non-equilibrium 1.2e-15     -> 5e-15
#   omega0 in {0, 1, 10, 1e3}, collective      9.7e-13     -> 5e-12   (P0 from the SVD of
#                                                          a Liouvillian of norm ~ 4 omega0)
TOL = dict(hermiticity=1e-15, trace=2e-15, eigenvalue=5e-16, W=1e-14, product=1e-15,
           kernel_limit=1e-13, omega0_nonequilibrium=5e-15, omega0_equilibrium=5e-12)


def collective_tolerance(kw: dict) -> dict:
    """``TOL`` plus ``2e-15 / gap`` for W, the lowest eigenvalue and P0 rho(0) (collective).

    The collective limit is determined only to about ``1e-16 / gap`` in double
    precision (``gap``: the slowest decay rate over the fastest, as qbcore
    reports it; its slowest rate is checked against QuTiP's spectrum in
    test_relaxation).  Over 400 draws of the collective domain (``J/gamma`` in
    [5e-3, 1e2], ``|mu - omega| <= 12 T``, ``N = 2..5``) error x gap stayed
    below 1.9e-16 for W and 1.1e-16 for the eigenvalue, with gaps down to 4e-10.
    """
    p = qbcore.make_parameters("equilibrium", **kw)
    gap = min(solvers.solve(p).gap, solvers.solve(p, full_state=True).gap)
    extra = 2e-15 / gap
    return dict(TOL, W=TOL["W"] + extra, eigenvalue=TOL["eigenvalue"] + extra,
                kernel_limit=TOL["kernel_limit"] + extra)


def state_errors(scenario: str, kw: dict) -> tuple[dict, float]:
    """Departures of qbcore's state from a density matrix and of W from its formulas; and W."""
    rho = qbcore.steady_state(scenario, **kw)
    assert rho.dims == [[2] * kw["N"]] * 2
    m = rho.full()
    assert np.all(np.isfinite(m))
    rho_B = ref.battery_reduced(m, kw["N"])
    W = qbcore.battery_ergotropy(scenario, **kw)
    assert isinstance(W, float) and np.isfinite(W) and 0.0 <= W <= 1.0
    return {"hermiticity": np.abs(m - m.conj().T).max(),
            "trace": abs(np.trace(m) - 1),
            "eigenvalue": max(0.0, -np.linalg.eigvalsh(0.5 * (m + m.conj().T)).min()),
            "W": max(abs(W - max(0.0, 2 * rho_B[0, 0].real - 1)), abs(W - ref.qubit_W(rho_B)))}, W


def qutip_tolerance(kw: dict) -> dict:
    """``TOL`` with the agreement with ``qutip.steadystate`` scaled by its conditioning.

    QuTiP solves the whole ``4**N`` system, whose entries reach ``omega0 + |J|``
    while the rates are ``gamma``; its error grows with
    ``s = (omega0 + |J| + gamma) / gamma``.  Over 300 draws of the
    non-equilibrium domain (``s`` up to 1e4) the difference stayed below
    ``4.2e-15 s``: the tolerance is ``2e-14 s`` for the state and for W.
    """
    gamma = kw.get("gamma", 1.0)
    s = (kw.get("omega0", 10.0) + abs(kw.get("J", 1.0)) + gamma) / gamma
    return dict(TOL, reference_state=2e-14 * s, reference_W=2e-14 * s)


def reference_errors(kw: dict) -> dict:
    """qbcore's non-equilibrium state and W against plain ``qutip.steadystate``."""
    expected = ref.ref_steady_state("nonequilibrium", **kw)
    rho = qbcore.steady_state("nonequilibrium", **kw).full()
    W_ref = ref.qubit_W(ref.battery_reduced(expected, kw["N"]))
    return {"reference_state": np.abs(rho - expected).max(),
            "reference_W": abs(qbcore.battery_ergotropy("nonequilibrium", **kw) - W_ref)}


def assert_within(errors: dict, tol: dict = TOL) -> None:
    too_large = {k: v for k, v in errors.items() if not v < tol[k]}
    assert not too_large, too_large


def check_state_and_W(scenario: str, kw: dict, tol: dict = TOL) -> float:
    errors, W = state_errors(scenario, kw)
    assert_within(errors, tol)
    return W


# ------------------------------------------------------- property-based ---

@settings(max_examples=40, deadline=None, derandomize=True)
@given(nonequilibrium)
@examples(*NONEQUILIBRIUM_EDGES)
def test_nonequilibrium_state_is_physical(p):
    check_state_and_W("nonequilibrium", p)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(nonequilibrium)
@examples(*NONEQUILIBRIUM_EDGES)
def test_nonequilibrium_matches_plain_qutip(p):
    assert_within(reference_errors(p), qutip_tolerance(p))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(per_qubit)
@examples(*PER_QUBIT_EDGES)
def test_nonequilibrium_per_qubit_reservoirs(p):
    check_state_and_W("nonequilibrium", p)
    assert_within(reference_errors(p), qutip_tolerance(p))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(collective_well_conditioned)
@examples(*COLLECTIVE_EDGES)
def test_equilibrium_well_conditioned_always_physical(p):
    """J/gamma >= 5e-3 and |mu - omega| <= 10 T (or T = 0): no error is allowed, every result
    is a density matrix and W follows from it to within the gap term."""
    check_state_and_W("equilibrium", p, collective_tolerance(p))


# Near a degenerate kernel only qbcore's own guarantee applies: no eigenvalue below -1e-10
# (1.1e-12 reached down to J/gamma = 1e-6).
GUARANTEE = dict(TOL, eigenvalue=1e-10)


def slowest_decay_over_fastest(kw: dict) -> float:
    """Smallest nonzero |eigenvalue| of QuTiP's full Liouvillian over the largest."""
    lam = np.sort(np.abs(np.linalg.eigvals(ref.ref_liouvillian("equilibrium", **kw).full())))
    return float(lam[lam > 1e-12 * lam[-1]][0] / lam[-1])


@settings(max_examples=40, deadline=None, derandomize=True)
@given(collective_any_hopping)
@examples(*[e for e in COLLECTIVE_EDGES if e["N"] <= 4],
          dict(N=4, topology="star", gamma=1.0, J=1e-4, mu=1.0, T=1.0, initial="ground"))
def test_equilibrium_refuses_only_a_nearly_degenerate_kernel(p):
    """Down to J/gamma = 1e-6 (N <= 4): the whole state and the battery's result are each either
    a density matrix (eigenvalues above -1e-10, trace 1) or an UnphysicalStateError that says
    the kernel is nearly degenerate, only where QuTiP's full Liouvillian has a nonzero
    eigenvalue below 1e-6 of its largest (the slowest mode is then not separable from the
    kernel in double precision).  How W follows from the state is checked where the kernel is
    well separated (above)."""
    for compute in (qbcore.steady_state, qbcore.battery_result):
        try:
            result = compute("equilibrium", **p)
        except qbcore.UnphysicalStateError as exc:
            assert "nearly degenerate" in str(exc)
            model = {k: v for k, v in p.items() if k != "initial"}
            assert slowest_decay_over_fastest(model) < 1e-6
            continue
        if isinstance(result, qutip.Qobj):
            m = result.full()
            assert_within({"hermiticity": np.abs(m - m.conj().T).max(),
                           "trace": abs(np.trace(m) - 1),
                           "eigenvalue": max(0.0, -np.linalg.eigvalsh(m).min())}, GUARANTEE)
        else:
            assert 0.0 <= result.W <= 1.0
            assert_within({"eigenvalue": max(0.0, -result.lowest_eigenvalue, -result.p_e,
                                             result.p_e - 1)}, GUARANTEE)


# ------------------------------------------------------- extreme inputs ---

EXTREMES = [dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
            dict(gamma=1e-6), dict(gamma=1e6), dict(T=0.0, mu=1.0)]


@pytest.mark.parametrize("extreme", EXTREMES)
@pytest.mark.parametrize("N", [2, 3, 5])
def test_extreme_nonequilibrium_inputs_both_methods_match_plain_qutip(extreme, N):
    kw = {"mu": 1.5, "dmu": 2.0, "T": 1.0, "N": N, **extreme}
    W_ref = ref.qubit_W(ref.battery_reduced(ref.ref_steady_state("nonequilibrium", **kw), N))
    for method in ("symmetric", "blocks"):
        W = qbcore.battery_ergotropy("nonequilibrium", method=method, **kw)
        assert 0.0 <= W <= 1.0
        assert_within({"reference_W": abs(W - W_ref)}, qutip_tolerance(kw))


@pytest.mark.parametrize("extreme", [
    dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
    dict(gamma=1e-3), dict(gamma=1e3), dict(T=0.0, mu=1.0),
])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_extreme_equilibrium_inputs_match_the_kernel_limit(extreme, initial):
    """Against ``P0 rho(0)`` from QuTiP's full Liouvillian (``N = 3`` star)."""
    kw = {"mu": 1.5, "T": 1.0, "N": 3, **extreme}
    rho0 = ref.qubit_product([0.0] * 3) if initial == "ground" else np.eye(8) / 8
    expected, _, _ = ref.ref_kernel_limit("equilibrium", rho0, **kw)
    W = qbcore.battery_ergotropy("equilibrium", initial=initial, **kw)
    assert 0.0 <= W <= 1.0
    assert_within({"kernel_limit": abs(W - ref.qubit_W(ref.battery_reduced(expected, 3)))},
                  collective_tolerance({**kw, "initial": initial}))


NONEQ_EXTREMES = EXTREMES + [dict(T=0.0, dmu=0.0, mu=1e3)]
# N = 6 in the chain goes through GMRES; where every reservoir is full (n = 1) that path
# is slow and noisy (xfail below), so those cases run at N = 2, 4 and in the star only.
_ALL_FULL = (0, 2, 8)
NONEQ_EXTREME_CASES = [(N, top, i) for N in (2, 4, 6) for top in ("star", "chain")
                       for i in range(len(NONEQ_EXTREMES))
                       if not (N == 6 and top == "chain" and i in _ALL_FULL)]


@pytest.mark.parametrize("N, topology, i", NONEQ_EXTREME_CASES)
def test_extreme_nonequilibrium_physical(N, topology, i):
    kw = {"mu": 1.5, "dmu": 2.0, "T": 1.0, "N": N, "topology": topology, **NONEQ_EXTREMES[i]}
    check_state_and_W("nonequilibrium", kw)


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
    assert_within({"product": np.abs(rho - ref.qubit_product([1.0] * 6)).max()})


@pytest.mark.parametrize("extreme", [
    dict(T=0.0), dict(T=1e6), dict(mu=1e3), dict(mu=-1e3), dict(J=0.0),
    dict(gamma=1e-3), dict(gamma=1e3, J=5.0), dict(T=0.0, mu=1.0),
])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("N", [2, 4, 5])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_extreme_equilibrium_physical(extreme, topology, N, initial):
    kw = {"mu": 1.5, "T": 1.0, "N": N, "topology": topology, "initial": initial, **extreme}
    check_state_and_W("equilibrium", kw, collective_tolerance(kw))


# ----------------------------------------------------- omega0 drops out ---
# qbcore solves the q = 0 sector, where the frequency term vanishes identically, so its
# own results cannot show that omega0 drops out: the evidence is the plain-QuTiP state
# (qutip.steadystate, or P0 rho(0) of the full Liouvillian in the collective scenario),
# whose other sectors do carry omega0.

OMEGA0S = (0.0, 1.0, 10.0, 1e3)


@pytest.mark.parametrize("scenario, kw", [
    ("equilibrium", dict(N=3, mu=2.0, T=0.7, topology="chain")),
    ("equilibrium", dict(N=4, mu=3.0, T=1.2, initial="mixed")),
    ("equilibrium", dict(N=3, mu=2.5, T=0.8, initial=ref.random_dm(3, 2))),
    ("nonequilibrium", dict(N=4, mu=2.0, dmu=1.0, T=0.7)),
    ("nonequilibrium", dict(N=5, mu=0.5, dmu=3.0, T=0.7, topology="chain")),
    ("nonequilibrium", dict(N=3, mus=[0.0, 2.0, 5.0], Ts=[0.5, 1.0, 0.0])),
])
def test_omega0_changes_neither_W_nor_the_state(scenario, kw):
    N = kw["N"]
    start = kw.get("initial", "ground")
    model = {k: v for k, v in kw.items() if k != "initial"}
    if scenario == "nonequilibrium":
        refs = [ref.ref_steady_state(scenario, omega0=w0, **model) for w0 in OMEGA0S]
    else:
        rho0 = (ref.qubit_product([0.0] * N) if isinstance(start, str) and start == "ground"
                else np.eye(2**N) / 2**N if isinstance(start, str) else start)
        refs = [ref.ref_kernel_limit(scenario, rho0, omega0=w0, **model)[0] for w0 in OMEGA0S]
    key = "omega0_" + scenario
    assert_within({key: max(np.abs(r - refs[0]).max() for r in refs[1:])})
    for w0, rho_ref in zip(OMEGA0S, refs):
        rho = qbcore.steady_state(scenario, omega0=w0, **kw).full()
        W = qbcore.battery_ergotropy(scenario, omega0=w0, **kw)
        W_ref = ref.qubit_W(ref.battery_reduced(rho_ref, N))
        assert_within({key: max(np.abs(rho - rho_ref).max(), abs(W - W_ref))})
