"""qbcore.executors: how the points of a sweep are cut into tasks."""

import numpy as np

from qbcore.batch import group_key
from qbcore.executors import DENSE_CHUNK, TASKS_PER_GROUP, chunks, solve_chunk
from qbcore.parameters import make_parameters


def points(Ns, topology="star"):
    return [make_parameters("nonequilibrium", N=n, mu=0.0, dmu=2.0, T=1.0, topology=topology)
            for n in Ns]


def test_chunks_hold_alike_points_in_sweep_order_and_cover_each_point_once():
    ps = points([3, 40, 3, 41, 40, 3] * 5) + points([3, 4], "chain")
    parts = chunks(ps)
    flat = np.concatenate(parts)
    assert sorted(flat) == list(range(len(ps)))
    for part in parts:
        assert len({group_key(ps[i]) for i in part}) == 1
        assert list(part) == sorted(part)


def test_chunk_sizes():
    dense = points([3] * (DENSE_CHUNK + 5))
    assert [len(p) for p in chunks(dense)] == [DENSE_CHUNK, 5]
    sparse = points([40] * (2 * TASKS_PER_GROUP + 1))
    assert [len(p) for p in chunks(sparse)][:2] == [3, 3] and len(chunks(sparse)) == 171
    assert [len(p) for p in chunks(points([3] * 7), chunksize=3)] == [3, 3, 1]


def test_solve_chunk_returns_W_and_the_errors_by_position():
    W, errors = solve_chunk(points([2, 3, 4]))
    assert W.shape == (3,) and errors == {}
    bad = make_parameters("equilibrium", N=4, topology="chain", mu=5.0, T=1.0, J=0.1, gamma=1e3)
    W, errors = solve_chunk(points([3]) + [bad])
    assert list(errors) == [1] and np.isnan(W[1]) and np.isfinite(W[0])
