"""qbcore.currents and qbcore.entropy_production against QuTiP's dissipators, and their invariants.

The reference current is ``tr(n_i D_i rho)`` with ``D_i`` QuTiP's
``lindblad_dissipator`` of reservoir ``i``'s collapse operators and ``rho``
``qutip.steadystate`` of the plain-QuTiP model (tests/reference.py); for the
collective reservoir a long ``qutip.mesolve`` run supplies ``rho``.
"""

import math

import numpy as np
import pytest
import qutip

import qbcore
import reference as ref


def qutip_currents(scenario, rho=None, **kw):
    """``tr(n_i D rho)`` per qubit, ``D`` the sum of the dissipators of the reservoir(s) feeding it."""
    N = kw["N"]
    H, c_ops = ref.ref_model(scenario, **kw)
    if rho is None:
        rho = qutip.steadystate(H, c_ops)
    numbers = [ref.ref_sm(i, N).dag() * ref.ref_sm(i, N) for i in range(N)]
    if scenario == "nonequilibrium":  # reservoir i: c_ops[2i], c_ops[2i + 1]
        channels = [[c_ops[2 * i], c_ops[2 * i + 1]] for i in range(N)]
    else:  # one reservoir: every channel feeds every qubit
        channels = [c_ops] * N
    out = []
    for i in range(N):
        D = sum(qutip.lindblad_dissipator(c) for c in channels[i])
        out.append(qutip.expect(numbers[i], qutip.vector_to_operator(
            D * qutip.operator_to_vector(rho))))
    return np.array(out)


def draw(seed, N):
    rng = np.random.default_rng(seed)
    return dict(N=N, mu=float(rng.uniform(-2, 4)), dmu=float(rng.uniform(-3, 6)),
                T=float(rng.uniform(0.2, 3)), J=float(rng.uniform(0.05, 4)),
                gamma=float(rng.uniform(0.3, 3)))


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_currents_match_qutip_dissipators(N, topology):
    kw = draw(10 * N + len(topology), N)
    I = qbcore.currents("nonequilibrium", topology=topology, **kw)
    np.testing.assert_allclose(I, qutip_currents("nonequilibrium", topology=topology, **kw),
                               atol=1e-14)  # reached: 6e-16
    assert abs(I.sum()) < 1e-12


@pytest.mark.parametrize("N", [3, 5])
def test_per_qubit_reservoirs_and_detuning_match_qutip(N):
    rng = np.random.default_rng(N)
    kw = dict(N=N, mus=list(rng.uniform(-2, 4, N)), Ts=list(rng.uniform(0.2, 3, N)),
              omega0s=list(rng.uniform(5, 12, N)), J=1.3, topology="chain")
    I = qbcore.currents("nonequilibrium", **kw)
    np.testing.assert_allclose(I, qutip_currents("nonequilibrium", **kw), atol=1e-14)
    mus, Ts = kw["mus"], kw["Ts"]
    sigma = sum((mu - 1.0) * i / T for mu, i, T in zip(mus, I, Ts))
    assert qbcore.entropy_production("nonequilibrium", **kw) == pytest.approx(sigma, abs=1e-13)


def test_current_is_gamma_times_occupation_minus_population():
    """I_i = gamma (n_i - p_i), with p_i read off QuTiP's steady state."""
    kw = dict(N=4, mu=0.5, dmu=2.5, T=0.8, J=0.9, gamma=1.7, topology="chain")
    H, c_ops = ref.ref_model("nonequilibrium", **kw)
    rho = qutip.steadystate(H, c_ops)
    mus = [kw["mu"]] + [kw["mu"] + kw["dmu"]] * 3
    expected = [kw["gamma"] * (ref.ref_fermi(1.0, mus[i], kw["T"])
                               - qutip.expect(ref.ref_sm(i, 4).dag() * ref.ref_sm(i, 4), rho))
                for i in range(4)]
    np.testing.assert_allclose(qbcore.currents("nonequilibrium", **kw), expected, atol=1e-14)


@pytest.mark.parametrize("gamma_local", [0.0, 0.2])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_collective_currents_match_qutip_and_vanish_in_sum(gamma_local, initial):
    """One reservoir: its net current vanishes in the long-time state (mesolve to t = 400)."""
    N = 3
    kw = dict(N=N, mu=2.0, T=0.9, J=1.2, gamma_local=gamma_local)
    g = qutip.basis(2, 1)
    rho0 = (qutip.tensor([g * g.dag()] * N) if initial == "ground"
            else qutip.tensor([qutip.qeye(2) / 2] * N))
    rho = ref.as_qobj(ref.ref_long_time("equilibrium", rho0, 400.0, **kw), N)
    I = qbcore.currents("equilibrium", initial=initial, **kw)
    np.testing.assert_allclose(I, qutip_currents("equilibrium", rho=rho, **kw), atol=1e-13)
    assert abs(I.sum()) < 1e-12
    assert abs(qbcore.entropy_production("equilibrium", initial=initial, **kw)) < 1e-12


@pytest.mark.parametrize("N", [2, 3, 6, 9])
def test_dicke_matches_the_full_state(N):
    for scenario, extra in [("nonequilibrium", {}), ("nonequilibrium", {"omega0s": [9.0] + [9.5] * (N - 1)}),
                            ("equilibrium", {"gamma_local": 0.05}),
                            ("equilibrium", {"initial": "mixed"})]:
        kw = draw(N + 3 * len(extra), N)
        if scenario == "equilibrium":
            kw.pop("dmu")
        a = qbcore.currents(scenario, **kw, **extra)
        # the perfectly collective kernel is decomposed densely by "blocks" up to N = 7
        full = "symmetric" if "initial" in extra and N > 7 else "blocks"
        b = qbcore.currents(scenario, method=full, **kw, **extra)
        np.testing.assert_allclose(a, b, atol=2e-13, err_msg=f"{scenario} {extra}")  # 5e-14


@pytest.mark.parametrize("N", [2, 3, 7, 30, 101, 302])
def test_invariants_on_random_samples(N):
    """Currents sum to zero; sigma >= 0 (round-off: 1e-13 of its scale); the ancillas share equally."""
    rng = np.random.default_rng(N)
    for _ in range(4 if N < 100 else 2):
        kw = draw(int(rng.integers(1 << 30)), N)
        I = qbcore.currents("nonequilibrium", **kw)
        scale = kw["gamma"] * (abs(kw["mu"] - 1) + abs(kw["mu"] + kw["dmu"] - 1)) / kw["T"]
        assert abs(I.sum()) < 1e-11 * kw["gamma"]
        assert np.ptp(I[1:]) == 0.0
        assert qbcore.entropy_production("nonequilibrium", **kw) >= -1e-13 * scale


def test_entropy_production_is_the_bias_times_the_battery_current():
    """Derived: with one T, sum_i I_i = 0 gives sigma = dmu gamma (p_e - n_B) / T (any N, J, topology)."""
    for N, topology in [(3, "star"), (5, "chain"), (40, "star")]:
        kw = draw(7 * N, N)
        p_e = qbcore.battery_population("nonequilibrium", topology=topology, **kw)
        n_B = ref.ref_fermi(1.0, kw["mu"], kw["T"])
        expected = kw["dmu"] * kw["gamma"] * (p_e - n_B) / kw["T"]
        got = qbcore.entropy_production("nonequilibrium", topology=topology, **kw)
        assert got == pytest.approx(expected, abs=1e-11)


def test_equal_reservoirs_produce_no_entropy():
    kw = dict(N=4, mu=2.0, dmu=0.0, T=0.7, topology="chain")
    np.testing.assert_allclose(qbcore.currents("nonequilibrium", **kw), 0.0, atol=1e-13)
    assert abs(qbcore.entropy_production("nonequilibrium", **kw)) < 1e-13


@pytest.mark.slow
def test_n_1001():
    kw = dict(N=1001, mu=1.0, dmu=2.0, T=1.0)
    I = qbcore.currents("nonequilibrium", **kw)
    p_e = qbcore.battery_population("nonequilibrium", **kw)
    assert I.shape == (1001,) and abs(I.sum()) < 1e-10
    assert I[0] == pytest.approx(0.5 - p_e, abs=1e-12)  # gamma (n_B - p_e), n_B = 1/2 at mu = omega
    assert qbcore.entropy_production("nonequilibrium", **kw) == pytest.approx(2 * p_e - 1,
                                                                              abs=1e-10)


def test_zero_temperature_reservoir():
    with pytest.raises(ValueError, match="T"):
        qbcore.entropy_production("nonequilibrium", N=3, mus=[0.0, 3.0, 3.0], Ts=[0.0, 1.0, 1.0])
    # a reservoir exactly at mu = omega adds nothing, at any T
    sigma = qbcore.entropy_production("nonequilibrium", N=3, mus=[1.0, 3.0, 3.0],
                                      Ts=[0.0, 1.0, 1.0])
    I = qbcore.currents("nonequilibrium", N=3, mus=[1.0, 3.0, 3.0], Ts=[0.0, 1.0, 1.0])
    assert sigma == pytest.approx(2.0 * (I[1] + I[2]), abs=1e-14) and sigma > 0
    assert math.isfinite(sigma)


@pytest.mark.parametrize("fn", [qbcore.currents, qbcore.entropy_production])
def test_bad_input(fn):
    with pytest.raises(ValueError, match="master_equation"):
        fn("nonequilibrium", N=3, mu=1.0, T=1.0, master_equation="global")
    with pytest.raises(ValueError, match="N"):
        fn("nonequilibrium", N=11, mu=1.0, T=1.0, topology="chain")
    with pytest.raises(TypeError, match="mu"):
        fn("nonequilibrium", N=3, T=1.0)
