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
    assert np.allclose(diag, 10.0 * (2 * np.real(number.diag()) - N))


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
        assert np.allclose(hopping_matrix(N, top).toarray(), qbcore.hamiltonian(N, 0.0, 1.0, top).full())
