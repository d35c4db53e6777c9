"""qbcore.battery: the reduced state and the normalised ergotropy, against plain QuTiP.

The structural statements (the steady state is block diagonal in the
excitation number, the battery's reduced state is diagonal, so
``W = max(0, 2 p_e - 1)``) are checked on states computed without using that
symmetry, and qbcore is then compared with those states:

- non-equilibrium (unique kernel): ``qutip.steadystate`` of the independent
  model in ``reference.py``;
- collective (degenerate kernel): ``P0 rho(0)``, the spectral projector onto
  the kernel of QuTiP's full dense Liouvillian (all ``4**N`` entries) applied
  to the start (``reference.ref_kernel_limit``), itself checked once against a
  long ``qutip.mesolve`` run.

qbcore's solvers only solve the ``q = 0`` sector, so a check on their own
output could not fail; every structural check here is on the reference state.

Sampled domain (seeded draws): ``N = 2..5`` (plus ``N = 6`` non-equilibrium),
star and chain; ``gamma`` log-uniform in [0.1, 10]; ``J / gamma`` log-uniform
in [0.03, 10] (non-equilibrium) and [0.1, 10] (collective, where the kernel is
well separated); ``omega0`` in [0, 20].  Non-equilibrium: half the draws as
in the paper (``mu`` in [-2, 3], ``dmu`` in [0, 8], ``T`` log-uniform in
[0.1, 3]), half with every qubit's own ``mu_i`` in [-3, 6] and ``T_i`` in
[0, 3] (one ``T_i = 0``).  Collective: ``mu`` in [-2, 5], ``T`` log-uniform in
[0.1, 3], starts "ground", "mixed" and a random full-rank density matrix
(coherences between every excitation number), ``gamma_local`` 0 or
log-uniform in [1e-3, 1].  Edges: ``J = 0``, ``T = 0`` with ``mu`` above, at
and below ``omega``, ``omega0 = 0``.
"""

import numpy as np
import pytest
import qutip

import qbcore

import reference as ref

# Largest errors reached on the samples below (measured), and the tolerances (3-10x above):
#                                   non-equilibrium          collective
#   reference: entries outside q=0   0 (exact)   -> 1e-15     1.5e-15 -> 1e-14
#   reference: battery coherence     0 (exact)   -> 1e-15     1.7e-15 -> 1e-14
#   reference: W - max(0, 2p_e - 1)  8e-16       -> 5e-15     7.1e-15 -> 5e-14
#   qbcore's state                   2.4e-15     -> 1e-14     2.7e-13 -> 1e-12
#   battery state, p_e, W            3.4e-15     -> 2e-14     1.5e-13 -> 1e-12
# (the collective kernel is degenerate, its limit less well conditioned in both computations)
TOLERANCES = {
    "nonequilibrium": dict(block=1e-15, coherence=1e-15, formula=5e-15, state=1e-14, battery=2e-14),
    "equilibrium": dict(block=1e-14, coherence=1e-14, formula=5e-14, state=1e-12, battery=1e-12),
}


def _log_uniform(rng, lo, hi):
    return float(10 ** rng.uniform(np.log10(lo), np.log10(hi)))


def nonequilibrium_draw(seed: int, N: int, topology: str) -> dict:
    rng = np.random.default_rng(seed)
    gamma = _log_uniform(rng, 0.1, 10)
    kw = dict(N=N, topology=topology, gamma=gamma, J=gamma * _log_uniform(rng, 0.03, 10),
              omega0=float(rng.uniform(0, 20)))
    if seed % 2 == 0:  # the paper's reservoirs
        kw.update(mu=float(rng.uniform(-2, 3)), dmu=float(rng.uniform(0, 8)),
                  T=_log_uniform(rng, 0.1, 3))
    else:  # every qubit its own reservoir, one at T = 0
        Ts = list(rng.uniform(0, 3, N))
        Ts[int(rng.integers(N))] = 0.0
        kw.update(mus=list(rng.uniform(-3, 6, N)), Ts=Ts)
    return kw


def collective_draw(seed: int, N: int, topology: str, start: str, local: bool) -> dict:
    rng = np.random.default_rng(seed)
    gamma = _log_uniform(rng, 0.1, 10)
    kw = dict(N=N, topology=topology, gamma=gamma, J=gamma * _log_uniform(rng, 0.1, 10),
              omega0=float(rng.uniform(0, 20)), mu=float(rng.uniform(-2, 5)),
              T=_log_uniform(rng, 0.1, 3))
    if local:
        kw["gamma_local"] = _log_uniform(rng, 1e-3, 1)
    kw["initial"] = ref.random_dm(N, seed) if start == "random" else start
    return kw


def initial_matrix(kw: dict) -> np.ndarray:
    N, start = kw["N"], kw.get("initial", "ground")
    if isinstance(start, str):
        return (ref.qubit_product([0.0] * N) if start == "ground"
                else np.eye(2**N) / 2**N)
    return start.full() if isinstance(start, qutip.Qobj) else np.asarray(start)


def reference_state(scenario: str, kw: dict) -> np.ndarray:
    """The plain-QuTiP steady state (non-equilibrium) or long-time limit (collective)."""
    if scenario == "nonequilibrium":
        return ref.ref_steady_state(scenario, **kw)
    model = {k: v for k, v in kw.items() if k != "initial"}
    rho, _, separation = ref.ref_kernel_limit(scenario, initial_matrix(kw), **model)
    assert separation > 1e-6  # the kernel is well determined
    return rho


def structure_errors(rho_ref: np.ndarray, N: int) -> dict:
    """Distance of the reference state from: block diagonal in the excitation number ("block"),
    a diagonal battery state ("coherence"), ``W = max(0, 2 p_e - 1)`` ("formula")."""
    rho_B = ref.battery_reduced(rho_ref, N)
    p_e = rho_B[0, 0].real
    return {"block": np.abs(rho_ref[ref.charge_of_entries(N) != 0]).max(),
            "coherence": abs(rho_B[0, 1]),
            "formula": abs(ref.qubit_W(rho_B) - max(0.0, 2 * p_e - 1))}


def agreement_errors(scenario: str, kw: dict, rho_ref: np.ndarray) -> dict:
    """qbcore's state, battery state, p_e and W against the reference."""
    N = kw["N"]
    rho_B = ref.battery_reduced(rho_ref, N)
    W_ref = ref.qubit_W(rho_B)
    r = qbcore.battery_result(scenario, **kw)
    battery_state = qbcore.battery_state(scenario, **kw)
    errors = {
        "state": np.abs(qbcore.steady_state(scenario, **kw).full() - rho_ref).max(),
        "battery_state": np.abs(battery_state.full() - rho_B).max(),
        "battery_result.rho_B": np.abs(r.rho_B - rho_B).max(),
        "battery_population": abs(qbcore.battery_population(scenario, **kw) - rho_B[0, 0].real),
        "battery_ergotropy": abs(qbcore.battery_ergotropy(scenario, **kw) - W_ref),
        "battery_result.W": abs(r.W - W_ref),
    }
    omega0 = kw.get("omega0", 10.0)
    if omega0 > 0:  # W is the ergotropy over the gap 2 omega0
        E = qbcore.ergotropy(battery_state, omega0 * qutip.sigmaz())
        errors["E / (2 omega0)"] = abs(E / (2 * omega0) - W_ref)
    return errors


def check(scenario: str, kw: dict) -> None:
    rho_ref = reference_state(scenario, kw)
    ref.assert_density_matrix(rho_ref)
    tol = TOLERANCES[scenario]
    structure = structure_errors(rho_ref, kw["N"])
    assert all(structure[k] < tol[k] for k in structure), structure
    agree = agreement_errors(scenario, kw, rho_ref)
    assert agree.pop("state") < tol["state"]
    assert max(agree.values()) < tol["battery"], agree
    W = qbcore.battery_ergotropy(scenario, **kw)
    assert isinstance(W, float) and 0.0 <= W <= 1.0


NONEQUILIBRIUM = [(seed, N, top) for N in (2, 3, 4, 5) for top in ("star", "chain")
                  for seed in (N, N + 11)]  # one even and one odd seed: both kinds of draw
NONEQUILIBRIUM_EDGES = [
    dict(N=3, mu=1.0, dmu=3.0, T=0.5, J=0.0),                               # no hopping
    dict(N=4, mu=2.0, dmu=-3.0, T=0.0, topology="chain"),                   # T = 0
    dict(N=3, mu=1.0, dmu=0.0, T=0.0, J=2.0),                               # T = 0, mu = omega
    dict(N=5, mus=[1.0, 4.0, -1.0, 3.0, 2.0], Ts=[0.5, 1.0, 0.0, 2.0, 1.0],
         topology="chain", J=2.0),
    dict(N=3, mu=0.0, dmu=4.0, T=1.0, omega0=0.0),                           # omega0 = 0
    dict(N=6, mu=1.0, dmu=2.0, T=1.0),
]


@pytest.mark.parametrize("seed, N, topology", NONEQUILIBRIUM)
def test_nonequilibrium_structure_and_agreement(seed, N, topology):
    check("nonequilibrium", nonequilibrium_draw(seed, N, topology))


@pytest.mark.parametrize("kw", NONEQUILIBRIUM_EDGES)
def test_nonequilibrium_edges(kw):
    check("nonequilibrium", kw)


COLLECTIVE = ([(N, top, start, False) for N in (2, 3, 4) for top in ("star", "chain")
               for start in ("ground", "mixed", "random")]
              + [(5, "star", "random", False), (5, "chain", "mixed", False)]
              + [(N, top, "random", True) for N, top in ((2, "star"), (3, "chain"), (4, "star"))])


@pytest.mark.parametrize("N, topology, start, local", COLLECTIVE)
def test_collective_structure_and_agreement(N, topology, start, local):
    """The random start has coherences between every excitation number: they must decay."""
    seed = 7 * N + len(topology) + 3 * len(start) + local
    check("equilibrium", collective_draw(seed, N, topology, start, local))


@pytest.mark.parametrize("kw", [
    dict(N=3, mu=0.0, T=1.0, omega0=0.0),
    dict(N=4, mu=2.0, T=0.0, topology="chain", initial="mixed"),
    dict(N=3, mu=1.0, T=0.0, J=0.7),
    dict(N=2, mu=3.0, T=1.0, J=0.0, initial="mixed"),
])
def test_collective_edges(kw):
    check("equilibrium", kw)


@pytest.mark.parametrize("N, topology", [(2, "star"), (3, "star"), (3, "chain")])
def test_coherent_collective_start_loses_its_coherence(N, topology):
    """From |+>^N (coherent in every excitation number) the long-time limit is block diagonal."""
    plus = (qutip.basis(2, 0) + qutip.basis(2, 1)).unit()
    kw = dict(N=N, mu=2.0, T=1.0, topology=topology, initial=qutip.tensor([plus.proj()] * N))
    assert np.abs(initial_matrix(kw)[ref.charge_of_entries(N) != 0]).max() > 0.1
    check("equilibrium", kw)


def test_kernel_limit_reference_is_the_long_time_evolution():
    """The collective reference P0 rho(0) is where qutip.mesolve goes (N = 3 chain, random start).

    mesolve runs to ``t = 40 / r``, ``r`` the slowest nonzero decay rate of the
    same Liouvillian (the slowest mode decayed to ``e^-40``); 6e-14 reached.
    """
    kw = dict(N=3, mu=3.0, T=1.0, J=2.0, omega0=1.0, topology="chain")
    rho0 = ref.random_dm(3, 11)
    expected, k, _ = ref.ref_kernel_limit("equilibrium", rho0, **kw)
    lam = np.linalg.eigvals(ref.ref_liouvillian("equilibrium", **kw).full())
    rate = -np.sort(lam.real)[::-1][k]
    final = ref.ref_long_time("equilibrium", ref.as_qobj(rho0, 3), 40.0 / rate, **kw)
    assert np.abs(final - expected).max() < 5e-13


def test_bias_threshold_is_where_W_starts(rng):
    """Random points (N in 2..6, mu in [-2, 0.9], T in [0.3, 2]): p_e = 1/2 in plain QuTiP at the
    threshold, W = 0 just below, > 0 above (p_e and W against QuTiP: 4e-14 reached)."""
    for _ in range(6):
        N, mu, T = int(rng.integers(2, 7)), rng.uniform(-2.0, 0.9), rng.uniform(0.3, 2.0)
        d = qbcore.bias_threshold(N=N, mu=mu, T=T, J=1.5)
        rho = ref.ref_steady_state("nonequilibrium", N=N, mu=mu, dmu=d, T=T, J=1.5)
        assert ref.battery_reduced(rho, N)[0, 0].real == pytest.approx(0.5, abs=2e-13)
        assert qbcore.battery_ergotropy("nonequilibrium", N=N, mu=mu, dmu=d - 1e-3, T=T, J=1.5) == 0
        assert qbcore.battery_ergotropy("nonequilibrium", N=N, mu=mu, dmu=d + 1e-3, T=T, J=1.5) > 0
        d1 = qbcore.bias_threshold(0.01, N=N, mu=mu, T=T, J=1.5)
        rho1 = ref.ref_steady_state("nonequilibrium", N=N, mu=mu, dmu=d1, T=T, J=1.5)
        assert d1 > d
        assert ref.qubit_W(ref.battery_reduced(rho1, N)) == pytest.approx(0.01, abs=2e-13)


@pytest.mark.parametrize("kw, exc, name", [
    (dict(level=1.0, mu=0.0, T=1.0), ValueError, "level"),
    (dict(level=-0.1, mu=0.0, T=1.0), ValueError, "level"),
    (dict(mu=0.0, T=1.0, dmu=1.0), ValueError, "dmu"),
    (dict(mu=0.0, T=1.0, upper=0.5), ValueError, "upper"),
    (dict(mu=0.0, T=1.0, J=0.0), ValueError, "W does not exceed"),
])
def test_bias_threshold_bad_input(kw, exc, name):
    with pytest.raises(exc, match=name):
        qbcore.bias_threshold(**kw)


def test_star_chain_crossing_is_where_the_two_networks_agree():
    """N = 3..5 at mu = 0, dmu = 10, T = 1 (J from gamma to 5 gamma): W_star = W_chain there,
    the star ahead below and the chain ahead above."""
    for N in (3, 4, 5):
        J = qbcore.star_chain_crossing(N=N, mu=0.0, dmu=10.0, T=1.0)
        W = {t: qbcore.battery_ergotropy("nonequilibrium", N=N, topology=t, J=J, mu=0.0,
                                         dmu=10.0, T=1.0) for t in ("star", "chain")}
        assert W["star"] == pytest.approx(W["chain"], abs=1e-9)
        below = {t: qbcore.battery_ergotropy("nonequilibrium", N=N, topology=t, J=0.9 * J,
                                             mu=0.0, dmu=10.0, T=1.0) for t in ("star", "chain")}
        assert below["star"] > below["chain"]
    with pytest.raises(ValueError, match="N must be >= 3"):
        qbcore.star_chain_crossing(N=2, mu=0.0, dmu=10.0, T=1.0)
    with pytest.raises(ValueError, match="do not cross"):
        qbcore.star_chain_crossing(N=3, mu=0.0, dmu=10.0, T=1.0, J_range=(0.1, 1.0))
    with pytest.raises(ValueError, match="topology"):
        qbcore.star_chain_crossing(N=3, mu=0.0, T=1.0, topology="star")
