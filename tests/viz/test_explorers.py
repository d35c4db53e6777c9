"""The explorers' specs: controls, labels that follow them, and x grids fine where W changes fast."""

import itertools
from dataclasses import replace

import numpy as np
import pytest

from qbcore.viz import explorers
from qbcore.viz.figures import figure_spec

NUMBERS = (2, 3, 4, 5, 6)


@pytest.mark.parametrize("number", NUMBERS)
def test_x_grid_spans_the_figure_and_increases(number):
    spec = explorers.explorer_spec(number)
    x = spec.figure_for().x_values
    full = figure_spec(number).x_values
    assert x == explorers.X_GRIDS[number]
    assert (x[0], x[-1]) == (full[0], full[-1])
    assert list(x) == sorted(set(x))


# Control points where W changes fast along x (besides the defaults): the
# lowest temperature, the chain, strong or weak coupling.
HARD_POINTS = {
    2: dict(J=0.5, N=4, topology="chain", initial="ground"),
    3: dict(T=0.5, J=3.0, gamma=0.3, N=4, topology="chain"),
    4: dict(mu=3.0, dmu=8.0, T=0.5, gamma=0.5, N=6, topology="star"),
    5: dict(mu=0.0, dmu=4.0, J=2.0, gamma=0.5, N=2, topology="star"),
    6: dict(mu=1.0, T=0.5, J=2.0, gamma=0.5, topology="chain"),
}


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("where", ["defaults", "hard"])
def test_x_grid_follows_W_where_it_changes_fast(number, where):
    """Linear interpolation between the grid's points stays within 0.015 of W on a fine grid
    (steps of 0.025 in mu, 0.05 otherwise; measured: at most 0.011 at these points), and
    is at least twice as close as a uniform grid of as many points."""
    spec = explorers.explorer_spec(number)
    values = {**spec.defaults(), **(HARD_POINTS[number] if where == "hard" else {})}
    x = np.asarray(spec.x_values)
    fine = np.round(np.arange(x[0], x[-1] + 1e-9, 0.025 if number == 2 else 0.05), 6)
    _, data, failures = replace(spec, x_values=tuple(fine)).compute_curves(**values)
    assert not failures
    uniform = np.linspace(x[0], x[-1], len(x))
    err = max(np.abs(np.interp(fine, x, np.interp(x, fine, w)) - w).max() for w in data.values())
    err_uniform = max(np.abs(np.interp(fine, uniform, np.interp(uniform, fine, w)) - w).max()
                      for w in data.values())
    assert err <= 0.015, err
    assert err <= err_uniform / 2, (err, err_uniform)


@pytest.mark.parametrize("number, values, label", [
    (4, dict(mu=3.0, dmu=4.0), "μ = 3, Δμ = 4"),
    (5, dict(mu=-2.0, dmu=0.5), "μ = -2, Δμ = 0.5"),
    (4, dict(mu=1.0, dmu=2.0), "μ = 1, Δμ = 2"),
])
def test_single_curve_label_names_the_current_values(number, values, label):
    spec = explorers.explorer_spec(number)
    fig, data, failures = spec.compute_curves(**{**spec.defaults(), **values})
    assert [c.label for c in fig.curves] == [label]
    assert list(data) == [label] and not failures


def test_labels_of_curves_with_own_parameters_do_not_change():
    spec = explorers.explorer_spec(3)
    fig = spec.figure_for(**{**spec.defaults(), "T": 3.0})
    assert [c.label for c in fig.curves] == [c.label for c in figure_spec(3).curves]


def test_fig2_has_no_gamma_control_because_W_does_not_depend_on_it(rng):
    """Equilibrium: gamma only scales the dissipator, so it sets how fast the long-time state is
    reached, not the state.  Sampled on the explorer's whole domain (N = 2, 3, 4, both
    topologies and starts; J, mu, T drawn at random; J = 0 included); W agrees to 1e-12
    (measured: 5e-15)."""
    import qbcore

    assert "gamma" not in {c.name for c in explorers.explorer_spec(2).controls}
    for N, topology, initial in itertools.product((2, 3, 4), ("star", "chain"), ("ground", "mixed")):
        for J in (0.0, float(rng.uniform(0.05, 5.0))):
            mu, T = float(rng.uniform(-2.0, 8.0)), float(rng.uniform(0.3, 5.0))
            w = [qbcore.battery_ergotropy("equilibrium", N=N, mu=mu, T=T, J=J, gamma=g,
                                          topology=topology, initial=initial)
                 for g in (0.1, float(rng.uniform(0.1, 5.0)), 5.0)]
            assert max(w) - min(w) < 1e-12, (N, topology, initial, J, mu, T, w)
