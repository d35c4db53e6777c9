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
  notebook and the widget manager and require.js from a CDN; plotly.js ships
  inside the plotly wheel (``plotly/package_data/plotly.min.js``) and is
  served from the built site, so pages read offline.
* **Small notebooks.**  The notebook cell stores only a short loader (stable
  across runs, so nbval compares it); the grid is written by the book build
  (:func:`write_assets`, called from :mod:`qbcore.web.sphinxext`) into
  ``_explorers/fig<n>.js`` beside the pages, loaded by a ``<script>`` tag so
  that it works from ``file://`` too.

Data layout of ``fig<n>.js`` (``window.qbExplorerData[n] = {...}``): the
controls with their grid values, the x grid, the curve labels, and ``W``: for
every grid point (controls in row-major order, the last control fastest), for
every curve, the values ``round(1000 W)`` on the x grid; a grid point where the
model rejects the parameters or the solver cannot certify a physical state has
``null`` and a message in ``messages``.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from .. import _validate as check
from ..solvers import UnphysicalStateError
from ..viz.explorers import explorer_spec
from ..viz.style import COLORS, PLAIN

#: Grid values of the float controls of every explorer (the default included;
#: integer and choice controls take every value).  Keys: the paper's figure
#: numbers, and ``"charging"`` (the charging curves of the dynamics page).
GRIDS: dict[int | str, dict[str, tuple]] = {
    2: dict(J=(0.0, 0.5, 1.0, 2.0, 5.0), gamma=(0.2, 0.5, 1.0, 2.0, 5.0)),
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

#: Upper bound on the explorer data of one page, in bytes.
MAX_PAGE_BYTES = 3_000_000

#: Values are stored as integers ``round(SCALE * W)``.
SCALE = 1000

#: Output folder of the assets, relative to the root of the built site.
ASSET_DIR = "_explorers"

_FORMAT = 1  # bump when the data layout changes (invalidates cached grids)
_HERE = Path(__file__).resolve().parent
_PACKAGE = _HERE.parent


#: The explorers that are not a paper figure (named, not numbered).
NAMED = tuple(k for k in GRIDS if isinstance(k, str))


def _check_number(number: Any) -> int | str:
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
    spec = explorer_spec(_check_number(number))
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


def _evaluate(args: tuple[int, dict[str, Any]]) -> tuple[list | None, str | None]:
    """One grid point: the scaled curves, or ``None`` and the model's message."""
    number, values = args
    try:
        fig, data = explorer_spec(number).compute(**values)
    except (ValueError, TypeError) as exc:
        return None, f"Invalid input: {exc}"
    except UnphysicalStateError as exc:
        return None, f"Cannot compute reliably here: {exc}"
    return [[int(round(SCALE * float(w))) for w in data[c.label]] for c in fig.curves], None


def precompute(number: int, processes: int | None = None,
               grid: dict[str, tuple] | None = None) -> dict[str, Any]:
    """The explorer's data on its whole grid, as a JSON-ready dict.

    ``processes`` worker processes share the grid (default: all CPUs; ``1``
    computes in this process).  ``grid`` overrides the values of some float
    controls (for tests and previews); they must lie within the controls' ranges.
    """
    number = _check_number(number)
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
    names = [c.name for c, _ in axes]
    points = [dict(zip(names, combo)) for combo in itertools.product(*(v for _, v in axes))]
    jobs = [(number, p) for p in points]
    workers = processes or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 8:
        results = [_evaluate(job) for job in jobs]
    else:
        import multiprocessing

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = list(pool.map(_evaluate, jobs, chunksize=max(1, len(jobs) // (8 * workers))))
    fig = spec.figure_for(**spec.defaults())
    return {
        "format": _FORMAT,
        "number": number,
        "scenario": fig.scenario,
        "title": f"{fig.title}, explorer",
        "x": {"name": fig.x, "label": _label(fig.x), "values": [float(v) for v in fig.x_values],
              "log": fig.log_x},
        "curves": [c.label for c in fig.curves],
        "controls": [{"name": c.name, "label": c.label, "kind": c.kind,
                      "values": list(v), "default": list(v).index(c.default)}
                     for c, v in axes],
        "scale": SCALE,
        "W": [r for r, _ in results],
        "messages": {str(i): m for i, (_, m) in enumerate(results) if m is not None},
    }


def _label(name: str) -> str:
    """Plain-text axis label (plotly draws no TeX without MathJax 2)."""
    return PLAIN.get(name, name)


def point_index(data: dict[str, Any], **values: Any) -> int:
    """Row-major index of the grid point with these control values."""
    index = 0
    for c in data["controls"]:
        if c["name"] not in values:
            raise TypeError(f"point_index() missing control {c['name']!r}")
        v = values[c["name"]]
        try:
            k = c["values"].index(v)
        except ValueError:
            raise ValueError(f"{c['name']}={v!r} is not on the grid {c['values']}") from None
        index = index * len(c["values"]) + k
    return index


def point_curves(data: dict[str, Any], **values: Any) -> dict[str, np.ndarray] | None:
    """``{curve label: W}`` at one grid point (``None`` where it could not be computed)."""
    row = data["W"][point_index(data, **values)]
    if row is None:
        return None
    return {label: np.asarray(w, dtype=float) / data["scale"] for label, w in zip(data["curves"], row)}


def figure(data: dict[str, Any], **values: Any):
    """A plotly figure of one grid point (the page's starting view; defaults if no values)."""
    import plotly.graph_objects as go

    values = {c["name"]: values.get(c["name"], c["values"][c["default"]]) for c in data["controls"]}
    curves = point_curves(data, **values) or {label: [None] * len(data["x"]["values"])
                                               for label in data["curves"]}
    x = data["x"]
    fig = go.Figure()
    for k, (label, w) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(
            x=x["values"], y=list(w), mode="lines", name=label,
            line={"width": 2, "color": COLORS[k % len(COLORS)]},
            hovertemplate=f"{x['label']} = %{{x:.3g}}<br>W = %{{y:.3f}}<extra>{html.escape(label)}</extra>"))
    log = x.get("log", False)
    ends = [x["values"][0], x["values"][-1]]
    fig.update_layout(
        title={"text": data["title"], "font": {"size": 14}},
        xaxis={"title": {"text": x["label"] + (" (units of 1/γ)" if x["name"] == "t" else "")},
               "type": "log" if log else "linear",
               "range": [math.log10(v) for v in ends] if log else ends},
        yaxis={"title": {"text": "W (normalised ergotropy)"}, "range": [-0.02, 1.02]},
        showlegend=len(curves) > 1, height=420, margin={"l": 60, "r": 20, "t": 50, "b": 50},
        template="plotly_white", hovermode="closest")
    return fig


def payload(data: dict[str, Any]) -> str:
    """The data file's text: the grid, the starting layout and traces, as one JS statement."""
    fig = figure(data).to_plotly_json()
    body = dict(data, layout=fig["layout"],
                traces=[{k: v for k, v in t.items() if k not in ("x", "y")} for t in fig["data"]])
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

    Every value takes at most ``len(str(SCALE)) + 1`` characters (``1000,``),
    plus brackets per curve and point, plus :data:`FIXED_BYTES`.  ``n_points``
    grid points (default: the whole grid); messages of failed points are not
    counted (they replace that point's values and are shorter).
    """
    number = _check_number(number)
    fig = explorer_spec(number).figure_for()
    if n_points is None:
        n_points = math.prod(len(v) for _, v in grid_axes(number))
    per_curve = len(fig.x_values) * (len(str(SCALE)) + 1) + 2
    return n_points * (len(fig.curves) * per_curve + 2) + FIXED_BYTES


def static_explorer(number: int):
    """The kernel-free explorer of Fig. ``number`` for a book page (an HTML object).

    It is a placeholder and a short loader: in the built book the loader
    fetches plotly.js, the controller and the precomputed grid from
    ``_explorers/`` (see :func:`write_assets`) and draws the figure with its
    sliders.  In a live kernel it says to use :func:`qbcore.viz.explorers.explore`.
    """
    from IPython.display import HTML

    number = _check_number(number)
    node = f"qb-explorer-fig-{number}"
    key = json.dumps(number).replace('"', "'")  # 5 or 'charging' inside the JS below
    name = f"Fig. {number}" if isinstance(number, int) else f"the {number} explorer"
    call = f"{number}" if isinstance(number, int) else f'"{number}"'
    loader = (
        "(function(){var r=document.documentElement.getAttribute('data-content_root');"
        "if(r===null)return;"
        "function load(s,k){var e=document.querySelector('script[data-qb=\"'+s+'\"]');"
        "if(e){if(e.dataset.ready)k();else e.addEventListener('load',k);return;}"
        "e=document.createElement('script');e.dataset.qb=s;e.src=r+'" + ASSET_DIR + "/'+s;"
        "e.onload=function(){e.dataset.ready='1';k();};"
        "e.onerror=function(){console.error('qbcore explorer: cannot load '+e.src);};"
        "document.head.appendChild(e);}"
        "load('plotly.min.js',function(){load('explorer.js',function(){"
        f"load('fig{number}.js',function(){{window.qbExplorer.mount('{node}',{key});}});"
        "});});})();")
    return HTML(
        f'<div class="qb-explorer" id="{node}" data-figure="{number}">'
        f'<p class="qb-explorer-note">Interactive {name}: in the built book this shows the '
        "figure with sliders (precomputed, no kernel needed). In a live kernel, run "
        f"<code>qbcore.viz.explorers.explore({html.escape(call)})</code> instead.</p></div>"
        f"<script>{loader}</script>")


#: Modules that cannot change the explorer data (relative to the package's root).
_NOT_DATA = ("web/sphinxext.py", "cli.py", "__main__.py", "versions.py")


def source_hash() -> str:
    """A hash of qbcore's source (every module, subpackages included) and the grids.

    Cached data is valid while it is unchanged.
    """
    h = hashlib.sha256(f"{_FORMAT}{sorted(GRIDS.items(), key=str)}{SCALE}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        name = path.relative_to(_PACKAGE).as_posix()
        if name in _NOT_DATA:
            continue
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the plotly wheel."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def write_assets(outdir: str | os.PathLike, cache_dir: str | os.PathLike | None = None,
                 numbers: tuple[int | str, ...] = (2, 3, 4, 5, 6, "charging"),
                 processes: int | None = None,
                 log=print) -> dict[str, int]:
    """Write ``<outdir>/_explorers/``: plotly.min.js, the controller and one data file per figure.

    Data files are cached in ``cache_dir`` under :func:`source_hash`, so an
    unchanged rebuild solves nothing.  Returns ``{file name: size in bytes}``.
    """
    target = Path(outdir) / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), target / "plotly.min.js")
    shutil.copyfile(_HERE / "explorer.js", target / "explorer.js")
    cache = Path(cache_dir) if cache_dir is not None else None
    key = source_hash()
    sizes = {}
    for number in numbers:
        number = _check_number(number)
        name = f"fig{number}.js"
        cached = cache / f"{key}-{name}" if cache is not None else None
        if cached is not None and cached.exists():
            text = cached.read_text(encoding="utf-8")
        else:
            log(f"qbcore: precomputing the explorer grid of Fig. {number}")
            text = payload(precompute(number, processes=processes))
            if cached is not None:
                cache.mkdir(parents=True, exist_ok=True)
                for old in cache.glob(f"*-{name}"):
                    old.unlink()
                cached.write_text(text, encoding="utf-8")
        (target / name).write_text(text, encoding="utf-8")
        sizes[name] = len(text.encode())
    return sizes
