r""":math:`\mathcal{W}` along one parameter or over a grid of two.

Every point is validated before the first solve: a bad value raises a
``ValueError`` or ``TypeError`` naming the parameter, and nothing runs.  The
points are then solved as :mod:`qbcore.batch` groups them (stacked dense
solves for small systems, factorisation reuse along the sweep for large Dicke
problems, one by one otherwise), here or, with ``executor=``, on any
:class:`concurrent.futures.Executor`: a
:class:`~concurrent.futures.ProcessPoolExecutor`, a dask cluster
(``distributed.Client(...).get_executor()``), ``mpi4py``'s
``MPIPoolExecutor`` (see :mod:`qbcore.executors`).  The numbers are those of
:func:`qbcore.battery_ergotropy` at each point: bit for bit where the points
are small enough for stacked dense solves, to the solvers' residual check
(about ``1e-13`` in :math:`\mathcal{W}`) where a large problem (a sparse
Dicke one, or a dense one of :data:`qbcore.linalg.REUSE_DENSE_MIN` unknowns
or more, such as the chain of six) reuses a factorisation, with or without an
executor.

A point that fails (the solver cannot certify a physical state there, or a
worker is lost) does not stop the others: the sweep finishes, then raises a
:class:`SweepError` that holds every computed value and lists the failed
points with their parameters and reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validate as check
from . import executors
from .parameters import Parameters, make_parameters
from .solvers import UnphysicalStateError, choose_method


@dataclass(frozen=True)
class PointFailure:
    """One point of a sweep that gave no value.

    Attributes
    ----------
    index : tuple of int
        Its position in the result array.
    params : dict
        The swept parameters there.
    error : Exception
        What the solver (or the executor) raised.
    """

    index: tuple
    params: dict
    error: Exception

    @property
    def reason(self) -> str:
        return f"{type(self.error).__name__}: {self.error}"

    def describe(self) -> str:
        """``"mu=1.0, dmu=2.0: <reason>"``."""
        where = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{where}: {self.reason}"


class SweepError(UnphysicalStateError):
    """Some points of a sweep failed; every other point was computed and is kept.

    A subclass of :class:`~qbcore.solvers.UnphysicalStateError`, so code that
    handles a failing single point handles a sweep with failing points too.

    Attributes
    ----------
    values : numpy.ndarray
        The sweep's result, NaN at the failed points.
    failures : list of PointFailure
        The failed points, in the order of the result.
    """

    def __init__(self, values: np.ndarray, failures: list[PointFailure]):
        self.values, self.failures = values, failures
        super().__init__(f"{len(failures)} of {values.size} points failed (the others are in "
                         f".values); first at {failures[0].describe()}")

    def __reduce__(self):
        return SweepError, (self.values, self.failures)


def progress_bar(iterable, total: int, progress: bool, desc: str):
    """``iterable`` with a tqdm progress bar when ``progress`` is true."""
    if not progress:
        return iterable
    from tqdm.auto import tqdm
    return tqdm(iterable, total=total, desc=desc)


def _bar(total: int, progress: bool, desc: str):
    """A tqdm progress bar of ``total`` points (a context manager), or ``None``."""
    if not progress:
        return nullcontext(None)
    from tqdm.auto import tqdm
    return tqdm(total=total, desc=desc)


def validated(scenario: str, points: Sequence[dict[str, Any]]) -> list[Parameters]:
    """:class:`Parameters` of every point, and its solver checked, before anything is solved."""
    out = [make_parameters(scenario, **kw) for kw in points]
    for p in out:
        choose_method(p)  # a method that does not apply raises here, not half-way
    return out


def solve_points(scenario: str, points: Sequence[dict[str, Any]], labels: Sequence[dict],
                 positions: Sequence[tuple], shape: tuple, *, progress: bool = False,
                 desc: str = "W", executor: Executor | None = None,
                 chunksize: int | None = None) -> np.ndarray:
    r""":math:`\mathcal{W}` at every point (keyword dicts), placed at ``positions`` of an array.

    The engine of :func:`sweep`, :func:`sweep2d` and
    :func:`qbcore.scaling.sweep_N`.  ``labels[k]`` names point ``k`` in a
    failure report.  Raises :class:`SweepError` if any point failed.
    """
    params = validated(scenario, points)
    with _bar(len(params), progress, desc) as bar:
        W, errors = executors.run(params, executor, bar=bar, chunksize=chunksize)
    out = np.full(shape, np.nan)
    for k, pos in enumerate(positions):
        out[pos] = W[k]
    if errors:
        failures = [PointFailure(positions[k], labels[k], errors[k]) for k in sorted(errors)]
        failures.sort(key=lambda f: f.index)
        raise SweepError(out, failures)
    return out


def sweep(scenario: str, name: str, values: Sequence[Any], *, progress: bool = False,
          executor: Executor | None = None, chunksize: int | None = None,
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
    executor : concurrent.futures.Executor, optional
        Solve the points there (a dask ``Client.get_executor()``, a process
        pool, ...); the result is the same as without.
    chunksize : int, optional
        Points per task of the executor (default: see
        :func:`qbcore.executors.chunks`).
    **params
        The fixed keywords.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(values),)``.

    Raises
    ------
    ValueError, TypeError
        For any invalid point, before anything is solved.
    SweepError
        After the sweep, if some points failed; it holds the other values.
    """
    vals = check.swept_values(name, values)
    if name in params:
        raise ValueError(f"{name!r} is swept; do not also fix it")
    labels = [{name: v.item()} for v in vals]
    return solve_points(scenario, [{**params, **lab} for lab in labels], labels,
                        [(i,) for i in range(len(vals))], (len(vals),), progress=progress,
                        desc=f"W({name})", executor=executor, chunksize=chunksize)


def sweep2d(scenario: str, x: tuple[str, Sequence[Any]], y: tuple[str, Sequence[Any]], *,
            progress: bool = False, executor: Executor | None = None,
            chunksize: int | None = None, **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}` over a grid: ``W[j, i]`` at ``x = x_values[i]``, ``y = y_values[j]``.

    ``x`` and ``y`` are ``(name, values)`` pairs; the result has shape
    ``(len(y_values), len(x_values))``, ready for ``pcolormesh(x, y, W)``.
    The grid is walked row by row, every other row backwards, so that
    consecutive points are neighbours (factorisation reuse at large ``N``).
    ``progress``, ``executor`` and ``chunksize`` as for :func:`sweep`;
    failures raise :class:`SweepError` with the other values.
    """
    (xn, xv), (yn, yv) = x, y
    xv, yv = check.swept_values(xn, xv), check.swept_values(yn, yv)
    if xn == yn:
        raise ValueError(f"x and y must be different parameters, both are {xn!r}")
    for n in (xn, yn):
        if n in params:
            raise ValueError(f"{n!r} is swept; do not also fix it")
    positions = [(j, i) for j in range(len(yv))
                 for i in (range(len(xv)) if j % 2 == 0 else reversed(range(len(xv))))]
    labels = [{xn: xv[i].item(), yn: yv[j].item()} for j, i in positions]
    return solve_points(scenario, [{**params, **lab} for lab in labels], labels, positions,
                        (len(yv), len(xv)), progress=progress, desc=f"W({xn}, {yn})",
                        executor=executor, chunksize=chunksize)
