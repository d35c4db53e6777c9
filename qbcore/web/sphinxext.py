"""Sphinx extension for the book: serve every asset the pages need from the built site.

* ``_explorers/``: plotly.js (from the plotly wheel), the explorer controller
  and the precomputed explorer grids (:func:`qbcore.web.static_explorers.write_assets`,
  cached under ``_build/.qbcore_explorers`` while qbcore is unchanged; a missing
  grid is computed in another process from the start of the build, while the
  notebooks run);
* ``_static/mathjax/``: MathJax 3 (from the ``django-static-mathjax`` wheel, which
  ships the official MathJax distribution), for ``mathjax_path`` in
  ``_config.yml``.

Both are copied into the output after the build (not from a source
``_static/`` folder, whose every ``.js`` file Jupyter Book adds to every page),
so that no page loads a script it does not use.  Enable with
``extra_extensions: [qbcore.web.sphinxext]``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util import logging

from . import grid_cache, static_explorers

#: What the CHTML output of ``tex-mml-chtml.js`` loads on demand, relative to MathJax's ``es5/``.
MATHJAX_PARTS = ("tex-mml-chtml.js", "input", "output/chtml", "ui", "a11y", "adaptors")
MATHJAX_DIR = "_static/mathjax"  # mathjax_path is relative to _static/


def mathjax_source() -> Path:
    """The ``es5`` folder of the installed MathJax distribution."""
    import mathjax  # the django-static-mathjax wheel

    return Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"


def copy_mathjax(outdir: str | Path) -> None:
    source = mathjax_source()
    target = Path(outdir) / MATHJAX_DIR
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    shutil.copyfile(source.parent / "LICENSE", target / "LICENSE")


def _cache_dir(app) -> Path:
    return Path(app.outdir).parent / ".qbcore_explorers"


def _builder_inited(app) -> None:
    """Start computing the explorer grids now, beside the notebooks (see ``start_fill_cache``)."""
    if app.builder.format == "html":
        app._qbcore_grids = grid_cache.start_fill_cache(_cache_dir(app))


def _build_finished(app, exception) -> None:
    grids = getattr(app, "_qbcore_grids", None)
    if grids is not None:
        if exception is not None:
            grids.terminate()
        grids.join()  # if it failed, write_assets computes what is missing
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    copy_mathjax(outdir)
    log = logging.getLogger(__name__)
    sizes = static_explorers.write_assets(outdir, cache_dir=_cache_dir(app), log=log.info)
    for name, size in sizes.items():
        log.info(f"qbcore: {static_explorers.ASSET_DIR}/{name}: {size / 1e6:.2f} MB")


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop repeated inline scripts.

    sphinx-thebe's configuration snippet (``const THEBE_JS_URL = ...``) is
    registered twice under Jupyter Book 1 with sphinx-book-theme; the second
    copy is a JavaScript error (a ``const`` declared twice) on every page.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        attributes = getattr(js, "attributes", {}) or {}
        filename = getattr(js, "filename", js) or ""  # inline scripts: None or ""
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(js)
    scripts[:] = unique  # the builder restores its own list after each page


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    app.connect("html-page-context", _dedupe_scripts, priority=100)  # before any handler that returns
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
