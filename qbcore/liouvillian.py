r"""The Liouvillian of Eqs. (4)-(8): in full (QuTiP) and in excitation-number blocks.

Both master equations conserve the total excitation number
:math:`\hat n = \sum_i |e\rangle\langle e|_i`: the Hamiltonian hops excitations
along the edges, and every jump operator (:math:`\sigma_\pm^i` or
:math:`J_\pm`) changes :math:`\hat n` by exactly one on both sides of
:math:`\rho`.  A matrix element :math:`|a\rangle\langle b|` therefore keeps its
*charge* :math:`q = n_a - n_b`, and :math:`L` splits into independent sectors
:math:`L_q`.  The physical steady state lives in :math:`q = 0`, where
:math:`\rho = \bigoplus_n \rho_n` is block diagonal in :math:`n`: it has
:math:`\binom{2N}{N}` unknowns instead of :math:`4^N`.

In a sector, the unknown vector stacks the blocks :math:`\rho_{n, n+q}`
(``n`` increasing), each flattened row-major, so that
``vec(A X B) = kron(A, B.T) vec(X)``.  :math:`L_q` is a fixed linear
combination of component matrices that depend only on ``(N, topology,
scenario, q)``; they are built once and cached, and a parameter set only
supplies the coefficients ``[J, omega0, rate_1, rate_2, ...]``.  The
equilibrium scenario's components include each qubit's own coupling to the
shared reservoir (``gamma_local``), summed over the qubits, which share its
rates.  Per-qubit frequencies (``omega0s``) add a diagonal term,
:func:`detuning_diagonal`, which no longer vanishes in ``q = 0``.

The global and Bloch-Redfield master equations are built in the eigenbasis
of ``H`` instead (:mod:`qbcore.global_me`, :mod:`qbcore.redfield`);
:func:`liouvillian` returns them in full too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import qutip
import scipy.sparse as sp

from .linalg import DENSE_MAX
from .network import (collective_lowering, excited, frequency_energies, hamiltonian,
                      hopping_matrix, lowering_matrix, sigma_minus)
from .parameters import NONEQUILIBRIUM, Parameters
from .reservoirs import occupations


def channel_lowering(N: int, scenario: str) -> list[sp.csr_matrix]:
    """The lowering operator of every reservoir channel, as sparse ``2**N`` matrices.

    Equilibrium: ``J_- = sum_i sigma_-^i`` (one collective channel, Eqs. 5-6).
    Non-equilibrium: ``sigma_-^i`` for every qubit (Eqs. 7-8).  Each channel
    ``A`` comes with emission ``D[A]`` and absorption ``D[A^+]``.  The
    equilibrium scenario's local couplings (``gamma_local``) are not among
    them: see :func:`jump_groups`.
    """
    if scenario == NONEQUILIBRIUM:
        return [lowering_matrix(i, N) for i in range(N)]
    return [sum((lowering_matrix(i, N) for i in range(1, N)), lowering_matrix(0, N)).tocsr()]


def jump_groups(N: int, scenario: str) -> list[tuple[list[sp.csr_matrix], int]]:
    """The jump operators that share each rate of :func:`rates`, as sparse matrices.

    Entry ``c`` is ``(operators, shift)``: the operators ``A`` whose
    dissipators ``D[A]`` carry ``rates(params)[c]``, and how they change the
    excitation number (``-1`` lowering, ``+1`` raising).  Non-equilibrium:
    ``[sigma_-^0], [sigma_+^0], [sigma_-^1], ...``.  Equilibrium: ``[J_-],
    [J_+]``, then every qubit's own ``[sigma_-^0, ..., sigma_-^{N-1}]`` and
    ``[sigma_+^0, ...]``, whose rates ``gamma_local (1 - n)`` and
    ``gamma_local n`` all qubits share.
    """
    groups = []
    for A in channel_lowering(N, scenario):
        groups += [([A], -1), ([A.T.tocsr()], +1)]
    if scenario != NONEQUILIBRIUM:
        local = [lowering_matrix(i, N) for i in range(N)]
        groups += [(local, -1), ([A.T.tocsr() for A in local], +1)]
    return groups


def channel_operators(N: int, scenario: str) -> list[qutip.Qobj]:
    """The same lowering operators as :func:`channel_lowering`, as QuTiP operators."""
    if scenario == NONEQUILIBRIUM:
        return [sigma_minus(i, N) for i in range(N)]
    return [collective_lowering(N)]


def rates(params: Parameters) -> np.ndarray:
    r"""Dissipation rates in the order of :func:`jump_groups`.

    For every reservoir ``k``: emission ``gamma (1 - n_k)`` then absorption
    ``gamma n_k``, with ``n_k = fermi(omega, mu_k, T_k)`` (Eqs. (5)-(8)).  The
    equilibrium scenario adds the local couplings to the same reservoir,
    ``gamma_local (1 - n)`` and ``gamma_local n``.
    """
    out = rate_table([params])[0]
    if params.scenario != NONEQUILIBRIUM:
        n = out[1] / params.gamma
        out = np.concatenate([out, params.gamma_local * np.array([1.0 - n, n])])
    return out


def rate_table(points: Sequence[Parameters], reservoirs: int | None = None) -> np.ndarray:
    """The reservoirs' part of :func:`rates` for many parameter sets at once: one row per point.

    All points must have the same number of reservoirs; ``reservoirs`` keeps
    only the first ones (the Dicke solver needs the battery's and one
    ancilla's).  The parameters are validated, so the occupations skip
    :func:`~qbcore.reservoirs.fermi`'s checks (the values are the same).  The
    equilibrium scenario's local couplings (``gamma_local``) are not included.
    """
    mus = np.array([p.mus[:reservoirs] for p in points])
    Ts = np.array([p.Ts[:reservoirs] for p in points])
    omega = np.array([p.omega for p in points])[:, None]
    gamma = np.array([p.gamma for p in points])[:, None]
    n = occupations(omega, mus, Ts)
    out = np.empty((len(points), 2 * mus.shape[1]))
    out[:, 0::2] = gamma * (1.0 - n)
    out[:, 1::2] = gamma * n
    return out


def collapse_operators(params: Parameters) -> list[qutip.Qobj]:
    """QuTiP collapse operators ``sqrt(rate) * A`` for the scenario.

    Equilibrium: ``J_-`` and ``J_+`` (Eqs. 5-6), then, where
    ``gamma_local > 0``, ``sigma_-^i`` and ``sigma_+^i`` for every qubit.
    Non-equilibrium: ``sigma_-^i`` and ``sigma_+^i`` for every qubit
    (Eqs. 7-8); with ``master_equation="global"`` the operators ``A_i(nu)``
    and ``A_i(nu)^+`` of :func:`qbcore.global_me.jump_operators`.

    Raises
    ------
    ValueError
        For ``master_equation="redfield"``, which has no Lindblad form.
    """
    if params.master_equation == "global":
        from .global_me import jump_operators
        dims = [[2] * params.N] * 2
        return [np.sqrt(rate) * qutip.Qobj(A, dims=dims)
                for _, _, rate, A in jump_operators(params) if rate > 0]
    if params.master_equation == "redfield":
        raise ValueError("master_equation='redfield' has no Lindblad form (no collapse "
                         "operators); use qbcore.liouvillian for its superoperator")
    r = rates(params)
    ops = []
    for k, A in enumerate(channel_operators(params.N, params.scenario)):
        ops += [np.sqrt(r[2 * k]) * A, np.sqrt(r[2 * k + 1]) * A.dag()]
    if params.scenario != NONEQUILIBRIUM and params.gamma_local > 0:
        for i in range(params.N):
            s = sigma_minus(i, params.N)
            ops += [np.sqrt(r[2]) * s, np.sqrt(r[3]) * s.dag()]
    return ops


def network_hamiltonian(params: Parameters) -> qutip.Qobj:
    """``H`` of Eq. (1) for a parameter set (per-qubit frequencies included)."""
    return hamiltonian(params.N, params.omega0, params.J, params.topology, params.omega0s)


def liouvillian(params: Parameters) -> qutip.Qobj:
    """The full Liouvillian superoperator (``4**N x 4**N``) as a QuTiP ``Qobj``.

    For ``master_equation="global"`` or ``"redfield"`` the generator of
    :mod:`qbcore.global_me` or :mod:`qbcore.redfield`, built in the eigenbasis
    of ``H`` and transformed to the computational basis.
    """
    if params.master_equation == "global":
        from .global_me import davies_generator
        return davies_generator(params, full=True).qobj()
    if params.master_equation == "redfield":
        from .redfield import redfield_generator
        return redfield_generator(params, full=True).qobj()
    return qutip.liouvillian(network_hamiltonian(params), collapse_operators(params))


def coefficients(params: Parameters) -> np.ndarray:
    """Coefficients ``[J, omega0, rates...]`` of the sector component matrices."""
    return np.concatenate([[params.J, params.omega0], rates(params)])


def detuning_diagonal(params: Parameters, sec: "Sector") -> np.ndarray | None:
    r"""The frequency term beyond ``omega0``: ``-i (e_a - e_b)`` for every element ``|a><b|``.

    ``e_s = sum_i (omega0_i - omega0) <s|sigma_z^i|s>``; ``None`` where all
    qubits share ``omega0`` (the term ``-i[omega0 sum sigma_z, .]`` is then the
    component of :func:`sector`, ``-2i q omega0``, zero in ``q = 0``).
    """
    if not params.detuned:
        return None
    e = frequency_energies(params.N, params.detunings)
    return np.concatenate([(e[sec.states[n]][:, None] - e[sec.states[m]][None, :]).ravel()
                           for n, m in sec.blocks]) * -1j


def sector_matrix(params: Parameters, q: int = 0, dense: bool | None = None):
    """``L_q`` of a parameter set (local master equation): dense array or CSR matrix."""
    sec = sector(params.N, params.topology, params.scenario, q)
    return sec.matrix(coefficients(params), dense, detuning_diagonal(params, sec))


# ---------------------------------------------------------------- sectors ---

@dataclass(frozen=True)
class Sector:
    """Fixed structure of the charge-``q`` sector of ``L``.

    Attributes
    ----------
    N, q : int
    states : tuple of numpy.ndarray
        ``states[n]``: computational basis indices with ``n`` excitations.
    blocks : tuple of (int, int)
        ``(n, n + q)`` for every block of the sector, in storage order.
    offsets : numpy.ndarray
        Start of every block in the sector vector (one more entry: the size).
    rows, cols : numpy.ndarray
        Union sparsity pattern of the component matrices (row-major order).
    terms : numpy.ndarray
        ``(n_components, nnz)`` complex values of every component on the pattern.
    """

    N: int
    q: int
    states: tuple
    blocks: tuple
    offsets: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    terms: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.offsets[-1])

    def matrix(self, coeffs: np.ndarray, dense: bool | None = None,
               diagonal: np.ndarray | None = None):
        """``L_q = sum_c coeffs[c] * component_c (+ diag(diagonal))``: dense array or CSR matrix.

        ``dense=None`` picks a dense array for sectors up to
        :data:`qbcore.linalg.DENSE_MAX` unknowns.  ``diagonal`` (optional) is
        added on the diagonal (the detuning of :func:`detuning_diagonal`).
        """
        data = coeffs @ self.terms
        if dense is None:
            dense = self.dim <= DENSE_MAX
        if dense:
            out = np.zeros((self.dim, self.dim), dtype=complex)
            out[self.rows, self.cols] = data
            if diagonal is not None:
                out[np.diag_indices(self.dim)] += diagonal
            return out
        out = sp.csr_matrix((data, (self.rows, self.cols)), shape=(self.dim, self.dim))
        if diagonal is not None:
            out = (out + sp.diags(diagonal)).tocsr()
        return out

    def diagonal_positions(self) -> np.ndarray:
        """Positions of the diagonal elements ``rho[s, s]`` (``q = 0`` only)."""
        if self.q != 0:
            raise ValueError("only the q = 0 sector holds diagonal elements")
        return np.concatenate([off + np.arange(len(self.states[n])) * (len(self.states[n]) + 1)
                               for (n, _), off in zip(self.blocks, self.offsets[:-1])])


def _restrict(A: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> sp.csr_matrix:
    return A[rows][:, cols]


@lru_cache(maxsize=64)
def sector(N: int, topology: str, scenario: str, q: int = 0) -> Sector:
    """Build (once) the component matrices of the charge-``q`` sector.

    Components, in the order of :func:`coefficients`: the hopping commutator
    ``-i[H_hop, .]``, the frequency term ``-i[sum sigma_z, .] = -2iq``, then
    for every group of :func:`jump_groups` the sum of its ``D[A]``, with
    ``D[A] X = A X A^+ - {A^+ A, X}/2``: ``D[sigma_-^k]``, ``D[sigma_+^k]``
    per qubit in the local scenario; ``D[J_-]``, ``D[J_+]``,
    ``sum_i D[sigma_-^i]``, ``sum_i D[sigma_+^i]`` in the collective one.
    """
    if not -N <= q <= N:
        raise ValueError(f"q must lie in [-N, N], got {q}")
    n_exc = excited(N).sum(axis=1)
    states = tuple(np.flatnonzero(n_exc == n) for n in range(N + 1))
    blocks = tuple((n, n + q) for n in range(N + 1) if 0 <= n + q <= N)
    sizes = [len(states[n]) * len(states[m]) for n, m in blocks]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    index = {b: k for k, b in enumerate(blocks)}

    H_hop = hopping_matrix(N, topology)

    def eye(n: int) -> sp.csr_matrix:
        return sp.identity(len(states[n]), format="csr")

    def commutator(A: sp.csr_matrix):  # -i[A, .] with A number conserving
        out = {}
        for n, m in blocks:
            An = _restrict(A, states[n], states[n])
            Am = _restrict(A, states[m], states[m])
            out[(n, m), (n, m)] = -1j * (sp.kron(An, eye(m)) - sp.kron(eye(n), Am.T))
        return out

    def dissipator(A: sp.csr_matrix, shift: int):  # D[A], A changes n by `shift`
        K = (A.T @ A).tocsr()  # real matrices: A^+ = A.T
        out = {}
        for n, m in blocks:
            Kn, Km = _restrict(K, states[n], states[n]), _restrict(K, states[m], states[m])
            out[(n, m), (n, m)] = -0.5 * (sp.kron(Kn, eye(m)) + sp.kron(eye(n), Km.T))
            src = (n - shift, m - shift)
            if src in index:
                An = _restrict(A, states[n], states[src[0]])
                Am = _restrict(A, states[m], states[src[1]])
                out[(n, m), src] = sp.kron(An, Am)
        return out

    Z = sp.diags(2.0 * n_exc - N).tocsr()
    components = [commutator(H_hop), commutator(Z)]
    for operators, shift in jump_groups(N, scenario):
        total: dict = {}
        for A in operators:
            for key, M in dissipator(A, shift).items():
                total[key] = total[key] + M if key in total else M
        components.append(total)

    mats = []
    for comp in components:
        grid = [[None] * len(blocks) for _ in blocks]
        for (tgt, src), M in comp.items():
            grid[index[tgt]][index[src]] = M
        for k, (n, m) in enumerate(blocks):  # fix the shape of empty rows
            if grid[k][k] is None:
                grid[k][k] = sp.csr_matrix((sizes[k], sizes[k]))
        mats.append(sp.bmat(grid, format="csr"))
    pattern = sum(abs(M) for M in mats).tocsr()
    pattern.sort_indices()
    rows = np.repeat(np.arange(pattern.shape[0]), np.diff(pattern.indptr))
    cols = pattern.indices.copy()
    terms = np.array([np.asarray(M[rows, cols]).ravel() for M in mats], dtype=complex)
    for a in (rows, cols, terms):
        a.setflags(write=False)
    return Sector(N=N, q=q, states=states, blocks=blocks, offsets=offsets,
                  rows=rows, cols=cols, terms=terms)
