r"""A charge-extract cycle: charge for a period, extract the battery's ergotropy, recharge.

The battery charges for a period ``tau`` under the steady state's Liouvillian
(:mod:`qbcore.dynamics`); then, decoupled for an instant, it gives up its
ergotropy through the unitary ``U_B`` that makes its state passive, and the
network charges again from there.  From a named start (``"ground"``,
``"mixed"``) the battery's state stays diagonal and ``U_B`` is the flip
``sigma_x`` whenever ``p_e > 1/2``.  (From a start with battery coherences
the rotations need not settle into a cycle: they are rejected.)  The work extracted is the battery's ergotropy,
``2 omega_B W``.  After some cycles the process settles into a limit cycle;
its mean power ``work / tau`` is what a device delivers (the cost of switching
the couplings off and on is not counted).  For short periods the limit cycle
may take several periods to repeat (the battery is not inverted after every
one of them); its power is then the mean over that orbit.

Why the whole state: the flip turns the coherences between ``|e>|a>`` and
``|g>|a'>`` (equal excitation numbers, the charge-0 sector of
:mod:`qbcore.liouvillian`) into coherences between excitation numbers two
apart, which evolve in their own sector and come back at the next flip.  The
whole Liouvillian (:func:`qbcore.liouvillian`, ``4**N`` unknowns) carries all
of them, so ``N <= 7``; each period is one product with the dense propagator
``exp(L tau)`` (``N <= 5``) or truncated Taylor steps
(:func:`qbcore.taylor.taylor_values`, backward error below the unit roundoff).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp

from . import _validate as check
from .taylor import taylor_values
from .liouvillian import liouvillian
from .network import excited
from .parameters import make_parameters

#: Largest network (the whole state: ``4**N`` unknowns, 16384 at ``N = 7``).
N_MAX_CYCLE = 7
#: Up to this many unknowns (``N <= 5``) one dense propagator ``exp(L tau)`` serves every cycle.
DENSE_PROPAGATOR_MAX = 1024
#: Cycles until the limit cycle (work and population settled to ``1e-12``) at most.
MAX_CYCLES = 500


@dataclass(frozen=True)
class CycleResult:
    """The charge-extract cycle with period ``period``.

    Attributes
    ----------
    period : float
        The charging time per cycle.
    work : numpy.ndarray
        Work extracted at the end of each cycle, ``2 omega_B W``.
    p_e : numpy.ndarray
        The battery's population before each extraction.
    power : float
        The limit cycle's mean power: the work of its last ``orbit`` periods
        over their duration.
    orbit : int
        How many periods the limit cycle takes to repeat itself (1, or more
        where short periods leave the battery below inversion after some of
        them, so that nothing is extracted there).
    """

    period: float
    work: np.ndarray
    p_e: np.ndarray
    power: float
    orbit: int = 1


#: Longest orbit (in periods) of the limit cycle looked for.
MAX_ORBIT = 20


def _orbit(work: list, populations: list) -> int:
    """The shortest ``k`` for which the last ``k`` cycles repeat the ``k`` before (0: none)."""
    for k in range(1, MAX_ORBIT + 1):
        if len(work) < 2 * k + 1:
            return 0
        if all(abs(work[-i] - work[-i - k]) <= 1e-12 * max(work[-i], 1.0)
               and abs(populations[-i] - populations[-i - k]) <= 1e-12 for i in range(1, k + 1)):
            return k
    return 0


def _battery_rows(N: int) -> np.ndarray:
    """Rows on ``vec(rho)`` (column stacking): ``<e|rho_B|e>``, the trace, ``<e|rho_B|g>``."""
    d = 2**N
    s = np.arange(d)
    e = excited(N)[:, 0]
    F = np.zeros((3, d * d), dtype=complex)
    F[0, s[e] * (d + 1)] = 1.0
    F[1, s * (d + 1)] = 1.0
    g_partner = s[e] | (1 << (N - 1))  # the same ancillas, the battery in |g>
    F[2, s[e] + d * g_partner] = 1.0  # rho[a, b] sits at a + d b
    return F


def _extraction(N: int, rho_B: np.ndarray) -> sp.csr_matrix:
    """``vec(rho) -> vec(U rho U^+)`` with ``U = U_B (x) 1`` making ``rho_B`` passive.

    ``U_B`` takes the eigenvector of ``rho_B`` with the larger eigenvalue to ``|g>``.
    """
    _, vecs = np.linalg.eigh(rho_B)  # ascending: vecs[:, 1] the more populated
    U_B = np.outer([0.0, 1.0], vecs[:, 1].conj()) + np.outer([1.0, 0.0], vecs[:, 0].conj())
    U = sp.kron(sp.csr_matrix(U_B), sp.identity(2 ** (N - 1)), format="csr")
    return sp.kron(U.conj(), U, format="csr")


def extraction_cycle(scenario: str, period: float, **params: Any) -> CycleResult:
    """Charge for ``period``, extract the ergotropy, repeat until the cycle repeats itself.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    period : float
        ``> 0``, the charging time of each cycle.
    **params
        As for :func:`qbcore.charging` (``N <= 7``); the first cycle starts
        from ``initial``.

    Raises
    ------
    ValueError
        For ``N > 7``, bad parameters, or if the cycle has not settled after
        :data:`MAX_CYCLES` cycles.
    """
    period = check.real("period", period, minimum=0.0, strict=True)
    p = make_parameters(scenario, **params)
    if p.N > N_MAX_CYCLE:
        raise ValueError(f"N must be <= {N_MAX_CYCLE} for extraction_cycle (the whole state "
                         f"evolves: 4**N unknowns); got N = {p.N}")
    if not isinstance(p.initial, str):
        raise ValueError("extraction_cycle needs initial='ground' or 'mixed': from a start with "
                         "battery coherences the extractions need not settle into a cycle")
    N, d = p.N, 2**p.N
    L = liouvillian(p).data_as("csr_matrix")
    rho0 = np.zeros((d, d), dtype=complex)
    if p.initial == "ground":
        rho0[d - 1, d - 1] = 1.0  # every bit set: every qubit in |g>
    else:
        rho0[np.diag_indices(d)] = 1.0 / d
    x = rho0.ravel(order="F")
    F = _battery_rows(N)
    omega_B = p.frequencies[0]
    if L.shape[0] <= DENSE_PROPAGATOR_MAX:  # one exact propagator for every cycle
        propagator = sla.expm(period * L.toarray())

        def advance(x):
            x = propagator @ x
            return F @ x, x
    else:
        def advance(x):
            values, x, _ = taylor_values(L, x, np.array([period]), F)
            return values[:, 0], x
    work, populations = [], []
    for _ in range(MAX_CYCLES):
        values, x = advance(x)
        values = values[:, None]
        trace = values[1, 0].real
        p_e, c = values[0, 0].real / trace, values[2, 0] / trace
        rho_B = np.array([[p_e, c], [np.conj(c), 1 - p_e]])
        r_z = 2 * p_e - 1
        W = (r_z + np.sqrt(r_z**2 + 4 * abs(c) ** 2)) / 2 if c != 0 else max(0.0, r_z)
        populations.append(p_e)
        work.append(2 * omega_B * W)
        if W > 0:  # else rho_B is passive already
            x = _extraction(N, rho_B) @ x
        orbit = _orbit(work, populations)
        if orbit:
            return CycleResult(period, np.array(work), np.array(populations),
                               float(np.sum(work[-orbit:])) / (orbit * period), orbit)
    raise ValueError(f"the cycle has not settled after {MAX_CYCLES} cycles "
                     f"(work {work[-2]:.6g}, then {work[-1]:.6g})")
