"""Every bad input of SPEC.md fails fast with an error naming the parameter."""

import numpy as np
import pytest
import qutip

import qbcore

OK = dict(mu=1.0, T=1.0)

BAD = [
    # (scenario, params, exception, name that must appear in the message)
    ("sideways", OK, ValueError, "scenario"),
    ("nonequilibrium", {**OK, "topology": "ring"}, ValueError, "topology"),
    ("nonequilibrium", {**OK, "N": 1}, ValueError, "N"),
    ("nonequilibrium", {**OK, "N": 2.0}, TypeError, "N"),
    ("nonequilibrium", {**OK, "N": "3"}, TypeError, "N"),
    ("nonequilibrium", {**OK, "N": True}, TypeError, "N"),
    ("nonequilibrium", {**OK, "N": 1002}, ValueError, "N"),
    ("nonequilibrium", {"mu": 1.0, "T": -0.1}, ValueError, "T"),
    ("equilibrium", {"mu": 1.0, "T": -0.1}, ValueError, "T"),
    ("nonequilibrium", {**OK, "gamma": -1.0}, ValueError, "gamma"),
    ("nonequilibrium", {**OK, "gamma": 0.0}, ValueError, "gamma"),
    ("nonequilibrium", {**OK, "omega0": -1.0}, ValueError, "omega0"),
    ("nonequilibrium", {"mu": 1.0, "T": 1.0, "mus": [1, 2, 3]}, ValueError, "mus"),
    ("nonequilibrium", {"mus": [1, 2], "T": 1.0}, ValueError, "mus"),
    ("nonequilibrium", {"mu": 1.0, "Ts": [1, 2, 3, 4]}, ValueError, "Ts"),
    ("nonequilibrium", {"mu": 1.0, "Ts": [1, -2, 3]}, ValueError, "Ts[1]"),
    ("nonequilibrium", {"mu": 1.0, "Ts": "hot"}, TypeError, "Ts"),
    ("equilibrium", {**OK, "dmu": 1.0}, ValueError, "dmu"),
    ("equilibrium", {**OK, "mus": [1, 1, 1]}, ValueError, "mus"),
    ("equilibrium", {**OK, "Ts": [1, 1, 1]}, ValueError, "Ts"),
    ("nonequilibrium", {**OK, "temperature": 1.0}, TypeError, "temperature"),
    ("nonequilibrium", {"T": 1.0}, TypeError, "mu"),
    ("equilibrium", {"mu": 1.0}, TypeError, "T"),
    ("nonequilibrium", {**OK, "mu": "1"}, TypeError, "mu"),
    ("nonequilibrium", {**OK, "J": 1j}, TypeError, "J"),
    ("nonequilibrium", {**OK, "initial": "excited"}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.eye(4) / 4}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": qutip.qeye([2, 2]) / 4}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.diag([1.0, 0, 0, 0, 0, 0, 0, 1.0])}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.diag([2.0, 0, 0, 0, 0, 0, 0, -1.0])}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.triu(np.ones((8, 8))) / 8}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": [[1, 0], [0, 0]]}, TypeError, "initial"),
    ("nonequilibrium", {**OK, "method": "fast"}, ValueError, "method"),
]
for key in ("omega0", "omega", "gamma", "J", "mu", "T", "dmu"):
    for value in (np.nan, np.inf, -np.inf):
        BAD.append(("nonequilibrium", {**OK, key: value}, ValueError, key))


@pytest.mark.parametrize("scenario, params, exc, name", BAD)
@pytest.mark.parametrize("func", [qbcore.steady_state, qbcore.battery_ergotropy,
                                  qbcore.kernel_dimension])
def test_bad_input_is_named(func, scenario, params, exc, name):
    with pytest.raises(exc) as info:
        func(scenario, **params)
    assert name in str(info.value)


def test_forced_symmetric_method_must_apply():
    with pytest.raises(ValueError, match="method"):
        qbcore.battery_ergotropy("nonequilibrium", mu=1.0, T=1.0, topology="chain", method="symmetric")
    with pytest.raises(ValueError, match="method"):
        qbcore.battery_ergotropy("nonequilibrium", mus=[1.0, 2.0, 3.0], T=1.0, method="symmetric")


def test_validation_happens_before_numerics(monkeypatch):
    import qbcore.steady as steady

    def boom(*args, **kwargs):
        raise AssertionError("numerics ran")

    monkeypatch.setattr(steady, "solve", boom)
    with pytest.raises(ValueError):
        qbcore.steady_state("nonequilibrium", mu=1.0, T=-1.0)


# ------------------------------------------------- further checks ---

MORE_BAD = [
    ("nonequilibrium", {**OK, "N": 0}, ValueError, "N"),
    ("nonequilibrium", {**OK, "N": -3}, ValueError, "N"),
    ("nonequilibrium", {**OK, "N": np.float64(3.0)}, TypeError, "N"),
    ("nonequilibrium", {**OK, "N": None}, TypeError, "N"),
    ("equilibrium", {**OK, "N": 2.5}, TypeError, "N"),
    ("equilibrium", {**OK, "topology": "ring"}, ValueError, "topology"),
    ("equilibrium", {**OK, "topology": None}, TypeError, "topology"),
    (None, OK, TypeError, "scenario"),
    ("Equilibrium", OK, ValueError, "scenario"),
    ("equilibrium", {**OK, "gamma": 0.0}, ValueError, "gamma"),
    ("equilibrium", {**OK, "gamma": -1e-9}, ValueError, "gamma"),
    ("equilibrium", {**OK, "omega0": -1e-9}, ValueError, "omega0"),
    ("equilibrium", {"mu": 1.0, "T": -1e-300}, ValueError, "T"),
    ("equilibrium", {"T": 1.0}, TypeError, "mu"),
    ("equilibrium", {**OK, "temperature": 1.0}, TypeError, "temperature"),
    ("equilibrium", {**OK, "dmu": 0.0}, ValueError, "dmu"),
    ("nonequilibrium", {"mus": [1.0, 2.0, 3.0], "dmu": 1.0, "T": 1.0}, ValueError, "dmu"),
    ("nonequilibrium", {"mu": 1.0, "T": 1.0, "Ts": [1.0, 1.0, 1.0]}, ValueError, "Ts"),
    ("nonequilibrium", {"mus": [1.0, 2.0, 3.0]}, TypeError, "T"),
    ("nonequilibrium", {"Ts": [1.0, 2.0, 3.0]}, TypeError, "mu"),
    ("nonequilibrium", {"mus": [1.0, np.nan, 3.0], "T": 1.0}, ValueError, "mus"),
    ("nonequilibrium", {"mus": [1.0, 2.0, np.inf], "T": 1.0}, ValueError, "mus"),
    ("nonequilibrium", {"mu": 1.0, "Ts": [1.0, np.nan, 3.0]}, ValueError, "Ts"),
    ("nonequilibrium", {"mu": 1.0, "Ts": [np.inf, 1.0, 3.0]}, ValueError, "Ts"),
    ("nonequilibrium", {"mus": np.array([1.0, 2.0]), "T": 1.0}, ValueError, "mus"),
    ("nonequilibrium", {"mus": 1.0, "T": 1.0}, TypeError, "mus"),
    ("nonequilibrium", {"mus": [1.0, "2", 3.0], "T": 1.0}, TypeError, "mus"),
    ("nonequilibrium", {"N": 4, "mus": [1.0, 2.0, 3.0], "T": 1.0}, ValueError, "mus"),
    ("nonequilibrium", {"N": 2, "mu": 1.0, "Ts": [1.0, 2.0, 3.0]}, ValueError, "Ts"),
    ("nonequilibrium", {**OK, "initial": qutip.basis(8, 0)}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": qutip.Qobj(np.triu(np.ones((8, 8))) / 8)},
     ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": qutip.qeye([2, 2, 2]) / 4}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.full((8, 8), np.nan)}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.eye(8)[:, :4] / 4}, ValueError, "initial"),
    ("nonequilibrium", {**OK, "initial": np.eye(16) / 16}, ValueError, "initial"),
    ("equilibrium", {**OK, "initial": np.diag([1.5, -0.5, 0, 0, 0, 0, 0, 0])}, ValueError,
     "initial"),
    ("equilibrium", {**OK, "initial": np.eye(8, dtype=object) / 8}, TypeError, "initial"),
    ("equilibrium", {**OK, "initial": 0}, TypeError, "initial"),
    ("equilibrium", {**OK, "method": None}, TypeError, "method"),
]
for key in ("omega0", "omega", "gamma", "J", "mu", "T"):
    for value in (np.nan, np.inf, -np.inf):
        MORE_BAD.append(("equilibrium", {**OK, key: value}, ValueError, key))

# gamma_local (equilibrium only), master_equation (non-equilibrium only), omega0s
MORE_BAD += [
    ("nonequilibrium", {**OK, "gamma_local": 0.1}, ValueError, "gamma_local"),
    ("nonequilibrium", {**OK, "gamma_local": 0.0}, ValueError, "gamma_local"),
    ("equilibrium", {**OK, "gamma_local": -0.1}, ValueError, "gamma_local"),
    ("equilibrium", {**OK, "gamma_local": np.nan}, ValueError, "gamma_local"),
    ("equilibrium", {**OK, "gamma_local": np.inf}, ValueError, "gamma_local"),
    ("equilibrium", {**OK, "gamma_local": "0.1"}, TypeError, "gamma_local"),
    ("equilibrium", {**OK, "master_equation": "local"}, ValueError, "master_equation"),
    ("equilibrium", {**OK, "master_equation": "global"}, ValueError, "master_equation"),
    ("nonequilibrium", {**OK, "master_equation": "davies"}, ValueError, "master_equation"),
    ("nonequilibrium", {**OK, "master_equation": 1}, TypeError, "master_equation"),
    ("nonequilibrium", {**OK, "master_equation": "global", "omega": 2.0}, ValueError, "omega"),
    ("nonequilibrium", {**OK, "master_equation": "redfield", "omega": 1.0}, ValueError, "omega"),
    ("nonequilibrium", {**OK, "master_equation": "global", "N": 7}, ValueError, "N"),
    ("nonequilibrium", {**OK, "master_equation": "redfield", "N": 7}, ValueError, "N"),
    ("nonequilibrium", {**OK, "omega0s": [10.0, 10.0]}, ValueError, "omega0s"),
    ("equilibrium", {**OK, "omega0s": [10.0, -1.0, 10.0]}, ValueError, "omega0s"),
    ("equilibrium", {**OK, "omega0s": [10.0, np.nan, 10.0]}, ValueError, "omega0s"),
    ("nonequilibrium", {**OK, "omega0s": 10.0}, TypeError, "omega0s"),
    ("nonequilibrium", {**OK, "omega0s": [10.0] * 3, "omega0": 10.0}, ValueError, "omega0s"),
]


@pytest.fixture
def no_numerics(monkeypatch):
    """Make every entry into the numerics fail loudly."""
    import qbcore.batch as batch
    import qbcore.battery as battery
    import qbcore.solvers.blocks as blocks
    import qbcore.steady as steady

    def boom(*args, **kwargs):
        raise AssertionError("numerics ran before the input was rejected")

    for module, name in [(steady, "solve"), (blocks, "sector_nullity"), (batch, "solve"),
                         (blocks, "sector"), (batch, "sector"), (battery, "battery_states")]:
        monkeypatch.setattr(module, name, boom)


@pytest.mark.parametrize("scenario, params, exc, name", BAD + MORE_BAD)
def test_every_bad_input_is_rejected_before_numerics(no_numerics, scenario, params, exc, name):
    for func in (qbcore.make_parameters, qbcore.steady_state, qbcore.battery_ergotropy,
                 qbcore.battery_state, qbcore.battery_population, qbcore.kernel_dimension):
        with pytest.raises(exc) as info:
            func(scenario, **params)
        assert name in str(info.value), (func.__name__, str(info.value))


@pytest.mark.parametrize("call, match", [
    (lambda: qbcore.battery_ergotropy("nonequilibrium", mu=20.0, T=1.0, master_equation="global",
                                      method="dicke"), "method"),
    (lambda: qbcore.steady_state("nonequilibrium", mu=20.0, T=1.0, master_equation="redfield",
                                 method="symmetric"), "method"),
    (lambda: qbcore.kernel_dimension("nonequilibrium", mu=20.0, T=1.0,
                                     master_equation="global"), "master_equation"),
    (lambda: qbcore.collapse_operators(qbcore.make_parameters(
        "nonequilibrium", mu=20.0, T=1.0, master_equation="redfield")), "redfield"),
])
def test_master_equation_requests_that_cannot_be_met(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_new_keywords_are_stored():
    p = qbcore.make_parameters("equilibrium", mu=1.0, T=1.0, gamma_local=np.float32(0.25))
    assert p.gamma_local == 0.25 and p.master_equation == "local" and p.omega0s is None
    q = qbcore.make_parameters("nonequilibrium", mu=20.0, T=1.0, master_equation="global",
                               omega0s=np.array([9.0, 10.0, 10.0]))
    assert q.gamma_local == 0.0 and q.master_equation == "global"
    assert q.omega0s == (9.0, 10.0, 10.0) and q.omega0 == 9.0 and q.detuned
    assert q.detunings == (0.0, 1.0, 1.0)
    assert not qbcore.make_parameters("nonequilibrium", mu=1.0, T=1.0, omega0s=[4, 4, 4]).detuned


def test_valid_numpy_and_integer_types_are_accepted():
    p = qbcore.make_parameters("nonequilibrium", N=np.int64(4), mu=np.float64(1.0), dmu=2,
                               T=np.float32(0.5), gamma=1, J=0, omega0=0)
    assert p.N == 4 and isinstance(p.N, int)
    assert p.mus == (1.0, 3.0, 3.0, 3.0) and p.Ts == (0.5,) * 4
    assert p.J == 0.0 and p.omega0 == 0.0 and p.gamma == 1.0
    p = qbcore.make_parameters("nonequilibrium", N=3, mus=np.array([0.0, 1.0, 2.0]),
                               Ts=(1.0, 0.0, 2.0))
    assert p.mus == (0.0, 1.0, 2.0) and p.Ts == (1.0, 0.0, 2.0)
    rho0 = qutip.rand_dm([2, 2, 2], seed=3)
    p = qbcore.make_parameters("equilibrium", mu=1.0, T=1.0, initial=rho0)
    np.testing.assert_allclose(p.initial, rho0.full())
    with pytest.raises(ValueError):  # stored read-only
        p.initial[0, 0] = 1.0


def test_defaults_follow_the_spec():
    p = qbcore.make_parameters("nonequilibrium", mu=1.0, T=2.0)
    assert (p.N, p.omega0, p.omega, p.gamma, p.J, p.topology) == (3, 10.0, 1.0, 1.0, 1.0, "star")
    assert p.mus == (1.0, 1.0, 1.0)  # dmu = 0
    assert p.initial == "ground"
    q = qbcore.make_parameters("equilibrium", mu=1.0, T=2.0)
    assert q.mus == (1.0,) and q.Ts == (2.0,) and q.scenario == "equilibrium"


def test_mu_plus_dmu_overflow_is_rejected_up_front():
    with pytest.raises(ValueError, match="dmu"):
        qbcore.make_parameters("nonequilibrium", mu=1e308, dmu=1e308, T=1.0)
