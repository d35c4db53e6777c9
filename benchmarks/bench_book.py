"""Cold book builds: ``make book``'s parallel build against Jupyter Book's own serial one.

Each run copies the book's sources (no ``_build/``: no notebook cache, no
explorer grids) into a fresh temporary folder and builds it twice, taking
turns: with ``python -m qbcore.web.build`` (what ``make book`` runs: the
notebooks on every CPU) and with ``jupyter-book build . -W -n --keep-going``
(one notebook after another).  It prints the wall-clock and CPU times of
every build, their medians and the target (a cold ``make book`` under 90 s on
two cores).  qbcore is imported from the installed package (``pip install
-e .``: this checkout).  BLAS runs on one thread, as under ``make``.

    .venv/bin/python benchmarks/bench_book.py [--runs K]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("_config.yml", "_toc.yml", "_static", "book")
TARGET_S = 90.0


def copy_sources(into: Path) -> Path:
    """The book's sources, without any build output, in a folder of their own."""
    book = into / "book-copy"
    book.mkdir()
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, book / name, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__"))
        elif src.exists():
            shutil.copy2(src, book / name)
    return book


def timed_build(command: list[str], cwd: Path) -> dict:
    """Wall and CPU seconds (this build's processes) of one build, and its exit status."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return dict(wall=wall, cpu=cpu, status=done.returncode, stderr=done.stderr[-2000:])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=2, help="cold builds of each kind (default 2)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    bin_dir = Path(sys.executable).parent
    kinds = {"make book (python -m qbcore.web.build)": [sys.executable, "-m", "qbcore.web.build", "."],
             "jupyter-book build (serial)": [str(bin_dir / "jupyter-book"), "build", ".", "-W",
                                             "-n", "--keep-going"]}
    results: dict[str, list[dict]] = {k: [] for k in kinds}
    load_start = os.getloadavg()[0]
    for run in range(args.runs):
        for name, command in kinds.items():
            with tempfile.TemporaryDirectory() as tmp:
                book = copy_sources(Path(tmp))
                r = timed_build(command, book)
            if r["status"] != 0:
                print(f"{name} failed (exit {r['status']}):\n{r['stderr']}", file=sys.stderr)
                return 1
            results[name].append(r)
            print(f"run {run + 1}: {name}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU",
                  file=sys.stderr, flush=True)
    print(f"## Cold book builds ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})\n")
    print(f"os.cpu_count() = {os.cpu_count()}; load average at start {load_start:.2f}, "
          f"at end {os.getloadavg()[0]:.2f}; {args.runs} cold build(s) of each kind, taking turns.\n")
    print("| build | wall (each) | wall (median) | CPU (median) |")
    print("|---|---|---|---|")
    for name, rs in results.items():
        walls = ", ".join(f"{r['wall']:.0f} s" for r in rs)
        print(f"| {name} | {walls} | {statistics.median(r['wall'] for r in rs):.0f} s | "
              f"{statistics.median(r['cpu'] for r in rs):.0f} s |")
    parallel, serial = (statistics.median(r["wall"] for r in rs) for rs in results.values())
    verdict = "PASS" if parallel < TARGET_S else "FAIL"
    print(f"\nserial / parallel (median wall): {serial / parallel:.2f}; "
          f"target: cold make book < {TARGET_S:.0f} s: {parallel:.0f} s, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
