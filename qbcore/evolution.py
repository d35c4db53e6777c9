r"""The generators the charging dynamics evolve, one kind per method, with their readout.

``rho(t) = exp(L t) rho(0)`` conserves the charge ``q`` of every matrix
element (:mod:`qbcore.liouvillian`), so a start in the ``q = 0`` sector (every
named start) stays there, and the battery's state stays diagonal.  A
:class:`Problem` is one generator ``A`` with its start ``x0``, the rows that
read the battery's population and the trace, the norm of the error test (the
trace norm of the operator a vector stands for) and how to factorise
``I - h A`` (:func:`qbcore.shifted.shifted_solver`).

``"dicke"`` (star, identical ancillas, a named start; ``N`` up to 1001)
    One reservoir per qubit: :func:`qbcore.dicke.local_matrix` (``P_e, P_g,
    Y`` and, detuned, ``Y_r``).  Collective reservoir with each qubit's own
    coupling: :func:`qbcore.dicke.combined_matrix`.  Both in the
    nested-dissection order with static pivots, as the steady solver.
    Perfectly collective (``gamma_local = 0``): every ancilla spin ``j``
    evolves on its own (:func:`qbcore.dicke.collective_block`), one problem
    per block with the block's weight in the start.
``"blocks"`` (any parameters, ``N <= 10``)
    The ``q = 0`` sector of :func:`qbcore.liouvillian.sector_matrix`; for an
    initial density matrix with coherences between excitation numbers also
    ``q = -1``, which carries the battery's coherence ``<e|rho_B|g>``.  Above
    :data:`SECTOR_LU_MAX` unknowns ``I - h L_q`` is solved by GMRES,
    preconditioned block by block by the exact inverse of each excitation
    block's own dynamics (:func:`qbcore.sylvester.sylvester_inverse`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from . import dicke
from .dicke import readout
from .linalg import nested_dissection
from .sylvester import sylvester_inverse
from .shifted import checked_solve, shifted_solver
from .liouvillian import rates, sector, sector_matrix
from .network import excited, frequency_energies
from .parameters import NONEQUILIBRIUM, Parameters
from .solvers.blocks import _block_operators, initial_vectors
from .solvers.dicke import battery_detuning, combined_generator

#: With one reservoir per qubit, times up to ``SWITCH / gamma`` are reached by
#: Taylor steps (:func:`qbcore.expm.evolve`): the initial transient, which a
#: rational Krylov space follows only with hundreds of vectors at large ``N``.
#: A collective reservoir has rates up to ``~gamma N^2``, too stiff for them.
SWITCH = 5.0
#: ... and the Krylov space starts no earlier than ``WARMUP / gamma`` (see
#: :func:`qbcore.expm.evolve`: a plateau of the rational approximation from a pure start).
WARMUP = 1.0
#: Sectors above this many unknowns are solved by preconditioned GMRES.
SECTOR_LU_MAX = 5000


@dataclass(frozen=True)
class Problem:
    """One generator to evolve, and how to read it.

    Attributes
    ----------
    matrix : scipy.sparse matrix
        ``A`` with ``dx/dt = A x``.
    x0 : numpy.ndarray
        The start (its weight included: the trace of this part of ``rho(0)``).
    readout : numpy.ndarray
        ``(p, n)`` rows: ``p_e`` and the trace (``q = 0``), or the battery's
        coherence ``<e|rho_B|g>`` (``q = -1``).
    conserved : tuple of int
        Rows the evolution conserves (the trace).
    norm : callable
        The trace norm of the operator a vector stands for.
    factorise : callable
        ``h -> (b -> (I - h A)^{-1} b)``.
    switch : float
        Times up to ``switch`` by Taylor steps.
    gamma : float
        The reservoir coupling (the time unit of :data:`WARMUP`).
    charge : int
        The sector ``q``.
    """

    matrix: Any
    x0: np.ndarray
    readout: np.ndarray
    conserved: tuple
    norm: Callable[[np.ndarray], float]
    factorise: Callable[[float], Callable]
    switch: float
    gamma: float
    charge: int = 0

    def warmup(self, switch: float) -> float:
        """Where the Krylov space may start at the earliest, given the Taylor ``switch``."""
        return min(WARMUP / self.gamma, switch)


def _switch(p: Parameters) -> float:
    return SWITCH / p.gamma if p.scenario == NONEQUILIBRIUM else 0.0


# ---------------------------------------------------------------- Dicke ---

def dicke_problems(p: Parameters) -> list[Problem]:
    """The Dicke-basis problems of a star with identical ancillas from a named start."""
    M = p.N - 1
    r = rates(p)
    if p.scenario == NONEQUILIBRIUM:
        detuned = p.detuned
        delta = battery_detuning(p) if detuned else None
        A = dicke.local_matrix(M, p.J, (r[0], r[1]), (r[2], r[3]), delta)
        order = nested_dissection(*dicke.local_coordinates(M, detuned))
        return [Problem(A, readout.local_initial(M, p.initial, detuned),
                        readout.local_readout(M, detuned)[:2], (1,),
                        readout.local_trace_norm(M, detuned),
                        lambda h: shifted_solver(A, h, order,
                                                 lambda B: dicke.pivots(M, B, detuned)),
                        _switch(p), p.gamma)]
    if p.gamma_local > 0:
        A = combined_generator(p)
        order = nested_dissection(*dicke.level_coordinates(M))
        return [Problem(A, dicke.combined_initial(M, p.initial), readout.combined_readout(M)[:2],
                        (1,), readout.combined_trace_norm(M),
                        lambda h: shifted_solver(A, h, order,
                                                 lambda B: dicke.combined_pivots(M, B)),
                        _switch(p), p.gamma)]
    weights = dicke.collective_weights(M, p.initial)
    total = sum(weights.values())  # 1 up to the rounding of the logarithms
    out = []
    for j, w in weights.items():
        if w == 0.0:  # underflow: the block carries no weight in double precision
            continue
        block = dicke.collective_block(j, p.J, r[0], r[1], battery_detuning(p))
        A = block.matrix
        out.append(Problem(A, (w / total) * dicke.collective_initial(block, p.initial),
                           readout.collective_readout(block, M)[:2], (1,),
                           readout.collective_trace_norm(block),
                           lambda h, A=A: shifted_solver(A, h), _switch(p), p.gamma))
    return out


# ------------------------------------------------------------- sectors ---

def _battery_rows(p: Parameters, q: int) -> np.ndarray:
    """``(p_e, trace)`` on the ``q = 0`` sector vector, or ``<e|rho_B|g>`` on ``q = -1``'s."""
    sec = sector(p.N, p.topology, p.scenario, q)
    ex = excited(p.N)
    if q == 0:
        F = np.zeros((2, sec.dim))
        diag = sec.diagonal_positions()
        states = np.concatenate([sec.states[n] for n, _ in sec.blocks])
        F[0, diag[ex[states, 0]]] = 1.0
        F[1, diag] = 1.0
        return F
    F = np.zeros((1, sec.dim))
    battery_bit = 1 << (p.N - 1)  # set: the battery in |g>
    for (n, m), a in zip(sec.blocks, sec.offsets[:-1]):
        rows, cols = sec.states[n], sec.states[m]
        match = ((rows[:, None] | battery_bit) == cols[None, :]) & ex[rows, 0][:, None]
        F[0, a + np.flatnonzero(match.ravel())] = 1.0
    return F


def _block_norm(sec) -> Callable[[np.ndarray], float]:
    """Trace norm of the operator a sector vector stands for: its blocks' nuclear norms."""
    shapes = [(len(sec.states[n]), len(sec.states[m])) for n, m in sec.blocks]

    def norm(x: np.ndarray) -> float:
        total = 0.0
        for a, (r, c) in zip(sec.offsets[:-1], shapes):
            B = x[a:a + r * c].reshape(r, c)
            total += float(np.abs(B).sum()) if min(r, c) == 1 else float(
                np.linalg.svd(B, compute_uv=False).sum())
        return total
    return norm


def sector_solver(p: Parameters, q: int, L: sp.csr_matrix, shift: float) -> Callable:
    """``b -> (I - shift L_q)^{-1} b`` by GMRES, preconditioned block by block.

    Block ``(n, m)`` of ``I - h L_q`` without the jumps between blocks is
    ``X -> (C_n - h c) X + X C_m^+`` with ``C_n = I/2 - h A_n``,
    ``A_n = -i (J H_n + E_n) - K_n / 2`` (hopping, detuning energies, decay)
    and ``c = -i omega0 (z_n - z_m)``, ``z_n = 2n - N``: a Sylvester equation
    inverted exactly by :func:`qbcore.sylvester.sylvester_inverse`.
    """
    sec = sector(p.N, p.topology, p.scenario, q)
    r = rates(p)
    e = frequency_energies(p.N, p.detunings)
    C = [0.5 * np.eye(len(H)) - shift * (-1j * (p.J * H + np.diag(e[sec.states[n]]))
                                          - 0.5 * np.tensordot(r, K, axes=1))
         for n, (H, K) in enumerate(_block_operators(p.N, p.topology, p.scenario))]
    blocks = [(a, b, C[n] + shift * 1j * p.omega0 * 2.0 * (n - m) * np.eye(len(C[n])), C[m])
              for (n, m), a, b in zip(sec.blocks, sec.offsets[:-1], sec.offsets[1:])]
    P = sylvester_inverse(blocks, sec.dim)
    B = (sp.identity(sec.dim, format="csr") - shift * L).tocsr()

    def solve(b: np.ndarray) -> np.ndarray:
        return spla.gmres(B, b, M=P, rtol=1e-13, atol=0.0, restart=80, maxiter=20)[0]
    return checked_solve(B, solve)


def sector_problems(p: Parameters) -> list[Problem]:
    """The ``q = 0`` problem and, for a start with battery coherences, the ``q = -1`` one."""
    starts = initial_vectors(p)
    out = []
    for q in (0, -1):
        if q not in starts or (q != 0 and np.abs(starts[q]).max() == 0):
            continue
        sec = sector(p.N, p.topology, p.scenario, q)
        L = sector_matrix(p, q, dense=False)

        def factorise(h: float, L=L, q=q, dim=sec.dim):
            return shifted_solver(L, h) if dim <= SECTOR_LU_MAX else sector_solver(p, q, L, h)
        out.append(Problem(L, starts[q], _battery_rows(p, q), (1,) if q == 0 else (),
                           _block_norm(sec), factorise, _switch(p), p.gamma, q))
    return out
