r"""Kernel-free explorers: every figure's explorer precomputed on a grid, drawn by plotly.

Most readers open the rendered book, where no Python kernel runs.  For those
pages each explorer of :mod:`qbcore.viz.explorers` is evaluated at build time on a
grid of its controls (:data:`GRIDS`: a few values of every float control, every
``N`` and every choice), and the page draws the result with plotly.js: one
slider per float or integer control, a menu per choice, hover to read values.
Moving a slider only selects another precomputed grid point, so nothing needs
a kernel or a network.  In a live kernel the ipywidgets explorer
(:func:`qbcore.viz.explorers.explore`) still recomputes for any value.

Why plotly and not an ipywidgets ``Stack`` linked to a slider by ``jslink``:

* **Several controls at once.**  Every explorer has four to six controls.  A
  ``jslink`` ties one slider to one ``Stack``; the combinations of several
  controls would need nested stacks, one per value of every control but the
  last.  Here a ten-line controller turns the positions of all controls into an
  index into the grid.
* **Numbers, not pictures.**  The grid ships as numbers (W to 3 decimals, about
  4 bytes a value) and is drawn in the browser, with hover readout and zoom; a
  ``Stack`` of ``Output`` widgets would ship one rendered image per grid point.
* **No widget state, no CDN.**  Rendered widgets need their state saved in the
  notebook and the widget manager and require.js from a CDN; plotly.js's
  basic bundle is vendored in this package (:data:`qbcore.web.assets.PLOTLY_JS`) and served
  from the built site, so pages read offline.
* **Small notebooks.**  The notebook cell stores only a short loader (stable
  across runs, so nbval compares it); the grid is written by the book build
  (:func:`qbcore.web.assets.write_assets`, called from :mod:`qbcore.web.sphinxext`) into
  ``_explorers/fig<n>.js`` beside the pages, loaded by a ``<script>`` tag so
  that it works from ``file://`` too.

Data layout of ``fig<n>.js`` (``window.qbExplorerData[n] = {...}``): the
controls with their grid values, the x grid (non-uniform where W changes fast,
see :func:`qbcore.viz.explorers.explorer_spec`), the curve labels and their
``templates`` (a label that names controls, such as ``"μ = {mu}, Δμ = {dmu}"``,
is written by the page from the displayed values), and ``W``: for every grid
point (controls in row-major order, the last control fastest), for every
curve, the values ``round(1000 W)`` on the x grid as text (:func:`encode_curve`:
about one character a value).  A curve the solver cannot
certify at a point is ``null`` there and drops alone; a point where the model
rejects the control values is ``null`` as a whole.  ``failures`` maps such a
point to ``[[curve index or -1 for all, reason index], ...]`` into
``reasons``, which the page shows in its message line.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import string
from dataclasses import replace
from typing import Any

import numpy as np

from .. import _validate as check
from . import grid_solve
from ..viz.explorers import explorer_spec
from ..viz.style import COLORS, MIN_W_SPAN, PLAIN, W_MARGIN, W_RANGE, w_limits
from .grid_data import (SCALE, curve_labels, decode_curve, encode_curve, point_curves,
                        point_index, point_reasons)

__all__ = ["GRIDS", "PAGES", "SCALE", "curve_labels", "decode_curve", "encode_curve",
           "estimated_bytes", "figure", "grid_axes", "grid_points", "payload", "point_curves",
           "point_index", "point_reasons", "precompute"]

#: Grid values of the float controls of every explorer (the default included;
#: integer and choice controls take every value).  Keys: the paper's figure
#: numbers, and ``"charging"`` (the charging curves of the dynamics page).
GRIDS: dict[int | str, dict[str, tuple]] = {
    2: dict(J=(0.0, 0.5, 1.0, 2.0, 5.0)),
    3: dict(T=(0.5, 1.0, 3.0), J=(0.3, 1.0, 3.0), gamma=(0.3, 1.0, 3.0)),
    4: dict(mu=(-2.0, 0.0, 1.0, 3.0), dmu=(0.0, 2.0, 4.0, 8.0), T=(0.5, 1.0, 2.0),
            gamma=(0.5, 1.0, 2.0)),
    5: dict(mu=(-2.0, 0.0, 1.0, 3.0), dmu=(0.0, 2.0, 4.0, 8.0), J=(0.5, 1.0, 2.0),
            gamma=(0.5, 1.0, 2.0)),
    6: dict(mu=(-2.0, 0.0, 1.0, 2.0, 4.0), T=(0.5, 1.0, 2.0), J=(0.5, 1.0, 2.0),
            gamma=(0.5, 1.0, 2.0)),
    "charging": dict(mu=(-1.0, 0.0, 1.0, 2.0), dmu=(0.0, 1.0, 2.0, 4.0), T=(0.5, 1.0, 2.0),
                     J=(0.3, 1.0, 3.0), gamma=(0.5, 1.0)),
}

#: Explorers on one page share its data budget.
PAGES: dict[str, tuple[int | str, ...]] = {
    "equilibrium": (2,), "nonequilibrium": (3, 4, 5), "n_scaling": (6,),
    "dynamics": ("charging",),
}

#: Upper bound on the explorer data of one page, in bytes (as :func:`estimated_bytes`
#: bounds it; a page loads at most 3.5 MB in all, 1.2 MB of it plotly.js).
MAX_PAGE_BYTES = 500_000

DATA_FORMAT = 2  # bump when the data layout changes (invalidates cached grids)


#: The explorers that are not a paper figure (named, not numbered).
NAMED = tuple(k for k in GRIDS if isinstance(k, str))


def check_number(number: Any) -> int | str:
    if isinstance(number, str) and number in NAMED:
        return number
    if isinstance(number, bool) or not isinstance(number, (int, np.integer)):
        raise TypeError(f"number must be an int (2 to 6) or one of {NAMED}, "
                        f"got {type(number).__name__} {number!r}")
    if int(number) not in GRIDS:
        raise ValueError(f"number must be one of 2, 3, 4, 5, 6, got {number!r}")
    return int(number)


def grid_axes(number: int) -> list[tuple[Any, tuple]]:
    """``[(control, values), ...]`` of explorer ``number`` in the controls' order."""
    spec = explorer_spec(check_number(number))
    axes = []
    for c in spec.controls:
        if c.kind == "choice":
            values = tuple(c.options)
        elif c.kind == "int":
            values = tuple(range(int(c.min), int(c.max) + 1, int(c.step)))
        else:
            values = tuple(float(v) for v in GRIDS[number][c.name])
        axes.append((c, values))
    return axes


def grid_points(number: int) -> list[dict[str, Any]]:
    """Every combination of control values, row-major (the last control fastest)."""
    axes = grid_axes(number)
    names = [c.name for c, _ in axes]
    return [dict(zip(names, combo)) for combo in itertools.product(*(v for _, v in axes))]


def precompute(number: int, processes: int | None = None,
               grid: dict[str, tuple] | None = None,
               x_values: tuple | None = None) -> dict[str, Any]:
    """The explorer's data on its whole grid, as a JSON-ready dict.

    Every (curve, x) point of the whole grid is solved in one batch
    (:mod:`qbcore.web.grid_solve`: alike points as stacked dense solves);
    ``processes`` worker processes share the points that must be solved one by
    one (default: all CPUs where there are many, else ``1``, this process).
    The charging explorer's curves are W(t), computed grid point by
    grid point (in ``processes`` workers, default all CPUs).  ``grid`` overrides
    the values of some float controls, ``x_values`` the x grid (for tests and previews); they must lie
    within the controls' ranges.
    """
    number = check_number(number)
    processes = check.workers("processes", processes)
    spec = explorer_spec(number)
    axes = grid_axes(number)
    if grid is not None:
        if not isinstance(grid, dict):
            raise TypeError(f"grid must be a dict of control name -> values, got {type(grid).__name__}")
        floats = {c.name: c for c, _ in axes if c.kind == "float"}
        for name, values in grid.items():
            if name not in floats:
                raise ValueError(f"grid: {name!r} is not a float control of Fig. {number} "
                                 f"(those are {sorted(floats)})")
            c = floats[name]
            if not values or any(not c.min <= float(v) <= c.max for v in values):
                raise ValueError(f"grid: values of {name!r} must be non-empty and within "
                                 f"[{c.min:g}, {c.max:g}], got {values!r}")
        axes = [(c, tuple(float(v) for v in grid[c.name]) if c.name in grid else v)
                for c, v in axes]
    if x_values is not None:
        if len(x_values) < 2 or list(x_values) != sorted(set(x_values)):
            raise ValueError(f"x_values must be at least two increasing values, got {x_values!r}")
        x_values = tuple(float(v) for v in x_values)
        spec = replace(spec, x_values=x_values)
    names = [c.name for c, _ in axes]
    grid_values = [dict(zip(names, combo)) for combo in itertools.product(*(v for _, v in axes))]
    if spec.figure.kind == "charging":   # W(t): each grid point's curves through qbcore.charging
        results = [(None if rows is None else [None if r is None else encode_curve(r) for r in rows],
                    why) for rows, why in grid_solve.each_point(spec, grid_values, SCALE, processes)]
    else:
        results = _batched(spec, grid_values, processes)
    fig = spec.figure_for(**spec.defaults())
    reasons: list[str] = []
    failures = {}
    for i, (_, why) in enumerate(results):
        if why:
            failures[str(i)] = [[k, _intern(reasons, text)] for k, text in sorted(why.items())]
    return {
        "format": DATA_FORMAT,
        "number": number,
        "scenario": fig.scenario,
        "title": f"{fig.title}, explorer",
        "x": {"name": fig.x, "label": _label(fig.x), "values": [float(v) for v in fig.x_values],
              "log": fig.log_x},
        "curves": [c.label for c in fig.curves],
        "templates": [_js_template(c.template, names, fig.fixed) for c in fig.curves],
        "controls": [{"name": c.name, "label": c.label, "kind": c.kind,
                      "values": list(v), "default": _start(c, v)}
                     for c, v in axes],
        "scale": SCALE,
        "y": {"bounds": list(W_RANGE), "min_span": MIN_W_SPAN, "margin": W_MARGIN},
        "W": [r for r, _ in results],
        "failures": failures,
        "reasons": reasons,
        "solves": sum(len(fig.x_values) * len(fig.curves) for r, _ in results if r is not None),
    }


def _batched(spec, grid_values: list[dict], processes: int | None) -> list[tuple]:
    """Every grid point's encoded curves and failures, all (curve, x) points solved in one batch."""
    evaluated = [grid_solve.grid_point(spec, values) for values in grid_values]
    params = [p for _, ps, _ in evaluated for p in ps]
    W, errors = grid_solve.solve(params, processes or grid_solve.default_workers(params))
    results, start = [], 0
    for points, _, message in evaluated:
        stop = start + sum(len(kws) for kws in points)
        if message:
            results.append((None, {-1: message}))
        else:
            rows, why = grid_solve.curves(points, W, errors, start, SCALE)
            results.append(([None if row is None else encode_curve(row) for row in rows], why))
        start = stop
    return results


def _start(control, values: tuple) -> int:
    """Where a control starts: at its default, or (on a grid without it) the nearest value."""
    if control.default in values:
        return values.index(control.default)
    return int(np.argmin([abs(v - control.default) for v in values]))


def _intern(table: list[str], text: str) -> int:
    """The index of ``text`` in ``table`` (appended if new): each reason is stored once."""
    if text not in table:
        table.append(text)
    return table.index(text)


def _js_template(template: str | None, controls: list[str], fixed: dict) -> str | None:
    """A curve's label template for the page: ``{name}`` for every control it names.

    Fields that name fixed parameters (not controls) are written out here.
    """
    if template is None:
        return None
    out = []
    for literal, field, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if field is None:
            continue
        if field in controls:
            if spec not in ("", "g"):
                raise ValueError(f"curve template {template!r}: the page writes {{{field}}} "
                                 f"as '{{:g}}', not '{{:{spec}}}'")
            out.append("{" + field + "}")
        else:
            out.append(format(fixed[field], spec))
    return "".join(out)


def _label(name: str) -> str:
    """Plain-text axis label (plotly draws no TeX without MathJax 2)."""
    return PLAIN.get(name, name)


#: The hover text of every point (the curve's name is added as the trace's ``<extra>``).
def _hover(x_label: str) -> str:
    return f"{html.escape(x_label)} = %{{x:.3g}}<br>W = %{{y:.3f}}"


def figure(data: dict[str, Any], **values: Any):
    """A plotly figure of one grid point (the page's starting view; defaults if no values)."""
    import plotly.graph_objects as go

    values = {c["name"]: values.get(c["name"], c["values"][c["default"]]) for c in data["controls"]}
    curves = point_curves(data, **values) or dict.fromkeys(curve_labels(data, **values))
    x = data["x"]
    fig = go.Figure()
    for k, (label, w) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(
            x=x["values"], y=[None] * len(x["values"]) if w is None else list(w), mode="lines",
            name=label, line={"width": 2, "color": COLORS[k % len(COLORS)]},
            hovertemplate=f"{_hover(x['label'])}<extra>{html.escape(label)}</extra>"))
    drawn = [w for w in curves.values() if w is not None]
    log = x.get("log", False)
    ends = [x["values"][0], x["values"][-1]]
    fig.update_layout(
        xaxis={"title": {"text": x["label"] + (" (units of 1/γ)" if x["name"] == "t" else "")},
               "type": "log" if log else "linear",
               "range": [math.log10(v) for v in ends] if log else ends},
        yaxis={"title": {"text": "W (normalised ergotropy)"}, "range": list(w_limits(drawn))},
        showlegend=len(curves) > 1,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        margin={"l": 60, "r": 16, "t": 40, "b": 50},
        template="plotly_white", hovermode="closest")
    return fig


def payload(data: dict[str, Any]) -> str:
    """The data file's text: the grid, the starting layout and traces, as one JS statement."""
    fig = figure(data).to_plotly_json()
    body = dict(data, layout=fig["layout"], hover=_hover(data["x"]["label"]),
                traces=[{k: v for k, v in t.items() if k not in ("x", "y", "name", "hovertemplate")}
                        for t in fig["data"]])
    text = json.dumps(body, separators=(",", ":"), allow_nan=False, default=_json_default)
    return ("window.qbExplorerData = window.qbExplorerData || {};\n"
            f"window.qbExplorerData[{json.dumps(data['number'])}] = {text};\n")


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


#: Bytes of a data file that do not grow with the grid: layout, traces, labels (a bound).
FIXED_BYTES = 32_768


def estimated_bytes(number: int, n_points: int | None = None) -> int:
    """An upper bound on the data file's size, without solving anything.

    A value takes at most three characters (:func:`encode_curve` of a step of
    at most ``SCALE``), plus quotes and a comma per curve and brackets per
    point, plus :data:`FIXED_BYTES`.  ``n_points`` grid points (default: the
    whole grid).  Failed curves and points are not counted: their entries in
    ``failures`` are shorter than the values they replace (the few distinct
    ``reasons`` fit in :data:`FIXED_BYTES`).
    """
    number = check_number(number)
    fig = explorer_spec(number).figure_for()
    if n_points is None:
        n_points = math.prod(len(v) for _, v in grid_axes(number))
    per_curve = 3 * len(fig.x_values) + 3
    return n_points * (len(fig.curves) * per_curve + 3) + FIXED_BYTES
