"""The Bloch-Redfield equation against an independent double sum, its limits and its positivity report.

The reference (``reference.ref_redfield_liouvillian``) is the double sum over
the Bohr components ``A_i(nu)`` (from QuTiP's eigenstates) with QuTiP's own
``sprepost`` / ``spre``; qbcore builds the tensor from filtered operators in
its eigenbasis.

Sampled domain (seeded): ``N = 2..4`` (full tensor), ``N <= 6`` (steady
states), star and chain, ``omega0`` in [5, 12], ``J`` in [-2, 2], ``gamma`` in
[0.2, 2], ``mu_i`` within 3 of ``2 omega0``, ``T_i`` in [0.3, 3].
"""

import warnings

import numpy as np
import pytest

import qbcore
from qbcore.global_me import davies_generator
from qbcore.redfield import redfield_generator

import reference as ref
from reference import random_global_case as draw

CASES = [(2, "star"), (3, "star"), (3, "chain"), (4, "star"), (4, "chain")]


def params(me="redfield", **kw):
    return qbcore.make_parameters("nonequilibrium", master_equation=me, **kw)


@pytest.mark.parametrize("N, topology", CASES[:4])
@pytest.mark.parametrize("detuned", [False, True])
def test_tensor_equals_the_reference_double_sum(N, topology, detuned):
    """Detuned: every qubit's frequency within 1 of omega0 (omega0s)."""
    kw = draw(40 + N + len(topology), N, topology)
    if detuned:
        omega0 = kw.pop("omega0")
        kw["omega0s"] = list(omega0 + np.random.default_rng(N).uniform(-1, 1, N))
    L = qbcore.liouvillian(params(**kw)).full()
    assert np.abs(L - ref.ref_redfield_liouvillian(**kw).full()).max() < 5e-13  # 3e-14 reached


@pytest.mark.parametrize("N, topology", CASES)
@pytest.mark.parametrize("full", [True, False])
def test_secular_limit_is_davies(N, topology, full):
    kw = draw(50 + N + len(topology), N, topology)
    R = redfield_generator(params(**kw), full=full, secular=True).matrix
    D = davies_generator(params("global", **kw), full=full).matrix
    assert np.abs(R - D).max() < 3e-15


@pytest.mark.parametrize("N, topology", [(2, "star"), (3, "chain"), (4, "star")])
def test_zero_hopping_is_the_local_form_at_twice_omega0(N, topology):
    kw = {**draw(60 + N, N, topology), "J": 0.0}
    local = ref.ref_liouvillian("nonequilibrium", omega=2 * kw["omega0"], **kw).full()
    assert np.abs(qbcore.liouvillian(params(**kw)).full() - local).max() < 2e-13


@pytest.mark.parametrize("N, topology", CASES)
def test_flat_occupations_are_the_local_form_for_any_hopping(N, topology, rng):
    """Reservoirs full or empty (n_i(nu) independent of nu): Redfield is local exactly."""
    kw = draw(70 + N, N, topology)
    kw.update(mus=list(rng.choice([-1000.0, 1000.0], N)), Ts=[0.0] * N)
    local = ref.ref_liouvillian("nonequilibrium", **kw).full()  # omega = 1: n_i is 0 or 1
    assert np.abs(qbcore.liouvillian(params(**kw)).full() - local).max() < 5e-13


@pytest.mark.parametrize("N, topology", CASES)
def test_trace_and_hermiticity_preserved(N, topology, rng):
    kw = draw(80 + N, N, topology)
    L = qbcore.liouvillian(params(**kw))
    X = rng.normal(size=(2**N, 2**N)) + 1j * rng.normal(size=(2**N, 2**N))
    Y = ref.ref_apply(L, X, N)
    assert abs(np.trace(Y)) < 5e-14
    assert np.abs(ref.ref_apply(L, X.conj().T, N) - Y.conj().T).max() < 3e-13


@pytest.mark.parametrize("N, topology", [(3, "star"), (4, "chain")])
def test_sector_steady_state_solves_the_full_equation(N, topology):
    kw = {**draw(90 + N, N, topology), "J": 0.3}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qbcore.NonPositiveStateWarning)
        rho = qbcore.steady_state("nonequilibrium", master_equation="redfield", **kw).full()
    L = ref.ref_redfield_liouvillian(**kw)
    assert np.abs(ref.ref_apply(L, rho, N)).max() < 1e-14
    assert abs(np.trace(rho) - 1) < 1e-14


def test_weak_coupling_approaches_davies():
    kw = dict(N=3, omega0=10.0, J=1.0, mu=20.0, dmu=2.0, T=1.0, gamma=1e-3)
    a = qbcore.battery_ergotropy("nonequilibrium", master_equation="redfield", **kw)
    b = qbcore.battery_ergotropy("nonequilibrium", master_equation="global", **kw)
    assert abs(a - b) < 2e-7  # 5e-8 reached at gamma = 1e-3


def test_negative_eigenvalues_are_reported_not_hidden():
    """N = 3 star, J = 3 > gamma = T = 1: the Redfield state is slightly non-positive."""
    kw = dict(N=3, omega0=10.0, J=3.0, mu=20.0, dmu=2.0, T=1.0, master_equation="redfield")
    with pytest.warns(qbcore.NonPositiveStateWarning, match="negative eigenvalue"):
        r = qbcore.battery_result("nonequilibrium", **kw)
    assert -1e-3 < r.lowest_eigenvalue < -1e-10
    with pytest.warns(qbcore.NonPositiveStateWarning):
        rho = qbcore.steady_state("nonequilibrium", **kw).full()
    assert np.linalg.eigvalsh(rho).min() == pytest.approx(r.lowest_eigenvalue, abs=1e-15)


def test_positive_state_gives_no_warning():
    kw = dict(N=3, omega0=10.0, J=0.1, mu=20.0, dmu=2.0, T=1.0, master_equation="redfield")
    with warnings.catch_warnings():
        warnings.simplefilter("error", qbcore.NonPositiveStateWarning)
        r = qbcore.battery_result("nonequilibrium", **kw)
    assert r.lowest_eigenvalue > 0


def test_six_qubits_run():
    with pytest.warns(qbcore.NonPositiveStateWarning):
        r = qbcore.battery_result("nonequilibrium", N=6, omega0=10.0, J=1.0, mu=20.0, dmu=2.0,
                                  T=1.0, master_equation="redfield")
    assert r.unknowns == 924 and -1e-3 < r.lowest_eigenvalue < 0
