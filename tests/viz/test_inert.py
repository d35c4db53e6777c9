"""qbcore.viz.inert: a control said to have no effect has none, checked with the solvers.

Domain: every explorer (Figs. 2-6), settings drawn (seeded) over the explorers'
own control ranges, every choice and every N of each explorer; each claimed
control is moved to other values drawn from its range (keeping the claim's
condition: J stays nonzero, or stays 0) and every curve computed in both runs
must agree.  A curve the solver cannot certify in one of the two runs is left
out of the comparison (whether it can be certified depends on the conditioning,
which J and gamma change: Fig. 2's chain, N = 4, mixed start, T = 0.1); at most
one curve per comparison.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from qbcore.viz.explorers import explorer_spec
from qbcore.viz.inert import inert_controls

#: Largest change of W seen when an inert control moves: 4e-14 (Fig. 2), 6.4e-14 (Fig. 3),
#: 1.8e-15 (Fig. 6) ...
TOL = 2e-13
#: ... except Fig. 2's chain with N = 4 from the mixed start, whose kernel is nearly degenerate
#: (the solver's accuracy is about 1e-16 / the spectral gap): 2.2e-11 seen.
TOL_NEAR_DEGENERATE = 1e-10


def _draw(control, rng, exclude=None):
    """A value of the control from its range (another one than ``exclude``)."""
    while True:
        if control.kind == "choice":
            value = control.options[rng.integers(len(control.options))]
        elif control.kind == "int":
            value = int(rng.integers(int(control.min), int(control.max) + 1))
        else:
            steps = round((control.max - control.min) / control.step)
            value = round(control.min + control.step * int(rng.integers(steps + 1)), 10)
        if value != exclude:
            return value


def _compare(spec, values, moved):
    _, a, fail_a = spec.compute_curves(**values)
    _, b, fail_b = spec.compute_curves(**{**values, **moved})
    a, b = list(a.values()), list(b.values())   # curve by curve (labels may name the controls)
    both = [k for k in range(len(a)) if a[k] is not None and b[k] is not None]
    assert len(both) >= len(a) - 1, (values, moved, fail_a, fail_b)
    worst = max((np.abs(a[k] - b[k]).max() for k in both), default=0.0)
    near_degenerate = (spec.figure.scenario == "equilibrium" and values.get("topology") == "chain"
                       and values.get("N", 0) >= 4 and values.get("initial") != "ground")
    assert worst < (TOL_NEAR_DEGENERATE if near_degenerate else TOL), (values, moved, worst)
    return worst


def _settings(spec, rng, fixed: dict, count: int):
    """``count`` settings: every combination of the choice and integer controls, cycled,
    with the float controls drawn; ``fixed`` overrides."""
    discrete = [c for c in spec.controls if c.kind != "float"]
    combos = list(itertools.product(*[
        c.options if c.kind == "choice" else range(int(c.min), int(c.max) + 1) for c in discrete]))
    order = rng.permutation(len(combos))
    for k in range(count):
        combo = combos[order[k % len(combos)]]
        values = {c.name: _draw(c, rng) for c in spec.controls if c.kind == "float"}
        values.update({c.name: v for c, v in zip(discrete, combo)})
        yield {**values, **fixed}


def test_collective_scenario_W_is_the_same_for_every_nonzero_J(rng):
    """Fig. 2: N = 2, 3, 4, star and chain, ground and mixed start (all 12), J in [0.1, 5].

    (gamma is no control of Fig. 2: tests/viz/test_explorers.py samples W's independence of it.)
    """
    spec = explorer_spec(2)
    J = next(c for c in spec.controls if c.name == "J")
    for values in _settings(spec, rng, {}, 12):
        values["J"] = _draw(J, rng, exclude=0.0)
        expected = {"J"} | ({"topology"} if values["N"] == 2 else set()) | (
            {"N"} if values["N"] >= 3 and values["topology"] == "star"
            and values["initial"] == "ground" else set()) | (
            {"initial"} if values["N"] % 2 and values["topology"] == "star" else set())
        assert set(spec.inert(**values)) == expected, values
        _compare(spec, values, {"J": _draw(J, rng, exclude=0.0)})


def test_collective_star_from_ground_W_is_the_same_for_every_N_from_3(rng):
    """Fig. 2, star, ground start, J != 0: N = 3 and 4 (the explorer's range) agree."""
    spec = explorer_spec(2)
    J = next(c for c in spec.controls if c.name == "J")
    for N in (3, 4):
        values = {**spec.defaults(), "N": N, "J": _draw(J, rng, exclude=0.0)}
        assert "N" in spec.inert(**values)
        _compare(spec, values, {"N": 7 - N})
    assert "N" not in spec.inert(**{**spec.defaults(), "initial": "mixed"})   # N = 4 differs
    assert "N" not in spec.inert(**{**spec.defaults(), "N": 2})


def test_collective_star_with_odd_N_W_is_the_same_from_every_start(rng):
    spec = explorer_spec(2)
    J = next(c for c in spec.controls if c.name == "J")
    for initial in ("ground", "mixed"):
        values = {**spec.defaults(), "N": 3, "initial": initial, "J": _draw(J, rng, exclude=0.0)}
        assert "initial" in spec.inert(**values)
        _compare(spec, values, {"initial": "mixed" if initial == "ground" else "ground"})
    for N, topology in ((2, "star"), (4, "star"), (3, "chain")):
        assert "initial" not in spec.inert(**{**spec.defaults(), "N": N, "topology": topology})


def test_no_claim_on_J_at_J_zero_in_the_collective_scenario():
    spec = explorer_spec(2)
    values = {**spec.defaults(), "J": 0.0}
    assert "J" not in spec.inert(**values)
    _, a, _ = spec.compute_curves(**values)
    _, b, _ = spec.compute_curves(**{**values, "J": 1.0})
    assert max(np.abs(a[k] - b[k]).max() for k in a) > 0.01   # J = 0 differs


@pytest.mark.parametrize("number", [3, 5, 6])
def test_decoupled_battery_at_J_zero(number, rng):
    """Non-equilibrium, J = 0: gamma, N, topology and the bias cannot matter."""
    spec = explorer_spec(number)
    names = {c.name for c in spec.controls}
    claimed = {"gamma", "N", "topology", "dmu"} & names
    for values in _settings(spec, rng, {"J": 0.0}, 4):
        assert set(spec.inert(**values)) == claimed, values
        moved = {c.name: _draw(c, rng, exclude=values[c.name])
                 for c in spec.controls if c.name in claimed}
        _compare(spec, values, moved)


@pytest.mark.parametrize("number", [2, 3, 4, 5])
def test_topology_at_two_qubits(number, rng):
    spec = explorer_spec(number)
    for values in _settings(spec, rng, {"N": 2}, 2):
        assert "topology" in spec.inert(**values)
        _compare(spec, values, {"topology": "chain" if values["topology"] == "star" else "star"})


def test_claims_need_their_conditions():
    # a curve parameter or the x axis is not a fixed value: nothing claimed on it
    assert inert_controls("nonequilibrium", {"N": 3, "J": 0.0, "topology": "star"},
                          varying={"J"}) == {}
    assert "topology" not in inert_controls("nonequilibrium", {"N": 2, "J": 1.0},
                                            varying={"N"})
    # the non-equilibrium scenario with J != 0: gamma matters
    assert inert_controls("nonequilibrium", {"N": 3, "J": 1.0, "topology": "star"}) == {}
    # collective chain, N >= 4, mixed start: only claimed for T > 0
    chain = {"N": 4, "J": 1.0, "topology": "chain", "initial": "mixed"}
    assert inert_controls("equilibrium", {**chain, "T": 0.0}) == {}
    assert set(inert_controls("equilibrium", {**chain, "T": 0.5})) == {"J", "gamma"}
    assert set(inert_controls("equilibrium", {**chain, "T": 0.0, "initial": "ground"})) \
        == {"J", "gamma"}
    # Fig. 6: N differs from curve to curve, so the topology matters (N = 3 ... 6)
    assert "topology" not in explorer_spec(6).inert(**explorer_spec(6).defaults())


def test_gamma_matters_where_nothing_is_claimed():
    spec = explorer_spec(3)
    values = spec.defaults()
    assert spec.inert(**values) == {}
    _, a, _ = spec.compute_curves(**values)
    _, b, _ = spec.compute_curves(**{**values, "gamma": 3.0})
    assert max(np.abs(a[k] - b[k]).max() for k in a) > 0.01
