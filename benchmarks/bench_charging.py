#!/usr/bin/env python
"""Charging dynamics: time and peak memory of ``qbcore.charging`` against N, and QuTiP's ``mesolve``.

Run from the repository root::

    .venv/bin/python benchmarks/bench_charging.py               # N up to 1001: minutes
    .venv/bin/python benchmarks/bench_charging.py --quick       # N <= 301
    .venv/bin/python benchmarks/bench_charging.py --curve qbcore/data/charging_curve.csv

Every measurement runs in a fresh Python process (its peak memory is its own) with one BLAS
thread, and is stopped after ``--timeout`` seconds.  The task: ``W`` at the five times
``t = 0.1, 1, 10, 100, 1000`` (units of ``1/gamma``) from ``|g..g>``, the paper's parameters
(star, ``mu = 1``, ``dmu = 2``, ``T = 1``, ``omega0 = 10``, ``omega = gamma = J = 1``, one
reservoir per qubit).  Reported: wall-clock and CPU time of the call (validation to ``W``),
the process's peak resident memory (about 0.15 GB of it Python and its libraries), the Krylov
dimension, the largest error estimate, ``|tr rho - 1|`` and ``|W(1000) - W_ss|`` against the
steady state of ``qbcore.battery_ergotropy`` (a separate computation).

The baseline is ``qutip.mesolve`` on the full Liouvillian built with QuTiP alone (tolerances
``atol = 1e-10``, ``rtol = 1e-8``), where it finishes; "agreement" is the largest
``|W_qbcore - W_mesolve|`` over the five times, and "mesolve / qbcore" the ratio of wall times.

``--curve FILE`` also writes ``W(t)`` at ``N = 1001`` on a logarithmic grid (the book's
charging page reads it).  Target: the five times at ``N = 1001`` in under 180 s of CPU time
and 2 GB.  Markdown goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys

FIVE = [0.1, 1.0, 10.0, 100.0, 1000.0]
PAPER = dict(mu=1.0, dmu=2.0, T=1.0)
CURVE = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.3, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0,
         15.0, 20.0, 30.0, 50.0, 100.0]

CHILD = r"""
import json, resource, sys, time
import numpy as np
what, N, times = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
kw = json.loads(sys.argv[4])
if what == "qutip":
    import qutip
else:
    import qbcore
wall, cpu = time.perf_counter(), time.process_time()
out = {}
if what == "qutip":
    from math import exp
    def fermi(mu, T):
        return 1.0 / (exp((1.0 - mu) / T) + 1.0)
    def op(s, i):
        return qutip.tensor([s if k == i else qutip.qeye(2) for k in range(N)])
    sm = [op(qutip.sigmam(), i) for i in range(N)]
    H = sum(10.0 * op(qutip.sigmaz(), i) for i in range(N))
    H += sum(sm[0].dag() * sm[k] + sm[k].dag() * sm[0] for k in range(1, N))
    c_ops = []
    for i in range(N):
        n = fermi(kw["mu"] + (kw["dmu"] if i else 0.0), kw["T"])
        c_ops += [np.sqrt(1 - n) * sm[i], np.sqrt(n) * sm[i].dag()]
    g = qutip.basis(2, 1)
    rho0 = qutip.tensor([g * g.dag()] * N)
    res = qutip.mesolve(H, rho0, [0.0] + times, c_ops,
                        options={"atol": 1e-10, "rtol": 1e-8, "nsteps": 10**7})
    W = []
    for st in res.states[1:]:
        rb = st.ptrace(0).full()
        W.append(max(0.0, 2 * rb[0, 0].real - 1))
    out["W"] = W
else:
    r = qbcore.charging_result("nonequilibrium", times, N=N, **kw)
    out.update(W=r.W.tolist(), p_e=r.p_e.tolist(), error=float(r.error.max()),
               trace=float(np.abs(r.trace - 1).max()), dimension=r.dimension,
               unknowns=r.unknowns, method=r.method)
out["wall"] = time.perf_counter() - wall
out["cpu"] = time.process_time() - cpu
out["peak_GB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
if what == "qbcore":
    out["W_ss"] = qbcore.battery_ergotropy("nonequilibrium", N=N, **kw)
print("RESULT" + json.dumps(out))
"""


def measure(what: str, N: int, times: list[float], timeout: float) -> dict | None:
    """One measurement in a fresh process; ``None`` if it did not finish in time."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, what, str(N), json.dumps(times),
                               json.dumps(PAPER)], capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT"):
            return json.loads(line[6:])
    raise RuntimeError(f"{what} at N = {N} failed:\n{proc.stderr[-3000:]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="N <= 301 only")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per measurement")
    ap.add_argument("--curve", help="write W(t) at N = 1001 to this CSV file")
    args = ap.parse_args(argv)
    sizes = [3, 6, 8, 101, 301] + ([] if args.quick else [1001])
    print("| N | method | unknowns | wall | CPU | peak memory | Krylov dim | max error estimate "
          "| abs(tr - 1) | abs(W(1000) - W_ss) | mesolve wall | mesolve / qbcore | agreement |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    failed = False
    for N in sizes:
        print(f"qbcore N = {N}", file=sys.stderr, flush=True)
        r = measure("qbcore", N, FIVE, args.timeout)
        q = measure("qutip", N, FIVE, min(args.timeout, 300.0)) if N <= 8 else None
        if r is None:
            print(f"| {N} | - | | > {args.timeout:g} s | | | | | | | | | |")
            failed = True
            continue
        base = ["", "", ""]
        if q is not None:
            base = [f"{q['wall']:.3g} s", f"{q['wall'] / r['wall']:.3g}",
                    f"{max(abs(a - b) for a, b in zip(r['W'], q['W'])):.1e}"]
        elif N <= 8:
            base = ["> 300 s", "", ""]
        print(f"| {N} | {r['method']} | {r['unknowns']} | {r['wall']:.3g} s | {r['cpu']:.3g} s | "
              f"{r['peak_GB']:.2f} GB | {r['dimension']} | {r['error']:.1e} | {r['trace']:.1e} | "
              f"{abs(r['W'][-1] - r['W_ss']):.1e} | " + " | ".join(base) + " |", flush=True)
        if N == 1001:
            print(f"\nN = 1001: W at t = {FIVE}: {[round(w, 6) for w in r['W']]}, "
                  f"steady W = {r['W_ss']:.6f}")
            ok = r["cpu"] < 180 and r["peak_GB"] < 2.0
            failed |= not ok
            print(f"Target (five times at N = 1001 in under 180 s of CPU time and 2 GB): "
                  f"{r['cpu']:.0f} s CPU ({r['wall']:.0f} s wall), {r['peak_GB']:.2f} GB: "
                  f"{'PASS' if ok else 'FAIL'}")
    if args.curve:
        print("curve: N = 1001", file=sys.stderr, flush=True)
        r = measure("qbcore", 1001, CURVE, args.timeout)
        with open(args.curve, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["N", "t", "W", "p_e", "error"])
            for t, W, p in zip(CURVE, r["W"], r["p_e"]):
                w.writerow([1001, t, f"{W:.10f}", f"{p:.10f}", f"{r['error']:.1e}"])
        print(f"\nW(t) at N = 1001 on {len(CURVE)} times: {r['wall']:.0f} s wall, "
              f"{r['cpu']:.0f} s CPU, {r['peak_GB']:.2f} GB; written to {args.curve}")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
