"""Sphinx extension for the book: serve every asset the pages need from the built site, and no more.

* ``_explorers/``: plotly.js's basic bundle (vendored in :mod:`qbcore.web`),
  the explorer controller and the precomputed explorer grids
  (:func:`qbcore.web.assets.write_assets`, cached under
  ``_build/.qbcore_explorers`` while qbcore is unchanged; a missing grid is
  computed in another process from the start of the build, while the
  notebooks run: :mod:`qbcore.web.grid_cache`);
* ``_static/mathjax/``: the MathJax 3 components the pages use (from the
  ``django-static-mathjax`` wheel, which ships the official MathJax
  distribution): its loader (``mathjax_path: mathjax/startup.js`` in
  ``_config.yml``) loads TeX input, CommonHTML output and the assistive
  MathML for screen readers (:data:`MATHJAX_LOAD`), 0.8 MB instead of the
  1.2 MB of the combined ``tex-mml-chtml.js``.

Both are copied into the output after the build (not from a source
``_static/`` folder, whose every ``.js`` file Jupyter Book adds to every page),
so that no page loads a script it does not use.  Two more things every page
would load for nothing are left out:

* Font Awesome's JavaScript (1.5 MB), which the theme loads only so that
  authors can add their own icons; the theme's icons come from its CSS and
  web fonts (``templates/static/webpack-macros.html``);
* the saved ipywidgets state of the notebooks (up to 0.15 MB a page): no
  widget manager is loaded (``nb_ipywidgets_js: {}``), so nothing reads it;
* sphinx-design's stylesheet and script on pages that use none of its
  components (0.06 MB a page);
* the Font Awesome icons no page uses (:mod:`qbcore.web.icons`: 0.35 MB a page).

Enable with ``extra_extensions: [qbcore.web.sphinxext]``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.util import logging

from . import assets, grid_cache, icons

#: MathJax components the loader loads (TeX input, CommonHTML output, MathML for screen readers).
MATHJAX_LOAD = ("input/tex", "output/chtml", "a11y/assistive-mml")
#: What those components need, relative to MathJax's ``es5/`` (TeX extensions load on demand).
MATHJAX_PARTS = ("startup.js", "core.js", "input/tex.js", "input/tex/extensions",
                 "output/chtml.js", "output/chtml/fonts", "a11y/assistive-mml.js")
MATHJAX_DIR = "_static/mathjax"  # mathjax_path is relative to _static/
MATHJAX_PATH = "mathjax/startup.js"
TEMPLATES = Path(__file__).resolve().parent / "templates"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: sphinx-design's assets, and the class prefix of its components in a page's HTML.
DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")
DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')


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
    icons.trim(outdir, log=log.info)
    sizes = assets.write_assets(outdir, cache_dir=_cache_dir(app), log=log.info)
    for name, size in sizes.items():
        log.info(f"qbcore: {assets.ASSET_DIR}/{name}: {size / 1e6:.2f} MB")


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


def _drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    """Drop the notebooks' saved ipywidgets state (myst-nb adds it to the page; nothing reads it)."""
    if app.config.nb_ipywidgets_js:  # a widget manager is configured: it needs the state
        return
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [js for js in scripts
                      if (getattr(js, "attributes", {}) or {}).get("type") != WIDGET_STATE]


def _drop_unused_design(app, pagename, templatename, context, doctree) -> None:
    """Leave out sphinx-design's assets on a page with none of its components."""
    if DESIGN_CLASS.search(context.get("body", "")):
        return
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if files:
            files[:] = [f for f in files
                        if not str(getattr(f, "filename", f) or "").endswith(DESIGN_ASSETS)]


def _configure(app, config) -> None:
    """Use the trimmed MathJax and the theme's assets without Font Awesome's JavaScript."""
    if config.mathjax_path != MATHJAX_PATH:
        raise ValueError(f"qbcore.web.sphinxext serves MathJax's loader: set mathjax_path to "
                         f"{MATHJAX_PATH!r} (got {config.mathjax_path!r})")
    mathjax = dict(config.mathjax3_config or {})
    loader = dict(mathjax.get("loader", {}))
    loader["load"] = sorted(set(loader.get("load", [])) | set(MATHJAX_LOAD))
    mathjax["loader"] = loader
    config.mathjax3_config = mathjax
    config.templates_path = [str(TEMPLATES), *config.templates_path]


#: Extensions Jupyter Book 1 always loads that do not declare whether Sphinx may read pages in
#: parallel (so it reads them one by one, with a warning, whenever it is given several
#: processes), and why they may: sphinx-multitoc-numbering only replaces the section numbering
#: of the toctree collector, which Sphinx runs in the main process once every page is read;
#: sphinx-jupyterbook-latex acts only in LaTeX builds.
PARALLEL_READ_SAFE = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def _declare_parallel_safe(app, config) -> None:
    for name in PARALLEL_READ_SAFE:
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            extension.parallel_read_safe = True


def setup(app):
    app.connect("config-inited", _configure)
    app.connect("config-inited", _declare_parallel_safe)
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    app.connect("html-page-context", _dedupe_scripts, priority=100)  # before any handler that returns
    app.connect("html-page-context", _drop_widget_state, priority=900)  # after myst-nb adds it
    app.connect("html-page-context", _drop_unused_design, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
