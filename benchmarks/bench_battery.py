#!/usr/bin/env python
"""Speed benchmark: ``qbcore.battery_ergotropy`` against a plain QuTiP computation.

Run from the repository root::

    .venv/bin/python benchmarks/bench_battery.py            # default, about a minute on 2 cores
    .venv/bin/python benchmarks/bench_battery.py --quick    # under a minute, N <= 6
    .venv/bin/python benchmarks/bench_battery.py --full     # also QuTiP at N = 8 (slow)
    .venv/bin/python benchmarks/bench_battery.py --json benchmarks/results/run.json
    .venv/bin/python benchmarks/bench_battery.py --blas-threads 0   # BLAS's own threading

The Markdown report goes to stdout (paste it into ``benchmarks/README.md``);
progress goes to stderr.  The exit status is 1 when a target FAILs.

BLAS runs on one thread unless ``--blas-threads`` (or ``OPENBLAS_NUM_THREADS``
and the like in the environment) says otherwise: both sides are serial
algorithms (QuTiP's default steady state is a SuperLU factorisation), and on a
machine shared with other processes OpenBLAS's worker threads make the small
dense calls of qbcore, and SuperLU's BLAS calls, erratically slower (10x and
more), which turns the ratios into noise (see ``benchmarks/README.md``).

The baseline does everything from scratch with QuTiP alone, once per call:
build ``H`` and the collapse operators with ``qutip.tensor``, solve
``qutip.steadystate(H, c_ops)`` (its default method), take ``rho.ptrace(0)``
and evaluate the battery's ergotropy from the eigenvalues, divided by
``2 omega0``.  It does not import anything from qbcore.

Timings use ``time.perf_counter``.  "cold" is qbcore's first call after every
``functools.lru_cache`` in qbcore has been cleared (the cached sector
structures are built during that call); "warm" is the median over repeated
calls after one warm-up call.  QuTiP's first call is reported too; it is the
warm-up of the baseline.  Where both sides are repeated, they take turns in
batches of consecutive calls (see :func:`alternate`), so that a change of load
on the machine affects both alike.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path


def _blas_threads_from_argv(argv: list[str]) -> str | None:
    """``--blas-threads N`` must act before NumPy is imported: read it here."""
    for i, a in enumerate(argv):
        if a.startswith("--blas-threads="):
            return a.split("=", 1)[1]
        if a == "--blas-threads" and i + 1 < len(argv):
            return argv[i + 1]
    return None


_BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
BLAS_THREADS = _blas_threads_from_argv(sys.argv[1:])
if BLAS_THREADS is None:  # default: one thread, unless the environment already says
    BLAS_THREADS = "env" if any(v in os.environ for v in _BLAS_VARS) else "1"
if BLAS_THREADS not in ("0", "env"):
    for _var in _BLAS_VARS:
        os.environ[_var] = BLAS_THREADS

import numpy as np  # noqa: E402
import qutip  # noqa: E402
import scipy  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's qbcore

import qbcore  # noqa: E402
from qbcore.solvers import choose_method  # noqa: E402

# the paper's parameters
OMEGA0, OMEGA, GAMMA, J = 10.0, 1.0, 1.0, 1.0
PAPER = dict(mu=1.0, dmu=2.0, T=1.0)
EQUILIBRIUM = dict(mu=2.0, T=1.0)
SEED = 20240601  # per-qubit baths of case 2

# targets
RATIO_TARGET = {3: 50.0, 6: 20.0}
AGREEMENT_TOL = 1e-8
N7_TARGET_S = 10.0
MESOLVE_T = 600.0  # the slowest decaying mode at N = 3 relaxes at rate ~0.039

log = functools.partial(print, file=sys.stderr, flush=True)


# --------------------------------------------------------------- timing ---

def clear_qbcore_caches() -> None:
    """Forget every cached structure in qbcore, so that the next call is cold."""
    modules = [m for name, m in sys.modules.items() if name.startswith("qbcore") and m]
    for module in modules:
        for obj in vars(module).values():
            if callable(getattr(obj, "cache_clear", None)):
                obj.cache_clear()


def timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def alternate(jobs: dict, rounds: int = 5) -> dict:
    """Run ``jobs = {name: (fn, reps)}`` in alternating batches; ``{name: (times, values)}``.

    Every job's calls are split into ``rounds`` batches of consecutive calls
    (fewer when a job has fewer calls), and the batches of the jobs take turns,
    so that a drift of the load on the machine affects both sides alike, while
    each call still runs as it would in a sweep: after a call of its own kind.
    (Alternating single calls would make every fast call follow a slow one of
    the other side and pay for the caches it evicted.)
    """
    out = {name: ([], []) for name in jobs}
    batches = {name: [len(part) for part in np.array_split(np.arange(reps), min(rounds, reps))]
               if reps else [] for name, (_, reps) in jobs.items()}
    for r in range(max((len(b) for b in batches.values()), default=0)):
        for name, (fn, _) in jobs.items():
            for _ in range(batches[name][r] if r < len(batches[name]) else 0):
                t, v = timed(fn)
                out[name][0].append(t)
                out[name][1].append(v)
    return out


def median(xs):
    return statistics.median(xs) if xs else math.nan


def fmt_t(s: float) -> str:
    if s is None or not math.isfinite(s):
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.0f} us"
    if s < 1.0:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def fmt_x(r: float) -> str:
    return "-" if r is None or not math.isfinite(r) else f"{r:.0f}x" if r >= 10 else f"{r:.1f}x"


def fmt_e(d: float) -> str:
    return "-" if d is None or not math.isfinite(d) else f"{d:.1e}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ----------------------------------------------------- plain QuTiP side ---

def _embed(op: qutip.Qobj, i: int, N: int) -> qutip.Qobj:
    return qutip.tensor([op if k == i else qutip.qeye(2) for k in range(N)])


def _fermi(omega: float, mu: float, T: float) -> float:
    if T == 0:
        return 1.0 if omega < mu else 0.5 if omega == mu else 0.0
    x = (omega - mu) / T
    return math.exp(-x) / (1.0 + math.exp(-x)) if x > 0 else 1.0 / (math.exp(x) + 1.0)


def qutip_model(N: int, mus, Ts, collective: bool = False):
    """``H`` (star network) and the collapse operators, built with QuTiP only.

    ``qutip.sigmam()`` maps ``basis(2, 0) = |e>`` to ``|g>``; ``sigmaz()`` is +1 on ``|e>``.
    """
    sm, sz = qutip.sigmam(), qutip.sigmaz()
    H = OMEGA0 * sum((_embed(sz, i, N) for i in range(1, N)), _embed(sz, 0, N))
    for k in range(1, N):
        hop = _embed(sm.dag(), 0, N) * _embed(sm, k, N)
        H = H + J * (hop + hop.dag())
    if collective:
        lowering = [sum((_embed(sm, i, N) for i in range(1, N)), _embed(sm, 0, N))]
    else:
        lowering = [_embed(sm, i, N) for i in range(N)]
    c_ops = []
    for A, mu, T in zip(lowering, mus, Ts):
        n = _fermi(OMEGA, mu, T)
        c_ops += [math.sqrt(GAMMA * (1.0 - n)) * A, math.sqrt(GAMMA * n) * A.dag()]
    return H, c_ops


def battery_W(rho_B: qutip.Qobj) -> float:
    """``E(rho_B, omega0 sigma_z) / (2 omega0)`` from the eigenvalues (Eq. 3)."""
    r = rho_B.full()
    HB = OMEGA0 * qutip.sigmaz().full()
    pops = np.sort(np.linalg.eigvalsh(0.5 * (r + r.conj().T)))[::-1]
    energies = np.linalg.eigvalsh(HB)
    return (float(np.real(np.trace(r @ HB))) - float(pops @ energies)) / (2.0 * OMEGA0)


def qutip_nonequilibrium_W(N: int, mus, Ts) -> float:
    H, c_ops = qutip_model(N, mus, Ts)
    rho = qutip.steadystate(H, c_ops)
    return battery_W(rho.ptrace(0))


def paper_baths(N: int):
    return [PAPER["mu"]] + [PAPER["mu"] + PAPER["dmu"]] * (N - 1), [PAPER["T"]] * N


def random_baths(N: int):
    rng = np.random.default_rng([SEED, N])
    return [float(x) for x in rng.uniform(-2.0, 6.0, N)], [float(x) for x in rng.uniform(0.2, 3.0, N)]


# ----------------------------------------------------------------- cases ---

def case1(args, targets: list) -> tuple[str, list]:
    log("case 1: paper parameters, qbcore vs qutip.steadystate")
    rows, records = [], []
    reps = {3: (20, 50), 6: (3, 10)} if args.quick else {3: (100, 200), 6: (9, 40)}
    for N in (3, 6):
        kw = dict(N=N, **PAPER)
        method = choose_method(qbcore.make_parameters("nonequilibrium", **kw))
        q_fn = functools.partial(qbcore.battery_ergotropy, "nonequilibrium", **kw)
        b_fn = functools.partial(qutip_nonequilibrium_W, N, *paper_baths(N))
        clear_qbcore_caches()
        cold, w_cold = timed(q_fn)
        q_fn()  # warm-up
        b_first, w_first = timed(b_fn)  # the baseline's warm-up
        n_base, n_q = reps[N]
        res = alternate({"base": (b_fn, n_base), "qb": (q_fn, n_q)})
        tb, tq = median(res["base"][0]), median(res["qb"][0])
        ws_q = [w_cold] + res["qb"][1]
        ws_b = [w_first] + res["base"][1]
        diff = max(abs(a - b) for a in ws_q for b in ws_b)
        ratio = tb / tq
        rows.append([N, method, fmt_t(cold), fmt_t(tq), n_q, fmt_t(b_first), fmt_t(tb), n_base,
                     fmt_x(ratio), f"{ws_q[-1]:.10f}", fmt_e(diff)])
        records.append(dict(N=N, method=method, qbcore_cold_s=cold, qbcore_warm_median_s=tq,
                            qbcore_times_s=res["qb"][0], qbcore_reps=n_q,
                            qutip_first_s=b_first, qutip_median_s=tb, qutip_times_s=res["base"][0],
                            qutip_reps=n_base, ratio=ratio, W=ws_q[-1], max_abs_diff=diff))
        targets.append((f"case 1, N = {N}: QuTiP / qbcore (warm medians) >= {RATIO_TARGET[N]:g}",
                        f"{ratio:.0f}", ratio >= RATIO_TARGET[N]))
        log(f"  N={N}: qbcore {fmt_t(tq)}, qutip {fmt_t(tb)}, ratio {ratio:.1f}, |dW| {diff:.1e}")
    worst = max(r["max_abs_diff"] for r in records)
    targets.append((f"case 1: max abs(W_qbcore - W_qutip) <= {AGREEMENT_TOL:g}", fmt_e(worst),
                    worst <= AGREEMENT_TOL))
    text = table(["N", "method", "qbcore cold", "qbcore warm (median)", "reps",
                  "QuTiP first", "QuTiP (median)", "reps", "QuTiP / qbcore", "W",
                  "max abs dW"], rows)
    return text, records


def case2(args, targets: list) -> tuple[str, list]:
    log("case 2: arbitrary per-qubit baths")
    n_max = 6 if args.quick else 8
    qutip_max = 8 if args.full else 7
    rows, records = [], []
    for N in range(3, n_max + 1):
        mus, Ts = random_baths(N)
        kw = dict(N=N, mus=mus, Ts=Ts)
        method = choose_method(qbcore.make_parameters("nonequilibrium", **kw))
        q_fn = functools.partial(qbcore.battery_ergotropy, "nonequilibrium", **kw)
        b_fn = functools.partial(qutip_nonequilibrium_W, N, mus, Ts)
        clear_qbcore_caches()
        cold, w_cold = timed(q_fn)
        q_fn()
        n_q = (5 if args.quick else 20) if N <= 6 else (10 if N == 7 else 5)
        jobs = {"qb": (q_fn, n_q)}
        b_first = None
        if N <= qutip_max:
            log(f"  N={N}: QuTiP ...")
            if N <= 6:
                b_first, _ = timed(b_fn)  # warm-up
                jobs["base"] = (b_fn, (3 if args.quick else 10) if N <= 5 else 3)
            else:  # one call: it takes seconds to minutes
                jobs["base"] = (b_fn, 1)
        res = alternate(jobs)
        tq = median(res["qb"][0])
        ws_q = [w_cold] + res["qb"][1]
        if "base" in res:
            tb = median(res["base"][0])
            ws_b = res["base"][1]
            diff = max(abs(a - b) for a in ws_q for b in ws_b)
            ratio = tb / tq
            reps_b = len(res["base"][0])
        else:
            tb = diff = ratio = math.nan
            reps_b = 0
        skipped = "skipped (use --full)" if N > qutip_max else None
        rows.append([N, method, math.comb(2 * N, N),
                     4**N, fmt_t(cold), fmt_t(tq), n_q,
                     skipped or fmt_t(tb), reps_b or "-", fmt_x(ratio), f"{ws_q[-1]:.10f}",
                     fmt_e(diff)])
        records.append(dict(N=N, mus=mus, Ts=Ts, method=method, qbcore_cold_s=cold,
                            qbcore_warm_median_s=tq, qbcore_times_s=res["qb"][0], qbcore_reps=n_q,
                            qutip_first_s=b_first, qutip_median_s=None if skipped else tb,
                            qutip_times_s=res.get("base", ([], []))[0], ratio=None if skipped else ratio,
                            W=ws_q[-1], max_abs_diff=None if skipped else diff))
        log(f"  N={N}: {method}, qbcore cold {fmt_t(cold)} warm {fmt_t(tq)}, "
            f"qutip {skipped or fmt_t(tb)}, |dW| {fmt_e(diff)}")
        if N == 7:
            targets.append((f"case 2, N = 7: qbcore cold call < {N7_TARGET_S:g} s", fmt_t(cold),
                            cold < N7_TARGET_S))
    compared = [r["max_abs_diff"] for r in records if r["max_abs_diff"] is not None]
    worst = max(compared)
    targets.append((f"case 2: max abs(W_qbcore - W_qutip) <= {AGREEMENT_TOL:g} "
                    f"(N <= {max(r['N'] for r in records if r['max_abs_diff'] is not None)})",
                    fmt_e(worst), worst <= AGREEMENT_TOL))
    text = table(["N", "method", "qbcore unknowns binom(2N,N)", "QuTiP unknowns 4^N",
                  "qbcore cold", "qbcore warm (median)", "reps", "QuTiP (median)", "reps",
                  "QuTiP / qbcore", "W", "max abs dW"], rows)
    baths = "\n".join(f"- N = {r['N']}: mus = [{', '.join(f'{m:.3f}' for m in r['mus'])}], "
                      f"Ts = [{', '.join(f'{t:.3f}' for t in r['Ts'])}]" for r in records)
    notes = [f"Baths drawn with `numpy.random.default_rng([{SEED}, N])`, mu_i uniform in [-2, 6], "
             "T_i uniform in [0.2, 3]:", "", baths]
    if qutip_max < n_max:
        notes += ["", "QuTiP is not run at N = 8 by default: it is a sparse LU of a 65536 x 65536 "
                  "Liouvillian, not measured here (the 16384 x 16384 one at N = 7 already takes "
                  "seconds to minutes); `--full` includes it."]
    return text + "\n\n" + "\n".join(notes), records


def case3(args, targets: list) -> tuple[str, list]:
    log("case 3: equilibrium (collective) scenario, initial = 'ground'")
    n_max = 6 if args.quick else 7
    rows, records = [], []
    for N in range(2, n_max + 1):
        kw = dict(N=N, initial="ground", **EQUILIBRIUM)
        out = {}
        for method in ("symmetric", "blocks"):
            fn = functools.partial(qbcore.battery_ergotropy, "equilibrium", method=method, **kw)
            clear_qbcore_caches()
            cold, w = timed(fn)
            if method == "symmetric":
                reps = 5 if args.quick else 20
            else:
                reps = {2: 10, 3: 10, 4: 10, 5: 5, 6: 2}.get(N, 0)  # N = 7: dense SVD, ~1 min
                if args.quick:
                    reps = min(reps, 3 if N <= 5 else 1)
            # the cold call is the warm-up: every later call finds the caches filled
            res = alternate({"f": (fn, reps)})
            times = res["f"][0]
            ws = [w] + res["f"][1]
            out[method] = dict(cold=cold, warm=median(times), reps=len(times), W=ws[-1],
                               spread=max(ws) - min(ws))
            log(f"  N={N} {method}: cold {fmt_t(cold)}, warm {fmt_t(out[method]['warm'])}")
        diff = abs(out["symmetric"]["W"] - out["blocks"]["W"])
        kdim = qbcore.kernel_dimension("equilibrium", N=N, **EQUILIBRIUM) if N <= 6 else None
        rows.append([N, kdim if kdim is not None else "-",
                     fmt_t(out["symmetric"]["cold"]), fmt_t(out["symmetric"]["warm"]),
                     fmt_t(out["blocks"]["cold"]),
                     fmt_t(out["blocks"]["warm"]) if out["blocks"]["reps"] else "- (one call)",
                     f"{out['symmetric']['W']:.10f}", fmt_e(diff)])
        records.append(dict(N=N, kernel_dimension=kdim, symmetric=out["symmetric"],
                            blocks=out["blocks"], abs_diff=diff))
    worst = max(r["abs_diff"] for r in records)
    targets.append((f"case 3: abs(W_symmetric - W_blocks) <= {AGREEMENT_TOL:g}", fmt_e(worst),
                    worst <= AGREEMENT_TOL))

    # the long-time limit by direct time evolution, N = 3
    log("  N=3: qutip.mesolve ...")
    N = 3
    H, c_ops = qutip_model(N, [EQUILIBRIUM["mu"]], [EQUILIBRIUM["T"]], collective=True)
    g = qutip.basis(2, 1)
    rho0 = qutip.tensor([g * g.dag()] * N)
    t_me, result = timed(lambda: qutip.mesolve(
        H, rho0, [0.0, MESOLVE_T], c_ops,
        options={"atol": 1e-12, "rtol": 1e-10, "nsteps": 10**7}).states[-1])
    W_me = battery_W(result.ptrace(0))
    W_q = records[1]["symmetric"]["W"]
    d_me = abs(W_me - W_q)
    targets.append((f"case 3, N = 3: abs(W_qbcore - W_mesolve(t = {MESOLVE_T:g})) <= "
                    f"{AGREEMENT_TOL:g}", fmt_e(d_me), d_me <= AGREEMENT_TOL))
    # what a naive qutip.steadystate gives (not a valid baseline; shown for information)
    try:
        rho_ss = qutip.steadystate(H, c_ops)
        W_ss = battery_W(rho_ss.ptrace(0))
        low = float(np.linalg.eigvalsh(rho_ss.full()).min())
        naive = (f"`qutip.steadystate` at N = 3 returns W = {W_ss:.10f} (lowest eigenvalue of its "
                 f"rho: {low:.2e}). It is an arbitrary element of the "
                 f"{records[1]['kernel_dimension']}-dimensional kernel: that its W agrees here is "
                 "not guaranteed by anything")
    except Exception as exc:  # noqa: BLE001
        W_ss, naive = None, f"`qutip.steadystate` at N = 3 raises {type(exc).__name__}: {exc}"
    records.append(dict(mesolve=dict(N=3, t_final=MESOLVE_T, time_s=t_me, W=W_me, abs_diff=d_me),
                        naive_steadystate_W=W_ss))
    text = table(["N", "dim ker L", "symmetric cold", "symmetric warm (median)",
                  "blocks cold", "blocks warm (median)", "W", "abs(W_sym - W_blocks)"], rows)
    text += "\n\n" + "\n".join([
        "`qutip.steadystate` is not a valid baseline here: with collective dissipation ker L is "
        "degenerate (column `dim ker L`), so the answer depends on the initial state (all qubits "
        "in |g>) and qbcore returns the long-time limit P0 rho(0). The reference is "
        f"`qutip.mesolve` from |g..g> up to t = {MESOLVE_T:g} (the slowest decaying mode relaxes "
        f"at rate ~0.039 at N = 3): W = {W_me:.12f} in {fmt_t(t_me)}, "
        f"abs(W_qbcore - W_mesolve) = {d_me:.1e}.",
        "",
        naive + ".",
        "",
        "`blocks` at N = 7 is timed by its single (cold) call: a dense SVD of the 3432 x 3432 "
        "q = 0 sector dominates and no cache helps it."])
    return text, records


# --------------------------------------------------------------- machine ---

def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> dict:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return dict(date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                platform=platform.platform(), cpu=cpu_model(), cpu_count=os.cpu_count(),
                cpus_usable=affinity, python=platform.python_version(), numpy=np.__version__,
                scipy=scipy.__version__, qutip=qutip.__version__, qbcore=qbcore.__version__,
                load_average_start=os.getloadavg(),
                blas_threads=("library default (--blas-threads 0)" if BLAS_THREADS == "0"
                              else "from the environment: " + ", ".join(
                                  f"{v} = {os.environ[v]}" for v in _BLAS_VARS if v in os.environ)
                              if BLAS_THREADS == "env"
                              else f"OPENBLAS/OMP/MKL_NUM_THREADS = {BLAS_THREADS}"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, N <= 6 (under a minute)")
    ap.add_argument("--full", action="store_true", help="also run QuTiP at N = 8 in case 2 (slow)")
    ap.add_argument("--json", metavar="FILE", help="write the raw numbers to FILE")
    ap.add_argument("--blas-threads", type=int, metavar="N",
                    help="set OPENBLAS/OMP/MKL_NUM_THREADS=N before NumPy is imported; 0 leaves "
                         "the libraries' own choice (default: 1, unless one of these variables "
                         "is already set in the environment)")
    args = ap.parse_args(argv)

    info = machine()
    t_start = time.perf_counter()
    targets: list = []
    sections = [("1. Non-equilibrium, paper parameters (mu = 1, dmu = 2, T = 1, star)", case1),
                ("2. Non-equilibrium, arbitrary per-qubit baths", case2),
                ("3. Equilibrium (collective reservoir, mu = 2, T = 1, initial = ground)", case3)]
    texts, raw = [], {}
    for title, fn in sections:
        text, records = fn(args, targets)
        texts.append((title, text))
        raw[title] = records
    info["load_average_end"] = os.getloadavg()
    total = time.perf_counter() - t_start

    mode = "quick" if args.quick else "full" if args.full else "default"
    print(f"## qbcore speed benchmark ({mode} run, {info['date']})\n")
    print(f"Machine: {info['platform']}, {info['cpu']}, os.cpu_count() = {info['cpu_count']}, "
          f"usable (sched_getaffinity) = {info['cpus_usable']}, BLAS threads: "
          f"{info['blas_threads']}; load average at start "
          f"{info['load_average_start'][0]:.2f}, at end {info['load_average_end'][0]:.2f}. "
          f"Python {info['python']}, numpy {info['numpy']}, scipy {info['scipy']}, "
          f"qutip {info['qutip']}, qbcore {info['qbcore']}. Total run time {total:.0f} s.\n")
    print("omega0 = 10, omega = gamma = J = 1, star network. Times per call of "
          "`battery_ergotropy` (qbcore) and of the plain QuTiP computation (build H and c_ops, "
          "`qutip.steadystate`, `ptrace(0)`, ergotropy / 2 omega0).\n")
    for title, text in texts:
        print(f"### {title}\n\n{text}\n")
    r1 = {r["N"]: r["ratio"] for r in raw[sections[0][0]]}
    r2 = {r["N"]: r["ratio"] for r in raw[sections[1][0]] if r["ratio"] is not None}
    print("### Median ratios (QuTiP median / qbcore warm median)\n")
    m1 = sorted({r.get("method", "?") for r in raw[sections[0][0]]})
    print(f"- case 1 (paper parameters, method {', '.join(m1)}): "
          + ", ".join(f"N = {n}: {fmt_x(v)}" for n, v in r1.items()))
    print("- case 2 (arbitrary baths): "
          + ", ".join(f"N = {n}: {fmt_x(v)}" for n, v in r2.items()) + "\n")
    print("### Targets\n")
    print(table(["target", "measured", "result"],
                [[name, measured, "PASS" if ok else "FAIL"] for name, measured, ok in targets]))
    failed = [name for name, _, ok in targets if not ok]
    print(f"\n{'FAIL: ' + '; '.join(failed) if failed else 'All targets PASS.'}")

    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dict(machine=info, mode=mode, total_s=total, results=raw,
                                        targets=[dict(name=n, measured=m, passed=ok)
                                                 for n, m, ok in targets]),
                                   indent=1, default=float))
        log(f"raw numbers written to {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
