"""qbcore.ergotropy: closed forms, invariance, and brute force over unitaries."""

import numpy as np
import pytest
import qutip
from scipy.stats import unitary_group

from qbcore import ergotropy, passive_state

H_QUBIT = 10.0 * np.diag([1.0, -1.0])  # omega0 sigma_z, basis (|e>, |g>)


def random_state(d, rng):
    A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    rho = A @ A.conj().T
    return rho / np.trace(rho)


def test_passive_states_give_zero():
    for p in (0.5, 0.2, 0.0):  # excited population <= 1/2
        assert ergotropy(np.diag([p, 1 - p]), H_QUBIT) == 0.0
    assert ergotropy(np.diag([0.1, 0.3, 0.6]), np.diag([2.0, 1.0, 0.0])) == 0.0


def test_pure_excited_qubit_gives_full_gap():
    assert ergotropy(qutip.basis(2, 0).proj(), qutip.Qobj(H_QUBIT)) == pytest.approx(20.0)


@pytest.mark.parametrize("theta, r", [(0.3, 1.0), (1.2, 0.6), (np.pi / 2, 1.0), (2.5, 0.9)])
def test_coherent_qubit_closed_form(theta, r):
    # Bloch vector of length r at polar angle theta: E = omega0 (r_z + |r|)
    rho = 0.5 * (np.eye(2) + r * (np.sin(theta) * np.array([[0, 1], [1, 0]])
                                  + np.cos(theta) * np.diag([1.0, -1.0])))
    assert ergotropy(rho, H_QUBIT) == pytest.approx(10.0 * (r * np.cos(theta) + r), abs=1e-14)


def test_qutrit_closed_form():
    rho = np.diag([0.2, 0.5, 0.3])  # on energies 0, 1, 2
    H = np.diag([0.0, 1.0, 2.0])
    # passive: 0.5 at E=0, 0.3 at E=1, 0.2 at E=2 -> 0.7; tr(rho H) = 0.5 + 0.6 = 1.1
    assert ergotropy(rho, H) == pytest.approx(0.4, abs=1e-15)
    np.testing.assert_allclose(passive_state(rho, H), np.diag([0.5, 0.3, 0.2]), atol=1e-15, rtol=0)


def test_invariance_under_energy_preserving_unitaries():
    rng = np.random.default_rng(1)
    H = np.diag([0.0, 1.0, 1.0, 3.0])  # degenerate middle levels
    rho = random_state(4, rng)
    U = np.eye(4, dtype=complex)
    U[1:3, 1:3] = unitary_group.rvs(2, random_state=2)
    U = U @ np.diag(np.exp(1j * rng.uniform(0, 2 * np.pi, 4)))
    assert np.allclose(U @ H @ U.conj().T, H)
    assert ergotropy(U @ rho @ U.conj().T, H) == pytest.approx(ergotropy(rho, H), abs=1e-14)


def test_brute_force_never_beats_formula():
    rng = np.random.default_rng(3)
    for d in (2, 3, 4):
        rho = random_state(d, rng)
        H = np.diag(np.sort(rng.normal(size=d)))
        E = ergotropy(rho, H)
        e0 = np.real(np.trace(rho @ H))
        Us = unitary_group.rvs(d, size=4000, random_state=d)
        rotated = Us @ rho @ np.conj(np.transpose(Us, (0, 2, 1)))
        extracted = e0 - np.real(np.einsum("kij,ji->k", rotated, H))
        assert extracted.max() <= E + 1e-14
        assert extracted.max() >= 0.8 * E  # random search comes close in low dimension


def test_qobj_and_ndarray_agree():
    rng = np.random.default_rng(4)
    rho, H = random_state(3, rng), np.diag([0.0, 0.5, 2.0])
    assert ergotropy(qutip.Qobj(rho), qutip.Qobj(H)) == ergotropy(rho, H)


@pytest.mark.parametrize("rho, H, exc", [
    (np.ones((2, 3)), np.eye(2), ValueError),
    (np.eye(2) / 2, np.eye(3), ValueError),
    (np.array([[0.5, 1.0], [0.0, 0.5]]), np.eye(2), ValueError),
    (np.array([[np.nan, 0], [0, 1]]), np.eye(2), ValueError),
    ("rho", np.eye(2), TypeError),
])
def test_bad_input(rho, H, exc):
    with pytest.raises(exc):
        ergotropy(rho, H)


# ------------------------------------------------- further checks ---

import scipy.linalg as sla  # noqa: E402
import scipy.optimize as so  # noqa: E402

from reference import random_unitary  # noqa: E402


def _hermitian_from(x, d):
    """Hermitian d x d matrix from d**2 real parameters."""
    K = np.zeros((d, d), dtype=complex)
    iu = np.triu_indices(d, 1)
    m = len(iu[0])
    K[np.diag_indices(d)] = x[:d]
    K[iu] = x[d:d + m] + 1j * x[d + m:]
    return K + np.triu(K, 1).conj().T


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_passive_states_in_any_eigenbasis_give_zero(d):
    rng = np.random.default_rng(10 + d)
    V = random_unitary(d, rng)
    energies = np.sort(rng.normal(size=d))
    H = V @ np.diag(energies) @ V.conj().T
    pops = np.sort(rng.dirichlet(np.ones(d)))[::-1]  # decreasing with energy
    rho = V @ np.diag(pops) @ V.conj().T
    assert ergotropy(rho, H) == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(passive_state(rho, H), rho, atol=1e-14, rtol=0)
    # reversing the populations of the passive state makes it active
    active = V @ np.diag(pops[::-1]) @ V.conj().T
    assert ergotropy(active, H) == pytest.approx(np.dot(pops[::-1] - pops, energies), abs=1e-14)


@pytest.mark.parametrize("omega0", [0.5, 1.0, 10.0])
def test_random_bloch_vectors(omega0):
    rng = np.random.default_rng(7)
    sx, sy, sz = (qutip.sigmax().full(), qutip.sigmay().full(), qutip.sigmaz().full())
    for _ in range(20):
        r = rng.normal(size=3)
        r *= rng.uniform(0, 1) / np.linalg.norm(r)
        rho = 0.5 * (np.eye(2) + r[0] * sx + r[1] * sy + r[2] * sz)
        E = ergotropy(rho, omega0 * sz)
        assert E == pytest.approx(omega0 * (r[2] + np.linalg.norm(r)), abs=1e-14)
    plus = (qutip.basis(2, 0) + qutip.basis(2, 1)).unit().proj()
    assert ergotropy(plus, omega0 * qutip.sigmaz()) == pytest.approx(omega0, abs=1e-14)
    assert ergotropy(qutip.basis(2, 1).proj(), omega0 * qutip.sigmaz()) == 0.0


@pytest.mark.parametrize("d", [3, 4, 6])
def test_pure_state_gives_mean_energy_above_ground(d):
    rng = np.random.default_rng(d)
    psi = rng.normal(size=d) + 1j * rng.normal(size=d)
    psi /= np.linalg.norm(psi)
    A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    H = A + A.conj().T
    expected = np.real(psi.conj() @ H @ psi) - np.linalg.eigvalsh(H)[0]
    assert ergotropy(np.outer(psi, psi.conj()), H) == pytest.approx(expected, abs=1e-14)


def test_qutrit_with_coherence_closed_form():
    # (|0> + |2>)/sqrt(2) on equally spaced levels 0, eps, 2 eps: E = eps - 0 = eps
    eps = 1.7
    psi = np.array([1.0, 0.0, 1.0]) / np.sqrt(2)
    assert ergotropy(np.outer(psi, psi), eps * np.diag([0.0, 1.0, 2.0])) == pytest.approx(eps)
    # mixture p |2><2| + (1 - p) I/3 with p = 0.4: eigenvalues 0.6, 0.2, 0.2
    p = 0.4
    rho = p * np.diag([0.0, 0.0, 1.0]) + (1 - p) * np.eye(3) / 3
    energy = eps * (0.2 * 0 + 0.2 * 1 + 0.6 * 2)
    passive = eps * (0.6 * 0 + 0.2 * 1 + 0.2 * 2)
    assert ergotropy(rho, eps * np.diag([0.0, 1.0, 2.0])) == pytest.approx(energy - passive)


def test_invariance_under_block_unitaries_of_degenerate_levels():
    rng = np.random.default_rng(8)
    V = random_unitary(5, rng)
    levels = np.array([-1.0, 0.5, 0.5, 0.5, 2.0])  # a three-fold degenerate level
    H = V @ np.diag(levels) @ V.conj().T
    rho = random_state(5, rng)
    E = ergotropy(rho, H)
    for _ in range(5):
        W = np.diag(np.exp(1j * rng.uniform(0, 2 * np.pi, 5))).astype(complex)
        W[1:4, 1:4] = random_unitary(3, rng)
        U = V @ W @ V.conj().T
        assert np.abs(U @ H - H @ U).max() < 5e-15
        assert ergotropy(U @ rho @ U.conj().T, H) == pytest.approx(E, abs=5e-15)


@pytest.mark.parametrize("d", [2, 3, 4])
def test_optimisation_over_unitaries_reaches_formula(d):
    """max_U [tr(rho H) - tr(U rho U^+ H)] by BFGS over U = exp(iK) equals the formula."""
    rng = np.random.default_rng(20 + d)
    rho = random_state(d, rng)
    V = random_unitary(d, rng)
    H = V @ np.diag(rng.normal(size=d)) @ V.conj().T
    E = ergotropy(rho, H)
    e0 = np.real(np.trace(rho @ H))

    def energy(x):
        U = sla.expm(1j * _hermitian_from(x, d))
        return np.real(np.trace(U @ rho @ U.conj().T @ H))

    best = -np.inf
    for _ in range(3):
        res = so.minimize(energy, rng.normal(size=d * d), method="BFGS", options={"gtol": 1e-10})
        best = max(best, e0 - res.fun)
        assert e0 - res.fun <= E + 1e-13  # no unitary beats the formula
    assert best == pytest.approx(E, abs=1e-13)
    # and random unitaries never beat it either
    for _ in range(500):
        U = random_unitary(d, rng)
        assert e0 - np.real(np.trace(U @ rho @ U.conj().T @ H)) <= E + 1e-14


def test_qobj_ndarray_and_mixed_inputs_agree():
    rng = np.random.default_rng(9)
    for d in (2, 4, 8):
        rho = random_state(d, rng)
        A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        H = A + A.conj().T
        values = {ergotropy(rho, H), ergotropy(qutip.Qobj(rho), qutip.Qobj(H)),
                  ergotropy(qutip.Qobj(rho), H), ergotropy(rho, qutip.Qobj(H))}
        assert max(values) - min(values) < 1e-15
    # a multi-qubit Qobj with tensor dims works like its matrix
    rho3 = qutip.rand_dm([2, 2, 2], seed=1)
    H3 = qutip.tensor([qutip.sigmaz()] * 3)
    assert ergotropy(rho3, H3) == pytest.approx(ergotropy(rho3.full(), H3.full()), abs=1e-15)


def test_result_is_a_nonnegative_float():
    rng = np.random.default_rng(11)
    for _ in range(20):
        rho = random_state(3, rng)
        E = ergotropy(rho, np.diag([0.0, 1.0, 3.0]))
        assert isinstance(E, float) and E >= 0.0


@pytest.mark.parametrize("rho, H, exc", [
    (np.eye(2) / 2, np.ones((2, 3)), ValueError),            # H not square
    (np.zeros((0, 0)), np.zeros((0, 0)), ValueError),        # empty
    (np.ones((2, 2, 2)), np.eye(2), ValueError),             # not a matrix
    (qutip.qeye(2) / 2, qutip.qeye(3), ValueError),          # Qobj shape mismatch
    (qutip.basis(2, 0), qutip.sigmaz(), ValueError),         # a ket is not a density matrix
    (np.eye(2) / 2, np.array([[0, 1j], [1j, 0]]), ValueError),  # H not Hermitian
    (np.eye(2) / 2, np.array([[1.0, np.nan], [np.nan, 0]]), ValueError),
    (np.array([[np.inf, 0], [0, 1]]), np.eye(2), ValueError),
    (np.array([["a", "b"], ["c", "d"]]), np.eye(2), TypeError),
    (None, np.eye(2), TypeError),
    (np.eye(2) / 2, 3.0, TypeError),
])
def test_more_bad_input(rho, H, exc):
    with pytest.raises(exc):
        ergotropy(rho, H)
    with pytest.raises(exc):
        passive_state(rho, H)
