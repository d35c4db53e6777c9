"""Sweeps on a dask cluster: a LocalCluster of two worker processes on 127.0.0.1.

The same code runs on a real cluster (``dask scheduler`` / ``dask worker``, see the
README); results must equal the serial ones.
"""

import csv
import io

import numpy as np
import pytest

import qbcore
from qbcore.cli import main
from qbcore.scaling import sweep_N
from qbcore.sweeps import SweepError


@pytest.fixture(scope="module")
def cluster(request):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                           host="127.0.0.1", dashboard_address=None)
    client = Client(cluster)

    def close():
        client.close()
        cluster.close()

    request.addfinalizer(close)
    return client


def test_sweeps_on_the_cluster_equal_serial(cluster):
    executor = cluster.get_executor()
    xs, ys = np.linspace(-1.0, 6.0, 7), np.array([0.0, 0.5, 2.0])
    for scenario, kw in (("nonequilibrium", dict(dmu=2.0, N=4, topology="chain")),
                         ("equilibrium", dict(N=3))):
        serial = qbcore.sweep2d(scenario, ("mu", xs), ("T", ys), **kw)
        remote = qbcore.sweep2d(scenario, ("mu", xs), ("T", ys), executor=executor, chunksize=4,
                                **kw)
        np.testing.assert_array_equal(remote, serial)
    Ns = [2, 3, 9, 30]
    np.testing.assert_array_equal(sweep_N("nonequilibrium", Ns, scaling="sqrt", executor=executor,
                                          mu=0.0, dmu=2.0, T=1.0),
                                  sweep_N("nonequilibrium", Ns, scaling="sqrt", mu=0.0, dmu=2.0,
                                          T=1.0))
    line = qbcore.sweep("nonequilibrium", "J", [0.0, 1.0, 2.0], executor=executor, mu=1.0,
                        dmu=2.0, T=1.0)
    np.testing.assert_array_equal(line, qbcore.sweep("nonequilibrium", "J", [0.0, 1.0, 2.0],
                                                     mu=1.0, dmu=2.0, T=1.0))


def test_failures_on_the_cluster_keep_the_other_points(cluster):
    with pytest.raises(SweepError) as info:
        qbcore.sweep("equilibrium", "J", [2.0, 0.1, 3.0], N=4, topology="chain", mu=5.0, T=1.0,
                     gamma=1e3, executor=cluster.get_executor(), chunksize=1)
    exc = info.value
    assert [f.params for f in exc.failures] == [{"J": 0.1}]
    assert isinstance(exc.failures[0].error, qbcore.UnphysicalStateError)
    assert exc.values[0] == qbcore.battery_ergotropy("equilibrium", N=4, topology="chain", mu=5.0,
                                                     T=1.0, gamma=1e3, J=2.0)


def test_cli_phase_with_a_scheduler(cluster, capsys):
    args = ["phase", "nonequilibrium", "--x", "mu", "0", "2", "3", "--y", "dmu", "0", "1", "2",
            "--T", "1"]
    assert main(args + ["--scheduler", cluster.scheduler.address]) == 0
    remote = capsys.readouterr().out
    assert main(args) == 0
    assert remote == capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(remote)))
    assert rows[0] == ["dmu", "mu", "W"] and len(rows) == 7
