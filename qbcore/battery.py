r"""The battery: its reduced state and its normalised ergotropy :math:`\mathcal{W}`.

The battery is qubit 0 with :math:`H_B = \omega_0 \sigma_z`.  Because the
steady state conserves the excitation number (see :mod:`qbcore.liouvillian`),
the battery's reduced state is diagonal whenever the steady state lies in the
``q = 0`` sector (always, except for a collective start with coherences between
excitation numbers); its ergotropy is then pure population inversion,
:math:`\mathcal{W} = \max(0, 2 p_e - 1)`, and :math:`\omega_0` drops out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import qutip

from . import _validate as check
from .batch import BatteryStates, battery_states
from .parameters import Parameters, make_parameters


def _one_point(params: Parameters) -> BatteryStates:
    """The battery at one point: a batch of one (the same code as a sweep); raises its failure."""
    states = battery_states([params])
    if states.errors:
        raise states.errors[0]
    return states


def battery_state(scenario: str, **params: Any) -> qutip.Qobj:
    """The battery's reduced steady state ``Tr_ancillas rho`` (a 2x2 ``Qobj``).

    Takes the same keyword arguments as :func:`qbcore.steady_state`.
    """
    return qutip.Qobj(_one_point(make_parameters(scenario, **params)).rho_B(0))


def battery_population(scenario: str, **params: Any) -> float:
    """Excited-state population ``p_e = <e|rho_B|e>`` of the battery."""
    return float(_one_point(make_parameters(scenario, **params)).p_e[0])


def battery_ergotropy(scenario: str, **params: Any) -> float:
    r"""Normalised steady-state ergotropy :math:`\mathcal{W}` of the battery.

    :math:`\mathcal{W} = \mathcal{E}(\rho_B, \omega_0\sigma_z) / (2\omega_0)`
    (Eq. (3) divided by the largest ergotropy of a qubit), in ``[0, 1]``.  It
    is evaluated as :math:`\mathcal{E}(\rho_B, \sigma_z)/2`, which is the same
    for every ``omega0 > 0`` and its limit at ``omega0 = 0``.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    **params
        As for :func:`qbcore.steady_state`; ``N`` up to 1001 where the
        Dicke-basis method applies (star network, identical ancillas).

    Returns
    -------
    float
        :math:`\mathcal{W} \in [0, 1]`.  :func:`battery_result` returns it
        together with the method used.
    """
    return float(_one_point(make_parameters(scenario, **params)).W()[0])


@dataclass(frozen=True)
class BatteryResult:
    """The battery's steady state and how it was computed.

    Attributes
    ----------
    W : float
        Normalised ergotropy, as :func:`battery_ergotropy`.
    p_e : float
        Excited-state population of the battery.
    rho_B : numpy.ndarray
        The battery's 2x2 state (basis ``|e>, |g>``).
    method : str
        The solver that ran: ``"dicke"``, ``"symmetric"`` or ``"blocks"``.
    unknowns : int
        Size of the linear problem it solved.
    kernel : int
        Dimension of ``ker L`` within the sector(s) solved: 1 where the
        steady state is unique; more in the collective scenario, where the
        result is the long-time limit from ``initial``.
    gap : float
        Slowest decay rate over the fastest (collective scenario); below
        about 1e-7 the limit is ill-determined in double precision.
    lowest_eigenvalue : float
        Lowest eigenvalue of the whole steady state.  It is checked to lie
        above ``-1e-10`` for every Lindblad master equation; the Bloch-Redfield
        equation (``master_equation="redfield"``) can give a state with small
        negative eigenvalues where its Born-Markov derivation fails, reported
        here (and by a :class:`qbcore.NonPositiveStateWarning`).  Method
        "dicke" reports the lowest over its level blocks, each summed over
        its ``d_j`` identical copies (the same sign, not the same size).
    """

    W: float
    p_e: float
    rho_B: np.ndarray
    method: str
    unknowns: int
    kernel: int
    gap: float
    lowest_eigenvalue: float


def battery_result(scenario: str, **params: Any) -> BatteryResult:
    """:func:`battery_ergotropy` with the battery's state and the solver's metadata."""
    states = _one_point(make_parameters(scenario, **params))
    return BatteryResult(float(states.W()[0]), float(states.p_e[0]), states.rho_B(0),
                         states.method[0], int(states.unknowns[0]), int(states.kernel[0]),
                         float(states.gap[0]), float(states.lowest[0]))


def bias_threshold(level: float = 0.0, *, upper: float = 40.0, **params: Any) -> float:
    r"""The bias ``dmu`` beyond which the non-equilibrium battery holds :math:`\mathcal{W} > ` ``level``.

    ``level = 0``: where ``p_e`` crosses ``1/2`` (the onset of charging).  The
    root is bracketed by ``omega - mu`` (ancilla reservoirs half full, below
    which no bias charges a battery whose own reservoir is less than half
    full) and ``upper``; it is found by Brent's method to ``1e-12``.  ``W``
    grows with ``dmu`` in this range (checked by the book's claims), so the
    crossing is unique.

    Parameters
    ----------
    level : float
        ``0 <= level < 1``.
    upper : float
        Upper end of the bracket; ``W`` at ``dmu = upper`` must exceed ``level``.
    **params
        The other keywords of :func:`battery_ergotropy` (``mu``, ``T``, ``N``,
        ...), without ``dmu``.
    """
    from scipy.optimize import brentq

    level = check.real("level", level, minimum=0.0)
    if level >= 1.0:
        raise ValueError(f"level must be < 1, got {level!r}")
    if "dmu" in params:
        raise ValueError("'dmu' is what bias_threshold finds; do not also fix it")
    p = make_parameters("nonequilibrium", **params, dmu=0.0)
    lower = p.omega - p.mus[0]
    upper = check.real("upper", upper)
    if not upper > lower:
        raise ValueError(f"upper must exceed omega - mu = {lower:g}, got {upper!r}")
    if level == 0.0:
        def f(d):
            return battery_population("nonequilibrium", **params, dmu=d) - 0.5
    else:
        def f(d):
            return battery_ergotropy("nonequilibrium", **params, dmu=d) - level
    if f(upper) <= 0:
        raise ValueError(f"W does not exceed {level:g} even at dmu = upper = {upper:g}")
    return float(brentq(f, lower, upper, xtol=1e-12))


def star_chain_crossing(*, J_range: tuple[float, float] = (1.0, 5.0), **params: Any) -> float:
    r"""The hopping ``J`` at which the star and the chain charge the battery equally.

    :math:`\mathcal{W}_\mathrm{star}(J) = \mathcal{W}_\mathrm{chain}(J)` in the
    non-equilibrium scenario, found by Brent's method to ``1e-10`` inside
    ``J_range`` (in units of ``gamma``: the bracket is ``J_range * gamma``);
    the difference must change sign there.

    Parameters
    ----------
    J_range : (float, float)
        The bracket, ``0 <= lo < hi``, in units of ``gamma``.
    **params
        The other keywords of :func:`battery_ergotropy`, without ``J`` and
        ``topology`` (``N >= 3``: the two networks coincide at ``N = 2``).
    """
    from scipy.optimize import brentq

    for name in ("J", "topology"):
        if name in params:
            raise ValueError(f"{name!r} is what star_chain_crossing varies; do not fix it")
    p = make_parameters("nonequilibrium", **params)
    if p.N < 3:
        raise ValueError(f"N must be >= 3 (star and chain coincide at N = 2), got {p.N}")
    if len(J_range) != 2:
        raise ValueError(f"J_range must be (lo, hi), got {J_range!r}")
    lo, hi = (check.real("J_range", v, minimum=0.0) * p.gamma for v in J_range)
    if not hi > lo:
        raise ValueError(f"J_range must have lo < hi, got {J_range!r}")

    def gap(J):
        return (battery_ergotropy("nonequilibrium", topology="star", J=J, **params)
                - battery_ergotropy("nonequilibrium", topology="chain", J=J, **params))

    a, b = gap(lo), gap(hi)
    if not a * b < 0:  # no sign change (a zero gap: both uncharged, or an exact tie at the end)
        raise ValueError(f"star and chain do not cross for J in [{lo:g}, {hi:g}] "
                         f"(star - chain = {a:.3g} and {b:.3g})")
    return float(brentq(gap, lo, hi, xtol=1e-10))
