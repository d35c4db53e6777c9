"""qbcore.derivations: the small networks' steady states derived with SymPy.

The derivation is re-run here (N = 2, the N = 3 star and chain; the N = 4 star
takes minutes and is checked numerically only) and compared with the
numerical closed forms of qbcore.closed_forms and with the solver.
Domain of the random checks: s_B, s_A in [-1, 1], k = J^2/gamma^2 in [0, 25]
(log-uniform from 1e-3), and for the solver mu, dmu in [-5, 10], T in [0.05, 5],
J in [0, 5], gamma in [0.1, 5], T = 0 included.
"""

import numpy as np
import pytest
import sympy as sp

import qbcore
from qbcore import closed_forms as cf
from qbcore import derivations as d

NETWORKS = [(2, "star"), (3, "star"), (3, "chain")]


@pytest.mark.parametrize("N, topology", NETWORKS)
def test_derived_inversion_equals_the_closed_form(N, topology, rng):
    z = sp.lambdify((d.s_B, d.s_A, d.J, d.gamma), d.derive_inversion(N, topology), "numpy")
    for _ in range(40):
        b, a = rng.uniform(-1, 1, size=2)
        k = 10 ** rng.uniform(-3, np.log10(25))
        g = rng.uniform(0.1, 5)
        J = g * np.sqrt(k)
        expected = cf.small_network_inversion(b, a, J, g, N=N, topology=topology)
        assert z(b, a, J, g) == pytest.approx(expected, abs=2e-15)


@pytest.mark.parametrize("N, topology", NETWORKS)
def test_structure_of_the_derived_inversion(N, topology):
    z = d.derive_inversion(N, topology)
    # equal reservoirs: the battery keeps its reservoir's state, for every J
    assert sp.simplify(z.subs(d.s_A, d.s_B) - d.s_B) == 0
    # |e> <-> |g> on every qubit: n -> 1 - n, z -> -z
    flipped = z.subs({d.s_A: -d.s_A, d.s_B: -d.s_B}, simultaneous=True)
    assert sp.simplify(flipped + z) == 0
    # no hopping: the battery sees only its own reservoir
    assert sp.simplify(z.subs(d.J, 0) - d.s_B) == 0


def test_half_filled_star_is_linear_in_the_bias_and_the_chain_is_not():
    k = d.J**2 / d.gamma**2
    star = d.half_filled_inversion(3, "star")
    assert sp.simplify(star - 4 * k * d.s_A / (1 + 7 * k)) == 0
    chain = d.half_filled_inversion(3, "chain")
    assert sp.degree(sp.numer(sp.together(chain)), d.s_A) > 1 or \
        sp.degree(sp.denom(sp.together(chain)), d.s_A) > 0


def test_two_qubit_derivation_is_the_books_formula():
    p = d.derive_population(2, "star")
    expected = d.n_B + (d.n_A - d.n_B) * 2 * d.J**2 / (d.gamma**2 + 4 * d.J**2)
    assert sp.simplify(p - expected) == 0


@pytest.mark.parametrize("N, topology", NETWORKS + [(4, "star"), (2, "chain")])
def test_closed_forms_match_the_solver(N, topology, rng):
    for i in range(20):
        mu, dmu = rng.uniform(-5, 10, size=2)
        T = 0.0 if i == 0 else rng.uniform(0.05, 5)
        J, g = rng.uniform(0, 5), rng.uniform(0.1, 5)
        sb = np.sign(mu - 1) if T == 0 else np.tanh((mu - 1) / (2 * T))
        sa = np.sign(mu + dmu - 1) if T == 0 else np.tanh((mu + dmu - 1) / (2 * T))
        p = qbcore.battery_population("nonequilibrium", N=N, topology=topology, mu=mu, dmu=dmu,
                                      T=T, J=J, gamma=g)
        z = cf.small_network_inversion(sb, sa, J, g, N=N, topology=topology)
        assert z == pytest.approx(2 * p - 1, abs=5e-15)


def test_bad_input():
    with pytest.raises(ValueError, match="N = 4"):
        cf.small_network_inversion(0.0, 0.5, 1.0, N=4, topology="chain")
    with pytest.raises(ValueError, match="s_A"):
        cf.small_network_inversion(0.0, 1.5, 1.0)
    with pytest.raises(ValueError, match="gamma"):
        cf.small_network_inversion(0.0, 0.5, 1.0, 0.0)
    with pytest.raises(ValueError, match="N must be"):
        d.derive_inversion(5, "star")
