"""One look for every figure: axis labels, colours, limits, legend, and the hand-off to the page.

Every plot of the book goes through :func:`finish` (and figures meant for a
page through :func:`glue`), so that a change of style is made once.
"""

from __future__ import annotations

from typing import Any

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


def label(name: str) -> str:
    """The axis label of a parameter (its TeX symbol, or the name itself)."""
    return SYMBOLS.get(name, name)


def new_axes(width: float = 6.0, height: float = 4.0):
    """A new figure with one Axes, at the book's standard size."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


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
