"""The explorer grids computed in another process, while the book's notebooks run.

A cold book build spends most of its time in two serial jobs: the notebooks'
kernel and the explorer grids (:mod:`qbcore.web.static_explorers`).  The book's
Sphinx extension (:mod:`qbcore.web.sphinxext`) starts :func:`start_fill_cache`
when the builder is ready; the grids are then computed beside the notebooks,
and :func:`~qbcore.web.assets.write_assets` finds them in the cache.
"""

from __future__ import annotations

import os
from pathlib import Path

from .assets import source_hash, store
from .static_explorers import check_number, payload, precompute


def fill_cache(cache_dir: str | os.PathLike, numbers: tuple[int, ...] = (2, 3, 4, 5, 6, "charging"),
               processes: int = 1) -> None:
    """Compute the data files missing from ``cache_dir``, as ``write_assets`` would."""
    cache, key = Path(cache_dir), source_hash()
    for number in numbers:
        name = f"fig{check_number(number)}.js"
        if not (cache / f"{key}-{name}").exists():
            store(cache, key, name, payload(precompute(number, processes=processes)))


def start_fill_cache(cache_dir: str | os.PathLike, numbers: tuple[int, ...] = (2, 3, 4, 5, 6, "charging")):
    """Run :func:`fill_cache` in another process (``None`` if every file is cached).

    The book build starts it before the notebooks run, so that the grids are
    computed while the notebooks' kernel works (one CPU is left to it), and
    ``write_assets`` then finds them cached.  Returns the
    ``multiprocessing.Process``; join it before ``write_assets``.
    """
    import multiprocessing

    key = source_hash()
    if all((Path(cache_dir) / f"{key}-fig{n}.js").exists() for n in numbers):
        return None
    workers = max(1, (os.cpu_count() or 1) - 1)
    process = multiprocessing.get_context("spawn").Process(
        target=fill_cache, args=(os.fspath(cache_dir), tuple(numbers), workers),
        name="qbcore-explorer-grids")
    process.start()
    return process
