"""The static site: kernel-free explorers and the Sphinx extension that serves the book's assets.

An optional extra (``pip install qbcore[book]``: plotly, Sphinx, MathJax); the
physics never imports it.

:mod:`qbcore.web.static_explorers`
    Every explorer precomputed on a grid of its controls and drawn by
    plotly.js (``explorer.js``), so that the sliders of the rendered book work
    without a kernel.
:mod:`qbcore.web.grid_solve`, :mod:`qbcore.web.grid_cache`
    The grids' points solved together (stacked dense solves), and computed
    in another process while the book's notebooks run.
:mod:`qbcore.web.grid_data`
    The compact form of that data, and reading one grid point back.
:mod:`qbcore.web.assets`
    The files the site serves for the explorers (plotly.js's basic bundle, the
    controller, the grids) and :func:`static_explorer`, the page element.
:mod:`qbcore.web.sphinxext`
    Copies MathJax, plotly.js and the explorer grids into the built site, and
    keeps the pages light.
"""


from .assets import static_explorer

__all__ = ["static_explorer"]
