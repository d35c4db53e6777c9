"""The explorer grids: shipped with qbcore, or computed in another process while the notebooks run.

qbcore ships the data file of every explorer (:data:`qbcore.web.assets.SHIPPED_GRIDS`);
:func:`ship` (``make grids``, ``python -m qbcore.web.grid_cache``) writes them
anew after a change to qbcore that changes them (the tests recompute each one
and say so).  A grid that is not shipped is computed during the book build:
the Sphinx extension (:mod:`qbcore.web.sphinxext`) starts
:func:`start_fill_cache` when the builder is ready, the grids are computed
beside the notebooks, and :func:`~qbcore.web.assets.write_assets` finds them
in the cache.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .assets import SHIPPED_GRIDS, shipped_grid, source_hash, store, write_whole
from .static_explorers import check_number, payload, precompute

#: Every explorer with a grid.
NUMBERS = (2, 3, 4, 5, 6, "charging")


def _missing(cache: Path, key: str, numbers, shipped: bool) -> list:
    return [n for n in numbers
            if not (cache / f"{key}-fig{check_number(n)}.js").exists()
            and not (shipped and shipped_grid(n).exists())]


def fill_cache(cache_dir: str | os.PathLike, numbers: tuple = NUMBERS, processes: int = 1,
               shipped: bool = True) -> None:
    """Compute the data files missing from ``cache_dir`` (and, ``shipped=True``, not shipped)."""
    cache, key = Path(cache_dir), source_hash()
    for number in _missing(cache, key, numbers, shipped):
        store(cache, key, f"fig{check_number(number)}.js",
              payload(precompute(number, processes=processes)))


def start_fill_cache(cache_dir: str | os.PathLike, numbers: tuple = NUMBERS,
                     shipped: bool = True):
    """Run :func:`fill_cache` in another process (``None`` if nothing is missing).

    The book build starts it before the notebooks run, so that the grids are
    computed while the notebooks' kernel works (one CPU is left to it), and
    ``write_assets`` then finds them cached.  Returns the
    ``multiprocessing.Process``; join it before ``write_assets``.
    """
    import multiprocessing

    if not _missing(Path(cache_dir), source_hash(), numbers, shipped):
        return None
    workers = max(1, (os.cpu_count() or 1) - 1)
    process = multiprocessing.get_context("spawn").Process(
        target=fill_cache, args=(os.fspath(cache_dir), tuple(numbers), workers, shipped),
        name="qbcore-explorer-grids")
    process.start()
    return process


def ship(numbers: tuple = NUMBERS, processes: int | None = None, log=print) -> None:
    """Compute every grid and write it where qbcore ships it (whole files or none)."""
    SHIPPED_GRIDS.mkdir(exist_ok=True)
    for number in numbers:
        target = shipped_grid(number)
        text = payload(precompute(number, processes=processes))
        write_whole(target, text)
        log(f"{target}: {len(text.encode()) / 1e6:.2f} MB")


if __name__ == "__main__":
    ship(tuple(check_number(int(a) if a.isdigit() else a) for a in sys.argv[1:]) or NUMBERS)
