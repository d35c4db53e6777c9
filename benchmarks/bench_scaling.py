#!/usr/bin/env python
"""Time and peak memory against N for every solver, and the plain QuTiP baseline.

Run from the repository root::

    .venv/bin/python benchmarks/bench_scaling.py                 # about 6 minutes on 2 cores
    .venv/bin/python benchmarks/bench_scaling.py --quick         # N <= 201, about a minute
    .venv/bin/python benchmarks/bench_scaling.py --csv qbcore/data/scaling.csv
    .venv/bin/python benchmarks/bench_scaling.py --cases "local coupling" global  # some cases

Every measurement runs in a fresh Python process (so that its peak memory is its own) with
one BLAS thread, and is killed after ``--timeout`` seconds (60 by default): a solver that does
not finish within a minute is reported as ``> 60 s``.  The time is the call itself, from
validated keywords to ``W`` (structure building included: it is a first, "cold" call); peak
memory is the process's maximum resident set size, which includes about 0.2 GB of Python,
NumPy, SciPy and QuTiP.

Cases (star network, ``omega0 = 10``, ``omega = gamma = J = 1``, ``T = 1``):

* ``nonequilibrium``: Fig. 6's parameters ``mu = 0``, ``dmu = 2``; methods ``dicke``,
  ``symmetric``, ``blocks`` and QuTiP (``qutip.steadystate`` of the full Liouvillian, then
  ``ptrace``), each where it applies.
* ``per-qubit baths``: ``mu_i`` uniform in ``[-2, 6]``, ``T_i`` in ``[0.2, 3]`` (seeded), no
  permutation symmetry: ``blocks`` and QuTiP.
* ``equilibrium``: one collective reservoir, ``mu = 2``, from ``|g..g>``: ``dicke``,
  ``symmetric``, ``blocks``.  QuTiP's steady state is no baseline here (``ker L`` is degenerate,
  see SPEC.md).
* ``local coupling``: the same with each qubit's own coupling ``gamma_local = 0.05`` to the
  reservoir: the steady state is unique, so QuTiP is a baseline again.
* ``global``, ``redfield``: the global (Davies) and Bloch-Redfield master equations, ``mu = 20``
  (resonant with ``2 omega0``), ``dmu = 2``: method ``blocks`` (in the eigenbasis of ``H``).

"Agreement" is ``|W - W_ref|`` with the reference the QuTiP result where it finished, else the
``blocks`` result at the same ``N`` (for QuTiP's own rows: ``blocks``); "QuTiP time / time" is
the speed-up over QuTiP at the same ``N``, where QuTiP finished.  The Markdown table goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
case, method, N = sys.argv[1], sys.argv[2], int(sys.argv[3])
import numpy as np
if method == "qutip":
    import qutip
else:
    import qbcore
kw = json.loads(sys.argv[4])
t0 = time.perf_counter()
if method == "qutip":
    from math import exp
    def fermi(mu, T):
        x = (1.0 - mu) / T
        return 1.0 / (exp(x) + 1.0) if x < 700 else 0.0
    def op(s, i):
        return qutip.tensor([s if k == i else qutip.qeye(2) for k in range(N)])
    sm = [op(qutip.sigmam(), i) for i in range(N)]
    H = sum(10.0 * op(qutip.sigmaz(), i) for i in range(N))
    H += sum(sm[0].dag() * sm[k] + sm[k].dag() * sm[0] for k in range(1, N))
    c_ops = []
    if case == "local coupling":
        n, gl, Jm = fermi(kw["mu"], kw["T"]), kw["gamma_local"], sum(sm)
        c_ops = [np.sqrt(1 - n) * Jm, np.sqrt(n) * Jm.dag()]
        for i in range(N):
            c_ops += [np.sqrt(gl * (1 - n)) * sm[i], np.sqrt(gl * n) * sm[i].dag()]
    else:
        mus = kw.get("mus") or [kw["mu"]] + [kw["mu"] + kw["dmu"]] * (N - 1)
        Ts = kw.get("Ts") or [kw["T"]] * N
        for i in range(N):
            n = fermi(mus[i], Ts[i])
            c_ops += [np.sqrt(1 - n) * sm[i], np.sqrt(n) * sm[i].dag()]
    rho_B = qutip.steadystate(H, c_ops).ptrace(0).full()
    p_e = rho_B[0, 0].real
    W = max(0.0, 2 * p_e - 1)
else:
    scenario = "equilibrium" if case in ("equilibrium", "local coupling") else "nonequilibrium"
    r = qbcore.battery_result(scenario, N=N, method=method, **kw)
    W = r.W
seconds = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"W": W, "seconds": seconds, "rss": rss}))
"""

FULL = {
    "nonequilibrium": {
        "dicke": [3, 10, 31, 101, 201, 401, 1001],
        "symmetric": [3, 6, 8, 10],
        "blocks": [3, 6, 8, 9, 10],
        "qutip": [3, 5, 6, 7, 8],
    },
    "per-qubit baths": {"blocks": [3, 5, 7, 8, 9, 10], "qutip": [3, 5, 7, 8]},
    "equilibrium": {
        "dicke": [3, 10, 101, 1001],
        "symmetric": [3, 6, 8, 10],
        "blocks": [3, 5, 7],
    },
    "local coupling": {
        "dicke": [3, 10, 101, 1001],
        "symmetric": [3, 6, 8],
        "blocks": [3, 6, 8, 9],
        "qutip": [3, 5, 6, 7],
    },
    "global": {"blocks": [3, 4, 5, 6]},
    "redfield": {"blocks": [3, 4, 5, 6]},
}
QUICK = {
    "nonequilibrium": {"dicke": [3, 10, 101, 201], "symmetric": [3, 8], "blocks": [3, 8],
                       "qutip": [3, 6]},
    "per-qubit baths": {"blocks": [3, 7], "qutip": [3, 7]},
    "equilibrium": {"dicke": [3, 101], "symmetric": [3, 8], "blocks": [3, 6]},
    "local coupling": {"dicke": [3, 101], "blocks": [3, 6], "qutip": [3, 6]},
    "global": {"blocks": [3, 5]},
    "redfield": {"blocks": [3, 5]},
}


def keywords(case: str, N: int) -> dict:
    if case == "nonequilibrium":
        return {"mu": 0.0, "dmu": 2.0, "T": 1.0}
    if case == "equilibrium":
        return {"mu": 2.0, "T": 1.0}
    if case == "local coupling":
        return {"mu": 2.0, "T": 1.0, "gamma_local": 0.05}
    if case in ("global", "redfield"):
        return {"mu": 20.0, "dmu": 2.0, "T": 1.0, "master_equation": case}
    import numpy as np
    rng = np.random.default_rng([20240601, N])
    return {"mus": rng.uniform(-2, 6, N).tolist(), "Ts": rng.uniform(0.2, 3, N).tolist()}


def measure(case: str, method: str, N: int, timeout: float) -> dict | None:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    args = [sys.executable, "-c", CHILD, case, method, str(N), json.dumps(keywords(case, N))]
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env,
                             check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"{case} {method} N={N} failed:\n{e.stderr}") from e
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (about a minute)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per measurement")
    ap.add_argument("--csv", help="also write the rows to this CSV file")
    ap.add_argument("--cases", nargs="+", choices=list(FULL), help="only these cases")
    a = ap.parse_args(argv)
    plan = QUICK if a.quick else FULL
    if a.cases:
        plan = {case: plan[case] for case in a.cases}
    rows = []
    for case, methods in plan.items():
        results = {}
        for method, Ns in methods.items():
            for N in Ns:
                print(f"{case:16s} {method:10s} N = {N:5d} ...", end=" ", file=sys.stderr,
                      flush=True)
                r = measure(case, method, N, a.timeout)
                results[method, N] = r
                print("timeout" if r is None else f"{r['seconds']:.3g} s", file=sys.stderr)
        for (method, N), r in results.items():
            q = results.get(("qutip", N))
            ref = results.get(("blocks", N)) if method == "qutip" else (
                q or results.get(("blocks", N)))
            agree = "" if r is None or ref is None or ref is r else f"{abs(r['W'] - ref['W']):.1e}"
            speedup = ("" if r is None or q is None or method == "qutip"
                       else f"{q['seconds'] / r['seconds']:.3g}")
            rows.append({
                "case": case, "method": method, "N": N,
                "seconds": "" if r is None else f"{r['seconds']:.4g}",
                "peak_GB": "" if r is None else f"{r['rss'] / 1e9:.2f}",
                "W": "" if r is None else f"{r['W']:.12f}",
                "agreement": agree,
                "qutip_time_ratio": speedup,
            })
    print("| case | method | N | time | peak memory | W | agreement | QuTiP time / time |\n"
          "|---|---|---|---|---|---|---|---|")
    for r in rows:
        t = f"{float(r['seconds']):.3g} s" if r["seconds"] else f"> {a.timeout:.0f} s"
        m = f"{r['peak_GB']} GB" if r["peak_GB"] else ""
        print(f"| {r['case']} | {r['method']} | {r['N']} | {t} | {m} | {r['W']} "
              f"| {r['agreement']} | {r['qutip_time_ratio']} |")
    if a.csv:
        os.makedirs(os.path.dirname(a.csv) or ".", exist_ok=True)
        with open(a.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        print(f"wrote {a.csv}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
