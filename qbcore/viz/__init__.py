"""Presentation: the paper's figures as specs, their matplotlib rendering, live explorers.

:mod:`qbcore.viz.style`
    One look for every figure (labels, colours, limits, legend) and
    :func:`glue`, which hands a figure to the book's page.
:mod:`qbcore.viz.figures`
    One :class:`~qbcore.viz.figures.FigureSpec` per paper figure, its plot,
    and Fig. 1 drawn from the model's edge list.
:mod:`qbcore.viz.explorers`
    The controls of every figure's explorer, and the live ipywidgets explorer
    (needs a kernel).  The kernel-free version for the static pages is
    :mod:`qbcore.web`.

Nothing in the physics imports this subpackage; matplotlib and ipywidgets are
imported only when a figure is drawn.
"""

from .style import finish, glue

__all__ = ["finish", "glue"]
