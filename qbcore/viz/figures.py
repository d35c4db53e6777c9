r"""The paper's figures as data: one declarative spec per figure, and its rendering.

A :class:`FigureSpec` names the scenario, the swept parameter and its grid, the
curves (each a set of parameters) and the fixed parameters.
:meth:`FigureSpec.compute` evaluates :math:`\mathcal{W}` on the grid (through
:func:`qbcore.sweep`, or, for the charging curves ``figure_spec("charging")``,
:math:`\mathcal{W}(t)` through :func:`qbcore.charging`), :func:`plot` draws it with matplotlib, and
:func:`draw_network` draws Fig. 1 from the model's own edge list.  The
explorers (:mod:`qbcore.viz.explorers`) reuse the same specs with other fixed
parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..network import edges
from ..sweeps import sweep
from . import style

#: The paper's fixed parameters (caption of Fig. 2).
PAPER = dict(N=3, omega0=10.0, omega=1.0, gamma=1.0, J=1.0, topology="star")


@dataclass(frozen=True)
class Curve:
    """One curve: a legend label and the parameters that distinguish it.

    ``template``, if given, writes the label from the figure's parameters
    (``str.format`` fields such as ``{mu:g}``): a curve whose label names fixed
    parameters is relabelled when they change (:meth:`FigureSpec.with_fixed`).
    """

    label: str
    params: dict = field(default_factory=dict)
    template: str | None = None

    def labelled(self, fixed: dict) -> "Curve":
        """The curve with its label written from ``fixed`` (and its own parameters)."""
        if self.template is None:
            return self
        return replace(self, label=self.template.format(**{**fixed, **self.params}))


@dataclass(frozen=True)
class FigureSpec:
    """Everything needed to recompute and redraw one figure of the paper.

    Attributes
    ----------
    number : int or str
        The paper's figure number, or the name of a figure of the book's own
        (``"charging"``).
    scenario : {"equilibrium", "nonequilibrium"}
    x : str
        The swept parameter.
    x_values : tuple of float
        Its grid.
    curves : tuple of Curve
        The curves; their parameters override ``fixed``.
    fixed : dict
        Parameters common to every curve (the paper's defaults included).
    caption : str
        What the figure shows.
    kind : {"sweep", "charging"}
        ``W`` against a parameter, or ``W(t)`` against the time ``x = "t"``
        (logarithmic axis).
    """

    number: int | str
    scenario: str
    x: str
    x_values: tuple
    curves: tuple
    fixed: dict
    caption: str
    kind: str = "sweep"

    @property
    def log_x(self) -> bool:
        """Is the x axis logarithmic (the charging curves)?"""
        return self.kind == "charging"

    @property
    def title(self) -> str:
        name = f"Fig. {self.number}" if isinstance(self.number, int) else str(self.number).capitalize()
        return f"{name} ({self.scenario})"

    def with_fixed(self, **changes: Any) -> "FigureSpec":
        """The same figure with some fixed parameters changed (curve labels follow them)."""
        fixed = {**self.fixed, **changes}
        return replace(self, fixed=fixed, curves=tuple(c.labelled(fixed) for c in self.curves))

    def compute_curve(self, curve: Curve, progress: bool = False) -> np.ndarray:
        r""":math:`\mathcal{W}` of one curve on the grid."""
        params = {k: v for k, v in {**self.fixed, **curve.params}.items() if k != self.x}
        if self.kind == "charging":
            from ..dynamics import charging
            return charging(self.scenario, np.asarray(self.x_values), **params)
        return sweep(self.scenario, self.x, np.asarray(self.x_values), progress=progress,
                     **params)

    def compute(self, progress: bool = False) -> dict[str, np.ndarray]:
        r""":math:`\mathcal{W}` on the grid for every curve: ``{label: W}``."""
        return {c.label: self.compute_curve(c, progress) for c in self.curves}


#: The label of a single curve at base chemical potential mu and bias dmu.
_MU_DMU = "μ = {mu:g}, Δμ = {dmu:g}"


def _grid(start: float, stop: float, num: int) -> tuple:
    return tuple(np.round(np.linspace(start, stop, num), 10))


def figure_spec(number: int | str) -> FigureSpec:
    r"""The spec of the paper's figure ``number`` (2 to 6) with our chosen ranges, or ``"charging"``.

    ``"charging"``: :math:`\mathcal{W}(t)` from ``|g..g>`` at the paper's
    parameters of Fig. 4 (``mu = 1``, ``dmu = 2``, ``T = 1``) for stars of
    ``N = 2, 3, 5, 11`` qubits, 41 times from ``0.01`` to ``100`` (units of
    ``1/gamma``) on a logarithmic grid.
    """
    if number == "charging":
        return FigureSpec(
            "charging", "nonequilibrium", "t",
            tuple(float(f"{t:.4g}") for t in np.geomspace(0.01, 100.0, 41)),
            tuple(Curve(f"N = {N}", {"N": N}) for N in (2, 3, 5, 11)),
            {**{k: v for k, v in PAPER.items() if k != "N"}, "mu": 1.0, "dmu": 2.0, "T": 1.0},
            "Charging: ergotropy against time from the empty network, for several sizes N.",
            kind="charging")
    if number == 2:
        return FigureSpec(
            2, "equilibrium", "mu", _grid(-2.0, 8.0, 101),
            tuple(Curve(f"T = {T:g}", {"T": T}) for T in (0.1, 0.5, 1.0, 2.0, 5.0)),
            dict(PAPER),
            "Equilibrium: normalised ergotropy against the chemical potential for several temperatures.")
    if number == 3:
        return FigureSpec(
            3, "nonequilibrium", "dmu", _grid(0.0, 20.0, 81),
            tuple(Curve(f"μ = {mu:g}", {"mu": mu}) for mu in (-2.0, 0.0, 1.0, 2.0, 4.0, 8.0)),
            {**PAPER, "T": 1.0},
            "Non-equilibrium: ergotropy against the bias Δμ for several base chemical potentials μ.")
    if number == 4:
        return FigureSpec(
            4, "nonequilibrium", "J", _grid(0.0, 5.0, 101),
            (Curve("μ = 1, Δμ = 2", {}, template=_MU_DMU),),
            {**PAPER, "mu": 1.0, "dmu": 2.0, "T": 1.0},
            "Non-equilibrium: ergotropy against the hopping J.")
    if number == 5:
        return FigureSpec(
            5, "nonequilibrium", "T", _grid(0.0, 10.0, 101),
            (Curve("μ = 1, Δμ = 2", {}, template=_MU_DMU),),
            {**PAPER, "mu": 1.0, "dmu": 2.0},
            "Non-equilibrium: ergotropy against the temperature T.")
    if number == 6:
        return FigureSpec(
            6, "nonequilibrium", "dmu", _grid(0.0, 20.0, 81),
            tuple(Curve(f"N = {N}", {"N": N}) for N in (2, 3, 4, 5, 6)),
            {**{k: v for k, v in PAPER.items() if k != "N"}, "mu": 0.0, "T": 1.0},
            "Non-equilibrium: ergotropy against the bias Δμ for several network sizes N.")
    raise ValueError("number must be one of 2, 3, 4, 5, 6 or 'charging' (Fig. 1 is drawn by "
                     f"draw_network), got {number!r}")


def plot(spec: FigureSpec, data: dict[str, np.ndarray | None] | None = None, ax=None):
    """Draw a figure spec (computing it if ``data`` is not given); returns the Axes.

    A curve whose data is ``None`` (it could not be computed) is left out; every
    curve keeps its own colour, so the others do not change colour.
    """
    if data is None:
        data = spec.compute()
    if ax is None:
        _, ax = style.new_axes()
    x = np.asarray(spec.x_values)
    for k, curve in enumerate(spec.curves):
        if data[curve.label] is not None:
            ax.plot(x, data[curve.label], label=curve.label, lw=2,
                    color=style.COLORS[k % len(style.COLORS)])
    if spec.log_x:
        ax.set_xscale("log")
    return style.finish(ax, spec.x, "W", xlim=(x[0], x[-1]),
                        ylim=style.w_limits([data[c.label] for c in spec.curves]),
                        legend=len(spec.curves) > 1, title=spec.title)


#: Nodes per row of a chain drawing; longer chains turn back (a serpentine).
CHAIN_ROW = 5

#: Radius of a node, in units of the distance between neighbouring nodes.
NODE_RADIUS = 0.3


def node_positions(N: int, topology: str) -> np.ndarray:
    """Plane coordinates of the qubits for :func:`draw_network` (battery first).

    Neighbouring qubits are at least 1 apart, whatever ``N``: the star's
    ancillas sit on a ring that grows with their number, and a chain longer
    than :data:`CHAIN_ROW` turns back on itself, row below row.
    """
    if topology == "star":
        M = N - 1
        radius = 1.0 if M < 6 else 0.5 / np.sin(np.pi / M)  # neighbours on the ring 1 apart
        angles = np.pi / 2 + 2 * np.pi * np.arange(M) / max(M, 1)
        ring = radius * np.column_stack([np.cos(angles), np.sin(angles)])
        return np.vstack([[0.0, 0.0], ring])
    k = np.arange(N)
    row, col = divmod(k, CHAIN_ROW)
    col = np.where(row % 2 == 0, col, CHAIN_ROW - 1 - col)  # odd rows run backwards
    if N <= CHAIN_ROW:
        col = k
    return np.column_stack([col.astype(float), -1.2 * row.astype(float)])


def _points_per_unit(ax) -> float:
    """Display points per data unit of an equal-aspect Axes (after its limits are set)."""
    fig = ax.figure
    box = ax.get_position()
    width_pt = box.width * fig.get_figwidth() * 72
    height_pt = box.height * fig.get_figheight() * 72
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return min(width_pt / (x1 - x0), height_pt / (y1 - y0))


def draw_network(N: int, topology: str = "star", ax=None):
    """Fig. 1 drawn from :func:`qbcore.edges`: battery (qubit 0) and ancillas.

    Legible at every ``N``: nodes never touch (see :func:`node_positions`),
    and the labels scale with the drawing (at most 11 pt).  Every bond carries
    its ``J`` beside it, alternately on either side along a chain.
    """
    from matplotlib.patches import Circle

    if ax is None:
        _, ax = style.new_axes(4.0, 4.0)
    pos = node_positions(N, topology)
    ax.set_aspect("equal")
    lo = pos.min(axis=0) - 0.6
    hi = pos.max(axis=0) + 0.6
    if topology == "chain":  # a short chain is drawn at the scale of a full row
        centre, half = 0.5 * (lo[0] + hi[0]), max(hi[0] - lo[0], CHAIN_ROW + 0.2) / 2
        lo[0], hi[0] = centre - half, centre + half
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(min(lo[1], -1.0), max(hi[1], 1.0))
    ax.axis("off")
    ax.set_title(f"{topology}, N = {N}", fontsize="medium")
    # text as tall as ~ 0.8 of a node radius, within [6, 11] pt
    size = float(np.clip(0.8 * NODE_RADIUS * _points_per_unit(ax), 6.0, 11.0))
    for k, (a, b) in enumerate(edges(N, topology)):
        ax.plot(*pos[[a, b]].T, color="0.4", lw=2, zorder=1)
        d = pos[b] - pos[a]
        normal = np.array([-d[1], d[0]]) / np.hypot(*d)
        if topology == "chain" and k % 2 == 1:
            normal = -normal
        if topology == "star":  # beside the spoke, nearer the ancilla, where there is room
            anchor = pos[a] + 0.6 * d
        else:
            anchor = pos[[a, b]].mean(axis=0)
        ax.text(*(anchor + 0.2 * normal), "$J$", fontsize=size, color="0.2",
                ha="center", va="center", zorder=3)
    for i, (x, y) in enumerate(pos):
        ax.add_patch(Circle((x, y), NODE_RADIUS, facecolor="tab:orange" if i == 0 else "tab:blue",
                            edgecolor="k", zorder=2))
        ax.text(x, y, "B" if i == 0 else str(i), ha="center", va="center", fontsize=size,
                color="white", weight="bold", zorder=3)
    return ax
