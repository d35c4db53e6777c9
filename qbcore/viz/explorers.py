"""Interactive explorers: a figure spec plus sliders, as a declarative spec.

An :class:`ExplorerSpec` lists the controls (name, range, default) of one paper
figure; :meth:`ExplorerSpec.compute` turns control values into the figure's
data, and :func:`explore` wraps both in ipywidgets for a live kernel.  Nothing
here knows physics beyond the figure specs, so the same specs can be
precomputed on a grid for pages without a kernel (:mod:`qbcore.web`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..parameters import make_parameters
from ..solvers import UnphysicalStateError
from . import style
from .figures import FigureSpec, figure_spec, plot


@dataclass(frozen=True)
class Control:
    """One control: a float or integer slider, or a choice among options."""

    name: str
    label: str
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple | None = None

    @property
    def kind(self) -> str:
        if self.options is not None:
            return "choice"
        return "int" if isinstance(self.default, int) else "float"


@dataclass(frozen=True)
class ExplorerSpec:
    """A figure, the controls that change its fixed parameters, and a grid size.

    ``points`` thins the figure's x grid so that a live update stays fast (and
    the grids precomputed for the book, :mod:`qbcore.web.static_explorers`, small).
    """

    figure: FigureSpec
    controls: tuple
    points: int = 41

    def defaults(self) -> dict[str, Any]:
        return {c.name: c.default for c in self.controls}

    def figure_for(self, **values: Any) -> FigureSpec:
        """The figure with the control values as fixed parameters (validated)."""
        spec = self.figure.with_fixed(**values)
        x = np.asarray(spec.x_values)
        idx = np.unique(np.linspace(0, len(x) - 1, min(self.points, len(x))).round().astype(int))
        spec = replace(spec, x_values=tuple(x[idx]))
        for curve in spec.curves:  # fail fast with the model's own message
            params = {k: v for k, v in {**spec.fixed, **curve.params}.items() if k != spec.x}
            swept = {} if spec.kind == "charging" else {spec.x: float(spec.x_values[0])}
            make_parameters(spec.scenario, **{**params, **swept})
        return spec

    def compute(self, **values: Any) -> tuple[FigureSpec, dict[str, np.ndarray]]:
        """The figure and its data for the given control values (raises if any curve fails)."""
        spec = self.figure_for(**values)
        return spec, spec.compute()

    def compute_curves(self, **values: Any) -> tuple[FigureSpec, dict, dict[str, str]]:
        """Like :meth:`compute`, curve by curve: a curve that cannot be computed drops alone.

        Returns ``(spec, data, failures)``: ``data[label]`` is the curve (``None``
        where it failed) and ``failures[label]`` the model's reason.  Invalid
        control values still raise ``ValueError``/``TypeError`` (they concern
        every curve).
        """
        spec = self.figure_for(**values)
        data, failures = {}, {}
        for curve in spec.curves:
            try:
                data[curve.label] = spec.compute_curve(curve)
            except UnphysicalStateError as exc:
                data[curve.label] = None
                failures[curve.label] = str(exc)
        return spec, data, failures


def _float(name, label, default, lo, hi, step):
    return Control(name, label, float(default), float(lo), float(hi), float(step))


_TOPOLOGY = Control("topology", "topology", "star", options=("star", "chain"))
_N = Control("N", "N", 3, 2, 6, 1)


def explorer_spec(number: int | str) -> ExplorerSpec:
    """The explorer of the paper's figure ``number`` (2 to 6), or of the charging curves."""
    fig = figure_spec(number)
    J = _float("J", "J", 1.0, 0.0, 5.0, 0.1)
    gamma = _float("gamma", "γ", 1.0, 0.1, 5.0, 0.1)
    T = _float("T", "T", 1.0, 0.0, 5.0, 0.1)
    mu = _float("mu", "μ", 1.0, -4.0, 10.0, 0.1)
    dmu = _float("dmu", "Δμ", 2.0, -4.0, 20.0, 0.1)
    controls = {
        # the collective chain has no symmetry to exploit: N <= 4 keeps it live
        2: (J, gamma, Control("N", "N", 3, 2, 4, 1), _TOPOLOGY,
            Control("initial", "initial state", "ground", options=("ground", "mixed"))),
        3: (T, J, gamma, _N, _TOPOLOGY),
        4: (mu, dmu, T, gamma, _N, _TOPOLOGY),
        5: (mu, dmu, J, gamma, _N, _TOPOLOGY),
        6: (_float("mu", "μ", 0.0, -4.0, 10.0, 0.1), T, J, gamma, _TOPOLOGY),
        # W(t) of stars up to N = 11: the star's Dicke basis (a chain of 11 has no symmetry)
        "charging": (mu, dmu, T, J, gamma),
    }[number]
    return ExplorerSpec(fig, controls, points=21)


def explore(spec: ExplorerSpec | int):
    """A live ipywidgets explorer: controls, a message line and the figure.

    Returns the widget (display it, or leave it as a cell's last expression).
    Invalid combinations, and parameters where the solver cannot certify a
    physical state, show the model's message instead of a traceback.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    if isinstance(spec, (int, str)):
        spec = explorer_spec(spec)
    inputs = {}
    for c in spec.controls:
        if c.kind == "choice":
            inputs[c.name] = widgets.Dropdown(options=list(c.options), value=c.default,
                                              description=c.label)
        elif c.kind == "int":
            inputs[c.name] = widgets.IntSlider(value=c.default, min=int(c.min), max=int(c.max),
                                               step=int(c.step), description=c.label,
                                               continuous_update=False)
        else:
            inputs[c.name] = widgets.FloatSlider(value=c.default, min=c.min, max=c.max,
                                                 step=c.step, description=c.label,
                                                 continuous_update=False)
    message = widgets.HTML()
    out = widgets.Output()

    def update(_=None):
        values = {name: w.value for name, w in inputs.items()}
        try:
            fig_spec, data = spec.compute(**values)
        except (ValueError, TypeError) as exc:
            message.value = f"<span style='color:#b00'>Invalid input: {exc}</span>"
            return
        except UnphysicalStateError as exc:
            message.value = f"<span style='color:#b00'>Cannot compute reliably here: {exc}</span>"
            return
        message.value = ""
        with out:
            out.clear_output(wait=True)
            _, ax = style.new_axes()
            plot(fig_spec, data, ax=ax)
            plt.show()

    for w in inputs.values():
        w.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HBox(list(inputs.values())[:3]),
                        widgets.HBox(list(inputs.values())[3:]), message, out])
    return box
