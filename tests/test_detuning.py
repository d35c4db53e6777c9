"""omega0s: per-qubit transition frequencies, against plain QuTiP with detuned Hamiltonians.

With a detuning the frequency term no longer drops out of the ``q = 0``
sector.  References: ``qutip.steadystate`` of the independent model
(``reference.py``, whose Hamiltonian takes the frequencies one by one) where
the state is unique, and method "blocks" for the Dicke path.

Sampled domain (seeded): ``N = 2..5`` against QuTiP (``N <= 9`` Dicke against
blocks, plus ``N = 41`` dense against sparse), star and chain, frequencies
``omega0_i`` in [5, 15] (every qubit its own; in the star with identical
ancillas, battery and ancillas apart by up to 5), ``J`` in [0, 3], ``gamma``
in [0.2, 3], ``mu_i`` in [-2, 5], ``T`` in [0.1, 3], ``gamma_local`` in
[1e-3, 2].
"""

import numpy as np
import pytest
import qutip

import qbcore
import qbcore.solvers as solvers
import qbcore.solvers.dicke as dicke_solver

import reference as ref


def draw(seed, N, topology, scenario, identical_ancillas=False, gamma_local=True):
    rng = np.random.default_rng(seed)
    kw = dict(N=N, topology=topology, J=float(rng.uniform(0, 3)),
              gamma=float(rng.uniform(0.2, 3)), T=float(rng.uniform(0.1, 3)))
    if identical_ancillas:
        omega_B = float(rng.uniform(5, 15))
        kw["omega0s"] = [omega_B] + [omega_B + float(rng.uniform(-5, 5))] * (N - 1)
    else:
        kw["omega0s"] = list(rng.uniform(5, 15, N))
    if scenario == "equilibrium":
        kw["mu"] = float(rng.uniform(-2, 5))
        if gamma_local:
            kw["gamma_local"] = float(10 ** rng.uniform(-3, np.log10(2)))
    elif identical_ancillas:
        mu, mu_a = rng.uniform(-2, 5, 2)
        kw["mus"] = [float(mu)] + [float(mu_a)] * (N - 1)
    else:
        kw["mus"] = list(rng.uniform(-2, 5, N))
    return kw


CASES = [(N, top, sc) for N in (2, 3, 4, 5) for top in ("star", "chain")
         for sc in ("nonequilibrium", "equilibrium")]


@pytest.mark.parametrize("N, topology, scenario", CASES)
def test_blocks_match_plain_qutip(N, topology, scenario):
    """Every qubit at its own frequency (unique states: local reservoirs, gamma_local > 0)."""
    kw = draw(17 * N + len(topology) + len(scenario), N, topology, scenario)
    H, c_ops = ref.ref_model(scenario, **kw)
    expected = qutip.steadystate(H, c_ops).full()
    rho = qbcore.steady_state(scenario, method="blocks", **kw).full()
    assert np.abs(rho - expected).max() < 2e-14  # 2e-15 reached


@pytest.mark.parametrize("N, scenario", [(N, sc) for N in (2, 3, 4, 5)
                                         for sc in ("nonequilibrium", "equilibrium")])
def test_star_with_a_detuned_battery_matches_plain_qutip(N, scenario):
    """Identical ancillas: methods symmetric, dicke and auto too."""
    kw = draw(31 * N + len(scenario), N, "star", scenario, identical_ancillas=True)
    H, c_ops = ref.ref_model(scenario, **kw)
    expected = qutip.steadystate(H, c_ops).full()
    for method in ("auto", "symmetric", "blocks"):
        rho = qbcore.steady_state(scenario, method=method, **kw).full()
        assert np.abs(rho - expected).max() < 3e-14, method  # 4e-15 reached
    r = qbcore.battery_result(scenario, **kw)
    assert r.method == "dicke"
    assert abs(r.W - ref.qubit_W(ref.battery_reduced(expected, N))) < 5e-15


@pytest.mark.parametrize("N, topology", [(3, "star"), (3, "chain"), (4, "star")])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_collective_long_time_limit_matches_mesolve(N, topology, initial):
    """gamma_local = 0: the degenerate kernel's limit P0 rho(0), detuned, against mesolve.

    mesolve runs to ``t = 40 / relaxation_rate`` (the slowest mode decayed to e^-40).
    """
    kw = draw(41 * N + len(topology), N, topology, "equilibrium", identical_ancillas=True,
              gamma_local=False)
    kw.update(J=1.5, gamma=1.0, T=1.0)
    rho0 = (qutip.tensor([qutip.basis(2, 1).proj()] * N) if initial == "ground"
            else qutip.qeye([2] * N) / 2**N)
    t = 40.0 / qbcore.relaxation_rate("equilibrium", initial=initial, **kw)
    expected = ref.ref_long_time("equilibrium", rho0, t, **kw)
    rho = qbcore.steady_state("equilibrium", initial=initial, **kw).full()
    assert np.abs(rho - expected).max() < 2e-12  # 3e-13 reached


DICKE_CASES = ([(N, "nonequilibrium", True, "ground") for N in (2, 3, 5, 8, 9)]
               + [(N, "equilibrium", True, "ground") for N in (2, 3, 5, 8, 9)]
               # gamma_local = 0 (the start matters): method "blocks" decomposes the
               # degenerate kernel densely, about 2 minutes at N = 7, so N <= 6 here
               + [(N, "equilibrium", False, s) for N in (2, 3, 4, 5, 6)
                  for s in ("ground", "mixed")])


@pytest.mark.parametrize("N, scenario, gamma_local, initial", DICKE_CASES)
def test_dicke_matches_blocks(N, scenario, gamma_local, initial):
    kw = draw(53 * N + gamma_local, N, "star", scenario, identical_ancillas=True,
              gamma_local=gamma_local)
    a = qbcore.battery_result(scenario, initial=initial, method="dicke", **kw)
    b = qbcore.battery_result(scenario, initial=initial, method="blocks", **kw)
    assert a.method == "dicke" and b.method == "blocks"
    assert abs(a.p_e - b.p_e) < 2e-13 and abs(a.W - b.W) < 2e-13  # 3e-14 reached


@pytest.mark.parametrize("scenario", ["nonequilibrium", "equilibrium"])
@pytest.mark.parametrize("strong", [False, True])
def test_dicke_sparse_path_equals_dense(monkeypatch, scenario, strong):
    """N = 41: sparse LU with static pivots against the dense solve; strong detuning and hopping too."""
    kw = draw(41 + strong, 41, "star", scenario, identical_ancillas=True)
    if strong:
        kw.update(omega0s=[10.0] + [20.0] * 40, J=8.0, gamma=0.05)
    sparse = qbcore.battery_result(scenario, **kw)
    monkeypatch.setattr(dicke_solver, "DENSE_MAX", 10**5)
    dense = qbcore.battery_result(scenario, **kw)
    assert sparse.unknowns > 400
    assert abs(sparse.p_e - dense.p_e) < 5e-14  # 7e-15 reached


def test_detuning_matters_and_uniform_frequencies_do_not():
    kw = dict(N=4, mu=1.0, dmu=2.0, T=1.0)
    base = qbcore.battery_ergotropy("nonequilibrium", **kw)
    assert qbcore.battery_ergotropy("nonequilibrium", omega0s=[7.0] * 4, **kw) == \
        pytest.approx(base, abs=1e-13)
    detuned = qbcore.battery_ergotropy("nonequilibrium", omega0s=[10.0, 11.0, 11.0, 11.0], **kw)
    assert abs(detuned - base) > 0.01


def test_method_choice():
    star = qbcore.make_parameters("nonequilibrium", N=5, mu=1.0, T=1.0,
                                  omega0s=[9.0, 10.0, 10.0, 10.0, 10.0])
    assert solvers.choose_method(star) == "dicke"
    uneven = qbcore.make_parameters("nonequilibrium", N=5, mu=1.0, T=1.0,
                                    omega0s=[9.0, 10.0, 10.0, 10.0, 10.5])
    assert solvers.choose_method(uneven) == "blocks"
    with pytest.raises(ValueError, match="identical ancillas"):
        qbcore.battery_ergotropy("nonequilibrium", N=5, mu=1.0, T=1.0, method="dicke",
                                 omega0s=[9.0, 10.0, 10.0, 10.0, 10.5])


@pytest.mark.parametrize("extra, exc", [
    ({"omega0s": [10.0, 10.0]}, ValueError), ({"omega0s": [10.0, np.nan, 10.0]}, ValueError),
    ({"omega0s": [10.0, np.inf, 10.0]}, ValueError), ({"omega0s": [10.0, -1.0, 10.0]}, ValueError),
    ({"omega0s": 10.0}, TypeError), ({"omega0s": "abc"}, TypeError),
    ({"omega0s": [10.0, "1", 10.0]}, TypeError),
    ({"omega0s": [10.0, 10.0, 10.0], "omega0": 10.0}, ValueError),
])
@pytest.mark.parametrize("scenario", ["nonequilibrium", "equilibrium"])
def test_bad_omega0s_is_named(extra, exc, scenario):
    with pytest.raises(exc, match="omega0s"):
        qbcore.battery_ergotropy(scenario, mu=1.0, T=1.0, **extra)
