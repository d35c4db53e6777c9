"""qbcore.dicke: the Dicke basis and its local rates, checked against qutip.piqs."""

import numpy as np
import pytest
import qutip
from qutip.piqs._piqs import Dicke as CompiledDicke  # the compiled rates gamma1 ... gamma9
from qutip.piqs.piqs import Dicke, jmm1_dictionary, jspin, num_dicke_states, state_degeneracy

import qbcore
from qbcore.dicke import dicke_index, j_values, local_matrix, local_rates, log_degeneracy


# ------------------------------------------------------------- the basis ---


@pytest.mark.parametrize("M", [1, 2, 5, 8, 13])
def test_degeneracies_count_every_state(M):
    js = j_values(M)
    d = np.exp(log_degeneracy(M, js))
    assert np.isclose(np.sum(d * (2 * js + 1)), 2.0**M, rtol=1e-12)
    np.testing.assert_allclose(d, [state_degeneracy(M, j) for j in js], rtol=2e-14, atol=0)


@pytest.mark.parametrize("M", [1, 2, 3, 6, 11])
def test_index_is_a_bijection(M):
    idx = dicke_index(M)
    every = np.concatenate([idx.pe, idx.pg, idx.y])
    assert np.array_equal(np.sort(every), np.arange(idx.dim))
    assert np.array_equal(idx.population("e", idx.j, idx.m), idx.pe)
    assert np.array_equal(idx.population("g", idx.j, idx.m), idx.pg)
    assert np.array_equal(idx.coherence(idx.jy, idx.my), idx.y)
    # out of range labels are reported as absent
    assert idx.population("e", np.array([M / 2 + 1]), np.array([0.0]))[0] == -1
    assert idx.coherence(np.array([M / 2]), np.array([M / 2]))[0] == -1


def test_unknowns_grow_quadratically():
    # sum over j = 0..M/2 of 3 (2j + 1) - 1 = (M/2 + 1)(3M/2 + 2)
    assert dicke_index(1000).dim == 752_502
    assert dicke_index(2).dim == 10


# ------------------------------------------- local rates against qutip.piqs ---

@pytest.mark.parametrize("M", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("rates", [(1.0, 0.0), (0.0, 1.0), (0.375, 0.625)])
def test_local_rates_match_piqs(M, rates):
    """qutip.piqs computes the same rates in single precision (cdef float)."""
    emission, pumping = rates
    ref = CompiledDicke(M, emission=emission, pumping=pumping)
    for j in j_values(M):
        for m in np.arange(-j, j + 1):
            for m1 in (m, m + 1):
                if m1 > j:
                    continue
                ours = local_rates(M, j, m, m1, emission, pumping)
                for k in ("1", "2", "3", "4", "7", "8", "9"):
                    theirs = getattr(ref, "gamma" + k)((j, m, m1)).real
                    assert ours[k] == pytest.approx(theirs, rel=5e-7, abs=5e-7), (k, j, m, m1)


@pytest.mark.parametrize("M", [1, 4, 9])
def test_local_dissipator_preserves_trace(M):
    """Without hopping or battery, the populations' columns sum to zero (double precision)."""
    idx = dicke_index(M)
    A = local_matrix(M, 0.0, (0.0, 0.0), (0.7, 0.4)).toarray()
    pops = np.concatenate([idx.pe, idx.pg])
    assert np.abs(A[pops][:, pops].sum(axis=0)).max() < 5e-15
    # and nothing leaks from populations into coherences or back
    assert np.abs(A[idx.y][:, pops]).max() == 0.0
    assert np.abs(A[pops][:, idx.y]).max() == 0.0


@pytest.mark.parametrize("M", [3, 6])
def test_ancillas_alone_relax_to_independent_thermal_qubits(M):
    """J = 0: each ancilla relaxes to n_A, so P(j, m) is a binomial mixture (closed form)."""
    n = 0.3
    idx = dicke_index(M)
    A = local_matrix(M, 0.0, (0.5, 0.5), (1 - n, n)).toarray()
    w, v = np.linalg.eig(A)
    x = v[:, np.argmin(np.abs(w))].real
    x /= x[idx.pe].sum() + x[idx.pg].sum()
    # populations summed over j at fixed m: binomial(M, k) n^k (1-n)^(M-k), k = M/2 + m
    from math import comb
    for k in range(M + 1):
        m = k - M / 2
        sel = idx.m == m
        got = x[idx.pe][sel].sum() + x[idx.pg][sel].sum()
        assert got == pytest.approx(comb(M, k) * n**k * (1 - n) ** (M - k), abs=2e-15)


def _piqs_battery_population(M, J, battery, ancilla):
    """Battery (x) Dicke space assembled from qutip.piqs operators, solved densely."""
    nds = num_dicke_states(M)
    LA = Dicke(M, emission=ancilla[0], pumping=ancilla[1]).lindbladian()
    sm = qutip.sigmam()  # |g><e| with |e> = basis(2, 0)
    H = J * (qutip.tensor(sm.dag(), jspin(M, "-", basis="dicke"))
             + qutip.tensor(sm, jspin(M, "+", basis="dicke")))
    LB = qutip.liouvillian(None, [np.sqrt(battery[0]) * sm, np.sqrt(battery[1]) * sm.dag()])
    ident2 = qutip.sprepost(qutip.qeye(2), qutip.qeye(2))
    identA = qutip.sprepost(qutip.qeye(nds), qutip.qeye(nds))
    L = (qutip.liouvillian(H) + qutip.super_tensor(LB, identA)
         + qutip.super_tensor(ident2, LA)).full()
    D = 2 * nds
    allowed = list(jmm1_dictionary(M)[0])  # Dicke-space (row, col) of block-diagonal entries
    keep = [c * D + r for b in (0, 1) for b1 in (0, 1) for r0, c0 in allowed
            for r, c in [(b * nds + r0, b1 * nds + c0)]]
    Ls = L[np.ix_(keep, keep)]
    diag = [i for i, k in enumerate(keep) if k % D == k // D]
    Ls[diag[0], :] = 0.0
    Ls[diag[0], diag] = 1.0
    rhs = np.zeros(len(keep), dtype=complex)
    rhs[diag[0]] = 1.0
    x = np.linalg.solve(Ls, rhs)
    excited = [i for i in diag if keep[i] % D < nds]  # battery index 0 is |e>
    return x[excited].sum().real


@pytest.mark.parametrize("N", [2, 3, 4, 5])
def test_battery_population_matches_piqs_assembly(N):
    kw = dict(N=N, mu=0.5, dmu=2.5, T=0.8, J=1.3, gamma=0.9)
    p = qbcore.make_parameters("nonequilibrium", **kw)
    from qbcore.liouvillian import rates
    r = rates(p)
    ref = _piqs_battery_population(N - 1, p.J, (r[0], r[1]), (r[2], r[3]))
    ours = qbcore.battery_population("nonequilibrium", method="dicke", **kw)
    assert ours == pytest.approx(ref, abs=2e-8)  # piqs works in single precision (4e-9 reached)
