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
    assert ergotropy(rho, H_QUBIT) == pytest.approx(10.0 * (r * np.cos(theta) + r), abs=1e-12)


def test_qutrit_closed_form():
    rho = np.diag([0.2, 0.5, 0.3])  # on energies 0, 1, 2
    H = np.diag([0.0, 1.0, 2.0])
    # passive: 0.5 at E=0, 0.3 at E=1, 0.2 at E=2 -> 0.7; tr(rho H) = 0.5 + 0.6 = 1.1
    assert ergotropy(rho, H) == pytest.approx(0.4, abs=1e-14)
    assert np.allclose(passive_state(rho, H), np.diag([0.5, 0.3, 0.2]))


def test_invariance_under_energy_preserving_unitaries():
    rng = np.random.default_rng(1)
    H = np.diag([0.0, 1.0, 1.0, 3.0])  # degenerate middle levels
    rho = random_state(4, rng)
    U = np.eye(4, dtype=complex)
    U[1:3, 1:3] = unitary_group.rvs(2, random_state=2)
    U = U @ np.diag(np.exp(1j * rng.uniform(0, 2 * np.pi, 4)))
    assert np.allclose(U @ H @ U.conj().T, H)
    assert ergotropy(U @ rho @ U.conj().T, H) == pytest.approx(ergotropy(rho, H), abs=1e-12)


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
        assert extracted.max() <= E + 1e-12
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
