"""gamma_local: each qubit's own coupling to the shared reservoir, in every method.

With ``gamma_local > 0`` the steady state is unique: plain ``qutip.steadystate``
of the independently built model (``reference.py``) is the reference, and the
closed form is the grand-canonical product ``(x)_i diag(n, 1-n)``, so
``W = max(0, tanh((mu - omega)/2T))``.

Sampled domain (seeded): ``N = 2..6``, star and chain, ``initial`` "ground" and
"mixed", ``J`` in [0, 5], ``gamma`` in [0.2, 5], ``gamma_local`` log-uniform in
[1e-3, 2], ``mu`` in [-4, 10], ``T`` in [0.05, 5] (``omega = 1``); edges:
``T = 0`` (full, empty and half-full reservoir), ``J = 0``, ``gamma_local = 1e-6``.
"""

import numpy as np
import pytest
import qutip

import qbcore

import reference as ref


def draw(seed: int, N: int, topology: str, **fixed) -> dict:
    rng = np.random.default_rng(seed)
    kw = dict(N=N, topology=topology, J=float(rng.uniform(0, 5)),
              gamma=float(rng.uniform(0.2, 5)),
              gamma_local=float(10 ** rng.uniform(-3, np.log10(2))),
              mu=float(rng.uniform(-4, 10)), T=float(rng.uniform(0.05, 5)))
    return {**kw, **fixed}


def product_state(kw: dict) -> np.ndarray:
    n = ref.ref_fermi(kw.get("omega", 1.0), kw["mu"], kw["T"])
    return ref.qubit_product([n] * kw["N"])


def closed_form_W(kw: dict) -> float:
    """``max(0, tanh((mu - omega)/2T))``; at ``T = 0``: 1 above ``mu = omega``, else 0."""
    d = kw["mu"] - kw.get("omega", 1.0)
    if kw["T"] == 0:
        return 1.0 if d > 0 else 0.0
    return max(0.0, float(np.tanh(d / (2 * kw["T"]))))


CASES = [(N, top, init) for N in (2, 3, 4, 5, 6) for top in ("star", "chain")
         for init in ("ground", "mixed")]


@pytest.mark.parametrize("N, topology, initial", CASES)
def test_every_method_matches_plain_qutip(N, topology, initial):
    kw = draw(1000 * N + 10 * len(topology) + len(initial), N, topology)
    H, c_ops = ref.ref_model("equilibrium", **kw)
    expected = qutip.steadystate(H, c_ops).full()
    # the reference itself is the grand-canonical product state (3e-13 reached)
    assert np.abs(expected - product_state(kw)).max() < 2e-12
    methods = ["auto", "blocks"] + (["symmetric"] if topology == "star" or N == 2 else [])
    for method in methods:
        rho = qbcore.steady_state("equilibrium", initial=initial, method=method, **kw).full()
        assert np.abs(rho - expected).max() < 2e-12, method
    W_ref = ref.qubit_W(ref.battery_reduced(expected, N))
    if topology == "star" or N == 2:
        r = qbcore.battery_result("equilibrium", initial=initial, method="dicke", **kw)
        assert r.method == "dicke" and r.kernel == 1
        assert abs(r.W - W_ref) < 2e-12
    r = qbcore.battery_result("equilibrium", initial=initial, **kw)
    assert abs(r.W - W_ref) < 2e-12 and abs(r.W - closed_form_W(kw)) < 2e-12


EDGES = [dict(mu=3.0, T=0.0), dict(mu=-1.0, T=0.0), dict(mu=1.0, T=0.0),
         dict(mu=4.0, T=0.3, J=0.0), dict(mu=2.0, T=1.0, gamma_local=1e-6)]


@pytest.mark.parametrize("edge", EDGES)
@pytest.mark.parametrize("N, topology", [(2, "star"), (3, "chain"), (4, "star"), (5, "chain")])
def test_edges_give_the_product_state(edge, N, topology):
    """At gamma_local = 1e-6 the system's condition grows like 1/gamma_local (1.7e-10 reached;
    elsewhere 6e-16)."""
    kw = draw(7 * N, N, topology, **edge)
    tol = 5e-10 if kw["gamma_local"] < 1e-4 else 3e-15
    rho = qbcore.steady_state("equilibrium", **kw).full()
    assert np.abs(rho - product_state(kw)).max() < tol
    for method in ["blocks"] + (["dicke"] if topology == "star" else []):
        W = qbcore.battery_ergotropy("equilibrium", method=method, **kw)
        assert abs(W - closed_form_W(kw)) < tol


@pytest.mark.parametrize("N, topology", [(7, "chain"), (8, "star"), (8, "chain")])
def test_sparse_blocks_path(N, topology):
    """Above 400 unknowns: GMRES with the Sylvester preconditioner and refinement."""
    kw = draw(3 * N, N, topology, gamma_local=1e-3)
    r = qbcore.battery_result("equilibrium", method="blocks", **kw)
    assert r.unknowns > 400
    n = ref.ref_fermi(1.0, kw["mu"], kw["T"])
    assert abs(r.p_e - n) < 1e-11
    assert r.lowest_eigenvalue > -1e-10


@pytest.mark.parametrize("N", [2, 5, 10, 11, 40, 101, 150])
@pytest.mark.parametrize("seed", [0, 1])
def test_dicke_gives_the_closed_form(N, seed):
    """Even and odd N, dense (N <= 10) and sparse paths; W to 5e-15 (1e-15 reached), p_e to
    5e-14 (8e-15 reached)."""
    kw = draw(100 * N + seed, N, "star")
    r = qbcore.battery_result("equilibrium", **kw)
    assert r.method == "dicke"
    assert abs(r.W - closed_form_W(kw)) < 5e-15
    assert abs(r.p_e - ref.ref_fermi(1.0, kw["mu"], kw["T"])) < 5e-14
    assert r.lowest_eigenvalue > -1e-10


@pytest.mark.slow
def test_dicke_at_n_1001():
    kw = draw(1001, 1001, "star", gamma_local=0.05)
    r = qbcore.battery_result("equilibrium", **kw)
    assert r.method == "dicke" and r.unknowns == 1_003_002
    assert abs(r.W - closed_form_W(kw)) < 1e-14
    assert abs(r.p_e - ref.ref_fermi(1.0, kw["mu"], kw["T"])) < 1e-14
    assert r.lowest_eigenvalue > -1e-10


@pytest.mark.parametrize("N, topology", [(2, "star"), (3, "chain"), (4, "star"), (4, "chain"),
                                         (5, "star")])
def test_kernel_dimension_is_one(N, topology):
    """kernel_dimension reports 1; the null space of QuTiP's full Liouvillian agrees."""
    kw = draw(11 * N + len(topology), N, topology)
    assert qbcore.kernel_dimension("equilibrium", **kw) == 1
    L = ref.ref_liouvillian("equilibrium", **kw).full()
    s = np.linalg.svd(L, compute_uv=False)
    assert s[-1] < 1e-12 * s[0] < s[-2]


def test_zero_gamma_local_is_the_collective_model():
    """gamma_local = 0 given explicitly changes nothing (the degenerate kernel stays)."""
    kw = dict(N=4, mu=2.0, T=0.7, J=1.3)
    for initial in ("ground", "mixed"):
        a = qbcore.battery_result("equilibrium", initial=initial, method="blocks", **kw)
        b = qbcore.battery_result("equilibrium", initial=initial, method="blocks",
                                  gamma_local=0.0, **kw)
        assert a.W == b.W and a.kernel == b.kernel > 1
    assert qbcore.kernel_dimension("equilibrium", gamma_local=0.0, **kw) == \
        qbcore.kernel_dimension("equilibrium", **kw) > 1


def test_unique_state_forgets_the_initial_state():
    """P0 rho(0) of QuTiP's full Liouvillian is the same from every start, and qbcore returns it
    (qbcore does not use the start where the kernel is one-dimensional, so comparing its own
    states for different starts could not fail)."""
    kw = dict(N=3, mu=2.5, T=0.8, gamma_local=0.01)
    expected = product_state(kw)
    for name, rho0 in (("ground", ref.qubit_product([0.0] * 3)), ("mixed", np.eye(8) / 8),
                       ("random", ref.random_dm(3, 5))):
        limit, kernel, _ = ref.ref_kernel_limit("equilibrium", rho0, **kw)
        assert kernel == 1
        assert np.abs(limit - expected).max() < 2e-13  # 4e-14 reached (SVD, gamma_local = 0.01)
        rho = qbcore.steady_state("equilibrium", initial=rho0 if name == "random" else name,
                                  **kw).full()
        assert np.abs(rho - expected).max() < 1e-14  # 1.2e-15 reached


def test_collapse_operators_and_liouvillian_match_the_reference():
    kw = dict(N=3, mu=1.5, T=0.6, gamma=0.7, gamma_local=0.2, J=1.1, topology="chain")
    ops = qbcore.collapse_operators(qbcore.make_parameters("equilibrium", **kw))
    assert len(ops) == 2 + 2 * 3
    L = qbcore.liouvillian(qbcore.make_parameters("equilibrium", **kw))
    assert np.abs((L - ref.ref_liouvillian("equilibrium", **kw)).full()).max() < 1e-14


BAD = [({"gamma_local": -0.1}, ValueError), ({"gamma_local": np.nan}, ValueError),
       ({"gamma_local": np.inf}, ValueError), ({"gamma_local": -np.inf}, ValueError),
       ({"gamma_local": "0.1"}, TypeError), ({"gamma_local": True}, TypeError),
       ({"gamma_local": 1j}, TypeError), ({"gamma_local": [0.1]}, TypeError)]


@pytest.mark.parametrize("extra, exc", BAD)
def test_bad_gamma_local_is_named(extra, exc):
    with pytest.raises(exc, match="gamma_local"):
        qbcore.battery_ergotropy("equilibrium", mu=1.0, T=1.0, **extra)


@pytest.mark.parametrize("value", [0.0, 0.5])
def test_gamma_local_does_not_belong_to_the_nonequilibrium_scenario(value):
    with pytest.raises(ValueError, match="gamma_local"):
        qbcore.battery_ergotropy("nonequilibrium", mu=1.0, T=1.0, gamma_local=value)
