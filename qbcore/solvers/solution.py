"""The solution record every solver returns, its physicality checks and its assembly.

A :class:`Solution` holds what a solver found (sector vectors, or Dicke-basis
vectors with the battery's moments), how (method, unknowns, kernel dimension,
gap), and for which :class:`~qbcore.parameters.Parameters`.  The functions
below turn it into checked density matrices: nothing non-physical leaves
qbcore silently (Hermitian, trace 1, no eigenvalue below ``-1e-10``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..liouvillian import Sector, sector
from ..parameters import Parameters

#: Most negative eigenvalue tolerated in a returned density matrix.
POSITIVITY_TOL = 1e-10
#: Largest anti-Hermitian part and trace error tolerated before normalising.
HERMITICITY_TOL = 1e-8
TRACE_TOL = 1e-8


class UnphysicalStateError(RuntimeError):
    """A solver produced a matrix that is not a density matrix."""


class NonPositiveStateWarning(RuntimeWarning):
    """The Bloch-Redfield steady state has a negative eigenvalue (Born-Markov fails there)."""


@dataclass(frozen=True)
class BatteryMoments:
    """What the Dicke-basis solver reports of the whole state, to check the battery's.

    Attributes
    ----------
    p_e : float
        The battery's excited population (before normalisation).
    trace : float
        The state's trace.
    lowest_eigenvalue : float
        Lowest eigenvalue over the state's blocks.
    hermiticity_error : float
        Largest ``|X - X^+|`` over the blocks.
    """

    p_e: float
    trace: float
    lowest_eigenvalue: float
    hermiticity_error: float = 0.0


@dataclass(frozen=True)
class Solution:
    """A steady state and how it was found.

    Attributes
    ----------
    params : Parameters
    method : str
        The solver used: ``"dicke"``, ``"symmetric"`` or ``"blocks"``.
    sectors : dict of int to numpy.ndarray
        Charge ``q`` to the sector vector (methods "symmetric" and "blocks");
        only ``q = 0`` unless a collective start has coherences between
        excitation numbers.
    dicke : numpy.ndarray or None
        Method "dicke" with a unique steady state: ``x = (P_e, P_g, Y)`` (one
        reservoir per qubit, :mod:`qbcore.dicke.local`; ``Y_r`` added for a
        detuned battery) or ``(P_e, P_g, C_r, C_i)`` (``gamma_local > 0``,
        :mod:`qbcore.dicke.combined`).
    dicke_blocks : dict of float to numpy.ndarray
        Method "dicke", collective reservoir: ancilla spin ``j`` to the
        block's vector (:mod:`qbcore.dicke.collective`).
    battery : BatteryMoments or None
        Method "dicke": the moments checked by :func:`battery_matrix`.
    gap : float
        Slowest decay rate over the fastest, where the kernel was degenerate.
    unknowns : int
        Size of the linear problem solved.
    kernel : int
        Dimension of ``ker L`` within the sector(s) solved (1: unique).
    lindblad : bool
        Is the generator of Lindblad form?  Then the state must be positive
        (an :class:`UnphysicalStateError` otherwise).  ``False`` for the
        Bloch-Redfield equation, whose state may have small negative
        eigenvalues where its Born-Markov derivation fails; they are reported
        (a :class:`NonPositiveStateWarning` and
        :attr:`qbcore.BatteryResult.lowest_eigenvalue`), never hidden.
    """

    params: Parameters
    method: str
    sectors: dict = field(default_factory=dict)
    dicke: np.ndarray | None = None
    dicke_blocks: dict = field(default_factory=dict)
    battery: BatteryMoments | None = field(default=None, compare=False)
    gap: float = 1.0
    unknowns: int = 0
    kernel: int = 1
    lindblad: bool = True

    def hint(self) -> str:
        """Why a result may be inaccurate (empty when nothing is suspect).

        Names only the causes that hold for these parameters: a reservoir
        nearly full or empty (low ``T`` against ``|mu - omega|``), or weak
        hopping (``|J| < gamma / 10``).
        """
        if self.gap >= 1e-7:
            return ""
        p = self.params
        causes = []
        x = min(abs(mu - p.omega) / T if T > 0 else np.inf for mu, T in zip(p.mus, p.Ts))
        if x > 10:
            causes.append(f"a reservoir is nearly full or empty (|mu - omega|/T = "
                          f"{x:.3g}, so some rates are ~exp(-{min(x, 999):.3g}))")
        if abs(p.J) < 0.1 * p.gamma:
            causes.append(f"the hopping is weak (J/gamma = {p.J / p.gamma:.2g})")
        why = "; here " + " and ".join(causes) if causes else ""
        return (f" (ker L is nearly degenerate here: the slowest decaying mode relaxes at "
                f"{self.gap:.1e} of the fastest rate, so the long-time limit is determined "
                f"only to about 1e-16 / that ratio in double precision{why})")


# ------------------------------------------------------------- checks ---

def check_physical(blocks: list[np.ndarray], what: str = "steady state",
                   hint: str = "", positive: bool = True) -> list[np.ndarray]:
    """Hermitise and normalise the diagonal blocks of a state after checking them.

    Raises :class:`UnphysicalStateError` when a block is not Hermitian (beyond
    round-off), the trace is not 1, or (with ``positive``) an eigenvalue lies
    below ``-1e-10``.
    """
    out = []
    trace = 0.0
    for B in blocks:
        if np.abs(B - B.conj().T).max(initial=0.0) > HERMITICITY_TOL:
            raise UnphysicalStateError(f"{what} is not Hermitian{hint}")
        H = 0.5 * (B + B.conj().T)
        low = np.linalg.eigvalsh(H)[0] if H.shape[0] > 1 else H[0, 0].real
        if positive and low < -POSITIVITY_TOL:
            raise UnphysicalStateError(
                f"{what} has an eigenvalue {low:.3g} below -{POSITIVITY_TOL:g}{hint}")
        trace += np.trace(H).real
        out.append(H)
    if abs(trace - 1.0) > TRACE_TOL:
        raise UnphysicalStateError(f"{what} has trace {trace!r}, not 1{hint}")
    return [B / trace for B in out]  # the trace is conserved: remove round-off


def check_moments(m: BatteryMoments, what: str = "steady state", hint: str = "") -> float:
    """The battery's normalised ``p_e`` after checking the state's moments.

    The same three checks as :func:`check_physical`, on what the Dicke-basis
    solver reports of the blocks it never assembles.
    """
    if m.hermiticity_error > HERMITICITY_TOL:
        raise UnphysicalStateError(f"{what} is not Hermitian{hint}")
    if m.lowest_eigenvalue < -POSITIVITY_TOL:
        raise UnphysicalStateError(f"{what} has an eigenvalue {m.lowest_eigenvalue:.3g} "
                                   f"below -{POSITIVITY_TOL:g}{hint}")
    if abs(m.trace - 1.0) > TRACE_TOL:
        raise UnphysicalStateError(f"{what} has trace {m.trace!r}, not 1{hint}")
    return m.p_e / m.trace


# ----------------------------------------------------------- assembly ---

def solution_sector(solution: Solution, q: int = 0) -> Sector:
    """The charge-``q`` sector the solution's vectors live in."""
    p = solution.params
    return sector(p.N, p.topology, p.scenario, q)


def sector_blocks(sec: Sector, x: np.ndarray) -> list[np.ndarray]:
    """The blocks ``rho_{n, n+q}`` of a sector vector, as matrices."""
    return [x[a:b].reshape(len(sec.states[n]), len(sec.states[m]))
            for (n, m), a, b in zip(sec.blocks, sec.offsets[:-1], sec.offsets[1:])]


def sector_vector(sec: Sector, rho: np.ndarray) -> np.ndarray:
    """The charge-``q`` part of a full density matrix as a sector vector."""
    return np.concatenate([rho[np.ix_(sec.states[n], sec.states[m])].ravel()
                           for n, m in sec.blocks])


def diagonal_blocks(solution: Solution) -> list[np.ndarray]:
    """The checked excitation blocks ``rho_n`` of a block-diagonal steady state."""
    blocks = sector_blocks(solution_sector(solution), solution.sectors[0])
    return check_physical(blocks, hint=solution.hint(), positive=solution.lindblad)


def lowest_eigenvalue(solution: Solution) -> float:
    """The lowest eigenvalue of the (normalised) steady state.

    Method "dicke": from the moments it reports; otherwise from the state's
    diagonal blocks (or the whole matrix where sectors ``q != 0`` are present).
    """
    if solution.battery is not None:
        return solution.battery.lowest_eigenvalue / solution.battery.trace
    if set(solution.sectors) == {0}:
        return float(min(np.linalg.eigvalsh(B)[0] for B in diagonal_blocks(solution)))
    return float(np.linalg.eigvalsh(full_matrix(solution))[0])


def battery_matrix(solution: Solution) -> np.ndarray:
    """The checked 2x2 battery state of a method-"dicke" solution (basis ``|e>, |g>``)."""
    p_e = check_moments(solution.battery, hint=solution.hint())
    return np.diag([p_e, 1.0 - p_e]).astype(complex)


def full_matrix(solution: Solution) -> np.ndarray:
    """The checked steady state as a dense ``2**N x 2**N`` array."""
    p = solution.params
    dim = 2**p.N
    rho = np.zeros((dim, dim), dtype=complex)
    if set(solution.sectors) == {0}:
        sec = solution_sector(solution)
        for (n, _), B in zip(sec.blocks, diagonal_blocks(solution)):
            rho[np.ix_(sec.states[n], sec.states[n])] = B
        return rho
    for q, x in solution.sectors.items():
        sec = solution_sector(solution, q)
        for (n, m), B in zip(sec.blocks, sector_blocks(sec, x)):
            rho[np.ix_(sec.states[n], sec.states[m])] = B
    return check_physical([rho], hint=solution.hint(), positive=solution.lindblad)[0]
