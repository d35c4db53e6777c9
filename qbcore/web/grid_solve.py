"""The explorer grids' points: built from the figure specs, solved all together.

:func:`qbcore.web.static_explorers.precompute` builds every (curve, x) point of
every grid point (:func:`grid_point`), solves all of them at once through
:mod:`qbcore.batch` (alike points as stacked dense solves; in worker processes
where many points must be solved one by one, :func:`solve`), and turns the
values back into each grid point's curves, a curve that failed dropping alone
(:func:`curves`).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from .. import executors
from ..batch import group_key
from ..solvers import UnphysicalStateError
from ..sweeps import validated

#: Grids with fewer points to solve one by one are computed in this process.
PARALLEL_MIN_POINTS = 500
DENSE_GROUPS = ("dicke-dense", "blocks-dense")


def grid_point(spec, values: dict[str, Any]) -> tuple[list, list, str | None]:
    """A grid point's figure and the keywords of every (curve, x) point, or the model's message.

    The points are those :meth:`qbcore.viz.figures.FigureSpec.compute_curve`
    sweeps, curve by curve; every one is validated (an invalid one rejects the
    grid point, as the explorer's own sweep would).
    """
    try:
        fig = spec.figure_for(**values)
        points, params = [], []
        for curve in fig.curves:
            fixed = {k: v for k, v in {**fig.fixed, **curve.params}.items() if k != fig.x}
            kws = [{**fixed, fig.x: v.item()} for v in np.asarray(fig.x_values)]
            points.append(kws)
            params += validated(fig.scenario, kws)
    except (ValueError, TypeError) as exc:
        return [], [], f"Invalid input: {exc}"
    return points, params, None


def solve(params: list, processes: int) -> tuple[np.ndarray, dict[int, Exception]]:
    """``W`` at every point of the whole grid, alike points solved together (:mod:`qbcore.batch`)."""
    if processes == 1:
        return executors.run(params)
    import multiprocessing

    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        return executors.run(params, pool)


def _each(args: tuple) -> tuple[list | None, dict[int, str]]:
    spec, values, scale = args
    try:
        fig, data, failures = spec.compute_curves(**values)
    except (ValueError, TypeError) as exc:
        return None, {-1: f"Invalid input: {exc}"}
    labels = [c.label for c in fig.curves]
    rows = [None if data[label] is None else np.rint(scale * np.asarray(data[label])).astype(int).tolist()
            for label in labels]
    return rows, {labels.index(label): f"Cannot compute reliably here: {why}"
                  for label, why in failures.items()}


def each_point(spec, grid_values: list[dict], scale: int,
               processes: int | None) -> list[tuple[list | None, dict[int, str]]]:
    """Grid point by grid point (explorers whose curves are not steady states, such as W(t)).

    For each grid point: its curves as lists of ``round(scale * W)`` (``None``
    for a curve that failed) and the reasons, keyed by curve index (``-1``: the
    model rejects the point).  ``processes`` workers (default: all CPUs).
    """
    jobs = [(spec, values, scale) for values in grid_values]
    workers = processes or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 8:
        return [_each(job) for job in jobs]
    import multiprocessing

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_each, jobs, chunksize=max(1, len(jobs) // (8 * workers))))


def default_workers(params: list) -> int:
    """All CPUs where many points must be solved one by one (or reusing factorisations), else 1.

    Stacked dense solves take microseconds a point: starting worker processes
    would cost more than they save.
    """
    slow = sum(1 for p in params if (group_key(p) or ("",))[0] not in DENSE_GROUPS)
    return (os.cpu_count() or 1) if slow >= PARALLEL_MIN_POINTS else 1


def curves(points: list, W: np.ndarray, errors: dict, start: int,
           scale: int) -> tuple[list, dict[int, str]]:
    """One grid point's curves as lists of ``round(scale * W)``, and the reasons of those that failed.

    As in the explorer (:meth:`qbcore.viz.explorers.ExplorerSpec.compute_curves`),
    a curve with a point the solver cannot certify drops alone: it is ``None``
    and ``reasons[curve index]`` is the first such point's message.  A failure
    other than :class:`~qbcore.solvers.UnphysicalStateError` is a bug and is raised.
    """
    rows, reasons, k = [], {}, start
    for index, kws in enumerate(points):
        failed = [errors[j] for j in range(k, k + len(kws)) if j in errors]
        for exc in failed:
            if not isinstance(exc, UnphysicalStateError):
                raise exc
        if failed:
            rows.append(None)
            reasons[index] = f"Cannot compute reliably here: {failed[0]}"
        else:
            rows.append(np.rint(scale * W[k:k + len(kws)]).astype(int).tolist())
        k += len(kws)
    return rows, reasons
