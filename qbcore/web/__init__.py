"""The static site: kernel-free explorers and the Sphinx extension that serves the book's assets.

An optional extra (``pip install qbcore[book]``: plotly, Sphinx, MathJax); the
physics never imports it.

:mod:`qbcore.web.static_explorers`
    Every explorer precomputed on a grid of its controls and drawn by
    plotly.js (``explorer.js``), so that the sliders of the rendered book work
    without a kernel; :func:`static_explorer` is the page element.
:mod:`qbcore.web.sphinxext`
    Copies MathJax, plotly.js and the explorer grids into the built site.
"""


from .static_explorers import static_explorer

__all__ = ["static_explorer"]
