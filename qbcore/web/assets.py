"""What the built site serves for the explorers, and the element a page shows.

:func:`write_assets` (called by :mod:`qbcore.web.sphinxext` when the book is
built) writes ``_explorers/`` beside the pages: plotly.js's basic bundle
(:data:`PLOTLY_JS`, vendored in this package), the controller ``explorer.js``
and one data file per figure (:func:`qbcore.web.static_explorers.precompute`):
the one qbcore ships (:data:`SHIPPED_GRIDS`, made by ``make grids``; the tests
recompute every one and fail where a change to qbcore changes it), else one
computed and cached while qbcore's source is unchanged.  :func:`static_explorer` is the
element a notebook displays: a placeholder and a short loader of those files.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import time
from pathlib import Path

from .static_explorers import DATA_FORMAT, GRIDS, SCALE, check_number, payload, precompute

#: Output folder of the assets, relative to the root of the built site.
ASSET_DIR = "_explorers"

#: The plotly.js bundle the pages load: plotly's partial "basic" bundle (scatter,
#: bar and pie traces; the explorers draw only scatter lines), 1.2 MB instead of
#: the 4.8 MB of the full bundle inside the plotly wheel.  It is the npm package
#: ``plotly.js-basic-dist-min`` of the same plotly.js version as that wheel,
#: vendored beside this module with its licence (MIT), so that the book builds
#: offline and from a clean clone.
PLOTLY_JS = "plotly-basic.min.js"
PLOTLY_JS_VERSION = "4.1.1"
PLOTLY_JS_SHA256 = "99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba"
PLOTLY_JS_LICENSE = "plotly-basic.LICENSE"

_HERE = Path(__file__).resolve().parent
_PACKAGE = _HERE.parent
#: The explorer grids shipped with qbcore (package data, ``fig<n>.js``), written by
#: :func:`qbcore.web.grid_cache.ship` (``make grids``).
SHIPPED_GRIDS = _HERE / "grids"


def shipped_grid(number: int | str) -> Path:
    """Where qbcore ships the data file of Fig. ``number`` (it may be missing)."""
    return SHIPPED_GRIDS / f"fig{check_number(number)}.js"


def plotly_js_path() -> Path:
    """The vendored plotly.js basic bundle (see :data:`PLOTLY_JS`)."""
    return _HERE / PLOTLY_JS


def static_explorer(number: int | str):
    """The kernel-free explorer of Fig. ``number`` (or ``"charging"``) for a book page (an HTML object).

    It is a placeholder and a short loader: in the built book the loader
    fetches plotly.js, the controller and the precomputed grid from
    ``_explorers/`` (see :func:`write_assets`) and draws the figure with its
    sliders.  In a live kernel it says to use :func:`qbcore.viz.explorers.explore`.
    """
    from IPython.display import HTML

    number = check_number(number)
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
        f"load('{PLOTLY_JS}',function(){{load('explorer.js',function(){{"
        f"load('fig{number}.js',function(){{window.qbExplorer.mount('{node}',{key});}});"
        "});});})();")
    return HTML(
        f'<div class="qb-explorer" id="{node}" data-figure="{number}">'
        f'<p class="qb-explorer-note">Interactive {name}: in the built book this shows the '
        "figure with sliders (precomputed, no kernel needed). In a live kernel, run "
        f"<code>qbcore.viz.explorers.explore({html.escape(call)})</code> instead.</p></div>"
        f"<script>{loader}</script>")


#: Modules that cannot change the explorer data (relative to the package's root).
_NOT_DATA = ("web/sphinxext.py", "web/assets.py", "web/grid_cache.py", "web/build.py", "cli.py",
             "__main__.py", "versions.py")


def source_hash() -> str:
    """A hash of qbcore's source (every module, subpackages included) and the grids.

    Cached data is valid while it is unchanged.
    """
    h = hashlib.sha256(f"{DATA_FORMAT}{sorted(GRIDS.items(), key=str)}{SCALE}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        name = path.relative_to(_PACKAGE).as_posix()
        if name in _NOT_DATA:
            continue
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def write_assets(outdir: str | os.PathLike, cache_dir: str | os.PathLike | None = None,
                 numbers: tuple[int | str, ...] = (2, 3, 4, 5, 6, "charging"),
                 processes: int | None = None,
                 log=print, shipped: bool = True) -> dict[str, int]:
    """Write ``<outdir>/_explorers/``: plotly.js, the controller and one data file per figure.

    Each data file is taken from ``cache_dir`` (cached under :func:`source_hash`),
    else (``shipped=True``) from the grids qbcore ships (:func:`shipped_grid`),
    else computed and cached, so an unchanged rebuild solves nothing (a book
    build computes what is missing beside the notebooks:
    :mod:`qbcore.web.grid_cache`).  Returns ``{file name: size in bytes}``.
    """
    target = Path(outdir) / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), target / PLOTLY_JS)
    shutil.copyfile(_HERE / PLOTLY_JS_LICENSE, target / PLOTLY_JS_LICENSE)
    shutil.copyfile(_HERE / "explorer.js", target / "explorer.js")
    cache = Path(cache_dir) if cache_dir is not None else None
    key = source_hash()
    sizes = {}
    for number in numbers:
        number = check_number(number)
        name = f"fig{number}.js"
        cached = cache / f"{key}-{name}" if cache is not None else None
        if cached is not None and cached.exists():
            text = cached.read_text(encoding="utf-8")
        elif shipped and shipped_grid(number).exists():
            text = shipped_grid(number).read_text(encoding="utf-8")
        else:
            log(f"qbcore: precomputing the explorer grid of Fig. {number}")
            start = time.perf_counter()
            data = precompute(number, processes=processes)
            log(f"qbcore: Fig. {number}: {len(data['W'])} grid points, {data['solves']} solves, "
                f"{len(data['failures'])} points with a failed curve, "
                f"{time.perf_counter() - start:.0f} s")
            text = payload(data)
            if cached is not None:
                store(cache, key, name, text)
        (target / name).write_text(text, encoding="utf-8")
        sizes[name] = len(text.encode())
    return sizes


def store(cache: Path, key: str, name: str, text: str) -> None:
    """Put a data file in the cache (replacing older versions), whole or not at all."""
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"*-{name}"):
        old.unlink()
    write_whole(cache / f"{key}-{name}", text)


def write_whole(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a hidden partial file: the whole file or none."""
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
