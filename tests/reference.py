"""An independent plain-QuTiP model of the paper and reference computations.

Nothing here calls qbcore.  The model is rebuilt from its definition (the
book's model page) with QuTiP's own operators (``sigmam``, ``sigmaz``), a Fermi
function written out with ``math``, and QuTiP's ``liouvillian`` /
``steadystate`` / ``mesolve``, so that agreement with qbcore is a real check
and not qbcore compared with itself.  The test modules import it as ``ref``.
"""

from __future__ import annotations

import math
from math import comb

import numpy as np
import qutip

OMEGA0, OMEGA, GAMMA, J_DEFAULT = 10.0, 1.0, 1.0, 1.0


# ----------------------------------------------------------- reservoirs ---

def ref_fermi(omega: float, mu: float, T: float) -> float:
    """``1 / (exp((omega - mu)/T) + 1)`` written out, with the T = 0 step."""
    x = omega - mu
    if T == 0:
        return 1.0 if x < 0 else (0.5 if x == 0 else 0.0)
    y = x / T
    if y > 0:
        e = math.exp(-y) if y < 745 else 0.0
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(y))


# -------------------------------------------------------------- network ---

def ref_op(single: qutip.Qobj, i: int, N: int) -> qutip.Qobj:
    """``single`` acting on qubit ``i`` of ``N`` (QuTiP tensor order)."""
    return qutip.tensor([single if k == i else qutip.qeye(2) for k in range(N)])


def ref_sm(i: int, N: int) -> qutip.Qobj:
    """``sigma_- = |g><e|``; QuTiP's ``sigmam`` is ``|1><0|`` and ``|e> = basis(2, 0)``."""
    return ref_op(qutip.sigmam(), i, N)


def ref_edges(N: int, topology: str) -> list[tuple[int, int]]:
    if topology == "star":
        return [(0, k) for k in range(1, N)]
    return [(k, k + 1) for k in range(N - 1)]


def ref_hamiltonian(N: int, omega0: float, J: float, topology: str) -> qutip.Qobj:
    H = 0 * ref_op(qutip.qeye(2), 0, N)
    for i in range(N):
        H += omega0 * ref_op(qutip.sigmaz(), i, N)
    for a, b in ref_edges(N, topology):
        H += J * (ref_sm(a, N).dag() * ref_sm(b, N) + ref_sm(b, N).dag() * ref_sm(a, N))
    return H


def ref_number(N: int) -> qutip.Qobj:
    """Total excitation number ``sum_i |e><e|_i``."""
    return sum((ref_sm(i, N).dag() * ref_sm(i, N) for i in range(1, N)),
               ref_sm(0, N).dag() * ref_sm(0, N))


def excitation_counts(N: int) -> np.ndarray:
    """Excitation number of every computational basis state (from QuTiP's operator)."""
    return np.rint(np.real(ref_number(N).diag())).astype(int)


# ------------------------------------------------------- master equation ---

def reservoir_lists(scenario: str, kw: dict) -> tuple[list[float], list[float]]:
    """``mus, Ts`` of the reservoirs, derived from public keywords as in SPEC.md."""
    N = kw.get("N", 3)
    if scenario == "equilibrium":
        return [kw["mu"]], [kw["T"]]
    mus = kw.get("mus")
    if mus is None:
        mu, dmu = kw["mu"], kw.get("dmu", 0.0)
        mus = [mu] + [mu + dmu] * (N - 1)
    Ts = kw.get("Ts")
    if Ts is None:
        Ts = [kw["T"]] * N
    return list(mus), list(Ts)


def ref_c_ops(scenario: str, **kw) -> list[qutip.Qobj]:
    N = kw.get("N", 3)
    gamma, omega = kw.get("gamma", GAMMA), kw.get("omega", OMEGA)
    mus, Ts = reservoir_lists(scenario, kw)
    if scenario == "equilibrium":
        lowering = [sum((ref_sm(i, N) for i in range(1, N)), ref_sm(0, N))]
    else:
        lowering = [ref_sm(i, N) for i in range(N)]
    ops = []
    for A, mu, T in zip(lowering, mus, Ts):
        n = ref_fermi(omega, mu, T)
        ops += [math.sqrt(gamma * (1 - n)) * A, math.sqrt(gamma * n) * A.dag()]
    return ops


def ref_model(scenario: str, **kw) -> tuple[qutip.Qobj, list[qutip.Qobj]]:
    N = kw.get("N", 3)
    H = ref_hamiltonian(N, kw.get("omega0", OMEGA0), kw.get("J", J_DEFAULT),
                        kw.get("topology", "star"))
    return H, ref_c_ops(scenario, **kw)


def ref_liouvillian(scenario: str, **kw) -> qutip.Qobj:
    H, c_ops = ref_model(scenario, **kw)
    return qutip.liouvillian(H, c_ops)


def ref_steady_state(scenario: str, **kw) -> np.ndarray:
    """Plain ``qutip.steadystate`` (meaningful where ker L is one-dimensional)."""
    H, c_ops = ref_model(scenario, **kw)
    return qutip.steadystate(H, c_ops).full()


def ref_long_time(scenario: str, rho0: qutip.Qobj, t: float, **kw) -> np.ndarray:
    """``rho(t)`` from a long ``qutip.mesolve`` run (BDF, tight tolerances)."""
    H, c_ops = ref_model(scenario, **kw)
    opts = {"atol": 1e-13, "rtol": 1e-11, "nsteps": 10**6, "method": "bdf"}
    return qutip.mesolve(H, rho0, [0.0, t], c_ops, options=opts).states[-1].full()


def ref_apply(L: qutip.Qobj, X: np.ndarray, N: int) -> np.ndarray:
    """The superoperator ``L`` applied to the operator ``X``."""
    vec = qutip.operator_to_vector(qutip.Qobj(X, dims=[[2] * N] * 2))
    return qutip.vector_to_operator(L * vec).full()


# -------------------------------------------------------------- states ---

def qubit_product(pops: list[float]) -> np.ndarray:
    """``(x)_i diag(p_i, 1 - p_i)`` in the basis ``|e>, |g>`` of every qubit."""
    return qutip.tensor([qutip.Qobj(np.diag([p, 1 - p])) for p in pops]).full()


def as_qobj(rho: np.ndarray, N: int) -> qutip.Qobj:
    return qutip.Qobj(rho, dims=[[2] * N, [2] * N])


def battery_reduced(rho: np.ndarray, N: int) -> np.ndarray:
    """``Tr_ancillas rho`` by QuTiP's ``ptrace(0)``."""
    return as_qobj(rho, N).ptrace(0).full()


def qubit_W(rho_B: np.ndarray) -> float:
    """Normalised ergotropy of a qubit for ``H = omega0 sigma_z`` from its Bloch vector.

    ``E = omega0 (r_z + |r|)``, so ``W = E / (2 omega0) = (r_z + |r|) / 2``.
    """
    r = np.array([2 * rho_B[0, 1].real, -2 * rho_B[0, 1].imag, (rho_B[0, 0] - rho_B[1, 1]).real])
    return float((r[2] + np.linalg.norm(r)) / 2)


def assert_density_matrix(rho: np.ndarray, tol: float = 1e-10) -> None:
    assert np.all(np.isfinite(rho))
    assert np.abs(rho - rho.conj().T).max() <= 1e-12
    assert abs(np.trace(rho) - 1) <= 1e-10
    assert np.linalg.eigvalsh(0.5 * (rho + rho.conj().T)).min() >= -tol


def permutation_operator(N: int, perm: list[int]) -> np.ndarray:
    """Unitary that moves qubit ``k`` to position ``perm[k]`` (QuTiP's ``permute``)."""
    dim = 2**N
    P = np.zeros((dim, dim))
    for s in range(dim):
        bits = [(s >> (N - 1 - k)) & 1 for k in range(N)]
        new = [0] * N
        for k in range(N):
            new[perm[k]] = bits[k]
        t = sum(b << (N - 1 - k) for k, b in enumerate(new))
        P[t, s] = 1.0
    return P


def ancilla_symmetric_projector(N: int) -> np.ndarray:
    """Projector onto states symmetric under every permutation of the ancillas ``1..N-1``."""
    import itertools
    perms = list(itertools.permutations(range(1, N)))
    return sum(permutation_operator(N, [0, *p]) for p in perms) / len(perms)


def reflection_operator(N: int) -> np.ndarray:
    """Mirror of the chain: qubit ``i <-> N-1-i``."""
    return permutation_operator(N, [N - 1 - i for i in range(N)])


# --------------------------------------------------------- random inputs ---

def random_dm(N: int, seed: int) -> np.ndarray:
    """A full-rank random density matrix of ``N`` qubits (dense)."""
    rng = np.random.default_rng(seed)
    d = 2**N
    G = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    rho = G @ G.conj().T
    return rho / np.trace(rho).real


def random_unitary(d: int, rng: np.random.Generator) -> np.ndarray:
    """Haar-random unitary (QR of a complex Ginibre matrix, phases fixed)."""
    Z = (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))) / np.sqrt(2)
    Q, R = np.linalg.qr(Z)
    return Q * (np.diag(R) / np.abs(np.diag(R)))


def random_charge_operator(N: int, q: int, rng: np.random.Generator) -> np.ndarray:
    """A random matrix ``X`` with ``X[a, b] != 0`` only where ``n_b - n_a = q``.

    (The sector ``q`` of qbcore stacks the blocks ``rho[n, n + q]``.)  The
    excitation numbers come from QuTiP's number operator, not from qbcore.
    """
    mask = charge_of_entries(N) == q
    X = rng.normal(size=mask.shape) + 1j * rng.normal(size=mask.shape)
    return np.where(mask, X, 0.0)


def charge_of_entries(N: int) -> np.ndarray:
    """``n_b - n_a`` for every matrix position ``(a, b)``."""
    n = excitation_counts(N)
    return n[None, :] - n[:, None]


# ------------------------------------------------------------------ spin ---

def spin_multiplicity(M: int, j: float) -> int:
    """How many times spin ``j`` occurs in ``M`` spins 1/2: ``C(M, M/2-j) - C(M, M/2-j-1)``."""
    k = M / 2 - j
    if k < 0 or abs(k - round(k)) > 1e-9:
        return 0
    k = int(round(k))
    return comb(M, k) - (comb(M, k - 1) if k >= 1 else 0)


def ancilla_spins(N: int) -> list[float]:
    """The total spins ``j`` that the ``N - 1`` ancillas can have."""
    M = N - 1
    return [t / 2 for t in range(M % 2, M + 1, 2)]


def collective_star_kernel_dimension(N: int) -> int:
    """``sum_j mult(j)^2 k(j)`` over the ancillas' total spin ``j`` (k = 2 at j = 1/2)."""
    return sum(spin_multiplicity(N - 1, j) ** 2 * (2 if j == 0.5 else 1) for j in ancilla_spins(N))
