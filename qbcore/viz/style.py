"""One look for every figure and table: labels, colours, limits, legend, and the hand-off to the page.

Every plot of the book goes through :func:`finish` (and figures meant for a
page through :func:`glue`), so that a change of style is made once.  Each
notebook calls :func:`use_book_style` once in its setup cell (inline figures as
deterministic SVG, sized for the book's text column), and prints tables of
numbers with :func:`table` (a Markdown table, which the page renders as a
table).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np

#: Axis labels of the model's parameters (TeX for matplotlib).
SYMBOLS = {
    "mu": r"$\mu$", "dmu": r"$\Delta\mu$", "T": r"$T$", "J": r"$J$", "N": r"$N$",
    "gamma": r"$\gamma$", "omega": r"$\omega$", "omega0": r"$\omega_0$",
    "W": r"$\mathcal{W}$", "t": r"$t$",
}

#: The same labels in plain text (for plotly, which draws no TeX without MathJax 2).
PLAIN = {"mu": "μ", "dmu": "Δμ", "T": "T", "J": "J", "N": "N", "gamma": "γ", "omega": "ω",
         "omega0": "ω₀", "W": "W", "t": "t"}

#: matplotlib's default colour cycle, so that an explorer's curves match its figure's.
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
          "#7f7f7f", "#bcbd22", "#17becf")

#: The range of the normalised ergotropy, with a margin.
W_RANGE = (-0.02, 1.02)

#: Default figure size in inches: the book's text column is about 690 CSS px
#: wide (7.2 in at 96 px per inch) at a 1280 px window; a figure as wide as
#: the column is drawn at its own size there, and scaled down on a phone.
FIGSIZE = (7.0, 4.3)

#: Salt of the ids in SVG output, so that a figure's SVG is the same on every run.
SVG_HASHSALT = "qbcore"

#: Resolution of the raster parts of an SVG figure (``rasterized=True`` artists, images):
#: at the column's width, more than twice the pixels a screen shows.
RASTER_DPI = 200

#: rcParams of the book's figures (see :func:`use_book_style`).
BOOK_RC = {
    "figure.figsize": FIGSIZE,
    "font.size": 11.0,
    "svg.fonttype": "path",      # glyphs as paths: the page needs no fonts
    "svg.hashsalt": SVG_HASHSALT,
    "savefig.dpi": RASTER_DPI,
}


def label(name: str) -> str:
    """The axis label of a parameter (its TeX symbol, or the name itself)."""
    return SYMBOLS.get(name, name)


#: Smallest span of a W axis (a flat curve still gets a readable axis).
MIN_W_SPAN = 0.1

#: Margin of a W axis around the data, as a fraction of the data's span.
W_MARGIN = 0.04


def w_limits(curves: Any, margin: float = W_MARGIN) -> tuple[float, float]:
    r"""A range of the :math:`\mathcal{W}` axis that fits the data.

    The data's range plus ``margin`` of its span on either side, at least
    :data:`MIN_W_SPAN` wide, never beyond :data:`W_RANGE` (:math:`\mathcal{W}`
    lies in [0, 1]).  ``curves``: arrays (or one array) of W; NaN and
    ``None`` are ignored; with no finite value the full :data:`W_RANGE`.
    """
    parts = curves if isinstance(curves, (list, tuple)) else [curves]
    values = np.concatenate([np.asarray([np.nan if v is None else v for v in np.ravel(c)],
                                        dtype=float) for c in parts] or [np.array([np.nan])])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return W_RANGE
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < MIN_W_SPAN:
        mid = min(max(0.5 * (lo + hi), MIN_W_SPAN / 2), 1 - MIN_W_SPAN / 2)
        lo, hi = mid - MIN_W_SPAN / 2, mid + MIN_W_SPAN / 2
    pad = margin * (hi - lo)
    return max(lo - pad, W_RANGE[0]), min(hi + pad, W_RANGE[1])


def new_axes(width: float = FIGSIZE[0], height: float = FIGSIZE[1]):
    """A new figure with one Axes, at the book's standard size (inches)."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def use_book_style() -> None:
    """Set the book's figure style; call once, in a notebook's setup cell.

    * Inline figures (and figures handed to the page by :func:`glue`) are SVG:
      sharp at any screen resolution and zoom.  Their text is drawn as paths,
      so the page needs no fonts.
    * The SVG is the same on every run (fixed id salt, no date in the
      metadata), so that nbval can compare stored figures.
    * Raster parts (images, and artists drawn with ``rasterized=True``: give
      it to ``pcolormesh`` of a fine grid, whose thousands of cells would
      otherwise make a heavy SVG) are embedded at :data:`RASTER_DPI`.
    * Figures are :data:`FIGSIZE` by default, the width of the text column.

    Outside IPython only the matplotlib settings apply.
    """
    import matplotlib as mpl

    mpl.rcParams.update(BOOK_RC)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", metadata={"Date": None}, dpi=RASTER_DPI)


def _cell(value: Any, digits: int | None) -> str:
    """One table cell: numbers to ``digits`` decimals, ``None`` as a dash, text escaped."""
    if value is None:
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        x = float(value)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        text = f"{x:.{digits}f}" if digits is not None else f"{x:.6g}"
        return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(rows: Sequence[Sequence[Any]], header: Sequence[str], *,
          digits: int | Sequence[int | None] | None = 4, align: str | None = None):
    """A table of numbers for the page: an IPython ``Markdown`` object.

    The book renders it as an HTML table (every number visible, and the
    table scrolls sideways on a narrow screen instead of being cut); a live
    notebook renders it too.

    Parameters
    ----------
    rows : sequence of sequences
        The rows; every row has one value per column.  Floats are written with
        ``digits`` decimals, integers as they are, ``None`` as a dash,
        ``True``/``False`` as yes/no; anything else as ``str(value)`` (Markdown
        and ``$...$`` maths allowed).
    header : sequence of str
        The column titles (Markdown allowed).
    digits : int, sequence of int or None, or None
        Decimals of the floats: one for every column, or one per column
        (``None``: six significant digits).
    align : str, optional
        One letter per column, ``l``, ``c`` or ``r``.  Default: columns whose
        values are all numbers right-aligned, others left-aligned.
    """
    header = [str(h) for h in header]
    ncol = len(header)
    if ncol == 0:
        raise ValueError("header must name at least one column")
    rows = [list(r) for r in rows]
    for k, row in enumerate(rows):
        if len(row) != ncol:
            raise ValueError(f"rows: row {k} has {len(row)} values, the header has {ncol} columns")
    if digits is None or isinstance(digits, Integral):
        digits = [digits] * ncol
    elif isinstance(digits, Sequence) and not isinstance(digits, str):
        digits = list(digits)
        if len(digits) != ncol:
            raise ValueError(f"digits: {len(digits)} values for {ncol} columns")
    else:
        raise TypeError(f"digits must be an int, None or one per column, got {digits!r}")
    for d in digits:
        if d is not None and (isinstance(d, bool) or not isinstance(d, Integral) or d < 0):
            raise ValueError(f"digits must be non-negative integers or None, got {d!r}")
    if align is None:
        numeric = [all(isinstance(r[j], Real) and not isinstance(r[j], (bool, np.bool_)) for r in rows)
                   and bool(rows) for j in range(ncol)]
        align = "".join("r" if n else "l" for n in numeric)
    if not isinstance(align, str) or len(align) != ncol or set(align) - set("lcr"):
        raise ValueError(f"align must be {ncol} letters among l, c, r, got {align!r}")
    rule = {"l": ":--", "c": ":-:", "r": "--:"}
    lines = ["| " + " | ".join(h.replace("|", "\\|") for h in header) + " |",
             "|" + "|".join(rule[a] for a in align) + "|"]
    lines += ["| " + " | ".join(_cell(v, d) for v, d in zip(row, digits)) + " |" for row in rows]
    from IPython.display import Markdown

    return Markdown("\n".join(lines))


def finish(ax, x: str | None = None, y: str | None = "W", *, xlim: Any = None,
           ylim: Any = None, legend: bool | str = True, title: str | None = None):
    """Label, limit, grid and legend an Axes in the book's style; returns it.

    ``x``, ``y``: parameter names (see :data:`SYMBOLS`) or any label;
    ``ylim="W"`` is the range of :math:`\\mathcal{W}`; ``legend`` may name a
    location.
    """
    if x is not None:
        ax.set_xlabel(label(x))
    if y is not None:
        ax.set_ylabel(label(y))
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*(W_RANGE if isinstance(ylim, str) and ylim == "W" else ylim))
    ax.grid(alpha=0.3)
    if legend:
        kw = {"loc": legend} if isinstance(legend, str) else {}
        ax.legend(frameon=False, fontsize="small", **kw)
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


def mark_beyond_model(ax, start: float, stop: float | None = None, *, axis: str = "x",
                      label: str = "beyond the model") -> None:
    """Shade where a parameter leaves the model's validity (e.g. ``J sqrt(N-1)`` above ``omega0``).

    The shaded band runs from ``start`` to ``stop`` (default: the axis' end)
    along ``axis``, in light grey with a legend entry ``label``.
    """
    span = ax.axvspan if axis == "x" else ax.axhspan
    lo, hi = (ax.get_xlim() if axis == "x" else ax.get_ylim())
    span(start, hi if stop is None else stop, color="0.88", zorder=0, lw=0, label=label)
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)


def glue(name: str, obj: Any, display: bool = False) -> None:
    """Hand a figure (or value) to the page under ``name``, then close a figure.

    In the book this is ``myst_nb.glue`` (the page places it with
    ``{glue:figure}``).  Where ``myst_nb`` is missing (Colab, a downloaded
    notebook) the object is displayed in place instead, so the notebook still
    shows everything.
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        myst_glue = None
    if myst_glue is not None:
        myst_glue(name, obj, display=display)
    else:
        from IPython.display import display as show

        show(obj)
    if hasattr(obj, "savefig"):
        import matplotlib.pyplot as plt

        plt.close(obj)
