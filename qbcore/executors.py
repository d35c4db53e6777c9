"""Spread the points of a sweep over an executor, and keep what each point gave.

Any :class:`concurrent.futures.Executor` runs the work: a
:class:`~concurrent.futures.ProcessPoolExecutor` on one machine, a dask cluster
through ``distributed.Client(...).get_executor()`` (the documented engine for
many machines), ``mpi4py.futures.MPIPoolExecutor``, and so on.  The points are
cut into chunks of alike points (same solver, scenario, ``N`` and topology, in
sweep order), so that a worker still solves its chunk with stacked dense
solves, or reusing factorisations along it (:mod:`qbcore.batch`); each chunk
is one task.

A point that fails, and every point of a chunk whose task fails (a worker
lost, out of memory), is recorded with its error; the others are kept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Executor, as_completed

import numpy as np

from .batch import battery_states, group_key
from .parameters import Parameters

#: Points per task where stacked dense solves make each point cost microseconds.
DENSE_CHUNK = 4096
#: Tasks per group of expensive points (at least one point each): enough to
#: keep a few hundred workers busy, while each task still reuses factorisations
#: along its part of the sweep.
TASKS_PER_GROUP = 256


def solve_chunk(points: Sequence[Parameters], reuse: bool = True
                ) -> tuple[np.ndarray, dict[int, Exception]]:
    r""":math:`\mathcal{W}` at every point and the errors of those that failed (one task)."""
    states = battery_states(points, reuse=reuse)
    return states.W(), states.errors


def chunks(points: Sequence[Parameters], chunksize: int | None = None) -> list[np.ndarray]:
    """Indices of the points cut into tasks: alike points together, in sweep order.

    ``chunksize`` fixes the number of points per task; by default it is
    :data:`DENSE_CHUNK` for small dense problems and
    ``ceil(n / TASKS_PER_GROUP)`` for a group of ``n`` expensive ones.
    """
    groups: dict = {}
    for i, p in enumerate(points):
        groups.setdefault(group_key(p), []).append(i)
    out = []
    for key, members in groups.items():
        if chunksize is not None:
            size = chunksize
        elif key is not None and key[0].endswith("-dense"):
            size = DENSE_CHUNK
        else:
            size = math.ceil(len(members) / TASKS_PER_GROUP)
        out += [np.array(members[a:a + size]) for a in range(0, len(members), size)]
    return out


def run(points: Sequence[Parameters], executor: Executor | None = None, *, bar=None,
        chunksize: int | None = None, reuse: bool = True
        ) -> tuple[np.ndarray, dict[int, Exception]]:
    r""":math:`\mathcal{W}` at every point (NaN where it failed) and the errors by point.

    Parameters
    ----------
    points : sequence of Parameters
        Validated parameter sets.
    executor : concurrent.futures.Executor, optional
        Where the chunks run; ``None``: here, one after another.
    bar : tqdm progress bar, optional
        Advanced as points finish.
    chunksize : int, optional
        Points per task (see :func:`chunks`).
    reuse : bool
        Let large Dicke problems reuse factorisations along a chunk.
    """
    n = len(points)
    if executor is None:
        states = battery_states(points, reuse=reuse, progress=bar.update if bar else None)
        return states.W(), states.errors
    W = np.full(n, np.nan)
    errors: dict[int, Exception] = {}
    futures = {executor.submit(solve_chunk, [points[i] for i in part], reuse): part
               for part in chunks(points, chunksize)}
    for future in as_completed(futures):
        part = futures[future]
        try:
            values, failed = future.result()
        except Exception as exc:  # the task itself failed: every point of it did
            for i in part:
                errors[int(i)] = exc
        else:
            W[part] = values
            for k, exc in failed.items():
                errors[int(part[k])] = exc
        if bar:
            bar.update(len(part))
    return W, errors
