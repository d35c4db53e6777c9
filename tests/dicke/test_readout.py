"""qbcore.dicke.readout: what a Dicke vector's rows and trace norm mean, on states of known form."""

import numpy as np
import pytest

import qbcore
from qbcore import dicke
from qbcore.dicke import readout
from qbcore.solvers.dicke import solve_combined, solve_local


@pytest.mark.parametrize("M", [1, 2, 5, 8])
@pytest.mark.parametrize("detuned", [False, True])
def test_named_starts(M, detuned):
    F = readout.local_readout(M, detuned)
    norm = readout.local_trace_norm(M, detuned)
    g = readout.local_initial(M, "ground", detuned)
    assert F @ g == pytest.approx([0.0, 1.0, 0.0]) and norm(g) == pytest.approx(1.0)
    mixed = readout.local_initial(M, "mixed", detuned)
    # 1/2^N: the battery half excited, each ancilla too (M/2 excitations on average)
    np.testing.assert_allclose(F @ mixed, [0.5, 1.0, M / 2], atol=1e-12)
    assert norm(mixed) == pytest.approx(1.0) and norm(-mixed) == pytest.approx(1.0)
    # g - 1/2^N has the eigenvalues 1 - 2^-N (once) and -2^-N (2^N - 1 times)
    assert norm(g - mixed) == pytest.approx(2 - 2 * 2.0 ** -(M + 1))


@pytest.mark.parametrize("N", [3, 6])
def test_steady_states_are_positive_with_unit_trace_norm(N):
    p = qbcore.make_parameters("nonequilibrium", N=N, mu=0.5, dmu=2.0, T=0.8, J=1.3,
                               omega0s=[10.0] + [10.7] * (N - 1))
    x = solve_local(p)
    F = readout.local_readout(N - 1, True)
    assert readout.local_trace_norm(N - 1, True)(x) == pytest.approx(F[readout.TRACE] @ x, abs=1e-12)
    assert F[readout.P_E] @ x == pytest.approx(qbcore.battery_population(
        "nonequilibrium", N=N, mu=0.5, dmu=2.0, T=0.8, J=1.3, omega0s=[10.0] + [10.7] * (N - 1),
        method="blocks"), abs=1e-12)
    q = qbcore.make_parameters("equilibrium", N=N, mu=2.0, T=0.8, J=1.3, gamma_local=0.1)
    y = solve_combined(q)
    G = readout.combined_readout(N - 1)
    assert readout.combined_trace_norm(N - 1)(y) == pytest.approx(G[readout.TRACE] @ y, abs=1e-12)
    # the unique state is the product of thermal qubits: n = fermi(1, 2, 0.8) each
    n = qbcore.fermi(1.0, 2.0, 0.8)
    np.testing.assert_allclose(G @ y, [n, 1.0, (N - 1) * n], atol=1e-12)


def test_collective_block_rows_and_norm():
    block = dicke.collective_block(1.5, 1.0, 0.6, 0.4)
    F = readout.collective_readout(block, 3)
    x0 = dicke.collective_initial(block, "ground")
    np.testing.assert_allclose(F @ x0, [0.0, 1.0, 0.0])
    norm = readout.collective_trace_norm(block)
    assert norm(x0) == pytest.approx(1.0)
    X = np.zeros(block.dim, dtype=complex)
    a = block.offsets[np.flatnonzero(block.sizes == 2)[0]]
    X[a:a + 4] = [0.0, 1.0, 0.0, 0.0]  # |e><g| in one level: singular values 1, 0
    assert norm(X) == pytest.approx(1.0)
    X[a:a + 4] = [1.0, 0.0, 0.0, -1.0]  # diag(1, -1): trace norm 2
    assert norm(X) == pytest.approx(2.0)
