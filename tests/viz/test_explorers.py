"""qbcore.viz.explorers: the specs (controls, labels that follow them, x grids fine where W
changes fast) and the live explorers' widgets, driven from Python.

The controls are set as a reader's slider would set them; the Output's figure
(a PNG), the notes, the status line and the busy state are read back.  The
same explorers in a real JupyterLab are tested in tests/clients/.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import replace

import numpy as np
import pytest

from qbcore.viz import explorers
from qbcore.viz.explorers import BUSY, Control, Explorer, ExplorerSpec, explorer_spec
from qbcore.viz.figures import figure_spec

ipywidgets = pytest.importorskip("ipywidgets")
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
    """Equilibrium: W of the long-time state does not change with gamma, which sets only how fast
    that state is reached.  Sampled on the explorer's whole domain (N = 2, 3, 4, both
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


# -- the live explorers ----------------------------------------------------------


def _png(explorer: Explorer) -> str | None:
    outputs = explorer.output.outputs
    assert len(outputs) <= 1
    return outputs[0]["data"]["image/png"] if outputs else None


def _other_value(control: Control, value):
    """Another value of the control, a few steps away."""
    if control.kind == "choice":
        return next(o for o in control.options if o != value)
    if control.kind == "int":
        return value + 1 if value < control.max else value - 1
    target = value + 5 * control.step
    return round(target if target <= control.max else value - 5 * control.step, 10)


def test_explore_returns_the_widget_with_every_control():
    spec = explorer_spec(4)
    box = explorers.explore(4)
    assert isinstance(box, ipywidgets.VBox)
    sliders = [w for row in box.children[:2] for w in row.children]
    assert [w.description for w in sliders] == [c.label for c in spec.controls]
    assert all(w.continuous_update is False for w in sliders if hasattr(w, "continuous_update"))


@pytest.mark.parametrize("number", [2, 3, 4, 5, 6])
def test_every_control_changes_the_figure_or_says_it_cannot(number):
    """From the defaults, each control moved in turn (and back).

    A control the notes call inert must leave the figure exactly as it was; every
    other control must change it.
    """
    explorer = Explorer(explorer_spec(number))
    first = _png(explorer)
    assert first is not None and explorer.status.value == ""
    for control in explorer.spec.controls:
        widget = explorer.controls[control.name]
        before, notes = _png(explorer), explorer.notes.value
        inert = control.name in explorer.spec.inert(**explorer.values())
        old = widget.value
        widget.value = _other_value(control, old)
        after = _png(explorer)
        if inert:
            assert control.label in notes and after == before, control.name
        else:
            assert after is not None and after != before, control.name
            assert "changed no curve" not in explorer.status.value
        widget.value = old
        assert _png(explorer) == first, control.name   # back where it was


def test_fig2_at_its_default_says_J_cannot_matter():
    explorer = Explorer(explorer_spec(2))
    assert "No effect at this setting: J." in explorer.notes.value
    assert "limit_population" in explorer.notes.value
    assert "No effect at this setting: N." in explorer.notes.value   # star from |g..g>, N >= 3
    assert "No effect at this setting: initial state." in explorer.notes.value   # odd N
    explorer.controls["J"].value = 0.0       # J = 0 is another physics: no claim on J there
    assert "J," not in explorer.notes.value
    explorer.controls["N"].value = 2          # star and chain coincide
    assert "topology" in explorer.notes.value


def test_a_curve_that_cannot_be_computed_drops_alone_with_its_reason():
    """Fig. 2, chain, N = 4, mixed start: the T = 0.1 curve's kernel is nearly degenerate."""
    explorer = Explorer(explorer_spec(2))
    full = _png(explorer)
    for name, value in (("N", 4), ("topology", "chain"), ("initial", "mixed"), ("J", 5.0)):
        explorer.controls[name].value = value
    status = explorer.status.value
    assert "T = 0.1: not drawn" in status and status.count("not drawn") == 1
    assert "nearly full or empty" in status     # the right reason: T = 0.1 against |mu - omega|
    assert "hopping is weak" not in status      # J = 5 against gamma = 1 is not weak
    _, data, failures = explorer.spec.compute_curves(**explorer.values())
    assert list(failures) == ["T = 0.1"] and sum(v is not None for v in data.values()) == 4
    assert _png(explorer) not in (None, full)   # the other four curves are drawn


def test_invalid_input_clears_the_figure_and_says_why():
    spec = ExplorerSpec(figure_spec(4), (Control("gamma", "γ", 1.0, 0.0, 2.0, 0.5),), points=5)
    explorer = Explorer(spec)
    assert _png(explorer) is not None
    explorer.controls["gamma"].value = 0.0
    assert _png(explorer) is None                # no stale figure under the moved slider
    assert "Invalid input" in explorer.status.value and "gamma" in explorer.status.value
    explorer.controls["gamma"].value = 1.5
    assert _png(explorer) is not None and explorer.status.value == ""


def test_a_control_that_changed_nothing_says_so():
    """Fig. 2 at J = 0: no control is claimed inert there, and the topology changes no curve."""
    explorer = Explorer(explorer_spec(2))
    explorer.controls["J"].value = 0.0
    assert "topology" not in explorer.notes.value
    explorer.controls["topology"].value = "chain"
    assert "Moving topology from star to chain changed no curve" in explorer.status.value


def test_busy_while_computing():
    seen = []

    @dataclasses.dataclass(frozen=True)
    class Recording(ExplorerSpec):
        def compute_curves(self, **values):
            if holder:
                seen.append((holder[0].status.value, holder[0].output.layout.opacity))
            return super().compute_curves(**values)

    holder: list[Explorer] = []
    base = explorer_spec(5)
    explorer = Explorer(Recording(base.figure, base.controls, base.points))
    holder.append(explorer)
    explorer.controls["mu"].value = 2.0
    assert seen == [(BUSY, "0.35")]
    assert explorer.status.value == "" and explorer.output.layout.opacity == "1"


def test_an_unexpected_error_is_shown_not_swallowed():
    @dataclasses.dataclass(frozen=True)
    class Broken(ExplorerSpec):
        def compute_curves(self, **values):
            if values["mu"] > 1.5:
                raise RuntimeError("solver exploded")
            return super().compute_curves(**values)

    base = explorer_spec(5)
    explorer = Explorer(Broken(base.figure, base.controls, base.points))
    explorer.controls["mu"].value = 2.0
    assert "RuntimeError: solver exploded" in explorer.status.value
    assert _png(explorer) is None and explorer.output.layout.opacity == "1"


def test_figure_keeps_each_curves_colour_when_one_drops():
    spec = explorer_spec(2).figure_for()
    data = spec.compute()
    from matplotlib.figure import Figure

    from qbcore.viz import style
    from qbcore.viz.figures import plot

    partial = {**data, spec.curves[0].label: None}
    ax = plot(spec, partial, ax=Figure().subplots())
    colours = [line.get_color() for line in ax.get_lines()]
    assert colours == list(style.COLORS[1:len(spec.curves)])
    assert np.allclose(ax.get_lines()[0].get_ydata(), data[spec.curves[1].label])
