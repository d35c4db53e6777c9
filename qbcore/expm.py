r"""``exp(A t) x0`` at many times for large, sparse, stiff generators (independent of the model).

The charging dynamics (:mod:`qbcore.dynamics`) evolve ``x(t) = exp(A t) x0``
with ``A`` a Lindbladian in some basis: up to a million unknowns, sparse, and
stiff (eigenvalues spread over a region of radius ``~gamma N`` while the slow
modes relax at rates ``~gamma``).  Plain Taylor or Krylov exponentials need
``~||A|| t`` matrix products; two methods avoid that.

Late times: shift-and-invert (rational) Krylov, :func:`shift_invert_expm`
    The Krylov space of ``Z = (I - h A)^{-1}`` applied to the start vector is
    built by the Arnoldi process (``Z V_m = V_m H_m + h_{m+1,m} v_{m+1}
    e_m^T``), and the exponential is evaluated on the small matrix
    ``A_m = (I - H_m^{-1}) / h``: ``x(t) ~ beta V_m exp(t A_m) e_1``.  One
    factorisation of ``I - h A`` serves every Krylov step and every time, and
    the dimension does not grow with ``||A||`` (Moret and Novati, BIT 44, 595
    (2004); van den Eshof and Hochbruck, SIAM J. Sci. Comput. 27, 1438 (2006)).
Early times: truncated Taylor steps, :func:`qbcore.taylor.taylor_values`
    Steps of an ``m``-term Taylor polynomial of ``A - mu I`` with scaling, the
    backward error below the unit roundoff (Al-Mohy and Higham, SIAM J. Sci.
    Comput. 33, 488 (2011)).  They cost ``~||A||_1 t`` products and a few
    vectors: cheap for short times, where a rational Krylov space would have
    to follow the whole initial transient with hundreds of vectors.
:func:`evolve`
    Both: Taylor steps up to ``switch``, one Krylov space from there (split in
    two, each with its own shift, where it does not converge).

Error estimate
    The Krylov iteration stops when the approximations from dimensions
    ``m - k`` and ``m`` differ by less than ``tol`` at every time, first in
    the given functionals (cheap: the battery's population and the trace),
    then in the given norm of the whole state (for a Lindbladian: the trace
    norm of the operator the vector stands for, which bounds the error of
    every observable of norm one).  The drift of a conserved functional (the
    trace) is a lower bound and is included.  It raises
    :class:`ConvergenceError` if that does not happen by ``max_dim``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg as sla

from .taylor import taylor_values

#: Default bound on the error of the state at every time (in the given norm).
TOL = 1e-9
#: Largest Krylov dimension before :class:`ConvergenceError`.
MAX_DIM = 150

Solve = Callable[[np.ndarray], np.ndarray]


class ConvergenceError(RuntimeError):
    """The Krylov iteration did not reach the requested accuracy."""


# ------------------------------------------------- shift-and-invert Krylov ---

@dataclass(frozen=True)
class KrylovEvolution:
    """``x(t_i) ~ basis.T @ coefficients[:, i]``, with an error estimate per time.

    Attributes
    ----------
    x0 : numpy.ndarray
        The initial vector (used exactly at ``t = 0``).
    times : numpy.ndarray
        The times, in the caller's order.
    basis : numpy.ndarray
        ``(m, n)``: orthonormal rows spanning the Krylov space.
    coefficients : numpy.ndarray
        ``(m, len(times))``.
    error : numpy.ndarray
        Estimate of the error at each time (0 at ``t = 0``).
    shift : float
        ``h`` of ``(I - h A)^{-1}``.
    """

    x0: np.ndarray
    times: np.ndarray
    basis: np.ndarray
    coefficients: np.ndarray
    error: np.ndarray
    shift: float

    @property
    def dimension(self) -> int:
        return self.basis.shape[0]

    def observe(self, functionals: np.ndarray) -> np.ndarray:
        """``functionals @ x(t_i)`` for every time: shape ``(p, len(times))``."""
        F = np.atleast_2d(functionals)
        out = (F @ self.basis.T) @ self.coefficients
        zero = self.times == 0
        if zero.any():
            out = out.astype(np.result_type(out, F @ self.x0))
            out[:, zero] = (F @ self.x0)[:, None]
        return out


def _orthogonalise(V: np.ndarray, k: int, w: np.ndarray) -> tuple[np.ndarray, float]:
    """Classical Gram-Schmidt with one reorthogonalisation (CGS2) against ``V[:k]``."""
    coeffs = np.zeros(k, dtype=V.dtype)
    for _ in range(2):
        h = (V[:k] @ w.conj()).conj() if np.iscomplexobj(V) else V[:k] @ w
        w -= h @ V[:k]
        coeffs += h
    return coeffs, float(np.linalg.norm(w))


def _projected_exponentials(H: np.ndarray, h: float, times: np.ndarray) -> np.ndarray:
    """``exp(t A_m) e_1`` for every time, ``A_m = (I - H^{-1}) / h``: shape ``(m, n_t)``.

    The times are visited in increasing order, each reached from the previous
    one by ``expm(dt A_m)``; equal increments (a uniform grid) share one ``expm``.
    """
    m = H.shape[0]
    Am = (np.eye(m) - np.linalg.inv(H)) / h
    out = np.empty((m, len(times)), dtype=np.result_type(H, float))
    y = np.eye(m, dtype=out.dtype)[:, 0]
    now, cache = 0.0, {}
    for i in np.argsort(times, kind="stable"):
        dt = float(times[i]) - now
        if dt > 0:
            key = float(f"{dt:.12e}")
            if key not in cache:
                cache[key] = sla.expm(dt * Am)
            y = cache[key] @ y
            now = float(times[i])
        out[:, i] = y
    return out


def _difference_norms(V: np.ndarray, dY: np.ndarray, norm: Callable[[np.ndarray], float],
                      chunk: int = 16) -> np.ndarray:
    """``norm(V.T @ dY[:, i])`` for every column (a few columns at a time)."""
    out = np.empty(dY.shape[1])
    for a in range(0, dY.shape[1], chunk):
        X = dY[:, a:a + chunk].T @ V
        out[a:a + chunk] = [norm(x) for x in X]
    return out


def shift_invert_expm(solve: Solve, x0: np.ndarray, times: np.ndarray, shift: float, *,
                      functionals: np.ndarray | None = None,
                      conserved: np.ndarray | None = None,
                      norm: Callable[[np.ndarray], float] | None = None,
                      tol: float = TOL, max_dim: int = MAX_DIM, min_dim: int = 6,
                      step: int = 4, progress: Callable[[int], Any] | None = None
                      ) -> KrylovEvolution:
    r"""``exp(A t) x0`` at many times by the shift-and-invert Krylov method.

    Parameters
    ----------
    solve : callable
        ``b -> (I - shift A)^{-1} b`` (one factorisation, reused).
    x0 : numpy.ndarray
        Initial vector (real or complex).
    times : numpy.ndarray
        1-D, finite, non-negative, any order.
    shift : float
        ``h > 0``.
    functionals : numpy.ndarray, optional
        ``(p, n)`` rows of norm at most one in the dual of ``norm`` (for a
        density matrix: ``tr(P rho)`` with ``||P|| <= 1``, such as the
        battery's population and the trace): a cheap first test.
    conserved : numpy.ndarray, optional
        ``(c, n)`` rows of norm at most one whose value the exact evolution
        keeps (the trace); their drift is included in the estimate.
    norm : callable, optional
        Norm of the state's error (default: Euclidean).
    tol : float
        Required error estimate at every time.
    max_dim, min_dim, step : int
        Largest and smallest Krylov dimension, and the distance ``k`` between
        the dimensions compared.
    progress : callable, optional
        Called with 1 after every Krylov vector (a progress bar's ``update``).

    Returns
    -------
    KrylovEvolution
        ``error`` holds ``||x_m(t) - x_{m-k}(t)||``, which estimates the error
        of the smaller space; the method converges geometrically, so ``x_m``
        is more accurate still.

    Raises
    ------
    ConvergenceError
        If the estimate exceeds ``tol`` at ``max_dim``, or the projected
        matrix is singular.

    Notes
    -----
    The residual of ``x_m`` is known in closed form, and ``e^{At}`` (a quantum
    channel) contracts the trace norm, so the time integral of the residual
    bounds the error rigorously; but the residual is large at ``s ~ 0`` and
    lies in fast modes whose decay that bound ignores (it exceeds the true
    error by ``~10^8`` at ``t ~ 10``).  The difference of two dimensions is
    used instead; the tests check it against exact exponentials.
    """
    t = np.asarray(times, dtype=float)
    if not shift > 0:
        raise ValueError(f"shift must be > 0, got {shift!r}")
    norm = norm or np.linalg.norm
    x0 = np.asarray(x0)
    beta = float(np.linalg.norm(x0))
    n = x0.size
    dtype = np.result_type(x0, float)
    if beta == 0 or not np.any(t > 0):
        return KrylovEvolution(x0, t, (x0 / max(beta, 1.0))[None, :].astype(dtype),
                               np.zeros((1, len(t)), dtype), np.zeros(len(t)), shift)
    max_dim = min(max_dim, n)
    F = None if functionals is None else np.atleast_2d(functionals)
    V = np.empty((max_dim + 1, n), dtype=dtype)
    H = np.zeros((max_dim + 1, max_dim), dtype=dtype)
    G = None if F is None else np.zeros((F.shape[0], max_dim + 1), dtype=np.result_type(F, dtype))
    C = None if conserved is None else np.zeros((len(conserved), max_dim + 1),
                                                dtype=np.result_type(conserved, dtype))
    V[0] = x0 / beta
    if G is not None:
        G[:, 0] = F @ V[0]
    if C is not None:
        C[:, 0] = conserved @ V[0]
    previous, estimate = None, np.full(len(t), np.inf)
    for k in range(1, max_dim + 1):
        w = np.asarray(solve(V[k - 1]), dtype=dtype)
        if progress is not None:
            progress(1)
        H[:k, k - 1], H[k, k - 1] = _orthogonalise(V, k, w)
        happy = H[k, k - 1] <= 1e-14 * np.abs(H[:k + 1, :k]).max()
        if not happy:
            V[k] = w / H[k, k - 1]
            if G is not None:
                G[:, k] = F @ V[k]
            if C is not None:
                C[:, k] = conserved @ V[k]
        if not (happy or k == max_dim or (k >= min_dim and (k - min_dim) % step == 0)):
            continue
        Hk = H[:k, :k]
        if np.linalg.cond(Hk) > 1e14:
            raise ConvergenceError("the projected matrix H_m is singular; try another shift")
        with np.errstate(all="ignore"):  # early projections may have spurious growing modes
            Y = beta * _projected_exponentials(Hk, shift, t)
        if not np.all(np.isfinite(Y)):
            if happy:
                raise ConvergenceError("the projected exponential overflowed; try another shift")
            previous = None
            continue
        if happy:  # the Krylov space is invariant: exact up to rounding
            return KrylovEvolution(x0, t, V[:k], Y, np.zeros(len(t)), shift)
        if previous is not None:
            dY = Y.copy()
            dY[:previous.shape[0]] -= previous
            cheap = np.abs(G[:, :k] @ dY).max() if G is not None else 0.0
            if cheap <= tol:
                estimate = _difference_norms(V[:k], dY[:, t > 0], norm)
                if C is not None:
                    drift = np.abs(C[:, :k] @ Y - (conserved @ x0)[:, None]).max(axis=0)
                    estimate = np.maximum(estimate, drift[t > 0])
                if np.all(estimate <= tol):
                    error = np.zeros(len(t))
                    error[t > 0] = estimate
                    return KrylovEvolution(x0, t, V[:k], Y, error, shift)
            else:
                estimate = np.full(len(t), cheap)
        previous = Y
    raise ConvergenceError(f"the shift-and-invert Krylov method did not reach tol = {tol:g} "
                           f"with dimension {max_dim} (estimate {np.max(estimate):.2e})")


# ------------------------------------------------------- the two combined ---

@dataclass(frozen=True)
class Evolution:
    """Observables along ``x(t) = exp(A t) x0``.

    Attributes
    ----------
    times : numpy.ndarray
        Caller's order.
    values : numpy.ndarray
        ``(p, len(times))``: ``functionals @ x(t)``.
    error : numpy.ndarray
        Error estimate of the state at each time, in the norm of the Krylov test.
    shift : float or None
        ``h`` of the Krylov part (the smallest where the times were split;
        ``None`` if it did not run).
    dimension : int
        Its Krylov dimension (the largest; 0 if it did not run).
    """

    times: np.ndarray
    values: np.ndarray
    error: np.ndarray
    shift: float | None
    dimension: int


def evolve(A, x0: np.ndarray, times: np.ndarray, functionals: np.ndarray, *,
           factorise: Callable[[float], Solve], checked: int | None = None,
           conserved: tuple[int, ...] = (), norm: Callable[[np.ndarray], float] | None = None,
           tol: float = TOL, switch: float = 0.0, warmup: float = 0.0,
           shift: float | None = None, max_dim: int = MAX_DIM,
           progress: Callable[[int], Any] | None = None) -> Evolution:
    """Observables of ``exp(A t) x0`` at many times: Taylor steps early, rational Krylov late.

    Parameters
    ----------
    A : sparse matrix or numpy.ndarray
        The generator.
    x0 : numpy.ndarray
    times : numpy.ndarray
        1-D, finite, non-negative, any order.
    functionals : numpy.ndarray
        ``(p, n)``; the first ``checked`` rows (default all) have norm at most
        one and steer the Krylov convergence test (:func:`shift_invert_expm`).
    factorise : callable
        ``h -> solve`` with ``solve(b) = (I - h A)^{-1} b``.
    conserved : tuple of int
        Rows of ``functionals`` that the evolution conserves (the trace).
    norm, tol, max_dim
        As for :func:`shift_invert_expm`.
    switch : float
        Times ``<= switch`` are reached by Taylor steps (:func:`qbcore.taylor.taylor_values`),
        later ones by one shift-and-invert Krylov space started at the last of
        those (or at ``x0``).  Where it does not converge the times are split
        at their geometric middle, each half with its own shift, recursively.
    warmup : float
        The Krylov space starts no earlier than ``min(warmup, t)``, ``t`` the
        first time it serves: Taylor steps carry the state there first.  From a
        pure start the rational approximation can stall on a plateau (its
        successive dimensions agree while the error stays larger: ``2e-9`` at
        ``N = 41``, ``t = 7``, from ``t = 0``); past the first ``1 / gamma`` of
        the transient the tests found none.
    shift : float, optional
        ``h`` (default: the smallest Krylov time offset, at least
        ``switch / 10`` and ``1e-3`` times the largest).
    progress : callable, optional
        As for :func:`shift_invert_expm`.
    """
    t = np.asarray(times, dtype=float)
    F = np.atleast_2d(functionals)
    checked = F.shape[0] if checked is None else checked
    order = np.argsort(t, kind="stable")
    ts = t[order]
    early = ts <= switch
    values = np.empty((F.shape[0], len(t)), dtype=np.result_type(F, x0))
    error = np.zeros(len(t))
    start, t0, err0 = x0, 0.0, 0.0
    if early.all():
        v, _, e = taylor_values(A, x0, ts, F)
        values[:, order], error[order] = v, e
        return Evolution(t, values, error, None, 0)
    first_late = float(ts[~early][0])
    stop = min(warmup, first_late)
    if early.any() or stop > 0:
        path = np.append(ts[early], stop) if stop > ts[early].max(initial=0.0) else ts[early]
        v, start, e = taylor_values(A, x0, path, F)
        values[:, order[early]], error[order[early]] = v[:, :early.sum()], e[:early.sum()]
        t0, err0 = float(path[-1]), float(e[-1])
    offsets = ts[~early] - t0
    late = order[~early]

    def krylov(select: np.ndarray) -> tuple[float, int]:
        """One Krylov space for ``offsets[select]``; split in two where it fails."""
        d = offsets[select]
        positive = d[d > 0] if np.any(d > 0) else np.ones(1)
        h = (max(float(positive.min()), 1e-3 * float(positive.max()), switch / 10)
             if shift is None else shift)
        try:
            ev = shift_invert_expm(factorise(h), start, d, h, functionals=F[:checked],
                                   conserved=F[list(conserved)] if conserved else None,
                                   norm=norm, tol=tol, max_dim=max_dim, progress=progress)
        except ConvergenceError:
            if shift is not None or positive.min() == positive.max():
                raise
            middle = np.sqrt(positive.min() * positive.max())
            (h1, m1), (h2, m2) = krylov(select[d < middle]), krylov(select[d >= middle])
            return min(h1, h2), max(m1, m2)
        values[:, late[select]] = ev.observe(F)
        error[late[select]] = ev.error + err0
        return h, ev.dimension

    h, dim = krylov(np.arange(len(offsets)))
    return Evolution(t, values, error, h, dim)
