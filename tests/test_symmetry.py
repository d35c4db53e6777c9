"""qbcore.symmetry: the orbit reduction for interchangeable ancillas."""

import numpy as np
import pytest

import qbcore
from qbcore.symmetry import applicable, orbit_sector


@pytest.mark.parametrize("N", range(2, 8))
def test_orbit_count(N):
    assert orbit_sector(N, True).dim == N * (N + 1)


def test_orbits_cover_the_sector_and_trace():
    osec = orbit_sector(4, True)
    # the orbit indicators' traces add up to the number of diagonal elements, 2**N
    assert osec.trace.sum() == 2**4
    assert osec.battery_excited.sum() == 2**3


def test_applicable():
    mk = qbcore.make_parameters
    assert applicable(mk("nonequilibrium", N=4, mu=1.0, dmu=1.0, T=1.0))
    assert not applicable(mk("nonequilibrium", N=4, mu=1.0, T=1.0, topology="chain"))
    assert applicable(mk("nonequilibrium", N=2, mu=1.0, T=1.0, topology="chain"))
    assert not applicable(mk("nonequilibrium", N=3, mus=[0.0, 1.0, 2.0], T=1.0))
    assert applicable(mk("nonequilibrium", N=3, mus=[0.0, 2.0, 2.0], Ts=[3.0, 1.0, 1.0]))


@pytest.mark.parametrize("N", [3, 5, 7])
def test_symmetric_solution_equals_blocks_solution(N):
    kw = dict(N=N, mu=0.3, dmu=3.1, T=0.6, J=0.9, gamma=1.3)
    a = qbcore.steady_state("nonequilibrium", method="symmetric", **kw)
    b = qbcore.steady_state("nonequilibrium", method="blocks", **kw)
    assert (a - b).norm("max") < 1e-10
