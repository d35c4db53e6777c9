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


def ref_hamiltonian(N: int, omega0: float, J: float, topology: str,
                    omega0s: list[float] | None = None) -> qutip.Qobj:
    """``sum_i omega0_i sigma_z^i + J sum_edges (sigma_+ sigma_- + h.c.)`` (``omega0s`` or ``omega0``)."""
    freqs = [omega0] * N if omega0s is None else list(omega0s)
    H = 0 * ref_op(qutip.qeye(2), 0, N)
    for i in range(N):
        H += freqs[i] * ref_op(qutip.sigmaz(), i, N)
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
    """Collapse operators of the local master equation (Eqs. 5-8).

    Equilibrium: ``J_-``, ``J_+`` and, for ``gamma_local > 0``, every qubit's
    own ``sigma_-``, ``sigma_+`` with rates ``gamma_local (1-n)``, ``gamma_local n``.
    """
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
    gamma_local = kw.get("gamma_local", 0.0)
    if scenario == "equilibrium" and gamma_local > 0:
        n = ref_fermi(omega, mus[0], Ts[0])
        for i in range(N):
            ops += [math.sqrt(gamma_local * (1 - n)) * ref_sm(i, N),
                    math.sqrt(gamma_local * n) * ref_sm(i, N).dag()]
    return ops


def ref_model(scenario: str, **kw) -> tuple[qutip.Qobj, list[qutip.Qobj]]:
    N = kw.get("N", 3)
    H = ref_hamiltonian(N, kw.get("omega0", OMEGA0), kw.get("J", J_DEFAULT),
                        kw.get("topology", "star"), kw.get("omega0s"))
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


def ref_kernel_limit(scenario: str, rho0: np.ndarray | qutip.Qobj,
                     **kw) -> tuple[np.ndarray, int, float]:
    """``P0 rho0``, the ``t -> infinity`` limit of ``exp(L t) rho0``, from QuTiP's full Liouvillian.

    ``L`` is ``qutip.liouvillian`` of the independent model as one dense
    ``4**N`` square matrix (every excitation-number sector, no symmetry used).
    Its right and left null spaces come from one SVD (singular values below
    ``1e-9`` of the largest), and ``P0 = R (Lf^+ R)^-1 Lf^+`` is the spectral
    projector onto the kernel (zero is a semisimple eigenvalue of a Lindblad
    generator).  Returns the state, the kernel's dimension and the smallest
    nonzero singular value over the largest (how well the kernel is separated).
    """
    N = kw.get("N", 3)
    L = ref_liouvillian(scenario, **kw).full()
    U, s, Vh = np.linalg.svd(L)
    k = int(np.sum(s < 1e-9 * s[0]))
    R, Lf = Vh[len(s) - k:].conj().T, U[:, len(s) - k:]
    rho0 = rho0 if isinstance(rho0, qutip.Qobj) else qutip.Qobj(rho0, dims=[[2] * N] * 2)
    x0 = qutip.operator_to_vector(rho0).full().ravel()
    x = R @ np.linalg.solve(Lf.conj().T @ R, Lf.conj().T @ x0)
    rho = qutip.vector_to_operator(qutip.Qobj(x.reshape(-1, 1), dims=[[[2] * N] * 2, [1]]))
    return rho.full(), k, float(s[len(s) - k - 1] / s[0])


def ref_apply(L: qutip.Qobj, X: np.ndarray, N: int) -> np.ndarray:
    """The superoperator ``L`` applied to the operator ``X``."""
    vec = qutip.operator_to_vector(qutip.Qobj(X, dims=[[2] * N] * 2))
    return qutip.vector_to_operator(L * vec).full()


# ------------------------------------- global (Davies) and Bloch-Redfield ---
# Built from QuTiP's eigenstates of the reference Hamiltonian: levels grouped by
# energy (projectors onto whole eigenspaces), Bohr components A_i(nu) summed
# over level pairs, QuTiP's own liouvillian / sprepost.

def ref_bohr_components(N: int, omega0: float, J: float, topology: str,
                        omega0s: list[float] | None = None,
                        tol: float = 1e-8) -> list[list[tuple[float, qutip.Qobj]]]:
    """Per qubit ``i``: ``(nu, A_i(nu))`` with ``A_i(nu) = sum_{E_a - E_b = nu} P_b sigma_-^i P_a``.

    ``P_a`` projects onto the eigenspace of energy ``E_a`` (eigenvalues within
    ``tol`` are one level); frequencies within ``tol`` are one ``nu``.
    """
    H = ref_hamiltonian(N, omega0, J, topology, omega0s)
    energies, states = H.eigenstates()
    levels: list[list[int]] = []
    for k, e in enumerate(energies):
        if levels and abs(e - energies[levels[-1][0]]) < tol:
            levels[-1].append(k)
        else:
            levels.append([k])
    E = [float(np.mean([energies[k] for k in lv])) for lv in levels]
    P = [sum(states[k] * states[k].dag() for k in lv) for lv in levels]
    out = []
    for i in range(N):
        components: list[tuple[float, qutip.Qobj]] = []
        for a in range(len(levels)):
            for b in range(len(levels)):
                A = P[b] * ref_sm(i, N) * P[a]
                if A.norm("max") < 1e-12:
                    continue
                nu = E[a] - E[b]
                for k, (nu_k, A_k) in enumerate(components):
                    if abs(nu_k - nu) < tol:
                        components[k] = (nu_k, A_k + A)
                        break
                else:
                    components.append((nu, A))
        out.append(components)
    return out


def ref_davies_liouvillian(**kw) -> qutip.Qobj:
    """The global (Davies) Liouvillian: ``gamma (1-n_i(nu)) D[A_i(nu)] + gamma n_i(nu) D[A_i(nu)^+]``."""
    N, gamma = kw.get("N", 3), kw.get("gamma", GAMMA)
    mus, Ts = reservoir_lists("nonequilibrium", kw)
    args = (N, kw.get("omega0", OMEGA0), kw.get("J", J_DEFAULT), kw.get("topology", "star"),
            kw.get("omega0s"))
    c_ops = []
    for i, components in enumerate(ref_bohr_components(*args)):
        for nu, A in components:
            n = ref_fermi(nu, mus[i], Ts[i])
            c_ops += [math.sqrt(gamma * (1 - n)) * A, math.sqrt(gamma * n) * A.dag()]
    return qutip.liouvillian(ref_hamiltonian(*args), c_ops)


def ref_redfield_liouvillian(**kw) -> qutip.Qobj:
    """The Bloch-Redfield Liouvillian as the double sum over Bohr components.

    ``sum_{nu, nu'} g-(nu) [A(nu) rho A(nu')^+ - A(nu')^+ A(nu) rho]
    + g+(nu) [A(nu)^+ rho A(nu') - A(nu') A(nu)^+ rho] + h.c.``, with
    ``g-(nu) = gamma (1 - n(nu)) / 2`` and ``g+(nu) = gamma n(nu) / 2`` (Lamb shift dropped).
    """
    N, gamma = kw.get("N", 3), kw.get("gamma", GAMMA)
    mus, Ts = reservoir_lists("nonequilibrium", kw)
    args = (N, kw.get("omega0", OMEGA0), kw.get("J", J_DEFAULT), kw.get("topology", "star"),
            kw.get("omega0s"))
    L = qutip.liouvillian(ref_hamiltonian(*args))
    for i, components in enumerate(ref_bohr_components(*args)):
        for nu, S in components:
            g_minus = 0.5 * gamma * (1 - ref_fermi(nu, mus[i], Ts[i]))
            g_plus = 0.5 * gamma * ref_fermi(nu, mus[i], Ts[i])
            for _, S2 in components:
                term = (g_minus * (qutip.sprepost(S, S2.dag()) - qutip.spre(S2.dag() * S))
                        + g_plus * (qutip.sprepost(S.dag(), S2) - qutip.spre(S2 * S.dag())))
                L = L + term + _conjugate_map(term)
    return L


def _conjugate_map(superop: qutip.Qobj) -> qutip.Qobj:
    """The map ``rho -> (E(rho^+))^+`` of a superoperator ``E`` (QuTiP's column stacking)."""
    d = int(round(math.sqrt(superop.shape[0])))
    M = superop.full().reshape(d, d, d, d)          # [col_out, row_out, col_in, row_in]
    return qutip.Qobj(M.conj().transpose(1, 0, 3, 2).reshape(d * d, d * d), dims=superop.dims)


def ref_grand_canonical(N: int, omega0: float, J: float, topology: str, mu: float,
                        T: float) -> np.ndarray:
    """``exp(-(H - mu n_exc)/T) / Z``, ``n_exc`` the number of excited qubits."""
    K = ref_hamiltonian(N, omega0, J, topology) - mu * ref_number(N)
    K = K - K.eigenenergies().min() * qutip.qeye([2] * N)
    rho = (-K / T).expm()
    return (rho / rho.tr()).full()


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


def assert_density_matrix(rho: np.ndarray, tol: float = 1e-13) -> None:
    """Finite, Hermitian and of trace 1 to 1e-12, no eigenvalue below ``-tol``.

    Reached on the states the tests pass here (qbcore's, and P0 rho(0) from the
    SVD of QuTiP's full Liouvillian): 2.5e-13, 1.4e-13 and -2.2e-14.
    """
    assert np.all(np.isfinite(rho))
    assert np.abs(rho - rho.conj().T).max() <= 1e-12
    assert abs(np.trace(rho) - 1) <= 1e-12
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


def random_global_case(seed: int, N: int, topology: str, equal: bool = False) -> dict:
    """Seeded non-equilibrium keywords near resonance for the global and Redfield equations.

    ``omega0`` in [5, 12], ``J`` in [-2, 2], ``gamma`` in [0.2, 2]; reservoirs
    ``mu_i`` within 3 of ``2 omega0``, ``T_i`` in [0.3, 3] (one shared
    ``mu``, ``T`` with ``equal``).
    """
    rng = np.random.default_rng(seed)
    omega0 = float(rng.uniform(5, 12))
    kw = dict(N=N, topology=topology, omega0=omega0, J=float(rng.uniform(-2, 2)),
              gamma=float(rng.uniform(0.2, 2)))
    if equal:
        kw.update(mu=2 * omega0 + float(rng.uniform(-3, 3)), T=float(rng.uniform(0.3, 3)))
    else:
        kw.update(mus=list(2 * omega0 + rng.uniform(-3, 3, N)), Ts=list(rng.uniform(0.3, 3, N)))
    return kw


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


# ----------------------------------------------- the Dicke basis, by hand ---
# Operators E = sum_alpha |j, m, alpha><j, m', alpha| on M ancillas, built from
# QuTiP's collective operators (lowest-weight vectors raised by J_+), to embed
# the Dicke-basis unknowns of qbcore.dicke into full density matrices.

def _ancilla_collective(M: int) -> tuple[np.ndarray, np.ndarray]:
    """``J_-`` of ``M`` ancillas (dense, QuTiP order) and their excitation numbers."""
    Jm = sum((ref_sm(i, M) for i in range(1, M)), ref_sm(0, M)).full()
    return Jm, excitation_counts(M)


def dicke_copies_operator(M: int, j: float, m: float, m2: float) -> np.ndarray:
    """``E = sum_alpha |j, m, alpha><j, m2, alpha|`` on ``M`` ancillas (``2**M`` square).

    The copies ``alpha`` of spin ``j`` are spanned by the lowest-weight vectors
    (``J_- v = 0`` with ``M/2 - j`` excitations), and
    ``|j, m, alpha> = J_+^{j+m} |j, -j, alpha> / norm``.
    """
    Jm, n_exc = _ancilla_collective(M)
    low = np.flatnonzero(n_exc == round(M / 2 - j))
    below = np.flatnonzero(n_exc == round(M / 2 - j) - 1)
    block = Jm[np.ix_(below, low)] if len(below) else np.zeros((0, len(low)))
    _, s, Vh = np.linalg.svd(block, full_matrices=True)
    rank = int(np.sum(s > 1e-10))
    basis = np.zeros((2**M, len(low) - rank), dtype=complex)
    basis[low] = Vh[rank:].conj().T
    Jp = Jm.conj().T

    def raise_(k: int) -> np.ndarray:
        v, norm = basis.copy(), 1.0
        for i in range(k):
            v = Jp @ v
            norm *= (2 * j - i) * (i + 1)
        return v / np.sqrt(norm)

    return raise_(round(j + m)) @ raise_(round(j + m2)).conj().T


def battery_times(b: int, b2: int, E: np.ndarray) -> np.ndarray:
    """``|b><b2| (x) E`` with ``b = 1`` for ``|e>`` (the battery is the first factor)."""
    ket = np.zeros((2, 2))
    ket[1 - b, 1 - b2] = 1.0  # QuTiP: |e> = basis(2, 0)
    return np.kron(ket, E)


def dicke_embedding_column(M: int, kind: str, j: float, m: float) -> np.ndarray:
    """The full density matrix (QuTiP's ``operator_to_vector``) of one real Dicke unknown.

    ``kind``: ``"pe"``, ``"pg"`` (populations ``|b, j, m><b, j, m|``), ``"cr"``
    or ``"ci"`` (real and imaginary part of the coherence
    ``<e, j, m| rho |g, j, m+1>``), each summed over the copies, divided by
    their number (qbcore stores sums over the copies).
    """
    d = spin_multiplicity(M, j)
    if kind in ("pe", "pg"):
        b = 1 if kind == "pe" else 0
        op = battery_times(b, b, dicke_copies_operator(M, j, m, m))
    else:
        up = battery_times(1, 0, dicke_copies_operator(M, j, m, m + 1))
        down = battery_times(0, 1, dicke_copies_operator(M, j, m + 1, m))
        op = up + down if kind == "cr" else 1j * (up - down)
    return qutip.operator_to_vector(qutip.Qobj(op / d, dims=[[2] * (M + 1)] * 2)).full().ravel()
