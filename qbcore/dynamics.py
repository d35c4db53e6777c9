r"""Charging dynamics: the battery at given times, from ``initial``, under the steady state's ``L``.

:func:`charging` returns :math:`\mathcal{W}(t)`; :func:`charging_result` the
battery's population, energy and ergotropy with how they were computed; the
analysis helpers :func:`charging_time` (when :math:`\mathcal{W}` first reaches
a fraction of its steady value) and :func:`max_power` (the largest mean power
``max_t (E(t) - E(0)) / t``) build on it.

The state obeys ``d rho/dt = L rho`` with the generator whose kernel
:mod:`qbcore.steady` computes (Eqs. 4-8, the same keywords), so ``W(t) -> W``
of :func:`qbcore.battery_ergotropy` as ``t -> infinity`` (for the perfectly
collective reservoir: the long-time limit from the same ``initial``).

How (:mod:`qbcore.evolution` builds the generators, :mod:`qbcore.expm`
evolves them):

``"dicke"`` (``method="auto"`` for a star with identical ancillas and a named ``initial``)
    The ancillas in their total-spin basis, ``N`` up to 1001 (752 502
    unknowns); the collective reservoir block by ancilla spin ``j``.
``"symmetric"`` (``N <= 10``)
    The orbit-reduced ``q = 0`` sector (:mod:`qbcore.solvers.symmetric`),
    dense, exponentiated exactly (``scipy.linalg.expm``): a check of the
    others by an unrelated algorithm.
``"blocks"`` (any parameters, ``N <= 10``)
    The excitation-number sectors; an initial density matrix may hold the
    battery's coherences, and ``W`` is then the ergotropy of the whole 2x2
    ``rho_B``.

Accuracy: the trace-norm error of ``rho(t)`` is estimated below ``tol``
(default ``1e-9``) at every time, so ``p_e`` is accurate to ``tol`` and ``W``
to ``2 tol``; :attr:`ChargingResult.error` holds the estimates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import scipy.linalg as sla

from . import _validate as check
from .evolution import dicke_problems, sector_problems
from .expm import MAX_DIM, TOL, evolve
from .parameters import N_MAX, Parameters, make_parameters
from .solvers import symmetric

METHODS = ("auto", "dicke", "symmetric", "blocks")


@dataclass(frozen=True)
class ChargingResult:
    """The battery along a charging run (every array has the shape of ``times``).

    Attributes
    ----------
    times : numpy.ndarray
        As given.
    W : numpy.ndarray
        Normalised ergotropy ``E(rho_B, omega_B sigma_z) / (2 omega_B)``;
        ``max(0, 2 p_e - 1)`` where ``rho_B`` is diagonal (every named start).
    p_e : numpy.ndarray
        The battery's excited population.
    energy : numpy.ndarray
        The battery's energy above its ground state, ``omega_B (<sigma_z> + 1)
        = 2 omega_B p_e`` (``omega_B``: the battery's frequency).
    ergotropy : numpy.ndarray
        ``2 omega_B W``: the work a cyclic unitary on the battery extracts.
    trace : numpy.ndarray
        ``tr rho(t)`` (1 up to ``error``; ``p_e`` is normalised by it).
    error : numpy.ndarray
        Estimated trace-norm error of ``rho(t)``.
    method : str
        ``"dicke"``, ``"symmetric"`` or ``"blocks"``.
    unknowns : int
        Size of the largest generator evolved.
    dimension : int
        Largest Krylov dimension used (0: Taylor steps or dense only).
    """

    times: np.ndarray
    W: np.ndarray
    p_e: np.ndarray
    energy: np.ndarray
    ergotropy: np.ndarray
    trace: np.ndarray
    error: np.ndarray
    method: str
    unknowns: int
    dimension: int


def charging_method(p: Parameters, method: str) -> str:
    """The method ``charging`` uses (``method="auto"`` resolved); raises where it does not apply."""
    if p.master_equation != "local":
        raise ValueError("charging supports master_equation='local' only, got "
                         f"{p.master_equation!r}")
    named = isinstance(p.initial, str)
    reduced = symmetric.applicable(p) and named
    if method in ("dicke", "symmetric") and not reduced:
        raise ValueError(f"method={method!r} needs the star topology, identical ancillas "
                         "(reservoirs and frequencies) and initial='ground' or 'mixed'")
    if method == "auto":
        method = "dicke" if reduced else "blocks"
    if method != "dicke" and p.N > N_MAX:
        raise ValueError(f"N must be <= {N_MAX} with method {method!r} (only method 'dicke': star "
                         "network, identical ancillas, initial 'ground' or 'mixed', goes "
                         f"further); got N = {p.N}")
    return method


def _orbit_run(p: Parameters, t: np.ndarray):
    """``(p_e, trace, coherence, error, unknowns, 0)`` from the dense orbit generator."""
    osec = symmetric.orbit_sector(p.N, p.scenario)
    L = symmetric.orbit_matrix(p, osec)
    y0 = symmetric.invariant_initial(osec, p.initial, p.N)
    values = np.array([[osec.battery_excited @ y, osec.trace @ y]
                       for y in (sla.expm(s * L) @ y0 for s in t)]).T
    error = np.finfo(float).eps * (np.abs(L).sum(axis=0).max() * t + 1.0)
    return values[0].real, values[1].real, np.zeros(len(t)), error, osec.dim, 0


def _krylov_run(p: Parameters, method: str, t: np.ndarray, tol: float, shift: float | None,
                switch: float | None, max_dim: int, progress: bool):
    """``(p_e, trace, coherence, error, unknowns, dimension)`` summed over the problems."""
    from .sweeps import progress_bar

    problems = dicke_problems(p) if method == "dicke" else sector_problems(p)
    p_e, trace, coherence = (np.zeros(len(t), dtype=complex) for _ in range(3))
    error = np.zeros(len(t))
    unknowns = dimension = 0
    bar = None
    if progress and len(problems) == 1:  # one large problem: count its Krylov vectors
        from tqdm.auto import tqdm
        bar = tqdm(desc="charging: Krylov vectors", unit="vector")
    for prob in progress_bar(problems, len(problems), progress and len(problems) > 1,
                             "charging: blocks"):
        taylor = prob.switch if switch is None else switch
        ev = evolve(prob.matrix, prob.x0, t, prob.readout, factorise=prob.factorise,
                    conserved=prob.conserved, norm=prob.norm, tol=tol, switch=taylor,
                    warmup=prob.warmup(taylor), shift=shift, max_dim=max_dim,
                    progress=bar.update if bar is not None else None)
        if prob.charge == 0:
            p_e, trace = p_e + ev.values[0], trace + ev.values[1]
            error = error + ev.error
        else:  # the battery's coherence: it enters W twice (|r| = |2 c| + ...)
            coherence = coherence + ev.values[0]
            error = error + 2 * ev.error
        unknowns, dimension = max(unknowns, prob.matrix.shape[0]), max(dimension, ev.dimension)
    if bar is not None:
        bar.close()
    return p_e.real, trace.real, coherence, error, unknowns, dimension


def charging_result(scenario: str, times: Any, *, tol: float = TOL, shift: float | None = None,
                    switch: float | None = None, max_dim: int = MAX_DIM,
                    progress: bool = False, **params: Any) -> ChargingResult:
    """The battery at ``times`` while it charges from ``initial`` (see :mod:`qbcore.dynamics`).

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    times : array_like
        Finite, non-negative times, any order and shape (a scalar too).
    tol : float
        Bound on the estimated trace-norm error of ``rho(t)``, in ``(0, 1e-3]``.
    shift : float, optional
        ``h`` of the shift-and-invert Krylov method (default: chosen from the times).
    switch : float, optional
        Times up to ``switch`` are reached by Taylor steps (default ``5 / gamma``
        with one reservoir per qubit, 0 with a collective one).
    max_dim : int
        Largest Krylov dimension.
    progress : bool
        A progress bar (tqdm): over the collective blocks, or the Krylov
        vectors of one large problem.
    **params
        The keywords of :func:`qbcore.battery_ergotropy`, ``method`` one of
        ``"auto"``, ``"dicke"``, ``"symmetric"``, ``"blocks"``
        (``master_equation="local"`` only).

    Raises
    ------
    ValueError, TypeError
        For bad ``times`` or parameters, before any numerics.
    qbcore.expm.ConvergenceError
        Where the Krylov iteration cannot reach ``tol`` with ``max_dim`` vectors.
    """
    t = check.times(times)
    tol = check.real("tol", tol, minimum=0.0, strict=True)
    if tol > 1e-3:
        raise ValueError(f"tol must be <= 1e-3, got {tol!r}")
    if shift is not None:
        shift = check.real("shift", shift, minimum=0.0, strict=True)
    if switch is not None:
        switch = check.real("switch", switch, minimum=0.0)
    max_dim = check.integer("max_dim", max_dim, minimum=2)
    method = params.pop("method", "auto")
    p = make_parameters(scenario, **params)
    method = charging_method(p, check.choice("method", method, METHODS))
    flat = t.ravel()
    if method == "symmetric":
        run = _orbit_run(p, flat)
    else:
        run = _krylov_run(p, method, flat, tol, shift, switch, max_dim, progress)
    p_e, trace, coherence, error, unknowns, dimension = run
    p_e = p_e / trace
    r_z = 2 * p_e - 1
    c = np.abs(coherence / trace)
    W = np.where(c == 0, np.maximum(0.0, r_z),
                 np.clip((r_z + np.sqrt(r_z**2 + 4 * c**2)) / 2, 0.0, 1.0))  # (r_z + |r|) / 2
    omega_B = p.frequencies[0]
    shape = t.shape
    return ChargingResult(t, W.reshape(shape), p_e.reshape(shape),
                          (2 * omega_B * p_e).reshape(shape), (2 * omega_B * W).reshape(shape),
                          trace.reshape(shape), error.reshape(shape), method, unknowns,
                          dimension)


def charging(scenario: str, times: Any, **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}(t)` of the battery at each of ``times`` (same shape), from ``initial``.

    Takes the keywords of :func:`charging_result`.
    """
    return charging_result(scenario, times, **params).W


# ------------------------------------------------------------- analysis ---

#: The time grids of :func:`charging_time` and :func:`max_power` start here (units of ``1/gamma``).
T_MIN = 1e-3
#: ... and end at most here (a charging time beyond is reported as not found).
T_MAX = 1e6
#: Points per grid (a coarse logarithmic one, then a fine linear one in the bracket).
GRID_POINTS = 48
#: Keywords of :func:`charging_result` that are not the model's.
_NUMERICS = ("tol", "shift", "switch", "max_dim", "progress")


class MaxPower(NamedTuple):
    """The largest mean power ``max_t (E(t) - E(0)) / t`` and the time where it is reached."""

    power: float
    time: float


def _first_crossing(t: np.ndarray, W: np.ndarray, target: float) -> int | None:
    """Index of the first ``W >= target`` on a sorted grid (``None`` if none)."""
    above = np.flatnonzero(W >= target)
    return int(above[0]) if above.size else None


def charging_time(scenario: str, level: float = 0.9, **params: Any) -> float:
    r"""The first time at which :math:`\mathcal{W}(t)` reaches ``level`` times its steady value.

    ``W(t)`` is evaluated on a logarithmic grid from ``1e-3 / gamma`` (extended
    by decades up to ``1e6 / gamma`` until the level is reached), then on a
    linear grid of :data:`GRID_POINTS` points across the bracketing interval,
    and the crossing interpolated linearly (relative accuracy about ``1e-4``).

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    level : float
        In ``(0, 1]``; the steady value is :func:`qbcore.battery_ergotropy`'s
        (the long-time limit from ``initial``).
    **params
        As for :func:`charging_result`.

    Returns
    -------
    float
        0 where ``W(0)`` is already at the level (a steady state that holds no
        ergotropy, for one).

    Raises
    ------
    ValueError
        For bad parameters, or where ``W`` has not reached the level by ``1e6 / gamma``.
    """
    from .battery import battery_ergotropy

    level = check.real("level", level, minimum=0.0, strict=True)
    if level > 1:
        raise ValueError(f"level must be in (0, 1], got {level!r}")
    model = {k: v for k, v in params.items() if k not in _NUMERICS}
    target = level * battery_ergotropy(scenario, **model)
    scale = 1.0 / make_parameters(scenario, **model).gamma
    if charging(scenario, 0.0, **params) >= target:
        return 0.0
    lo, hi = T_MIN * scale, 1e2 * scale
    while True:
        t = np.geomspace(lo, hi, GRID_POINTS)
        k = _first_crossing(t, charging(scenario, t, **params), target)
        if k is not None:
            break
        if hi >= T_MAX * scale:
            raise ValueError(f"W does not reach {level:g} of its steady value "
                             f"{target / level:.6g} by t = {T_MAX:g} / gamma")
        lo, hi = hi, min(100 * hi, T_MAX * scale)
    fine = np.linspace(t[k - 1] if k > 0 else 0.0, t[k], GRID_POINTS)
    W = charging(scenario, fine, **params)
    i = _first_crossing(fine, W, target)
    if i is None:  # the two runs differ by their error at the bracket's end
        return float(t[k])
    if i == 0:
        return float(fine[0])
    return float(np.interp(target, W[i - 1:i + 1], fine[i - 1:i + 1]))


def max_power(scenario: str, of: str = "ergotropy", **params: Any) -> MaxPower:
    r"""The largest mean charging power ``max_t (E(t) - E(0)) / t`` over ``t >= 1e-3 / gamma``.

    ``E`` is the battery's ergotropy ``2 omega_B W`` (``of="ergotropy"``, the
    work it can deliver) or its energy ``2 omega_B p_e`` (``of="energy"``).
    A logarithmic grid up to ``100 / gamma`` locates the maximum; a linear
    grid around it refines it.  Where the maximum lies at the grid's start,
    ``E(t)/t`` is largest as ``t -> 0`` (the initial rate ``dE/dt(0)``) and
    the value at ``1e-3 / gamma`` is returned.
    """
    of = check.choice("of", of, ("ergotropy", "energy"))
    model = {k: v for k, v in params.items() if k not in _NUMERICS + ("method",)}
    scale = 1.0 / make_parameters(scenario, **model).gamma

    def power(t: np.ndarray) -> np.ndarray:
        r = charging_result(scenario, np.concatenate([[0.0], t]), **params)
        E = r.ergotropy if of == "ergotropy" else r.energy
        return (E[1:] - E[0]) / t

    t = np.geomspace(T_MIN * scale, 1e2 * scale, GRID_POINTS)
    P = power(t)
    k = int(np.argmax(P))
    if k == 0:
        return MaxPower(float(P[0]), float(t[0]))
    fine = np.linspace(t[k - 1], t[min(k + 1, len(t) - 1)], GRID_POINTS)
    Pf = power(fine)
    i = int(np.argmax(Pf))
    return MaxPower(float(Pf[i]), float(fine[i]))


def benchmark_curve() -> dict[str, np.ndarray]:
    """W(t) at ``N = 1001`` from the charging benchmark, as shipped.

    ``benchmarks/bench_charging.py --curve qbcore/data/charging_curve.csv``
    writes it: :func:`charging_result` at the paper's parameters (star,
    ``mu = 1``, ``dmu = 2``, ``T = 1``, ``omega0 = 10``, ``omega = gamma = J = 1``)
    from every qubit in ``|g>``, on 22 times from ``t = 0.02`` to ``100``
    (units of ``1/gamma``), which takes minutes.  It ships inside the package
    so that a notebook opened on its own (Colab, a download) can show it.

    Returns
    -------
    dict of numpy.ndarray
        ``t``, ``W``, ``p_e`` (the battery's excited population) and ``error``
        (the error estimate of each time).
    """
    import csv
    from importlib.resources import files

    text = files("qbcore").joinpath("data", "charging_curve.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return {key: np.array([float(r[key]) for r in rows]) for key in ("t", "W", "p_e", "error")}
