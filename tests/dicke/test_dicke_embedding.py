"""Every Dicke-basis generator is the full Liouvillian restricted to its unknowns: ``L V = V A``.

``V`` embeds each real unknown into a full density matrix, built by hand from
QuTiP's collective operators (``reference.dicke_embedding_column``); ``L`` is
QuTiP's Liouvillian of the independent model.  Exact to round-off, so the
generators (collective + local channels, detuned battery) are checked entry by
entry, for ``M = 1..4`` ancillas and seeded random parameters: ``J`` in [0, 3],
``gamma`` in [0.2, 3], ``gamma_local`` in [1e-3, 2] (log-uniform), ``mu`` in
[-3, 5], ``T`` in [0.1, 3], detuning ``omega_B - omega_A`` in [-3, 3].
"""

import numpy as np
import pytest
import qutip

import qbcore
from qbcore.dicke import (LEVEL_KINDS, collective_block, combined_initial, combined_matrix,
                          dicke_index, level_index, local_matrix)
from qbcore.liouvillian import rates

import reference as ref


def draw(seed: int, M: int, scenario: str, detuned: bool) -> dict:
    rng = np.random.default_rng(seed)
    kw = dict(N=M + 1, J=float(rng.uniform(0, 3)), gamma=float(rng.uniform(0.2, 3)),
              T=float(rng.uniform(0.1, 3)))
    if detuned:
        omega_B = float(rng.uniform(5, 10))
        kw["omega0s"] = [omega_B] + [omega_B - float(rng.uniform(-3, 3))] * M
    if scenario == "equilibrium":
        kw.update(mu=float(rng.uniform(-3, 5)),
                  gamma_local=float(10 ** rng.uniform(-3, np.log10(2))))
    else:
        kw.update(mus=list(rng.uniform(-3, 5, 2)[[0] + [1] * M]))
    return kw


def delta(kw: dict) -> float:
    return kw["omega0s"][0] - kw["omega0s"][1] if "omega0s" in kw else 0.0


def check_embedding(V: np.ndarray, A: np.ndarray, scenario: str, kw: dict) -> None:
    L = ref.ref_liouvillian(scenario, **kw).full()
    err = np.abs(L @ V - V @ A).max()
    assert err < 5e-14 * max(1.0, np.abs(A).max()), err


@pytest.mark.parametrize("M", [1, 2, 3, 4])
@pytest.mark.parametrize("detuned", [False, True])
@pytest.mark.parametrize("gamma_local", [None, 0.0])
def test_combined_generator(M, detuned, gamma_local):
    kw = draw(10 * M + detuned, M, "equilibrium", detuned)
    if gamma_local is not None:
        kw["gamma_local"] = gamma_local
    idx = level_index(M)
    V = np.array([ref.dicke_embedding_column(M, LEVEL_KINDS[k], j, m)
                  for k, j, m in zip(idx.kind, idx.j, idx.m)]).T
    r = rates(qbcore.make_parameters("equilibrium", **kw))
    A = combined_matrix(M, kw["J"], (r[0], r[1]), (r[2], r[3]), delta(kw)).toarray()
    check_embedding(V, A, "equilibrium", kw)


@pytest.mark.parametrize("M", [1, 2, 3, 4])
@pytest.mark.parametrize("detuned", [False, True])
def test_local_generator(M, detuned):
    """``(P_e, P_g, Y)``, and ``Y_r`` too when detuned (``R = Y_r + i Y``)."""
    kw = draw(20 * M + detuned, M, "nonequilibrium", detuned)
    idx = dicke_index(M, detuned)
    cols = np.empty(idx.dim, dtype=object)
    for pos, j, m, kind in ((idx.pe, idx.j, idx.m, "pe"), (idx.pg, idx.j, idx.m, "pg"),
                            (idx.y, idx.jy, idx.my, "ci"), (idx.yr, idx.jy, idx.my, "cr")):
        for p, jj, mm in zip(pos, j, m):
            cols[p] = ref.dicke_embedding_column(M, kind, jj, mm)
    V = np.array(list(cols)).T
    r = rates(qbcore.make_parameters("nonequilibrium", **kw))
    A = local_matrix(M, kw["J"], (r[0], r[1]), (r[2], r[3]),
                     delta(kw) if detuned else None).toarray()
    check_embedding(V, A, "nonequilibrium", kw)


@pytest.mark.parametrize("M", [1, 2, 3, 4])
def test_detuned_collective_blocks(M):
    """The collective blocks of every ancilla spin ``j`` (complex level matrices), detuned."""
    kw = draw(30 * M, M, "equilibrium", True)
    kw.pop("gamma_local")
    r = rates(qbcore.make_parameters("equilibrium", **kw))
    for j in ref.ancilla_spins(M + 1):
        block = collective_block(j, kw["J"], r[0], r[1], delta(kw))
        cols = []
        for k, d in enumerate(block.sizes):  # level k: |e, k-1-j> (k >= 1), |g, k-j> (k <= 2j)
            states = ([(1, k - 1 - j)] if k >= 1 else []) + ([(0, k - j)] if k <= 2 * j else [])
            for (b, m) in states:
                for (b2, m2) in states:
                    E = ref.dicke_copies_operator(M, j, m, m2)
                    op = ref.battery_times(b, b2, E) / ref.spin_multiplicity(M, j)
                    cols.append(qutip.operator_to_vector(
                        qutip.Qobj(op, dims=[[2] * (M + 1)] * 2)).full().ravel())
        check_embedding(np.array(cols).T, block.matrix.toarray(), "equilibrium", kw)


@pytest.mark.parametrize("M", [1, 2, 3, 4])
@pytest.mark.parametrize("initial", ["ground", "mixed"])
def test_combined_initial_states(M, initial):
    idx = level_index(M)
    V = np.array([ref.dicke_embedding_column(M, LEVEL_KINDS[k], j, m)
                  for k, j, m in zip(idx.kind, idx.j, idx.m)]).T
    rho0 = (qutip.tensor([qutip.basis(2, 1).proj()] * (M + 1)) if initial == "ground"
            else qutip.qeye([2] * (M + 1)) / 2 ** (M + 1))
    x0 = combined_initial(M, initial)
    assert np.abs(V @ x0 - qutip.operator_to_vector(rho0).full().ravel()).max() < 5e-16


@pytest.mark.parametrize("M", [1, 2, 7, 30])
def test_combined_generator_preserves_the_trace(M):
    kw = draw(M, M, "equilibrium", True)
    r = rates(qbcore.make_parameters("equilibrium", **kw))
    A = combined_matrix(M, kw["J"], (r[0], r[1]), (r[2], r[3]), delta(kw))
    idx = level_index(M)
    pops = np.flatnonzero(idx.kind <= 1)
    assert np.abs(np.asarray(A[pops].sum(axis=0))).max() < 1e-13 * max(1, M) ** 2


def test_unknowns_at_n_1001():
    assert level_index(1000).dim == 1_003_002
