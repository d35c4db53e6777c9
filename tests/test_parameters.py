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
    ("nonequilibrium", {**OK, "N": 99}, ValueError, "N"),
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
