"""qbcore.network: edges, Hamiltonian, and the sparse helpers."""

import numpy as np
import pytest
import qutip

import qbcore
from qbcore.network import hopping_matrix, lowering_matrix, sigma_minus


def test_edges_star_and_chain():
    assert qbcore.edges(2, "star") == qbcore.edges(2, "chain") == [(0, 1)]
    for N in range(3, 8):
        assert qbcore.edges(N, "star") == [(0, k) for k in range(1, N)]
        assert qbcore.edges(N, "chain") == [(k, k + 1) for k in range(N - 1)]
        assert qbcore.edges(N, "star") != qbcore.edges(N, "chain")
    with pytest.raises(ValueError, match="topology"):
        qbcore.edges(3, "ring")


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_hamiltonian_conserves_excitations(N, topology):
    H = qbcore.hamiltonian(N, 10.0, 0.7, topology)
    assert H.isherm
    number = sum(qutip.tensor([qutip.basis(2, 0).proj() if k == i else qutip.qeye(2)
                               for k in range(N)]) for i in range(N))
    assert (H * number - number * H).norm("max") < 1e-12
    # omega0 sigma_z part: diagonal omega0 (2n - N)
    diag = np.real(qbcore.hamiltonian(N, 10.0, 0.0, topology).diag())
    np.testing.assert_allclose(diag, 10.0 * (2 * np.real(number.diag()) - N), atol=1e-15, rtol=0)


def test_sigma_minus_lowers_the_excited_state():
    e, g = qutip.basis(2, 0), qutip.basis(2, 1)
    op = sigma_minus(1, 2)
    assert (op * qutip.tensor(g, e) - qutip.tensor(g, g)).norm() < 1e-14
    assert op * qutip.tensor(g, g) == 0 * qutip.tensor(g, g)


@pytest.mark.parametrize("N", [2, 3, 5])
def test_sparse_helpers_equal_qutip_operators(N):
    for i in range(N):
        assert np.array_equal(lowering_matrix(i, N).toarray(), sigma_minus(i, N).full())
    for top in ("star", "chain"):
        np.testing.assert_allclose(hopping_matrix(N, top).toarray(),
                                   qbcore.hamiltonian(N, 0.0, 1.0, top).full(), atol=1e-15, rtol=0)


# ------------------------------------------------- further checks ---

from reference import excitation_counts, ref_hamiltonian, ref_number, ref_sm  # noqa: E402
from qbcore.network import collective_lowering, excited, sigma_plus, sigma_z  # noqa: E402


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
@pytest.mark.parametrize("omega0, J", [(10.0, 1.0), (0.0, -2.5), (3.3, 0.0)])
def test_hamiltonian_equals_independent_construction(N, topology, omega0, J):
    H = qbcore.hamiltonian(N, omega0, J, topology)
    ref = ref_hamiltonian(N, omega0, J, topology)
    assert H.dims == [[2] * N, [2] * N]
    assert np.abs(H.full() - ref.full()).max() < 1e-15
    assert np.abs(H.full() - H.full().conj().T).max() == 0.0
    # [H, n_total] = 0 with the number operator built from QuTiP's sigmam
    number = ref_number(N)
    assert (H * number - number * H).norm("max") < 1e-12


def test_star_and_chain_hamiltonians_coincide_only_for_two_qubits():
    assert (qbcore.hamiltonian(2, 1.0, 1.0, "star") - qbcore.hamiltonian(2, 1.0, 1.0, "chain")
            ).norm("max") == 0
    for N in (3, 4, 5):
        diff = qbcore.hamiltonian(N, 1.0, 1.0, "star") - qbcore.hamiltonian(N, 1.0, 1.0, "chain")
        assert diff.norm("max") > 0.5


@pytest.mark.parametrize("N", [2, 3, 4])
def test_single_qubit_operators_follow_the_convention(N):
    e, g = qutip.basis(2, 0), qutip.basis(2, 1)
    for i in range(N):
        assert (sigma_minus(i, N) - ref_sm(i, N)).norm("max") == 0
        assert (sigma_plus(i, N) - ref_sm(i, N).dag()).norm("max") == 0
        # sigma_z = +1 on |e> = basis(2, 0) of qubit i
        state = qutip.tensor([e if k == i else g for k in range(N)])
        assert qutip.expect(sigma_z(i, N), state) == pytest.approx(1.0)
        assert qutip.expect(sigma_z((i + 1) % N, N), state) == pytest.approx(-1.0)
    Jm = sum((ref_sm(i, N) for i in range(1, N)), ref_sm(0, N))
    assert (collective_lowering(N) - Jm).norm("max") == 0


@pytest.mark.parametrize("N", [2, 3, 5])
def test_ground_state_and_excited_table(N):
    rho = qbcore.ground_state(N)
    g = qutip.basis(2, 1)
    assert (rho - qutip.tensor([g.proj()] * N)).norm("max") == 0
    ex = excited(N)
    assert ex.shape == (2**N, N)
    np.testing.assert_array_equal(ex.sum(axis=1), excitation_counts(N))
    for i in range(N):  # excited(N)[:, i] is the diagonal of |e><e|_i
        proj = np.real((ref_sm(i, N).dag() * ref_sm(i, N)).diag())
        np.testing.assert_array_equal(ex[:, i], proj == 1)


@pytest.mark.parametrize("N", [4, 6])
def test_sparse_helpers_equal_independent_operators(N):
    for i in range(N):
        assert np.array_equal(lowering_matrix(i, N).toarray(), ref_sm(i, N).full())
    for top in ("star", "chain"):
        assert np.array_equal(hopping_matrix(N, top).toarray(),
                              ref_hamiltonian(N, 0.0, 1.0, top).full())


@pytest.mark.parametrize("N", [2, 3, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_hamiltonian_with_per_qubit_frequencies(N, topology):
    import reference as ref
    freqs = list(np.random.default_rng(N).uniform(0, 12, N))
    H = qbcore.hamiltonian(N, 99.0, 0.7, topology, omega0s=freqs)  # omega0 is not used
    assert (H - ref.ref_hamiltonian(N, 0.0, 0.7, topology, freqs)).norm("max") < 1e-13
    from qbcore.network import frequency_energies
    np.testing.assert_allclose(frequency_energies(N, freqs),
                               np.real(ref.ref_hamiltonian(N, 0.0, 0.0, topology, freqs).diag()),
                               atol=2e-14, rtol=0)
