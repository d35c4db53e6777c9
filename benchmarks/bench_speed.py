#!/usr/bin/env python
"""Every speed and memory target of qbcore, side by side with the plain QuTiP computation.

Run from the repository root (``make bench`` runs this, then ``bench_battery.py``)::

    .venv/bin/python benchmarks/bench_speed.py            # about five minutes on 2 cores
    .venv/bin/python benchmarks/bench_speed.py --quick    # N = 401 for the large-N rows
    .venv/bin/python benchmarks/bench_speed.py --json benchmarks/results/speed.json

The Markdown report goes to stdout (paste it into ``benchmarks/README.md``);
progress goes to stderr; the exit status is 1 when a target FAILs.

What is measured, in one run:

1. one call of ``qbcore.battery_ergotropy`` at ``N = 3`` (the paper's parameters)
   against one plain QuTiP computation (build ``H`` and the collapse operators,
   ``qutip.steadystate``, ``ptrace``, ergotropy): warm medians, the two sides
   taking turns in batches (``bench_battery.alternate``); target >= 100x;
2. ``qbcore.sweep2d`` over a 100 x 100 grid of ``(mu, dmu)`` at ``N = 3``, per
   point, against the same QuTiP call; target >= 1000x;
3. a 21-point ``qbcore.sweep`` at ``N = 1001`` (``dmu`` from 1.5 to 2.5 at
   ``mu = 0``, ``T = 1``: a zoom on the bias of Fig. 6), in units of one single
   ``N = 1001`` solve at its middle point; target <= 4;
4. the peak memory (maximum resident set size) of the process that makes the
   single ``N = 1001`` solve; target < 2 GB.

Rows 3 and 4 run in fresh processes (``python -c``), timed inside them
(imports excluded), so that their memory is their own.  Times are wall-clock
(``time.perf_counter``); the CPU time of the same calls (``time.process_time``)
is reported beside them, since on a shared machine the wall clock also counts
other people's work.  BLAS runs on one thread (see ``bench_battery.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_battery as bb  # noqa: E402  (sets the BLAS threads before NumPy is imported)

import numpy as np  # noqa: E402

import qbcore  # noqa: E402

PAPER_N3 = dict(N=3, mu=1.0, dmu=2.0, T=1.0)
GRID = (("mu", np.linspace(-2.0, 8.0, 100)), ("dmu", np.linspace(0.0, 10.0, 100)))
SWEEP = dict(mu=0.0, T=1.0)
SWEEP_VALUES = np.linspace(1.5, 2.5, 21)

TARGETS = dict(single=100.0, grid=1000.0, sweep=4.0, memory_gb=2.0)

log = bb.log


def timed_both(fn):
    """``(wall seconds, cpu seconds, value)`` of one call."""
    w, c = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - w, time.process_time() - c, value


def qutip_N3():
    return bb.qutip_nonequilibrium_W(3, *bb.paper_baths(3))


def single_call(args) -> dict:
    log("1. one call at N = 3")
    qb = lambda: qbcore.battery_ergotropy("nonequilibrium", **PAPER_N3)  # noqa: E731
    qb()
    qutip_N3()
    n_base, n_qb = (20, 500) if args.quick else (60, 3000)
    res = bb.alternate({"base": (qutip_N3, n_base), "qb": (qb, n_qb)})
    # CPU time of the same kind of calls, in one block each
    cpu_qb = timed_both(lambda: [qb() for _ in range(n_qb)])[1] / n_qb
    cpu_base = timed_both(lambda: [qutip_N3() for _ in range(n_base // 2)])[1] / (n_base // 2)
    tb, tq = bb.median(res["base"][0]), bb.median(res["qb"][0])
    diff = max(abs(a - b) for a in res["qb"][1] for b in res["base"][1])
    return dict(qutip_s=tb, qbcore_s=tq, ratio=tb / tq, qutip_cpu_s=cpu_base, qbcore_cpu_s=cpu_qb,
                cpu_ratio=cpu_base / cpu_qb, max_abs_diff=diff, W=res["qb"][1][-1])


def grid_sweep(args, qutip_s: float, qutip_cpu_s: float) -> dict:
    log("2. sweep2d over 10^4 points at N = 3")
    (xn, xv), (yn, yv) = GRID
    run = lambda: qbcore.sweep2d("nonequilibrium", (xn, xv), (yn, yv), T=1.0, N=3)  # noqa: E731
    run()
    times = [timed_both(run) for _ in range(3 if args.quick else 5)]
    W = times[-1][2]
    n = W.size
    wall = bb.median([t[0] for t in times]) / n
    cpu = bb.median([t[1] for t in times]) / n
    rng = np.random.default_rng(1)
    worst_single = worst_qutip = 0.0
    for j, i in zip(rng.integers(0, len(yv), 12), rng.integers(0, len(xv), 12)):
        kw = dict(N=3, T=1.0, **{xn: float(xv[i]), yn: float(yv[j])})
        worst_single = max(worst_single, abs(W[j, i] - qbcore.battery_ergotropy(
            "nonequilibrium", **kw)))
        mus = [kw["mu"]] + [kw["mu"] + kw["dmu"]] * 2
        worst_qutip = max(worst_qutip, abs(W[j, i] - bb.qutip_nonequilibrium_W(3, mus, [1.0] * 3)))
    return dict(points=n, per_point_s=wall, per_point_cpu_s=cpu, ratio=qutip_s / wall,
                cpu_ratio=qutip_cpu_s / cpu, max_diff_single=worst_single,
                max_diff_qutip=worst_qutip)


_CHILD = r"""
import json, os, resource, sys, time
import numpy as np
import qbcore
import qbcore.solvers.dicke as dicke_solver
N, mode, values, fixed = json.loads(sys.argv[1])
solvers = []
class Counting(dicke_solver.LocalSolver):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        solvers.append(self.solver)
dicke_solver.LocalSolver = Counting
import qbcore.batch
qbcore.batch.LocalSolver = Counting
w, c = time.perf_counter(), time.process_time()
if mode == "single":
    W = [qbcore.battery_ergotropy("nonequilibrium", N=N, dmu=values[0], **fixed)]
else:
    W = qbcore.sweep("nonequilibrium", "dmu", values, N=N, **fixed).tolist()
wall, cpu = time.perf_counter() - w, time.process_time() - c
print(json.dumps(dict(wall=wall, cpu=cpu, W=W, maxrss_gb=resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 2**20, fresh=sum(s.fresh for s in solvers),
    reused=sum(s.reused for s in solvers))))
"""


def child(N: int, mode: str, values) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD,
                          json.dumps([N, mode, [float(v) for v in values], SWEEP])],
                         capture_output=True, text=True, check=True, env=os.environ)
    return json.loads(out.stdout.strip().splitlines()[-1])


def large_sweep(args) -> dict:
    N = 401 if args.quick else 1001
    log(f"3. a 21-point sweep at N = {N}, against one single solve")
    single = child(N, "single", [SWEEP_VALUES[len(SWEEP_VALUES) // 2]])
    log(f"   single: {single['wall']:.1f} s")
    sweep = child(N, "sweep", SWEEP_VALUES)
    log(f"   sweep: {sweep['wall']:.1f} s ({sweep['fresh']} factorised, {sweep['reused']} reused)")
    mid = sweep["W"][len(SWEEP_VALUES) // 2]
    return dict(N=N, points=len(SWEEP_VALUES), single_s=single["wall"], single_cpu_s=single["cpu"],
                sweep_s=sweep["wall"], sweep_cpu_s=sweep["cpu"],
                ratio=sweep["wall"] / single["wall"], cpu_ratio=sweep["cpu"] / single["cpu"],
                fresh=sweep["fresh"], reused=sweep["reused"],
                single_maxrss_gb=single["maxrss_gb"], sweep_maxrss_gb=sweep["maxrss_gb"],
                diff_mid=abs(mid - single["W"][0]), W_range=[min(sweep["W"]), max(sweep["W"])])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats; N = 401 for rows 3, 4")
    ap.add_argument("--json", metavar="FILE", help="write the raw numbers to FILE")
    ap.add_argument("--blas-threads", type=int, metavar="N", help="as for bench_battery.py")
    args = ap.parse_args(argv)
    info = bb.machine()
    t0 = time.perf_counter()
    one = single_call(args)
    grid = grid_sweep(args, one["qutip_s"], one["qutip_cpu_s"])
    big = large_sweep(args)
    info["load_average_end"] = os.getloadavg()
    total = time.perf_counter() - t0

    N = big["N"]
    targets = [
        (f"one call at N = 3: QuTiP / qbcore >= {TARGETS['single']:g}", bb.fmt_x(one["ratio"]),
         f"{bb.fmt_x(one['cpu_ratio'])}", one["ratio"] >= TARGETS["single"]),
        (f"sweep2d, 10^4 points at N = 3: QuTiP call / qbcore point >= {TARGETS['grid']:g}",
         bb.fmt_x(grid["ratio"]), bb.fmt_x(grid["cpu_ratio"]), grid["ratio"] >= TARGETS["grid"]),
        (f"21-point sweep at N = {N}: time / one single N = {N} solve <= {TARGETS['sweep']:g}",
         f"{big['ratio']:.2f}", f"{big['cpu_ratio']:.2f}", big["ratio"] <= TARGETS["sweep"]),
        (f"peak memory of the N = {N} solve < {TARGETS['memory_gb']:g} GB",
         f"{big['single_maxrss_gb']:.2f} GB", "-", big["single_maxrss_gb"] < TARGETS["memory_gb"]),
    ]
    mode = "quick" if args.quick else "default"
    print(f"## qbcore speed targets ({mode} run, {info['date']})\n")
    print(f"Machine: {info['platform']}, {info['cpu']}, os.cpu_count() = {info['cpu_count']}, "
          f"BLAS threads: {info['blas_threads']}; load average at start "
          f"{info['load_average_start'][0]:.2f}, at end {info['load_average_end'][0]:.2f}. "
          f"Python {info['python']}, numpy {info['numpy']}, scipy {info['scipy']}, "
          f"qutip {info['qutip']}, qbcore {info['qbcore']}. Total run time {total:.0f} s.\n")
    print(bb.table(["", "qbcore", "plain QuTiP", "ratio (wall)", "ratio (CPU)"], [
        ["one call, N = 3 (median)", bb.fmt_t(one["qbcore_s"]), bb.fmt_t(one["qutip_s"]),
         bb.fmt_x(one["ratio"]), bb.fmt_x(one["cpu_ratio"])],
        [f"sweep2d, {grid['points']} points at N = 3, per point", bb.fmt_t(grid["per_point_s"]),
         bb.fmt_t(one["qutip_s"]) + " (one call)", bb.fmt_x(grid["ratio"]),
         bb.fmt_x(grid["cpu_ratio"])],
    ]))
    print(f"\nAgreement: one call vs QuTiP {bb.fmt_e(one['max_abs_diff'])}; sweep2d vs single calls "
          f"{bb.fmt_e(grid['max_diff_single'])} and vs QuTiP {bb.fmt_e(grid['max_diff_qutip'])} "
          "(12 random grid points).\n")
    print(bb.table(["N", "", "time (wall)", "time (CPU)", "peak memory", "factorised / reused"], [
        [N, "one solve (dmu = 2)", bb.fmt_t(big["single_s"]), bb.fmt_t(big["single_cpu_s"]),
         f"{big['single_maxrss_gb']:.2f} GB", "1 / 0"],
        [N, f"{big['points']}-point sweep, dmu = 1.5 .. 2.5", bb.fmt_t(big["sweep_s"]),
         bb.fmt_t(big["sweep_cpu_s"]), f"{big['sweep_maxrss_gb']:.2f} GB",
         f"{big['fresh']} / {big['reused']}"],
        [N, "sweep / one solve", f"{big['ratio']:.2f}", f"{big['cpu_ratio']:.2f}", "", ""],
    ]))
    print(f"\nThe sweep's value at dmu = 2 differs from the single solve's by "
          f"{bb.fmt_e(big['diff_mid'])}.\n")
    print("### Targets\n")
    print(bb.table(["target", "measured (wall)", "measured (CPU)", "result"],
                   [[n, m, c, "PASS" if ok else "FAIL"] for n, m, c, ok in targets]))
    failed = [n for n, _, _, ok in targets if not ok]
    print(f"\n{'FAIL: ' + '; '.join(failed) if failed else 'All targets PASS.'}")
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dict(machine=info, mode=mode, total_s=total, single=one,
                                        grid=grid, large=big), indent=1, default=float))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
