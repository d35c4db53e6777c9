"""qbcore.steady and the solvers: against plain QuTiP, mesolve, closed forms and kernel dimensions.

The references come from ``reference.py`` (QuTiP's own operators, not qbcore's).
"""

import numpy as np
import pytest
import qutip

import qbcore

import reference as ref


def random_case(rng, N, topology):
    return dict(N=N, mus=list(rng.uniform(-2, 6, N)), Ts=list(rng.uniform(0.2, 3, N)),
                J=float(rng.uniform(0.1, 3)), gamma=float(rng.uniform(0.3, 3)), topology=topology)


def full_nullity(scenario: str, **kw) -> int:
    """Dimension of the null space of QuTiP's full dense Liouvillian (singular values < 1e-9)."""
    s = np.linalg.svd(ref.ref_liouvillian(scenario, **kw).full(), compute_uv=False)
    return int(np.sum(s < 1e-9 * s[0]))


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_unique_steady_state_matches_qutip(N, topology):
    rng = np.random.default_rng(10 * N + len(topology))
    case = random_case(rng, N, topology)
    H, c_ops = ref.ref_model("nonequilibrium", **case)
    expected = qutip.steadystate(H, c_ops)
    rho = qbcore.steady_state("nonequilibrium", **case)
    assert rho.dims == [[2] * N, [2] * N]
    assert (rho - expected).norm("max") < 5e-15


@pytest.mark.parametrize("N", [3, 4, 6])
def test_symmetric_and_blocks_methods_agree_with_qutip(N):
    kw = dict(N=N, mu=0.7, dmu=2.3, T=0.8, J=1.3, gamma=0.6)
    H, c_ops = ref.ref_model("nonequilibrium", **kw)
    expected = qutip.steadystate(H, c_ops)
    for method in ("symmetric", "blocks", "auto"):
        rho = qbcore.steady_state("nonequilibrium", method=method, **kw)
        assert (rho - expected).norm("max") < 1e-14, method


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_local_kernel_is_one_dimensional(N, topology):
    """qbcore's count, and the null space of QuTiP's full Liouvillian (every sector, N <= 4)."""
    kw = dict(N=N, mu=1.0, dmu=1.5, T=0.7, topology=topology)
    assert qbcore.kernel_dimension("nonequilibrium", **kw) == 1
    if N <= 4:
        assert full_nullity("nonequilibrium", **kw) == 1


@pytest.mark.parametrize("N", [2, 3, 4, 5])
def test_collective_star_kernel_dimension_from_ancilla_spin(N):
    M = N - 1
    js = [M / 2 - k for k in range(int(M // 2) + 1)]
    expected = sum(ref.spin_multiplicity(M, j) ** 2 * (2 if j == 0.5 else 1) for j in js)
    assert qbcore.kernel_dimension("equilibrium", N=N, mu=2.0, T=1.0) == expected
    assert expected >= 2
    if N <= 4:  # qbcore counts in the q = 0 sector; QuTiP's full Liouvillian has no more
        assert full_nullity("equilibrium", N=N, mu=2.0, T=1.0) == expected


@pytest.mark.parametrize("N, topology", [(3, "star"), (4, "star"), (3, "chain")])
@pytest.mark.parametrize("start", ["ground", "mixed", "random"])
def test_collective_limit_matches_long_mesolve(N, topology, start):
    mu, T = 2.0, 1.0
    H, c_ops = ref.ref_model("equilibrium", N=N, mu=mu, T=T, topology=topology)
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
    assert (rho - expected).norm("max") < 1e-8


def test_collective_limit_depends_on_initial_state():
    """The plain-QuTiP limits P0 rho(0) from |gg> and from I/4 differ; qbcore follows each."""
    kw = dict(N=2, mu=2.0, T=1.0)
    starts = {"ground": ref.qubit_product([0.0, 0.0]), "mixed": np.eye(4) / 4}
    limits = {s: ref.ref_kernel_limit("equilibrium", rho0, **kw)[0] for s, rho0 in starts.items()}
    W_ref = {s: ref.qubit_W(ref.battery_reduced(rho, 2)) for s, rho in limits.items()}
    assert abs(W_ref["ground"] - W_ref["mixed"]) > 0.1
    for s in starts:
        W = qbcore.battery_ergotropy("equilibrium", initial=s, **kw)
        assert W == pytest.approx(W_ref[s], abs=2e-15)


def test_n2_collective_triplet_closed_form():
    n = ref.ref_fermi(1.0, 2.0, 1.0)
    x = n / (1 - n)
    e, g = qutip.basis(2, 0), qutip.basis(2, 1)
    triplet = [qutip.tensor(g, g), (qutip.tensor(e, g) + qutip.tensor(g, e)).unit(), qutip.tensor(e, e)]
    expected = sum(x**k * triplet[k].proj() for k in range(3)) / (1 + x + x**2)
    rho = qbcore.steady_state("equilibrium", N=2, mu=2.0, T=1.0)
    assert (rho - expected).norm("max") < 1e-15
    # from the maximally mixed start the singlet keeps its weight 1/4
    singlet = (qutip.tensor(e, g) - qutip.tensor(g, e)).unit()
    mixed = qbcore.steady_state("equilibrium", N=2, mu=2.0, T=1.0, initial="mixed")
    assert qutip.expect(singlet.proj(), mixed) == pytest.approx(0.25, abs=1e-15)


def product_gibbs(ns):
    return qutip.Qobj(ref.qubit_product(ns), dims=[[2] * len(ns)] * 2)


def test_equal_reservoirs_give_product_gibbs_state():
    rho = qbcore.steady_state("nonequilibrium", N=4, mu=1.7, T=0.6, J=2.0)
    assert (rho - product_gibbs([ref.ref_fermi(1.0, 1.7, 0.6)] * 4)).norm("max") < 1e-15


def test_zero_hopping_gives_independent_qubits():
    mus, Ts = [0.0, 2.0, -1.0, 3.0], [1.0, 0.5, 2.0, 0.0]
    rho = qbcore.steady_state("nonequilibrium", N=4, mus=mus, Ts=Ts, J=0.0)
    expected = product_gibbs([ref.ref_fermi(1.0, m, t) for m, t in zip(mus, Ts)])
    assert (rho - expected).norm("max") < 1e-15


def test_initial_state_irrelevant_for_local_dissipation():
    """The long-time limit of QuTiP's full Liouvillian from a random start is qbcore's state."""
    rho0 = qutip.rand_dm([2, 2, 2], seed=5)
    kw = dict(mu=1.0, dmu=2.0, T=1.0)
    limit, kernel, _ = ref.ref_kernel_limit("nonequilibrium", rho0, **kw)
    assert kernel == 1
    b = qbcore.steady_state("nonequilibrium", initial=rho0, **kw).full()
    assert np.abs(b - limit).max() < 3e-14  # 6e-15 reached (the SVD of the full Liouvillian)


# ------------------------------------------------- further checks ---

def _rand_local(rng, N, topology, identical_ancillas=False):
    mus, Ts = list(rng.uniform(-3, 8, N)), list(rng.uniform(0.1, 4, N))
    if identical_ancillas:
        mus[1:], Ts[1:] = [mus[1]] * (N - 1), [Ts[1]] * (N - 1)
    return dict(N=N, mus=mus, Ts=Ts, J=float(rng.uniform(0.05, 4)),
                gamma=float(10 ** rng.uniform(-1, 1)), omega=float(rng.uniform(0.5, 2)),
                omega0=float(rng.uniform(0, 20)), topology=topology)


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("method", ["symmetric", "blocks"])
def test_identical_ancillas_both_methods_match_plain_qutip(N, method):
    rng = np.random.default_rng(300 + N)
    kw = _rand_local(rng, N, "star", identical_ancillas=True)
    expected = ref.ref_steady_state("nonequilibrium", **kw)
    rho = qbcore.steady_state("nonequilibrium", method=method, **kw).full()
    np.testing.assert_allclose(rho, expected, atol=1e-14, rtol=0)
    ref.assert_density_matrix(rho)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blocks_gmres_hard_cases_match_plain_qutip(seed):
    """N = 6 (924 unknowns: GMRES) with widely spread rates and low temperatures."""
    rng = np.random.default_rng(seed)
    kw = dict(N=6, topology=("chain", "star", "chain")[seed], J=[0.05, 3.0, 0.3][seed],
              gamma=[20.0, 0.05, 1.0][seed], mus=list(rng.uniform(-2, 4, 6)),
              Ts=list(rng.uniform(0.05, 0.3, 6)))
    expected = ref.ref_steady_state("nonequilibrium", **kw)
    rho = qbcore.steady_state("nonequilibrium", method="blocks", **kw).full()
    np.testing.assert_allclose(rho, expected, atol=1e-14, rtol=0)


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_local_steady_state_ignores_initial_state(N, topology):
    """From each start, P0 rho(0) of QuTiP's full Liouvillian is qutip.steadystate's state, and
    qbcore (given that start) returns it (qbcore ignores the start here, so only the reference
    can show that the start does not matter)."""
    kw = dict(N=N, mu=0.5, dmu=2.5, T=0.7, J=1.2, topology=topology)
    expected = ref.ref_steady_state("nonequilibrium", **kw)
    starts = {"ground": ref.qubit_product([0.0] * N), "mixed": np.eye(2**N) / 2**N,
              "random": ref.random_dm(N, 1)}
    for name, rho0 in starts.items():
        limit, kernel, _ = ref.ref_kernel_limit("nonequilibrium", rho0, **kw)
        assert kernel == 1
        np.testing.assert_allclose(limit, expected, atol=3e-14, rtol=0)  # 6e-15 reached
        initial = rho0 if name == "random" else name
        rho = qbcore.steady_state("nonequilibrium", initial=initial, **kw).full()
        np.testing.assert_allclose(rho, expected, atol=5e-15, rtol=0)
    as_qobj = qutip.Qobj(ref.random_dm(N, 2), dims=[[2] * N] * 2)
    np.testing.assert_allclose(qbcore.steady_state("nonequilibrium", initial=as_qobj, **kw).full(),
                               expected, atol=5e-15, rtol=0)


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_equal_reservoirs_product_state_any_network(N, topology):
    for mu, T, J in [(2.5, 0.4, 3.0), (-1.0, 2.0, 0.3), (1.0, 0.0, 1.0), (4.0, 0.0, 1.0)]:
        rho = qbcore.steady_state("nonequilibrium", N=N, mu=mu, T=T, J=J, topology=topology).full()
        np.testing.assert_allclose(rho, ref.qubit_product([ref.ref_fermi(1.0, mu, T)] * N),
                                   atol=2e-15, rtol=0)
        W = qbcore.battery_ergotropy("nonequilibrium", N=N, mu=mu, T=T, J=J, topology=topology)
        assert W == pytest.approx(max(0.0, 2 * ref.ref_fermi(1.0, mu, T) - 1), abs=2e-15)


@pytest.mark.parametrize("N", [2, 3, 5])
def test_zero_hopping_each_qubit_relaxes_to_its_reservoir(N):
    rng = np.random.default_rng(N)
    mus, Ts = list(rng.uniform(-2, 4, N)), list(rng.uniform(0, 2, N))
    Ts[0] = 0.0
    for topology in ("star", "chain"):
        rho = qbcore.steady_state("nonequilibrium", N=N, mus=mus, Ts=Ts, J=0.0,
                                  topology=topology, omega=1.3).full()
        expected = ref.qubit_product([ref.ref_fermi(1.3, m, t) for m, t in zip(mus, Ts)])
        np.testing.assert_allclose(rho, expected, atol=2e-15, rtol=0)


# ---- collective scenario: closed forms from strong symmetries -------------

def _gibbs(N, mu, T):
    return ref.qubit_product([ref.ref_fermi(1.0, mu, T)] * N)


def _n2_triplet_state(n):
    """Gibbs-like state on the N = 2 triplet: weights (n/(1-n))^k for k excitations."""
    e, g = qutip.basis(2, 0), qutip.basis(2, 1)
    triplet = [qutip.tensor(g, g), (qutip.tensor(e, g) + qutip.tensor(g, e)).unit(),
               qutip.tensor(e, e)]
    x = n / (1 - n)
    w = np.array([1.0, x, x * x]) / (1 + x + x * x)
    return sum(wk * t.proj() for wk, t in zip(w, triplet)).full()


@pytest.mark.parametrize("mu, T, J, gamma", [(2.0, 1.0, 1.0, 1.0), (0.3, 0.5, 2.0, 0.4),
                                             (5.0, 3.0, 0.5, 2.0)])
def test_n2_collective_from_ground_and_mixed(mu, T, J, gamma):
    kw = dict(N=2, mu=mu, T=T, J=J, gamma=gamma)
    n = ref.ref_fermi(1.0, mu, T)
    triplet = _n2_triplet_state(n)
    e, g = qutip.basis(2, 0), qutip.basis(2, 1)
    singlet = (qutip.tensor(e, g) - qutip.tensor(g, e)).unit().proj().full()
    # the closed form is the same as P_+ rho_G / tr(P_+ rho_G), P_+ the swap-even projector
    P = (np.eye(4) + ref.reflection_operator(2)) / 2
    sym = P @ _gibbs(2, mu, T) @ P
    np.testing.assert_allclose(triplet, sym / np.trace(sym), atol=1e-15, rtol=0)
    ground = qbcore.steady_state("equilibrium", **kw).full()
    np.testing.assert_allclose(ground, triplet, atol=1e-15, rtol=0)
    mixed = qbcore.steady_state("equilibrium", initial="mixed", **kw).full()
    np.testing.assert_allclose(mixed, 0.75 * triplet + 0.25 * singlet, atol=1e-15, rtol=0)
    W_ground = qbcore.battery_ergotropy("equilibrium", **kw)
    W_mixed = qbcore.battery_ergotropy("equilibrium", initial="mixed", **kw)
    assert W_ground == pytest.approx(ref.qubit_W(ref.battery_reduced(triplet, 2)), abs=1e-15)
    assert W_mixed == pytest.approx(ref.qubit_W(ref.battery_reduced(
        0.75 * triplet + 0.25 * singlet, 2)), abs=2e-15)
    if mu > 1.0:  # an inverted triplet: the two starts charge the battery differently
        assert W_ground - W_mixed > 1e-3


def test_n2_triplet_closed_form_agrees_with_mesolve():
    mu, T = 2.0, 1.0
    ground = qutip.tensor([qutip.basis(2, 1).proj()] * 2)
    final = ref.ref_long_time("equilibrium", ground, 200.0, N=2, mu=mu, T=T)
    np.testing.assert_allclose(final, _n2_triplet_state(ref.ref_fermi(1.0, mu, T)), atol=1e-12,
                               rtol=0)  # 1e-13 reached (mesolve's tolerances)


@pytest.mark.parametrize("N", [3, 4, 5])
@pytest.mark.parametrize("mu, T, J, gamma", [(2.0, 1.0, 1.0, 1.0), (-0.5, 0.7, 2.5, 0.3),
                                             (6.0, 4.0, 0.4, 1.5)])
def test_collective_star_from_ground_is_symmetric_gibbs(N, mu, T, J, gamma):
    """The ancillas' permutations are a strong symmetry of the star: from |g..g> the state
    stays in the ancilla-symmetric subspace, where the kernel is one-dimensional."""
    P = ref.ancilla_symmetric_projector(N)
    expected = P @ _gibbs(N, mu, T) @ P
    expected /= np.trace(expected)
    for method in ("symmetric", "blocks"):
        rho = qbcore.steady_state("equilibrium", N=N, mu=mu, T=T, J=J, gamma=gamma,
                                  method=method).full()
        np.testing.assert_allclose(rho, expected, atol=1e-14, rtol=0)
    # the battery keeps the reservoir's occupation
    W = qbcore.battery_ergotropy("equilibrium", N=N, mu=mu, T=T, J=J, gamma=gamma)
    assert W == pytest.approx(max(0.0, 2 * ref.ref_fermi(1.0, mu, T) - 1), abs=1e-14)


def test_collective_star_closed_form_agrees_with_mesolve():
    N, mu, T = 3, 3.0, 1.0
    P = ref.ancilla_symmetric_projector(N)
    expected = P @ _gibbs(N, mu, T) @ P
    expected /= np.trace(expected)
    ground = qutip.tensor([qutip.basis(2, 1).proj()] * N)
    final = ref.ref_long_time("equilibrium", ground, 800.0, N=N, mu=mu, T=T, J=2.0, omega0=1.0)
    np.testing.assert_allclose(final, expected, atol=5e-13, rtol=0)


@pytest.mark.parametrize("N", [3, 4, 5])
def test_collective_chain_limit_from_reflection_symmetry(N):
    """The chain's mirror R commutes with H and J_-: tr(P_+- rho) is conserved and
    ker L = span{P_+ rho_G, P_- rho_G}."""
    mu, T, J = 2.2, 0.9, 1.4
    R = ref.reflection_operator(N)
    rho_G = _gibbs(N, mu, T)
    Pp, Pm = (np.eye(2**N) + R) / 2, (np.eye(2**N) - R) / 2
    plus = Pp @ rho_G @ Pp / np.trace(Pp @ rho_G)
    minus = Pm @ rho_G @ Pm / np.trace(Pm @ rho_G)
    kw = dict(N=N, mu=mu, T=T, J=J, topology="chain")
    np.testing.assert_allclose(qbcore.steady_state("equilibrium", **kw).full(), plus,
                               atol=2e-15, rtol=0)
    w_plus = np.trace(Pp).real / 2**N  # weight of the mirror-even part of I / 2**N
    np.testing.assert_allclose(qbcore.steady_state("equilibrium", initial="mixed", **kw).full(),
                               w_plus * plus + (1 - w_plus) * minus, atol=2e-15, rtol=0)
    rho0 = ref.random_dm(N, 7)
    w_rand = np.trace(Pp @ rho0).real
    got = qbcore.steady_state("equilibrium", initial=rho0, **kw).full()
    np.testing.assert_allclose(got, w_rand * plus + (1 - w_rand) * minus, atol=2e-15, rtol=0)


@pytest.mark.parametrize("N, topology, start", [(3, "star", "random"), (4, "chain", "random"),
                                                (4, "star", "mixed")])
def test_collective_limit_tight_against_mesolve(N, topology, start):
    kw = dict(N=N, mu=3.0, T=1.0, J=2.0, omega0=1.0, topology=topology)
    rho0 = (ref.random_dm(N, 11) if start == "random" else np.eye(2**N) / 2**N)
    final = ref.ref_long_time("equilibrium", ref.as_qobj(rho0, N), 900.0, **kw)
    initial = rho0 if start == "random" else start
    rho = qbcore.steady_state("equilibrium", initial=initial, **kw).full()
    np.testing.assert_allclose(rho, final, atol=1e-12, rtol=0)
    ref.assert_density_matrix(rho)


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_collective_symmetric_and_blocks_agree(N, initial):
    kw = dict(N=N, mu=1.8, T=0.8, J=0.9, gamma=1.3, initial=initial)
    a = qbcore.steady_state("equilibrium", method="symmetric", **kw).full()
    b = qbcore.steady_state("equilibrium", method="blocks", **kw).full()
    np.testing.assert_allclose(a, b, atol=3e-15, rtol=0)


@pytest.mark.parametrize("scenario, kw", [
    ("equilibrium", dict(N=3, mu=1.0, T=1.0, topology="chain")),
    ("equilibrium", dict(N=3, mu=1.0, T=1.0, initial=np.eye(8) / 8)),
    ("nonequilibrium", dict(N=4, mu=1.0, T=1.0, topology="chain")),
    ("nonequilibrium", dict(N=3, mus=[1.0, 2.0, 2.5], T=1.0)),
    ("nonequilibrium", dict(N=3, mu=1.0, Ts=[1.0, 1.0, 2.0])),
])
def test_forcing_symmetric_where_it_does_not_apply_raises(scenario, kw):
    with pytest.raises(ValueError, match="symmetric"):
        qbcore.steady_state(scenario, method="symmetric", **kw)
    with pytest.raises(ValueError, match="symmetric"):
        qbcore.battery_ergotropy(scenario, method="symmetric", **kw)


def test_spin_multiplicities_add_up():
    for M in range(1, 9):
        total = sum(ref.spin_multiplicity(M, j) * (2 * j + 1) for j in ref.ancilla_spins(M + 1))
        assert total == 2**M


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6])
def test_collective_star_kernel_dimension_formula(N):
    expected = ref.collective_star_kernel_dimension(N)
    for kw in (dict(mu=2.0, T=1.0), dict(mu=-0.5, T=2.5, J=0.7, gamma=2.0)):
        assert qbcore.kernel_dimension("equilibrium", N=N, **kw) == expected
        if N <= 4:
            assert full_nullity("equilibrium", N=N, **kw) == expected
    # initial and method play no role in the kernel
    assert qbcore.kernel_dimension("equilibrium", N=N, mu=2.0, T=1.0, initial="mixed",
                                   method="blocks") == expected


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_local_kernel_is_one_dimensional_random(N, topology):
    rng = np.random.default_rng(N)
    kw = _rand_local(rng, N, topology)
    assert qbcore.kernel_dimension("nonequilibrium", **kw) == 1
    if N <= 4:
        assert full_nullity("nonequilibrium", **kw) == 1


def test_local_kernel_one_dimensional_for_sparse_sectors():
    # N = 6: the q = 0 sector has 924 unknowns and goes through the sparse path
    assert qbcore.kernel_dimension("nonequilibrium", N=6, mu=1.0, dmu=2.0, T=1.0) == 1


# ---- where the collective kernel is nearly degenerate --------------------

NEAR_DEGENERATE = [
    dict(N=5, topology="star", mu=2.0, T=1.0, J=0.1, gamma=1e3),
    dict(N=4, topology="star", mu=1.0, T=1.0, J=1e-4, gamma=1.0),
    dict(N=4, topology="chain", mu=5.0, T=1.0, J=0.1, gamma=1e3),
]


@pytest.mark.xfail(strict=True, reason="collective scenario with J/gamma <~ 1e-3 (valid input): "
                   "the SVD null space of L_0 is polluted by slow modes and qbcore raises "
                   "UnphysicalStateError instead of returning the long-time limit, which the "
                   "strong symmetries give in closed form")
@pytest.mark.parametrize("kw", NEAR_DEGENERATE)
def test_collective_limit_with_weak_hopping(kw):
    N, mu, T = kw["N"], kw["mu"], kw["T"]
    if kw["topology"] == "star":
        P = ref.ancilla_symmetric_projector(N)
    else:
        P = (np.eye(2**N) + ref.reflection_operator(N)) / 2
    expected = P @ _gibbs(N, mu, T) @ P
    expected /= np.trace(expected)
    rho = qbcore.steady_state("equilibrium", **kw).full()
    np.testing.assert_allclose(rho, expected, atol=1e-6, rtol=0)


@pytest.mark.parametrize("scenario", ["equilibrium", "nonequilibrium"])
def test_unreduced_state_equals_the_reduced_solvers(scenario, rng):
    """Random N = 2..5 (even and odd), both networks, both named starts; gamma_local 0 or > 0."""
    for i in range(6):
        kw = dict(N=int(rng.integers(2, 6)), topology=["star", "chain"][i % 2],
                  J=rng.uniform(0.2, 3.0), gamma=rng.uniform(0.3, 3.0), mu=rng.uniform(-2, 6),
                  T=rng.uniform(0.3, 3.0))
        if scenario == "nonequilibrium":
            kw["dmu"] = rng.uniform(-5, 5)
        else:
            kw["initial"] = ["ground", "mixed"][(i // 2) % 2]
            if i >= 4:
                kw["gamma_local"] = 0.1
        a = qbcore.unreduced_state(scenario, **kw).full()
        b = qbcore.steady_state(scenario, **kw).full()
        assert np.abs(a - b).max() < 1e-9, kw


def test_unreduced_state_refuses_large_N():
    with pytest.raises(ValueError, match="N must be <= 5"):
        qbcore.unreduced_state("nonequilibrium", N=6, mu=1.0, T=1.0)


def test_conjugate_sectors_have_kernels_of_one_dimension():
    """nullity(L_q) = nullity(L_-q), computed sector by sector (what kernel_dimension relies on).

    Seeded draws over both scenarios, both networks, N = 2..5 (even and odd):
    every third draw the collective star (N = 3, 4) at omega0 = 0 and T = 0 (where
    dark states give sectors q != 0 kernels of their own), the others with omega0 in [0.1, 20] and
    T in [0.3, 3].
    """
    from qbcore.parameters import make_parameters
    from qbcore.solvers import blocks

    rng = np.random.default_rng(11)
    seen_off_zero = 0
    for k in range(16):
        dark = k % 3 == 0  # collective star at T = 0: dark states
        scenario = "equilibrium" if dark else ("equilibrium", "nonequilibrium")[k % 2]
        kw = dict(N=3 + k % 2 if dark else 2 + k % 4,
                  topology="star" if dark else ("star", "chain")[(k // 2) % 2],
                  omega0=0.0 if k % 3 == 0 else float(rng.uniform(0.1, 20.0)),
                  J=float(rng.uniform(0.2, 3.0)), gamma=float(rng.uniform(0.2, 3.0)),
                  mu=float(rng.uniform(-2.0, 6.0)),
                  T=0.0 if k % 3 == 0 else float(rng.uniform(0.3, 3.0)))
        if scenario == "nonequilibrium":
            kw["dmu"] = float(rng.uniform(0.0, 4.0))
        p = make_parameters(scenario, **kw)
        counts = {q: blocks.sector_nullity(p, q) for q in range(-p.N, p.N + 1)}
        for q in range(1, p.N + 1):
            assert counts[q] == counts[-q], (kw, counts)
        seen_off_zero += any(counts[q] for q in counts if q != 0)
        assert qbcore.kernel_dimension(scenario, **kw) == sum(counts.values())
    assert seen_off_zero > 0   # the draws reach sectors q != 0 with a kernel


def test_kernel_dimension_with_coherent_kernels_matches_qutip():
    """omega0 = 0, T = 0, collective: kernels in sectors q != 0 too; QuTiP's full Liouvillian agrees."""
    from qbcore.parameters import make_parameters
    from qbcore.solvers import blocks

    for N, J in ((2, 0.0), (3, 0.0), (3, 1.0), (4, 1.0)):
        kw = dict(N=N, mu=0.0, T=0.0, omega0=0.0, J=J)
        assert any(blocks.sector_nullity(make_parameters("equilibrium", **kw), q)
                   for q in range(1, N + 1))
        assert qbcore.kernel_dimension("equilibrium", **kw) == full_nullity("equilibrium", **kw)
