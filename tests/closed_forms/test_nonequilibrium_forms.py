"""qbcore.closed_forms.nonequilibrium against plain QuTiP steady states and the solver.

Domain of every random check: J in [0.05, 4], gamma in [0.2, 3], T in [0.1, 3],
chemical potentials in [-4, 6] (seeded draws).
"""

import pytest

import qbcore
from qbcore import closed_forms as cf

import reference as ref


def test_two_qubit_population_matches_plain_qutip(rng):
    for _ in range(20):
        J, g, T = rng.uniform(0.05, 4.0), rng.uniform(0.2, 3.0), rng.uniform(0.1, 3.0)
        mus = list(rng.uniform(-4.0, 6.0, size=2))
        rho = ref.ref_steady_state("nonequilibrium", N=2, J=J, gamma=g, mus=mus, T=T)
        p_ref = ref.battery_reduced(rho, 2)[0, 0].real
        n0, n1 = (ref.ref_fermi(1.0, m, T) for m in mus)
        assert cf.two_qubit_population(n0, n1, J, g) == pytest.approx(p_ref, abs=2e-15)


def test_two_qubit_threshold_is_where_the_battery_is_half_full(rng):
    for _ in range(10):
        mu, T, g = rng.uniform(-1.0, 0.9), rng.uniform(0.5, 2.0), rng.uniform(0.3, 2.0)
        # strong enough hopping: a full ancilla charges the battery
        J = cf.two_qubit_hopping_threshold(ref.ref_fermi(1.0, mu, T), g) * rng.uniform(1.5, 3.0)
        d = cf.two_qubit_threshold(mu, T, J=J, gamma=g)
        p = qbcore.battery_population("nonequilibrium", N=2, mu=mu, dmu=d, T=T, J=J, gamma=g)
        assert p == pytest.approx(0.5, abs=2e-15)
        assert d == pytest.approx(qbcore.bias_threshold(N=2, mu=mu, T=T, J=J, gamma=g), abs=2e-12)


def test_two_qubit_hopping_threshold(rng):
    for _ in range(10):
        n0, g = rng.uniform(0.01, 0.49), rng.uniform(0.2, 3.0)
        J = cf.two_qubit_hopping_threshold(n0, g)
        assert cf.two_qubit_population(n0, 1.0, J, g) == pytest.approx(0.5, abs=1e-12)
        assert cf.two_qubit_population(n0, 1.0, 1.01 * J, g) > 0.5 > \
            cf.two_qubit_population(n0, 1.0, 0.99 * J, g)
    assert cf.two_qubit_hopping_threshold(0.6) == 0.0
    with pytest.raises(ValueError, match="no bias"):
        cf.two_qubit_threshold(0.0, 1.0, J=0.3)


def test_half_filled_star_formula_matches_the_solver(rng):
    for _ in range(30):
        J, g, T, dmu = rng.uniform(0.0, 4.0), rng.uniform(0.2, 3.0), rng.uniform(0.05, 3.0), \
            rng.uniform(0.0, 10.0)
        W = qbcore.battery_ergotropy("nonequilibrium", N=3, J=J, gamma=g, mu=1.0, dmu=dmu, T=T)
        assert cf.half_filled_star_ergotropy(J, dmu, T, g) == pytest.approx(W, abs=3e-15)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: cf.two_qubit_population(1.2, 0.5, 1.0), ValueError, "n0"),
    (lambda: cf.two_qubit_population(0.2, 0.5, 1.0, gamma=0.0), ValueError, "gamma"),
    (lambda: cf.two_qubit_threshold(0.0, 0.0), ValueError, "T"),
    (lambda: cf.half_filled_star_ergotropy(1.0, -1.0, 1.0), ValueError, "dmu"),
    (lambda: cf.half_filled_star_ergotropy(1.0, 1.0, -1.0), ValueError, "T"),
])
def test_bad_input_names_the_parameter(call, exc, name):
    with pytest.raises(exc, match=name):
        call()
