"""Build the book as ``jupyter-book build`` does, with the pages read by several processes.

``python -m qbcore.web.build [PATH] [--jobs K]`` (``make book``) takes the
configuration exactly as ``jupyter-book build PATH -W -n --keep-going`` does
(``_config.yml``, ``_toc.yml``, nitpicky, warnings as errors) and hands
Sphinx ``K`` processes (default: every CPU).  Jupyter Book 1's command line
has no option for that, although its own ``build_sphinx`` takes one.

The pages are notebooks that myst-nb executes while Sphinx reads them, so on
``K`` processes they run ``K`` at a time.  Each page is a chunk of its own
(:func:`one_page_chunks`): a process that finishes a short page takes the
next one, instead of Sphinx's default of splitting the pages into ``K``
fixed runs of consecutive pages.  The pages go longest first, by the
run time their executed notebook records (:func:`recorded_seconds`), so
that the last page to start is a short one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from functools import partial
from pathlib import Path

from .. import _validate as check


def recorded_seconds(notebook: str | os.PathLike) -> float:
    """Seconds the notebook's cells took when it was last executed (0 if none is recorded).

    From the ``execution`` timestamps that nbclient stores in each cell's metadata.
    """
    path = Path(notebook)
    if path.suffix != ".ipynb" or not path.is_file():
        return 0.0
    total = 0.0
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        stamps = cell.get("metadata", {}).get("execution", {})
        start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
        if start and end:
            total += (datetime.fromisoformat(end.replace("Z", "+00:00"))
                      - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
    return total


def one_page_chunks(arguments, nproc: int, maxbatch: int = 10, source: Path = Path(".")
                    ) -> list[list]:
    """Every document a chunk of its own, longest recorded run first.

    The signature of ``sphinx.util.parallel.make_chunks``, plus the book's ``source`` folder.
    """
    return [[name] for name in sorted(
        arguments, key=lambda name: -recorded_seconds(source / f"{name}.ipynb"))]


def build(path: str | os.PathLike = ".", jobs: int | None = None) -> int:
    """Build the HTML book under ``path/_build/html``; returns the exit status (0: no warning).

    ``jobs``: Sphinx processes, an integer >= 1 (default ``None``: every CPU).
    """
    jobs = check.workers("jobs", jobs) or os.cpu_count() or 1
    import sphinx.builders
    from jupyter_book.cli.main import build as jupyter_book_build
    from jupyter_book.sphinx import build_sphinx

    path_config, source, overrides = jupyter_book_build.callback(
        path_source=str(path), path_output=None, config=None, toc=None, warningiserror=True,
        nitpick=True, keep_going=True, freshenv=False, builder="html", custom_builder=None,
        verbose=0, quiet=0, individualpages=False, get_config_only=True)
    # Sphinx's builder takes its chunks from here
    sphinx.builders.make_chunks = partial(one_page_chunks, source=Path(source))
    result = build_sphinx(source, Path(source) / "_build" / "html", use_external_toc=True,
                          noconfig=True, path_config=path_config, confoverrides=overrides,
                          builder="html", warningiserror=True, keep_going=True, jobs=jobs)
    if isinstance(result, Exception):
        print(f"the book build failed: {result!r}", file=sys.stderr)
        return 1
    if result == 0:
        print(f"The book is in {Path(source) / '_build' / 'html' / 'index.html'}")
    return int(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=".", help="the book's folder (default: .)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="Sphinx processes (default: the number of CPUs)")
    args = parser.parse_args(argv)
    return build(args.path, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
