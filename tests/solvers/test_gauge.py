"""qbcore.solvers.gauge: the local steady state of a tree is real or imaginary entry by entry.

The claim is checked on the independent plain-QuTiP steady state (``reference.py``),
for random per-qubit baths (mu_i uniform in [-2, 5], T_i in [0.1, 3], J in [0.2, 3],
gamma in [0.3, 3]), star and chain, N = 2..5; and the real form of the sector against
the complex one.
"""

import numpy as np
import pytest

import qbcore
from qbcore.liouvillian import coefficients, sector
from qbcore.network import edges
from qbcore.solvers.gauge import gauge_signs, real_sector, real_unknowns

import reference as ref


def random_baths(rng, N, topology):
    return dict(N=N, topology=topology, J=float(rng.uniform(0.2, 3)),
                gamma=float(rng.uniform(0.3, 3)), mus=list(rng.uniform(-2, 5, N)),
                Ts=list(rng.uniform(0.1, 3, N)))


@pytest.mark.parametrize("N", [2, 3, 4, 5])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_plain_qutip_steady_state_is_real_or_imaginary_as_the_gauge_says(rng, N, topology):
    kw = random_baths(rng, N, topology)
    rho = ref.ref_steady_state("nonequilibrium", **kw)
    s = gauge_signs(N, topology)
    sign = np.outer(s, s)
    np.testing.assert_allclose(rho, sign * rho.conj(), atol=1e-12, rtol=0)
    assert np.abs(rho[sign < 0].real).max(initial=0) < 1e-12   # imaginary there
    assert np.abs(rho.imag).max() > 1e-6 or N == 2 or kw["J"] == 0  # not trivially real


@pytest.mark.parametrize("topology", ["star", "chain"])
def test_every_edge_joins_the_two_sublattices(topology):
    for N in range(2, 9):
        s = gauge_signs(N, topology)
        for a, b in edges(N, topology):
            # flipping both qubits of an edge from (e, g) to (g, e) flips the sign
            i = (1 << (N - 1 - b))  # qubit a excited, b in |g>  (bit 0 means excited)
            j = (1 << (N - 1 - a))  # qubit b excited, a in |g>
            assert s[i] == -s[j]


@pytest.mark.parametrize("N, expected", [(2, 5), (3, 14), (4, 43), (5, 142), (6, 494)])
def test_real_unknowns(N, expected):
    assert real_unknowns(N) == expected == real_sector(N, "chain").dim


@pytest.mark.parametrize("N", [3, 4])
@pytest.mark.parametrize("topology", ["star", "chain"])
def test_real_form_is_the_complex_sector(rng, N, topology):
    """L T y = T R y for random y and random coefficients (the sector maps the real space into itself)."""
    kw = random_baths(rng, N, topology)
    c = coefficients(qbcore.make_parameters("nonequilibrium", **kw))
    real = real_sector(N, topology)
    L = sector(N, topology, "nonequilibrium", 0).matrix(c, dense=True)
    R = np.zeros((real.dim, real.dim))
    R[real.rows, real.cols] = c @ real.terms
    y = rng.normal(size=real.dim)
    np.testing.assert_allclose(L @ (real.expand @ y), real.expand @ (R @ y), atol=1e-12)
