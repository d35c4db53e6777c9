"""qbcore.steady: against plain QuTiP, mesolve, closed forms and kernel dimensions.

The references are built here with QuTiP's own operators, not qbcore's.
"""

import math

import numpy as np
import pytest
import qutip

import qbcore


def sm(i, N):
    return qutip.tensor([qutip.sigmam() if k == i else qutip.qeye(2) for k in range(N)])


def n_fermi(omega, mu, T):
    if T == 0:
        return 1.0 if mu > omega else (0.5 if mu == omega else 0.0)
    return 1.0 / (math.exp((omega - mu) / T) + 1.0)


def reference_model(N, mus, Ts, J=1.0, gamma=1.0, omega0=10.0, omega=1.0, topology="star",
                    collective=False):
    H = sum(omega0 * sm(i, N).dag() * sm(i, N) * 2 - omega0 for i in range(N))  # omega0 sigma_z
    pairs = [(0, k) for k in range(1, N)] if topology == "star" else [(k, k + 1) for k in range(N - 1)]
    for a, b in pairs:
        H += J * (sm(a, N).dag() * sm(b, N) + sm(b, N).dag() * sm(a, N))
    if collective:
        n = n_fermi(omega, mus[0], Ts[0])
        Jm = sum(sm(i, N) for i in range(N))
        c_ops = [math.sqrt(gamma * (1 - n)) * Jm, math.sqrt(gamma * n) * Jm.dag()]
    else:
        c_ops = []
        for i in range(N):
            n = n_fermi(omega, mus[i], Ts[i])
            c_ops += [math.sqrt(gamma * (1 - n)) * sm(i, N), math.sqrt(gamma * n) * sm(i, N).dag()]
    return H, c_ops


def random_case(rng, N, topology):
    return dict(N=N, mus=list(rng.uniform(-2, 6, N)), Ts=list(rng.uniform(0.2, 3, N)),
                J=float(rng.uniform(0.1, 3)), gamma=float(rng.uniform(0.3, 3)), topology=topology)


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_unique_steady_state_matches_qutip(N, topology):
    rng = np.random.default_rng(10 * N + len(topology))
    case = random_case(rng, N, topology)
    H, c_ops = reference_model(N, case["mus"], case["Ts"], case["J"], case["gamma"],
                               topology=topology)
    ref = qutip.steadystate(H, c_ops)
    rho = qbcore.steady_state("nonequilibrium", **case)
    assert rho.dims == [[2] * N, [2] * N]
    assert (rho - ref).norm("max") < 1e-8


@pytest.mark.parametrize("N", [3, 4, 6])
def test_symmetric_and_blocks_methods_agree_with_qutip(N):
    kw = dict(N=N, mu=0.7, dmu=2.3, T=0.8, J=1.3, gamma=0.6)
    H, c_ops = reference_model(N, [0.7] + [3.0] * (N - 1), [0.8] * N, 1.3, 0.6)
    ref = qutip.steadystate(H, c_ops)
    for method in ("symmetric", "blocks", "auto"):
        rho = qbcore.steady_state("nonequilibrium", method=method, **kw)
        assert (rho - ref).norm("max") < 1e-8, method


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_local_kernel_is_one_dimensional(N, topology):
    assert qbcore.kernel_dimension("nonequilibrium", N=N, mu=1.0, dmu=1.5, T=0.7,
                                   topology=topology) == 1


def spin_multiplicity(M, j):
    """Number of spin-j irreps in M spin-1/2's."""
    k = round(M / 2 - j)
    return math.comb(M, k) - (math.comb(M, k - 1) if k >= 1 else 0)


@pytest.mark.parametrize("N", [2, 3, 4, 5])
def test_collective_star_kernel_dimension_from_ancilla_spin(N):
    M = N - 1
    js = [M / 2 - k for k in range(int(M // 2) + 1)]
    expected = sum(spin_multiplicity(M, j) ** 2 * (2 if j == 0.5 else 1) for j in js)
    assert qbcore.kernel_dimension("equilibrium", N=N, mu=2.0, T=1.0) == expected
    assert expected >= 2


@pytest.mark.parametrize("N, topology", [(3, "star"), (4, "star"), (3, "chain")])
@pytest.mark.parametrize("start", ["ground", "mixed", "random"])
def test_collective_limit_matches_long_mesolve(N, topology, start):
    rng = np.random.default_rng(N)
    mu, T = 2.0, 1.0
    H, c_ops = reference_model(N, [mu], [T], topology=topology, collective=True)
    if start == "ground":
        rho0 = qutip.tensor([qutip.basis(2, 1).proj()] * N)
    elif start == "mixed":
        rho0 = qutip.qeye([2] * N) / 2**N
    else:
        rho0 = qutip.rand_dm([2] * N, seed=N)
    initial = start if start != "random" else rho0
    expected = qutip.mesolve(H, rho0, [0.0, 400.0], c_ops,
                             options={"atol": 1e-12, "rtol": 1e-10, "nsteps": 10**6}).states[-1]
    rho = qbcore.steady_state("equilibrium", N=N, mu=mu, T=T, topology=topology, initial=initial)
    assert (rho - expected).norm("max") < 1e-6


def test_collective_limit_depends_on_initial_state():
    W = [qbcore.battery_ergotropy("equilibrium", N=2, mu=2.0, T=1.0, initial=s)
         for s in ("ground", "mixed")]
    assert abs(W[0] - W[1]) > 0.1


def test_n2_collective_triplet_closed_form():
    n = n_fermi(1.0, 2.0, 1.0)
    x = n / (1 - n)
    e, g = qutip.basis(2, 0), qutip.basis(2, 1)
    triplet = [qutip.tensor(g, g), (qutip.tensor(e, g) + qutip.tensor(g, e)).unit(), qutip.tensor(e, e)]
    expected = sum(x**k * triplet[k].proj() for k in range(3)) / (1 + x + x**2)
    rho = qbcore.steady_state("equilibrium", N=2, mu=2.0, T=1.0)
    assert (rho - expected).norm("max") < 1e-10
    # from the maximally mixed start the singlet keeps its weight 1/4
    singlet = (qutip.tensor(e, g) - qutip.tensor(g, e)).unit()
    mixed = qbcore.steady_state("equilibrium", N=2, mu=2.0, T=1.0, initial="mixed")
    assert qutip.expect(singlet.proj(), mixed) == pytest.approx(0.25, abs=1e-10)


def product_gibbs(ns):
    return qutip.tensor([qutip.Qobj(np.diag([n, 1 - n])) for n in ns])


def test_equal_reservoirs_give_product_gibbs_state():
    rho = qbcore.steady_state("nonequilibrium", N=4, mu=1.7, T=0.6, J=2.0)
    assert (rho - product_gibbs([n_fermi(1.0, 1.7, 0.6)] * 4)).norm("max") < 1e-10


def test_zero_hopping_gives_independent_qubits():
    mus, Ts = [0.0, 2.0, -1.0, 3.0], [1.0, 0.5, 2.0, 0.0]
    rho = qbcore.steady_state("nonequilibrium", N=4, mus=mus, Ts=Ts, J=0.0)
    expected = product_gibbs([n_fermi(1.0, m, t) for m, t in zip(mus, Ts)])
    assert (rho - expected).norm("max") < 1e-10


def test_initial_state_irrelevant_for_local_dissipation():
    rho0 = qutip.rand_dm([2, 2, 2], seed=5)
    a = qbcore.steady_state("nonequilibrium", mu=1.0, dmu=2.0, T=1.0)
    b = qbcore.steady_state("nonequilibrium", mu=1.0, dmu=2.0, T=1.0, initial=rho0)
    assert (a - b).norm("max") < 1e-13
