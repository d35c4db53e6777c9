"""Command-line interface: ``python -m qbcore point|figure|phase ...``.

For people who want numbers, not pages::

    python -m qbcore point nonequilibrium --mu 1 --dmu 2 --T 1
    python -m qbcore figure 3 --format csv --out fig3.csv
    python -m qbcore phase nonequilibrium --x mu -2 8 41 --y dmu 0 10 41 --T 1 --format json
    python -m qbcore phase nonequilibrium --x mu -2 8 100 --y dmu 0 10 100 --T 1 --N 1001 \
        --scheduler tcp://10.0.0.1:8786 --out phase.csv

``phase`` runs on local worker processes (``--workers K``) or on a dask
cluster (``--scheduler tcp://HOST:PORT``, ``pip install qbcore[distributed]``).
Bad arguments print a one-line error and exit with status 2.  Where some
points of a phase diagram fail, the others are still written (the failed
ones with an empty W, ``null`` in JSON), the failures are listed on standard
error and the exit status is 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from typing import Any

import numpy as np

from .battery import battery_ergotropy
from .parameters import INITIAL_NAMES, MASTER_EQUATIONS, METHODS, SCENARIOS, TOPOLOGIES
from .sweeps import SweepError, sweep2d
from .viz.figures import PAPER, figure_spec

EXAMPLES = """examples:
  python -m qbcore point nonequilibrium --mu 1 --dmu 2 --T 1
  python -m qbcore point equilibrium --mu 2 --T 0.5 --N 4 --initial mixed
  python -m qbcore point nonequilibrium --mus 1 3 3 --Ts 1 1 2
  python -m qbcore point equilibrium --mu 2 --T 1 --gamma_local 0.01
  python -m qbcore point nonequilibrium --mu 20 --dmu 2 --T 1 --master_equation global
  python -m qbcore figure 3 --format csv
  python -m qbcore figure 6 --format json --out fig6.json
  python -m qbcore phase nonequilibrium --x mu -2 8 41 --y dmu 0 10 41 --T 1
  python -m qbcore phase nonequilibrium --x mu -2 8 41 --y dmu 0 10 41 --T 1 --workers 4
  python -m qbcore phase nonequilibrium --x mu -2 8 100 --y dmu 0 10 100 --T 1 --N 1001 \
      --scheduler tcp://127.0.0.1:8786 --progress --out phase.csv
"""

_FLOATS = ("omega0", "omega", "gamma", "J", "mu", "T", "dmu", "gamma_local")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _model_options(p: argparse.ArgumentParser, swept: tuple[str, ...] = ()) -> None:
    for name in _FLOATS:
        if name not in swept:
            p.add_argument(f"--{name}", type=float, default=None, help=f"{name} (float)")
    if "N" not in swept:
        p.add_argument("--N", type=int, default=None, help="number of qubits (>= 2)")
    p.add_argument("--topology", choices=TOPOLOGIES, default=None)
    p.add_argument("--mus", type=float, nargs="+", default=None, help="per-qubit chemical potentials")
    p.add_argument("--Ts", type=float, nargs="+", default=None, help="per-qubit temperatures")
    p.add_argument("--omega0s", type=float, nargs="+", default=None,
                   help="per-qubit transition frequencies")
    p.add_argument("--master_equation", choices=MASTER_EQUATIONS, default=None,
                   help="nonequilibrium only: local (default), global or redfield")
    p.add_argument("--initial", choices=INITIAL_NAMES, default=None)
    p.add_argument("--method", choices=METHODS, default=None)


def _params(args: argparse.Namespace, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    keys = _FLOATS + ("N", "topology", "mus", "Ts", "omega0s", "master_equation", "initial",
                      "method")
    return {k: getattr(args, k) for k in keys
            if k not in skip and getattr(args, k, None) is not None}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m qbcore", description=__doc__.split("\n")[0],
                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    point = sub.add_parser("point", help="W at one parameter point", epilog=EXAMPLES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    point.add_argument("scenario", choices=SCENARIOS)
    _model_options(point)

    fig = sub.add_parser("figure", help="the data behind a paper figure (2-6)", epilog=EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    fig.add_argument("number", type=int, choices=range(1, 7), metavar="{1..6}")
    fig.add_argument("--format", choices=("csv", "json"), default="csv")
    fig.add_argument("--out", default=None, help="file to write (default: standard output)")

    phase = sub.add_parser("phase", help="W over a grid of two parameters", epilog=EXAMPLES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    phase.add_argument("scenario", choices=SCENARIOS)
    phase.add_argument("--x", nargs=4, required=True, metavar=("NAME", "START", "STOP", "NUM"))
    phase.add_argument("--y", nargs=4, required=True, metavar=("NAME", "START", "STOP", "NUM"))
    phase.add_argument("--format", choices=("csv", "json"), default="csv")
    phase.add_argument("--out", default=None)
    where = phase.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="K",
                       help="solve on K local worker processes")
    where.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                       help="solve on the dask cluster of this scheduler (needs dask.distributed)")
    phase.add_argument("--progress", action="store_true", help="show a progress bar (stderr)")
    _model_options(phase)
    return parser


def _axis(parser: argparse.ArgumentParser, spec: list[str], flag: str) -> tuple[str, np.ndarray]:
    name, start, stop, num = spec
    try:
        lo, hi, n = float(start), float(stop), int(num)
    except ValueError:
        parser.error(f"{flag} needs NAME START STOP NUM with numbers, got {' '.join(spec)}")
    if n < 1:
        parser.error(f"{flag}: NUM must be >= 1, got {n}")
    values = np.linspace(lo, hi, n)
    return name, values.astype(int) if name == "N" else values


def _figure_table(number: int) -> tuple[list[str], list[list[Any]], dict]:
    if number == 1:
        from .network import edges
        rows = [[t, a, b] for t in TOPOLOGIES for a, b in edges(PAPER["N"], t)]
        return ["topology", "a", "b"], rows, {"N": PAPER["N"]}
    spec = figure_spec(number)
    data = spec.compute()
    header = [spec.x] + [c.label for c in spec.curves]
    rows = [[x] + [float(data[c.label][i]) for c in spec.curves]
            for i, x in enumerate(spec.x_values)]
    meta = {"figure": number, "scenario": spec.scenario, "x": spec.x,
            "fixed": spec.fixed, "curves": {c.label: c.params for c in spec.curves}}
    return header, rows, meta


def _write(text: str, out: str | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)


def _render(header: list[str], rows: list[list[Any]], meta: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"meta": meta, "columns": header, "rows": rows}, indent=1) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "point":
            print(f"{battery_ergotropy(args.scenario, **_params(args)):.12g}")
        elif args.command == "figure":
            _write(_render(*_figure_table(args.number), args.format), args.out)
        else:
            return _phase(parser, args)
    except (ValueError, TypeError) as exc:
        parser.error(str(exc))
    except OSError as exc:
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    return 0


def _executor(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """The executor that ``--workers`` or ``--scheduler`` asks for (a context manager)."""
    if args.workers is not None:
        if args.workers < 1:
            parser.error(f"--workers must be >= 1, got {args.workers}")
        return ProcessPoolExecutor(args.workers)
    if args.scheduler is not None:
        try:
            from distributed import Client
        except ImportError:
            parser.error("--scheduler needs dask.distributed: pip install 'qbcore[distributed]'")
        try:
            client = Client(args.scheduler, timeout="10s")
        except OSError as exc:
            parser.error(f"--scheduler: cannot reach {args.scheduler}: {exc}")
        return _ClientExecutor(client)
    return nullcontext(None)


class _ClientExecutor:
    """A dask client's executor that closes the client afterwards."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        return self.client.get_executor()

    def __exit__(self, *exc):
        self.client.close()


def _phase(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    (xn, xv), (yn, yv) = _axis(parser, args.x, "--x"), _axis(parser, args.y, "--y")
    fixed = _params(args, skip=(xn, yn))
    failures = []
    with _executor(parser, args) as executor:
        try:
            W = sweep2d(args.scenario, (xn, xv), (yn, yv), executor=executor,
                        progress=args.progress, **fixed)
        except SweepError as exc:  # keep what was computed
            W, failures = exc.values, exc.failures
    rows = [[float(y), float(x), float(W[j, i]) if np.isfinite(W[j, i]) else None]
            for j, y in enumerate(yv) for i, x in enumerate(xv)]
    meta = {"scenario": args.scenario, "x": xn, "y": yn, **fixed}
    if failures:
        meta["failures"] = [{**f.params, "reason": f.reason} for f in failures]
    _write(_render([yn, xn, "W"], rows, meta, args.format), args.out)
    if not failures:
        return 0
    sys.stderr.write(f"{parser.prog}: {len(failures)} of {W.size} points failed (W left empty"
                     f"{'' if args.out is None else ' in ' + args.out}; the others are "
                     "written):\n" + "".join(f"  {f.describe()}\n" for f in failures))
    return 1
