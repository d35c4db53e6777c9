"""Interactive explorers: a figure spec plus sliders, as a declarative spec.

An :class:`ExplorerSpec` lists the controls (name, range, default) of one paper
figure; :meth:`ExplorerSpec.compute` turns control values into the figure's
data, and :func:`explore` wraps both in ipywidgets for a live kernel.  Nothing
here knows physics beyond the figure specs, so the same specs can be
precomputed on a grid for pages without a kernel (:mod:`qbcore.web`).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..parameters import make_parameters
from ..solvers import UnphysicalStateError
from .figures import FigureSpec, figure_spec, plot
from .inert import inert_controls


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
    """A figure, the controls that change its fixed parameters, and its x grid.

    ``points`` thins the figure's x grid so that a live update stays fast (and
    the grids precomputed for the book, :mod:`qbcore.web.static_explorers`, small);
    ``x_values``, if given, is the x grid instead (non-uniform: fine where W
    changes fast, coarse elsewhere).
    """

    figure: FigureSpec
    controls: tuple
    points: int = 41
    x_values: tuple | None = None

    def defaults(self) -> dict[str, Any]:
        return {c.name: c.default for c in self.controls}

    def figure_for(self, **values: Any) -> FigureSpec:
        """The figure with the control values as fixed parameters (validated)."""
        spec = self.figure.with_fixed(**values)
        if self.x_values is not None:
            x = tuple(self.x_values)
        else:
            grid = np.asarray(spec.x_values)
            idx = np.unique(np.linspace(0, len(grid) - 1, min(self.points, len(grid))).round().astype(int))
            x = tuple(grid[idx])
        spec = replace(spec, x_values=x)
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

    def inert(self, **values: Any) -> dict[str, str]:
        """Controls that cannot change the figure at these values: ``{name: reason}``.

        A control counts when it cannot change any curve
        (:func:`qbcore.viz.inert.inert_controls`, curve by curve).
        """
        spec = self.figure.with_fixed(**values)
        per_curve = [inert_controls(spec.scenario, {**spec.fixed, **c.params}, varying={spec.x})
                     for c in spec.curves]
        return {c.name: per_curve[0][c.name] for c in self.controls
                if all(c.name in found for found in per_curve)}


def _float(name, label, default, lo, hi, step):
    return Control(name, label, float(default), float(lo), float(hi), float(step))


_TOPOLOGY = Control("topology", "topology", "star", options=("star", "chain"))
_N = Control("N", "N", 3, 2, 6, 1)


#: The explorers' x grids: fine where W changes fast, coarse where it is flat.
#: Each is the smallest set of points of a fine grid (steps of 0.025 in mu,
#: 0.05 otherwise) that a greedy refinement needed for linear interpolation
#: between them to stay within 0.01 of W on every curve at 49 control points
#: (the defaults and 48 drawn at random from the precomputed grid of
#: :mod:`qbcore.web.static_explorers`); Fig. 2 adds mu = -1, 0, 0.5, where W is 0,
#: so that hover finds values there.  W changes fast at the onset of
#: ergotropy (mu just above omega = 1 in Fig. 2; the kink of
#: max(0, 2 p_e - 1) at a control-dependent bias in Figs. 3 and 6) and at small J
#: and T (Figs. 4 and 5).  The charging explorer takes 21 of its figure's
#: logarithmically spaced times.
X_GRIDS: dict[int, tuple[float, ...]] = {
    2: (-2.0, -1.0, 0.0, 0.5, 1.0, 1.025, 1.05, 1.075, 1.1, 1.125, 1.175, 1.225, 1.3, 1.4,
        1.525, 1.65, 1.8, 1.975, 2.15, 2.375, 2.85, 3.275, 3.775, 4.325, 4.975, 6.35, 8.0),
    3: (0.0, 0.35, 0.6, 0.9, 1.2, 1.25, 1.3, 1.4, 1.45, 1.6, 1.8, 1.95, 2.15, 2.65, 3.3, 3.35,
        3.45, 3.55, 3.65, 3.8, 4.1, 4.3, 4.6, 4.8, 5.3, 5.9, 6.45, 7.05, 8.1, 8.8, 10.75, 14.35,
        20.0),
    4: (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.4, 0.55, 0.65, 0.85, 1.1, 1.4, 1.6, 1.75, 1.95, 2.55,
        3.2, 4.0, 5.0),
    5: (0.0, 0.15, 0.25, 0.4, 0.5, 0.6, 0.8, 1.2, 1.6, 2.05, 2.55, 3.15, 4.3, 5.75, 7.75, 10.0),
    6: (0.0, 0.35, 0.6, 0.9, 1.25, 1.35, 1.45, 1.5, 1.6, 1.7, 1.85, 1.95, 2.15, 2.3, 2.6, 3.05,
        3.5, 3.55, 3.65, 3.8, 3.9, 4.2, 4.55, 4.9, 5.1, 5.8, 6.95, 8.05, 9.4, 12.8, 20.0),
}


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
        # no gamma: in equilibrium it only sets how fast the long-time state is reached
        # (W does not depend on it; tests/viz/test_explorers.py samples this)
        2: (J, Control("N", "N", 3, 2, 4, 1), _TOPOLOGY,
            Control("initial", "initial state", "ground", options=("ground", "mixed"))),
        3: (T, J, gamma, _N, _TOPOLOGY),
        4: (mu, dmu, T, gamma, _N, _TOPOLOGY),
        5: (mu, dmu, J, gamma, _N, _TOPOLOGY),
        6: (_float("mu", "μ", 0.0, -4.0, 10.0, 0.1), T, J, gamma, _TOPOLOGY),
        # W(t) of stars up to N = 11: the star's Dicke basis (a chain of 11 has no symmetry)
        "charging": (mu, dmu, T, J, gamma),
    }[number]
    return ExplorerSpec(fig, controls, x_values=X_GRIDS.get(number), points=21)


def _figure_output(fig_spec: FigureSpec, data: dict) -> dict:
    """The figure as one Output display item (a PNG), drawn without pyplot's global state."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 4.0))
    plot(fig_spec, data, ax=fig.subplots())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                     "text/plain": f"<Fig. {fig_spec.number}: {len(fig_spec.curves)} curves>"}}


def _same(a: dict, b: dict | None) -> bool:
    """Whether two computations gave the same curves (to 1e-12), failed curves included."""
    if b is None or a.keys() != b.keys():
        return False
    return all((a[k] is None) == (b[k] is None)
               and (a[k] is None or np.allclose(a[k], b[k], rtol=0.0, atol=1e-12)) for k in a)


def _html(lines: list[str], color: str) -> str:
    return "".join(f"<div style='color:{color}'>{html.escape(line)}</div>" for line in lines)


BUSY = "<span class='qb-busy'>⏳ computing …</span>"


class Explorer:
    """A live explorer: its controls, notes, status line and figure (see :func:`explore`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display.
    controls : dict
        ``{control name: slider or dropdown}``.
    notes : ipywidgets.HTML
        The controls that cannot change the figure at the current setting, and why.
    status : ipywidgets.HTML
        "computing …" while an update runs; then the curves that could not be
        computed (and why), invalid input, or a control that changed nothing.
    output : ipywidgets.Output
        The figure (a PNG); emptied when nothing can be drawn.
    """

    def __init__(self, spec: ExplorerSpec):
        import ipywidgets as widgets

        self.spec = spec
        self.controls = {}
        for c in spec.controls:
            if c.kind == "choice":
                w = widgets.Dropdown(options=list(c.options), value=c.default, description=c.label)
            elif c.kind == "int":
                w = widgets.IntSlider(value=c.default, min=int(c.min), max=int(c.max),
                                      step=int(c.step), description=c.label,
                                      continuous_update=False)
            else:
                w = widgets.FloatSlider(value=c.default, min=c.min, max=c.max, step=c.step,
                                        description=c.label, continuous_update=False)
            self.controls[c.name] = w
        self.notes = widgets.HTML()
        self.status = widgets.HTML()
        self.output = widgets.Output(layout=widgets.Layout(min_height="300px"))
        self._last: tuple[dict, dict] | None = None
        boxes = list(self.controls.values())
        self.widget = widgets.VBox([widgets.HBox(boxes[:3]), widgets.HBox(boxes[3:]),
                                    self.notes, self.status, self.output])
        for w in self.controls.values():
            w.observe(self.update, names="value")
        self.update()

    def values(self) -> dict[str, Any]:
        return {name: w.value for name, w in self.controls.items()}

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def update(self, change=None) -> None:
        """Recompute and redraw for the current control values."""
        values = self.values()
        self.status.value = BUSY
        self.output.layout.opacity = "0.35"   # the previous figure, dimmed while computing
        try:
            try:
                inert = self.spec.inert(**values)
                fig_spec, data, failures = self.spec.compute_curves(**values)
            except (ValueError, TypeError) as exc:
                self._fail(f"Invalid input: {exc}")
                return
            except Exception as exc:  # a bug: shown where the reader looks, not in a log
                self._fail(f"Cannot compute this figure: {type(exc).__name__}: {exc}")
                return
            reasons: dict[str, list[str]] = {}
            for name, why in inert.items():
                reasons.setdefault(why, []).append(self._label(name))
            self.notes.value = _html([f"No effect at this setting: {', '.join(names)}. Why: {why}."
                                      for why, names in reasons.items()], "#555")
            drawn = any(v is not None for v in data.values())
            self.output.outputs = (_figure_output(fig_spec, data),) if drawn else ()
            lines = [f"{label}: not drawn, cannot be computed reliably here: {why}"
                     for label, why in failures.items()]
            moved = change["owner"] if change is not None else None
            name = next((n for n, w in self.controls.items() if w is moved), None)
            unchanged = []
            if (name is not None and name not in inert and self._last is not None
                    and _same(data, self._last[1])):
                unchanged.append(f"Moving {self._label(name)} from {self._last[0][name]} to "
                                 f"{values[name]} changed no curve (to 1e-12) at this setting.")
            self.status.value = _html(lines, "#b00") + _html(unchanged, "#555")
            self._last = (values, data)
        finally:
            self.output.layout.opacity = "1"

    def _fail(self, message: str) -> None:
        """No figure (the previous one would be stale), and why."""
        self.output.outputs = ()
        self.notes.value = ""
        self.status.value = _html([message], "#b00")
        self._last = None

    def _label(self, name: str) -> str:
        return next(c.label for c in self.spec.controls if c.name == name)


def explore(spec: ExplorerSpec | int):
    """A live ipywidgets explorer of a paper figure: controls, notes, status and the figure.

    Returns the explorer's widget (display it, or leave it as a cell's last
    expression); :class:`Explorer` gives access to its parts.  Each change of a
    control recomputes every curve: a curve that cannot be computed is left
    out and the status line says why; invalid combinations show the model's
    message and no figure; "computing …" shows while an update runs; a control
    that cannot change the figure at the current setting says so
    (:mod:`qbcore.viz.inert`).
    """
    return Explorer(explorer_spec(spec) if isinstance(spec, (int, str)) else spec).widget
