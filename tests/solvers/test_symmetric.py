"""qbcore.symmetry: the orbit reduction for interchangeable ancillas."""

import numpy as np
import pytest

import qbcore
from qbcore.solvers.symmetric import applicable, orbit_sector


@pytest.mark.parametrize("N", range(2, 8))
def test_orbit_count(N):
    assert orbit_sector(N, "nonequilibrium").dim == N * (N + 1)


def test_orbits_cover_the_sector_and_trace():
    osec = orbit_sector(4, "nonequilibrium")
    # the orbit indicators' traces add up to the number of diagonal elements, 2**N
    assert osec.trace.sum() == 2**4
    assert osec.battery_excited.sum() == 2**3


def test_applicable():
    mk = qbcore.make_parameters
    assert applicable(mk("nonequilibrium", N=4, mu=1.0, dmu=1.0, T=1.0))
    assert not applicable(mk("nonequilibrium", N=4, mu=1.0, T=1.0, topology="chain"))
    assert applicable(mk("nonequilibrium", N=2, mu=1.0, T=1.0, topology="chain"))
    assert not applicable(mk("nonequilibrium", N=3, mus=[0.0, 1.0, 2.0], T=1.0))
    assert applicable(mk("nonequilibrium", N=3, mus=[0.0, 2.0, 2.0], Ts=[3.0, 1.0, 1.0]))


@pytest.mark.parametrize("N", [3, 5, 7])
def test_symmetric_solution_equals_blocks_solution(N):
    kw = dict(N=N, mu=0.3, dmu=3.1, T=0.6, J=0.9, gamma=1.3)
    a = qbcore.steady_state("nonequilibrium", method="symmetric", **kw)
    b = qbcore.steady_state("nonequilibrium", method="blocks", **kw)
    assert (a - b).norm("max") < 1e-14


# ------------------------------------------------- further checks ---

import reference as ref  # noqa: E402
from qbcore.liouvillian import coefficients, sector  # noqa: E402
from qbcore.solvers.solution import sector_vector as _sector_vector  # noqa: E402
from qbcore.solvers.symmetric import invariant_initial, reduced_coefficients  # noqa: E402


def test_applicable_collective():
    mk = qbcore.make_parameters
    for N in (2, 3, 5):
        assert applicable(mk("equilibrium", N=N, mu=1.0, T=1.0))
    assert applicable(mk("equilibrium", N=2, mu=1.0, T=1.0, topology="chain"))
    assert not applicable(mk("equilibrium", N=3, mu=1.0, T=1.0, topology="chain"))
    assert not applicable(mk("nonequilibrium", N=3, mu=1.0, Ts=[1.0, 1.0, 2.0]))


@pytest.mark.parametrize("N", [3, 4, 5])
@pytest.mark.parametrize("scenario", ["nonequilibrium", "equilibrium"])
def test_reduced_matrix_acts_like_full_sector_on_invariant_vectors(N, scenario):
    """For x = sum_o y_o e_o: L_0 x equals the expansion of L_reduced y."""
    local = scenario == "nonequilibrium"
    rng = np.random.default_rng(N + 10 * local)
    kw = dict(N=N, mu=0.4, T=0.9, J=1.3, gamma=0.7, omega0=3.0)
    if local:
        kw.update(dmu=2.1)
    p = qbcore.make_parameters(scenario, **kw)
    osec = orbit_sector(N, scenario)
    L_red = np.tensordot(reduced_coefficients(p, coefficients(p)), osec.components, axes=1)
    L_full = sector(N, "star", scenario, 0).matrix(coefficients(p), dense=True)
    y = rng.normal(size=osec.dim) + 1j * rng.normal(size=osec.dim)
    np.testing.assert_allclose(L_full @ osec.expand(y), osec.expand(L_red @ y), atol=2e-14, rtol=0)


@pytest.mark.parametrize("N", [3, 4])
def test_orbit_vectors_are_permutation_invariant(N):
    osec = orbit_sector(N, "nonequilibrium")
    sec = sector(N, "star", True, 0)
    rng = np.random.default_rng(N)
    y = rng.normal(size=osec.dim)
    X = np.zeros((2**N, 2**N))
    x = osec.expand(y)
    for (n, _), a, b in zip(sec.blocks, sec.offsets[:-1], sec.offsets[1:]):
        X[np.ix_(sec.states[n], sec.states[n])] = x[a:b].reshape(len(sec.states[n]), -1)
    P = ref.permutation_operator(N, [0, 2, 1] + list(range(3, N)))  # swap two ancillas
    np.testing.assert_array_equal(P @ X @ P.T, X)
    # the orbit traces and battery weights are those of the indicator operators
    sizes = np.bincount(osec.orbit, minlength=osec.dim)
    assert np.all(osec.trace <= sizes) and osec.trace.sum() == 2**N


@pytest.mark.parametrize("N", [2, 4])
def test_invariant_initial_states(N):
    osec = orbit_sector(N, "equilibrium")
    sec = sector(N, "star", False, 0)
    ground = np.zeros((2**N, 2**N))
    ground[-1, -1] = 1.0  # |g..g> is the last basis state in QuTiP's order
    np.testing.assert_array_equal(osec.expand(invariant_initial(osec, "ground", N)),
                                  _sector_vector(sec, ground))
    np.testing.assert_allclose(osec.expand(invariant_initial(osec, "mixed", N)),
                               _sector_vector(sec, np.eye(2**N) / 2**N))


@pytest.mark.parametrize("N", [3, 4])
def test_symmetric_steady_state_is_invariant_under_ancilla_swaps(N):
    """The invariance the orbit reduction assumes holds for plain qutip.steadystate's state (the
    symmetric method builds its state from orbits, so its own output is invariant by
    construction), and the symmetric method returns that state."""
    import itertools
    kw = dict(N=N, mu=0.2, dmu=3.0, T=0.5, J=0.8)
    expected = ref.ref_steady_state("nonequilibrium", **kw)
    for perm in itertools.permutations(range(1, N)):
        P = ref.permutation_operator(N, [0, *perm])
        np.testing.assert_allclose(P @ expected @ P.T, expected, atol=1e-15, rtol=0)
    rho = qbcore.steady_state("nonequilibrium", method="symmetric", **kw).full()
    np.testing.assert_allclose(rho, expected, atol=5e-15, rtol=0)
