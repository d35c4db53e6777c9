r"""Many ancillas: :math:`\mathcal{W}` against ``N``, hopping scaled with ``N``, large-N limits.

With ``M = N - 1`` ancillas the battery couples to the collective ancilla
mode ``J_-`` with strength ``J sqrt(M)`` (:mod:`qbcore.dicke`), so how ``J``
is scaled with ``N`` decides what "large N" means:

``"fixed"``
    ``J`` as given: the collective coupling grows like ``sqrt(N)``.
``"sqrt"``
    ``J / sqrt(N - 1)``: the collective coupling stays ``J``.
``"linear"``
    ``J / (N - 1)``: the collective coupling vanishes like ``1/sqrt(N)``, and
    the battery is left with its own reservoir.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from concurrent.futures import Executor
from importlib.resources import files
from typing import Any

import numpy as np

from . import _validate as check
from .reservoirs import fermi
from .sweeps import solve_points

J_SCALINGS = ("fixed", "sqrt", "linear")


def scaled_hopping(J: float, N: int, scaling: str) -> float:
    """The hopping at size ``N`` under ``scaling`` (see the module docstring)."""
    if scaling not in J_SCALINGS:
        raise ValueError(f"scaling must be one of {J_SCALINGS}, got {scaling!r}")
    if scaling == "fixed":
        return float(J)
    return float(J) / (np.sqrt(N - 1) if scaling == "sqrt" else (N - 1))


def collective_coupling(J: float, N: int) -> float:
    """``J sqrt(N - 1)``: the battery's coupling to the collective mode of ``N - 1`` ancillas."""
    return abs(float(J)) * float(np.sqrt(N - 1))


def validity_size(J: float, omega0: float = 10.0, fraction: float = 1.0) -> float:
    r"""The size ``N`` at which the collective coupling reaches ``fraction * omega0``.

    The excitation-conserving hopping (no counter-rotating terms) and the
    local master equation both need ``J sqrt(N - 1) << omega0``: beyond
    ``N = 1 + (fraction omega0 / J)^2`` the model's equations no longer
    describe a device (about ``N = 101`` for ``J = 1``, ``omega0 = 10``,
    ``fraction = 1``).  With ``J`` scaled as ``J / sqrt(N - 1)`` the
    collective coupling stays ``J`` at every ``N``, the scaling under which
    a large network stays physical.
    """
    J = check.real("J", J)
    omega0 = check.real("omega0", omega0, minimum=0.0, strict=True)
    fraction = check.real("fraction", fraction, minimum=0.0, strict=True)
    if J == 0:
        return float("inf")
    return 1.0 + (fraction * omega0 / J) ** 2


def sweep_N(scenario: str, Ns: Sequence[int], *, scaling: str = "fixed",
            progress: bool = False, executor: Executor | None = None,
            chunksize: int | None = None, **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}` for every ``N`` in ``Ns``, with ``J`` scaled as ``scaling`` says.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    Ns : sequence of int
        Sizes, each ``2 <= N <= 1001``.
    scaling : {"fixed", "sqrt", "linear"}
        How ``J`` (default 1) changes with ``N``.
    progress : bool
        Show a progress bar.
    executor : concurrent.futures.Executor, optional
        Solve the sizes there (see :func:`qbcore.sweep`); the result is the same.
    chunksize : int, optional
        Points per task of the executor.
    **params
        The other keywords of :func:`qbcore.battery_ergotropy`.

    Returns
    -------
    numpy.ndarray
        ``W[i]`` at ``N = Ns[i]``.

    Raises
    ------
    ValueError, TypeError
        For any invalid size or parameter, before anything is solved.
    qbcore.sweeps.SweepError
        If some sizes failed; it holds the values of the others.
    """
    Ns = check.sizes(Ns)
    if "N" in params:
        raise ValueError("'N' is swept; do not also fix it")
    if scaling not in J_SCALINGS:
        raise ValueError(f"scaling must be one of {J_SCALINGS}, got {scaling!r}")
    J = params.pop("J", 1.0)
    labels = [{"N": n} for n in Ns]
    points = [{**params, "N": n, "J": scaled_hopping(J, n, scaling) if scaling != "fixed" else J}
              for n in Ns]
    desc = "W(N)" if scaling == "fixed" else f"W(N), J {scaling}"
    return solve_points(scenario, points, labels, [(i,) for i in range(len(Ns))], (len(Ns),),
                        progress=progress, desc=desc, executor=executor, chunksize=chunksize)


def extrapolate(Ns: Sequence[int], W: Sequence[float], order: int = 2) -> tuple[float, np.ndarray]:
    r"""Large-N limit by a least-squares fit of ``W`` in powers of ``1/N``.

    Fits :math:`\mathcal{W}(N) = W_\infty + \sum_{k=1}^{\text{order}} c_k N^{-k}`
    (Richardson extrapolation) and returns ``(W_inf, [c_1, ..., c_order])``.
    Use sizes where the expansion holds (large ``N``); the spread of the
    estimate between ``order`` and ``order + 1`` is its uncertainty.
    """
    Ns = np.asarray(Ns, dtype=float)
    W = np.asarray(W, dtype=float)
    if Ns.shape != W.shape or Ns.ndim != 1:
        raise ValueError(f"Ns and W must be 1-D of equal length, got {Ns.shape} and {W.shape}")
    if not isinstance(order, (int, np.integer)) or order < 0:
        raise ValueError(f"order must be a non-negative integer, got {order!r}")
    if len(Ns) < order + 1:
        raise ValueError(f"order {order} needs at least {order + 1} sizes, got {len(Ns)}")
    V = np.vander(1.0 / Ns, order + 1, increasing=True)
    coef = np.linalg.lstsq(V, W, rcond=None)[0]
    return float(coef[0]), coef[1:]


def oscillator_limit(mu: float, dmu: float, T: float, *, J: float = 1.0, gamma: float = 1.0,
                     omega: float = 1.0, n_max: int = 60) -> float:
    r"""Battery population ``p_e`` in the limit ``N -> infinity`` with ``J / sqrt(N - 1)``.

    For many ancillas in their thermal state (occupation ``n_A``), the
    collective mode ``b = J_- / sqrt(M)`` becomes a damped harmonic oscillator
    (central limit theorem; Holstein-Primakoff about the mixed state) with
    ``[b, b^+] = 1 - 2 n_A``.  For ``n_A < 1/2``, ``c = b / sqrt(1 - 2 n_A)``
    is a boson with thermal occupation ``n_A / (1 - 2 n_A)`` and the hopping
    is ``g (sigma_+ c + sigma_- c^+)``, ``g = J sqrt(1 - 2 n_A)``; for
    ``n_A > 1/2`` the ancillas are inverted, ``c = b^+ / sqrt(2 n_A - 1)`` has
    occupation ``(1 - n_A) / (2 n_A - 1)`` and the hopping becomes
    ``g (sigma_+ c^+ + sigma_- c)``: the inverted mode pumps the battery.  The
    mode relaxes at rate ``gamma``, the battery to its own reservoir.  The
    steady state of that qubit-oscillator model (a plain QuTiP computation on
    ``n_max`` Fock states, checked against ``n_max + 20``) is the limit.

    Returns
    -------
    float
        ``p_e``; ``W = max(0, 2 p_e - 1)``.  Large ``J`` gives the limit of
        ``N -> infinity`` at fixed ``J`` (the collective coupling diverges).
    """
    import qutip

    mu, dmu, J, omega = (check.real(k, v) for k, v in
                         (("mu", mu), ("dmu", dmu), ("J", J), ("omega", omega)))
    T = check.real("T", T, minimum=0.0)
    gamma = check.real("gamma", gamma, minimum=0.0, strict=True)
    n_B, n_A = float(fermi(omega, mu, T)), float(fermi(omega, mu + dmu, T))
    s = 1.0 - 2.0 * n_A
    if s == 0.0:  # the mode has no fluctuations to couple to: the battery sees its reservoir
        return n_B

    def p_e(n: int) -> float:
        sm = qutip.tensor(qutip.sigmam(), qutip.qeye(n))  # |g><e|, |e> = basis(2, 0)
        c = qutip.tensor(qutip.qeye(2), qutip.destroy(n))
        g = J * np.sqrt(abs(s))
        H = g * (sm.dag() * c + sm * c.dag()) if s > 0 else g * (sm.dag() * c.dag() + sm * c)
        occ = n_A / s if s > 0 else (1.0 - n_A) / -s
        c_ops = [np.sqrt(gamma * (1 - n_B)) * sm, np.sqrt(gamma * n_B) * sm.dag(),
                 np.sqrt(gamma * (occ + 1)) * c, np.sqrt(gamma * occ) * c.dag()]
        rho = qutip.steadystate(H, c_ops)
        return float(qutip.expect(sm.dag() * sm, rho))

    a, b = p_e(n_max), p_e(n_max + 20)
    if abs(a - b) > 1e-10:
        raise ValueError(f"n_max = {n_max} Fock states do not converge here (p_e changes by "
                         f"{abs(a - b):.1e} with 20 more); raise n_max")
    return b


def benchmark_table() -> list[dict[str, str]]:
    """The measured time and peak memory against ``N`` of every solver, as shipped.

    ``benchmarks/bench_scaling.py --csv qbcore/data/scaling.csv`` (``make
    bench-scaling``) writes the table; it ships inside the package so that a
    notebook opened on its own (Colab, a download) can show it.

    Returns
    -------
    list of dict
        One row per measurement, the CSV's columns as strings: ``case``,
        ``method``, ``N``, ``seconds`` (empty: stopped after 60 s), ``peak_GB``,
        ``W``, ``agreement`` (``|W - W_ref|``), ``qutip_time_ratio``.
    """
    text = files("qbcore").joinpath("data", "scaling.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))
