"""qbcore.relaxation_rate: the slowest nonzero rate, against spectra of QuTiP's Liouvillian.

References: eigenvalues of the independent model's full Liouvillian
(``reference.py``), restricted to the space the rate is defined on (all
sectors for a density-matrix start, the ``q = 0`` sector, the
ancilla-symmetric ``q = 0`` space), the closed form ``c_2 = 1/(1 - n(1-n))``
of the metastable lifetime at ``N = 2`` (derived in :mod:`qbcore.relaxation`),
and the dense Dicke spectrum for the large-N path.

Sampled domain (seeded): ``N = 2..4`` (all sectors) and ``2..5``, star and
chain, both scenarios, ``J`` in [0.2, 3], ``gamma`` in [0.3, 3],
``gamma_local`` in {0} or log-uniform in [1e-3, 1], ``mu`` in [-2, 4], ``T`` in
[0.2, 3]; lifetime on ``gamma_local`` in [1e-4, 1e-2].
"""

import itertools

import numpy as np
import pytest

import qbcore
import qbcore.relaxation as relaxation

import reference as ref


def draw(seed, N, topology, scenario, local=True):
    rng = np.random.default_rng(seed)
    kw = dict(N=N, topology=topology, J=float(rng.uniform(0.2, 3)),
              gamma=float(rng.uniform(0.3, 3)), T=float(rng.uniform(0.2, 3)))
    if scenario == "equilibrium":
        kw.update(mu=float(rng.uniform(-2, 4)),
                  gamma_local=float(10 ** rng.uniform(-3, 0)) if local else 0.0)
    else:
        kw.update(mus=list(rng.uniform(-2, 4, N)))
    return kw


def reference_rate(L: np.ndarray, unique: bool) -> float:
    """``min -Re`` over the nonzero eigenvalues of a dense matrix (kernel by its SVD rank)."""
    lam = np.linalg.eigvals(L)
    s = np.linalg.svd(L, compute_uv=False)
    kernel = 1 if unique else int(np.sum(s < 1e-10 * s[0]))
    lam = lam[np.argsort(np.abs(lam))][kernel:]
    return float(-lam.real.max())


def vec_charge(N: int) -> np.ndarray:
    """Charge of every entry of QuTiP's column-stacked ``vec(rho)``."""
    return ref.charge_of_entries(N).T.ravel()


SPACES = [(N, top, sc, loc) for N in (2, 3, 4) for top in ("star", "chain")
          for sc, loc in (("nonequilibrium", True), ("equilibrium", True),
                          ("equilibrium", False))]


@pytest.mark.parametrize("N, topology, scenario, local", SPACES)
def test_density_matrix_start_sees_every_sector(N, topology, scenario, local):
    kw = draw(100 * N + len(topology) + 7 * local, N, topology, scenario, local)
    unique = scenario == "nonequilibrium" or kw["gamma_local"] > 0
    L = ref.ref_liouvillian(scenario, **kw).full()
    got = qbcore.relaxation_rate(scenario, initial=ref.random_dm(N, N), **kw)
    assert got == pytest.approx(reference_rate(L, unique), rel=1e-11)


@pytest.mark.parametrize("N, topology, scenario, local",
                         [s for s in SPACES if s[1] == "chain" and s[0] > 2]
                         + [(5, "chain", "equilibrium", True), (5, "chain", "nonequilibrium", True)])
def test_named_start_sees_the_q0_sector(N, topology, scenario, local):
    kw = draw(200 * N + 3 * local, N, topology, scenario, local)
    unique = scenario == "nonequilibrium" or kw["gamma_local"] > 0
    mask = vec_charge(N) == 0
    L = ref.ref_liouvillian(scenario, **kw).full()[np.ix_(mask, mask)]
    assert qbcore.relaxation_rate(scenario, **kw) == pytest.approx(reference_rate(L, unique),
                                                                   rel=1e-12)


def symmetric_q0_basis(N: int) -> np.ndarray:
    """Orthonormal basis (columns, QuTiP vec) of the ancilla-symmetric q = 0 operators."""
    d = 2**N
    S = np.zeros((d * d, d * d))
    perms = list(itertools.permutations(range(1, N)))
    for perm in perms:
        P = ref.permutation_operator(N, [0, *perm])
        S += np.kron(P, P)  # rho -> P rho P^T on column-stacked vectors (P real)
    S /= len(perms)
    S = S[:, vec_charge(N) == 0]
    U, s, _ = np.linalg.svd(S, full_matrices=False)
    return U[:, s > 1e-9]


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("scenario, local", [("nonequilibrium", True), ("equilibrium", True),
                                             ("equilibrium", False)])
def test_named_start_in_the_star_sees_the_symmetric_space(N, scenario, local):
    kw = draw(300 * N + 5 * local, N, "star", scenario, local)
    if scenario == "nonequilibrium":
        kw["mus"] = [kw["mus"][0]] + [kw["mus"][1]] * (N - 1)
    unique = scenario == "nonequilibrium" or kw["gamma_local"] > 0
    B = symmetric_q0_basis(N)
    L = B.conj().T @ ref.ref_liouvillian(scenario, **kw).full() @ B
    for initial in ("ground", "mixed"):
        got = qbcore.relaxation_rate(scenario, initial=initial, **kw)
        assert got == pytest.approx(reference_rate(L, unique), rel=5e-13)


@pytest.mark.parametrize("N", [5, 8])
@pytest.mark.parametrize("scenario, detuned", [("nonequilibrium", False),
                                               ("nonequilibrium", True), ("equilibrium", True)])
def test_orbit_space_and_dicke_space_share_the_spectrum(N, scenario, detuned):
    """The symmetric q = 0 space as orbits (qbcore.solvers.symmetric) and in the Dicke basis."""
    from qbcore.solvers import symmetric
    kw = draw(N + detuned, N, "star", scenario)
    if scenario == "nonequilibrium":
        kw["mus"] = [kw["mus"][0]] + [kw["mus"][1]] * (N - 1)
    if detuned:
        kw["omega0s"] = [9.0] + [10.2] * (N - 1)
    p = qbcore.make_parameters(scenario, **kw)
    L = symmetric.orbit_matrix(p, symmetric.orbit_sector(N, scenario))
    assert qbcore.relaxation_rate(scenario, **kw) == pytest.approx(reference_rate(L, True),
                                                                   rel=1e-13)


@pytest.mark.parametrize("scenario", ["nonequilibrium", "equilibrium"])
@pytest.mark.parametrize("detuned", [False, True])
def test_large_n_shift_invert_equals_dense(monkeypatch, scenario, detuned):
    N = 31
    kw = draw(N + detuned, N, "star", scenario)
    if scenario == "nonequilibrium":
        kw["mus"] = [kw["mus"][0]] + [kw["mus"][1]] * (N - 1)
    if detuned:
        kw["omega0s"] = [10.0] + [11.5] * (N - 1)
    dense = qbcore.relaxation_rate(scenario, **kw)
    monkeypatch.setattr(relaxation, "DENSE_SPECTRUM_MAX", 100)
    sparse = qbcore.relaxation_rate(scenario, **kw)
    assert sparse == pytest.approx(dense, rel=1e-11)


LIFETIME = [(2, "star"), (3, "star"), (3, "chain"), (4, "star"), (4, "chain"), (5, "star"),
            (41, "star")]


@pytest.mark.parametrize("N, topology", LIFETIME)
def test_metastable_rate_is_linear_in_gamma_local(N, topology):
    """Exponent 1 within 0.01 of a power-law fit on gamma_local in [1e-4, 1e-2]."""
    kw = dict(N=N, mu=2.0, T=1.0, topology=topology)
    gls = np.logspace(-4, -2, 5)
    rates = [qbcore.relaxation_rate("equilibrium", gamma_local=g, **kw) for g in gls]
    exponent = np.polyfit(np.log(gls), np.log(rates), 1)[0]
    assert abs(exponent - 1.0) < 0.01


WEAK_HOPPING = np.logspace(-3, -2, 4)  # J, with gamma in [0.3, 3]: J/gamma <= 0.03


@pytest.mark.parametrize("N, topology", [(3, "star"), (4, "star"), (5, "star"), (3, "chain"),
                                         (4, "chain"), (5, "chain")])
def test_collective_slowest_rate_falls_like_J_squared(N, topology):
    """gamma_local = 0, J in [1e-3, 1e-2] (log grid): the slowest nonzero rate is ~ J**2.

    Power-law fit over the grid: exponent 2 within 5e-4 (7e-5 reached), over
    every sector (a density-matrix start) and from |g..g>; for N <= 4 the
    rates are those of QuTiP's full spectrum to 5e-7 relative (8e-8 reached:
    both resolve eigenvalues of ~1e-7 next to the kernel), and so is the
    exponent fitted to QuTiP's rates.
    """
    kw = draw(N + len(topology), N, topology, "equilibrium", local=False)
    del kw["J"], kw["gamma_local"]
    for initial in (ref.random_dm(N, 1), "ground"):
        rates = [qbcore.relaxation_rate("equilibrium", J=J, initial=initial, **kw)
                 for J in WEAK_HOPPING]
        assert abs(np.polyfit(np.log(WEAK_HOPPING), np.log(rates), 1)[0] - 2.0) < 5e-4
    if N <= 4:
        expected = [reference_rate(ref.ref_liouvillian("equilibrium", J=J, **kw).full(), False)
                    for J in WEAK_HOPPING]
        rates = [qbcore.relaxation_rate("equilibrium", J=J, initial=ref.random_dm(N, 1), **kw)
                 for J in WEAK_HOPPING]
        np.testing.assert_allclose(rates, expected, rtol=5e-7)
        assert abs(np.polyfit(np.log(WEAK_HOPPING), np.log(expected), 1)[0] - 2.0) < 5e-4


def test_two_qubit_slowest_rate_does_not_depend_on_J():
    """N = 2 is the exception: the slowest rate stays put as J -> 0 (4e-15 relative reached)."""
    kw = draw(2, 2, "star", "equilibrium", local=False)
    del kw["J"], kw["gamma_local"]
    rates = [qbcore.relaxation_rate("equilibrium", J=J, initial=ref.random_dm(2, 1), **kw)
             for J in WEAK_HOPPING]
    np.testing.assert_allclose(rates, rates[0], rtol=2e-14)
    expected = reference_rate(ref.ref_liouvillian("equilibrium", J=1e-3, **kw).full(), False)
    assert rates[0] == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_two_qubit_lifetime_prefactor(seed):
    """rate / gamma_local -> 1/(1 - n(1-n)) as gamma_local -> 0 (N = 2)."""
    kw = draw(seed, 2, "star", "equilibrium")
    n = ref.ref_fermi(1.0, kw["mu"], kw["T"])
    kw["gamma_local"] = 1e-6
    c = qbcore.relaxation_rate("equilibrium", **kw) / kw["gamma_local"]
    assert c == pytest.approx(1.0 / (1.0 - n * (1.0 - n)), rel=5e-7)  # 6e-8 reached


@pytest.mark.parametrize("kw, match", [
    (dict(master_equation="global", N=3, mu=20.0, T=1.0), "master_equation"),
    (dict(N=11, mu=1.0, T=1.0, topology="chain"), "N must be <= 10"),
    (dict(N=12, mus=[1.0] * 11 + [2.0], T=1.0), "N must be <= 10"),
    (dict(N=3, mu=1.0, T=-1.0), "T"),
])
def test_bad_requests_are_refused(kw, match):
    with pytest.raises(ValueError, match=match):
        qbcore.relaxation_rate("nonequilibrium", **kw)
