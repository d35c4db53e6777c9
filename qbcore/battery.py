r"""The battery: its reduced state, its normalised ergotropy :math:`\mathcal{W}`, sweeps.

The battery is qubit 0 with :math:`H_B = \omega_0 \sigma_z`.  Because the
steady state conserves the excitation number (see :mod:`qbcore.liouvillian`),
the battery's reduced state is diagonal whenever the steady state lies in the
``q = 0`` sector (always, except for a collective start with coherences between
excitation numbers); its ergotropy is then pure population inversion,
:math:`\mathcal{W} = \max(0, 2 p_e - 1)`, and :math:`\omega_0` drops out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import qutip

from .ergotropy import ergotropy
from .network import excited
from .parameters import Parameters, make_parameters
from .steady import Solution, battery_matrix, diagonal_blocks, full_matrix, sector, solve

_SIGMA_Z = np.diag([1.0, -1.0])


def _battery_solution(params: Parameters) -> tuple[np.ndarray, Solution]:
    """The battery's checked reduced state (2x2, basis ``|e>, |g>``) and the solution."""
    solution = solve(params)
    if solution.method == "dicke":
        return battery_matrix(solution), solution
    if set(solution.vectors) != {0}:  # coherences between excitation numbers
        rho = full_matrix(solution)
        return qutip.Qobj(rho, dims=[[2] * params.N] * 2).ptrace(0).full(), solution
    diagonal_blocks(solution)  # checks that the state is physical
    p_e = float(solution.vectors[0][_battery_excited_positions(params.N, params.topology,
                                                                params.local)].real.sum())
    return np.diag([p_e, 1.0 - p_e]).astype(complex), solution


def _battery_matrix(params: Parameters) -> np.ndarray:
    return _battery_solution(params)[0]


@lru_cache(maxsize=64)
def _battery_excited_positions(N: int, topology: str, local: bool) -> np.ndarray:
    """Positions of ``<s|rho|s>`` with the battery excited in the ``q = 0`` sector vector."""
    sec = sector(N, topology, local, 0)
    states = np.concatenate([sec.states[n] for n, _ in sec.blocks])
    return sec.diagonal_positions()[excited(N)[states, 0]]


def battery_state(scenario: str, **params: Any) -> qutip.Qobj:
    """The battery's reduced steady state ``Tr_ancillas rho`` (a 2x2 ``Qobj``).

    Takes the same keyword arguments as :func:`qbcore.steady_state`.
    """
    return qutip.Qobj(_battery_matrix(make_parameters(scenario, **params)))


def battery_population(scenario: str, **params: Any) -> float:
    """Excited-state population ``p_e = <e|rho_B|e>`` of the battery."""
    return float(_battery_matrix(make_parameters(scenario, **params))[0, 0].real)


def _normalised_ergotropy(rho_B: np.ndarray) -> float:
    return min(1.0, ergotropy(rho_B, _SIGMA_Z) / 2.0)


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
    return _normalised_ergotropy(_battery_matrix(make_parameters(scenario, **params)))


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
    """

    W: float
    p_e: float
    rho_B: np.ndarray
    method: str
    unknowns: int
    kernel: int
    gap: float


def battery_result(scenario: str, **params: Any) -> BatteryResult:
    """:func:`battery_ergotropy` with the battery's state and the solver's metadata."""
    rho_B, sol = _battery_solution(make_parameters(scenario, **params))
    return BatteryResult(_normalised_ergotropy(rho_B), float(rho_B[0, 0].real), rho_B,
                         sol.method, sol.unknowns, sol.kernel, sol.gap)


# ----------------------------------------------------------------- sweeps ---

def _progress(iterable, total: int, progress: bool, desc: str):
    if not progress:
        return iterable
    from tqdm.auto import tqdm
    return tqdm(iterable, total=total, desc=desc)


def _values(name: str, values: Any) -> np.ndarray:
    if not isinstance(name, str):
        raise TypeError(f"the swept parameter's name must be a string, got {type(name).__name__}")
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"values of {name!r} must be a non-empty 1-D sequence, got shape {arr.shape}")
    return arr


def sweep(scenario: str, name: str, values: Sequence[Any], *, progress: bool = False,
          **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}` along one parameter: ``W[i] = battery_ergotropy(..., name=values[i])``.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    name : str
        The swept keyword (``"mu"``, ``"dmu"``, ``"T"``, ``"J"``, ``"N"``, ...).
    values : sequence
        Its values.
    progress : bool
        Show a progress bar (tqdm).
    **params
        The fixed keywords.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(values),)``.
    """
    vals = _values(name, values)
    if name in params:
        raise ValueError(f"{name!r} is swept; do not also fix it")
    # validate the fixed parameters once, with the first swept value
    make_parameters(scenario, **{**params, name: vals[0].item()})
    return np.array([battery_ergotropy(scenario, **{**params, name: v.item()})
                     for v in _progress(vals, len(vals), progress, f"W({name})")])


def sweep2d(scenario: str, x: tuple[str, Sequence[Any]], y: tuple[str, Sequence[Any]], *,
            progress: bool = False, **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}` over a grid: ``W[j, i]`` at ``x = x_values[i]``, ``y = y_values[j]``.

    ``x`` and ``y`` are ``(name, values)`` pairs; the result has shape
    ``(len(y_values), len(x_values))``, ready for ``pcolormesh(x, y, W)``.
    """
    (xn, xv), (yn, yv) = x, y
    xv, yv = _values(xn, xv), _values(yn, yv)
    if xn == yn:
        raise ValueError(f"x and y must be different parameters, both are {xn!r}")
    for n in (xn, yn):
        if n in params:
            raise ValueError(f"{n!r} is swept; do not also fix it")
    make_parameters(scenario, **{**params, xn: xv[0].item(), yn: yv[0].item()})
    grid = [(j, i) for j in range(len(yv)) for i in range(len(xv))]
    out = np.empty((len(yv), len(xv)))
    for j, i in _progress(grid, len(grid), progress, f"W({xn}, {yn})"):
        out[j, i] = battery_ergotropy(scenario, **{**params, xn: xv[i].item(), yn: yv[j].item()})
    return out
