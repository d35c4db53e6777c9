r"""``exp(A t) x`` by truncated Taylor steps: short times of stiff generators, to the unit roundoff.

Steps of an ``m``-term Taylor polynomial of ``A - mu I`` with scaling, ``m``
and the number of steps chosen from estimates of ``||B^p||_1^{1/p}`` so that
the backward error stays below ``2^-53`` (Al-Mohy and Higham, SIAM J. Sci.
Comput. 33, 488 (2011)).  The cost is ``~||A||_1 t`` matrix products and a
few vectors: cheap for the first ``1/gamma`` of a charging run, where a
rational Krylov space (:mod:`qbcore.expm`) would need hundreds of vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


#: ``theta_m`` of Al-Mohy and Higham (2011), Table 3.1: the largest ``||t A||``
#: for which ``m`` Taylor terms have a backward error below ``2^-53``.
_THETA = {5: 2.40e-3, 10: 1.44e-1, 15: 6.41e-1, 20: 1.44, 25: 2.43, 30: 3.54,
          35: 4.7, 40: 6.0, 45: 7.2, 50: 8.5, 55: 9.9}


@dataclass(frozen=True)
class TaylorPlan:
    """A generator prepared for truncated Taylor steps.

    Attributes
    ----------
    shifted : sparse matrix or numpy.ndarray
        ``B = A - mu I`` with ``mu = tr(A) / n``.
    mu : complex or float
        The shift.
    alpha : dict
        ``{m: alpha_m}``: ``min_p max(d_p, d_{p+1})`` with
        ``d_p = ||B^p||_1^{1/p}``, over the ``p`` allowed for ``m`` terms.
    norm1 : float
        ``||A||_1``.
    """

    shifted: Any
    mu: complex
    alpha: dict
    norm1: float


def _norm1(A) -> float:
    return float(abs(A).sum(axis=0).max()) if sp.issparse(A) else float(
        np.abs(A).sum(axis=0).max())


def taylor_plan(A, p_max: int = 6) -> TaylorPlan:
    """Prepare :func:`taylor_step`: the shift and the norms ``||B^p||_1`` (estimated once)."""
    n = A.shape[0]
    diagonal = A.diagonal()
    mu = complex(diagonal.sum()) / n
    mu = mu.real if np.isrealobj(diagonal) else mu
    eye = sp.identity(n, format="csr") if sp.issparse(A) else np.eye(n)
    B = A - mu * eye
    B = B.tocsr() if sp.issparse(B) else B
    dtype = np.result_type(B.dtype, float)

    def power_norm(p: int) -> float:
        if p == 1:
            return _norm1(B)
        if n <= 8:
            dense = B.toarray() if sp.issparse(B) else B
            return _norm1(np.linalg.matrix_power(dense, p))
        BH = B.conj().T

        def mv(v, M=B):
            for _ in range(p):
                v = M @ v
            return v
        op = spla.LinearOperator(B.shape, matvec=mv, rmatvec=lambda v: mv(v, BH), dtype=dtype)
        return float(spla.onenormest(op))

    d = {p: power_norm(p) ** (1.0 / p) for p in range(1, p_max + 2)}
    alpha = {}
    for m in _THETA:
        allowed = [p for p in range(2, p_max + 1) if p * (p - 1) <= m + 1]
        alpha[m] = min([max(d[p], d[p + 1]) for p in allowed] + [d[1]])
    return TaylorPlan(B, mu, alpha, _norm1(A))


def taylor_step(plan: TaylorPlan, x: np.ndarray, dt: float) -> np.ndarray:
    """``exp(A dt) x`` by ``s`` steps of an ``m``-term Taylor polynomial of ``A - mu I``.

    ``m`` and ``s`` minimise the number of products ``m s`` subject to
    ``dt alpha_m / s <= theta_m``; the series is cut early when two successive
    terms are negligible (Al-Mohy and Higham 2011, Alg. 3.2).
    """
    if dt == 0:
        return x.copy()
    m, s = min(((m, max(1, int(np.ceil(dt * plan.alpha[m] / th)))) for m, th in _THETA.items()),
               key=lambda ms: (ms[0] * ms[1], ms[0]))
    eta = np.exp(plan.mu * dt / s)
    tol = 2.0 ** -53
    F = x
    for _ in range(s):
        c1 = np.abs(F).max()
        term = F
        for k in range(1, m + 1):
            term = (dt / (s * k)) * (plan.shifted @ term)
            c2 = np.abs(term).max()
            F = F + term
            if c1 + c2 <= tol * np.abs(F).max():
                break
            c1 = c2
        F = eta * F
    return F


def taylor_values(A, x0: np.ndarray, times: np.ndarray, functionals: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``functionals @ exp(A t) x0`` at sorted ``times`` by truncated Taylor steps.

    Returns
    -------
    values : numpy.ndarray
        ``(p, len(times))``; exactly ``functionals @ x0`` where ``t = 0``.
    state : numpy.ndarray
        ``x(times[-1])``.
    error : numpy.ndarray
        ``u (||A||_1 t + 1)``: the backward error carried by a contraction,
        plus rounding (``u`` the unit roundoff).
    """
    F = np.atleast_2d(functionals)
    values = np.empty((F.shape[0], len(times)), dtype=np.result_type(F, x0))
    plan = taylor_plan(A) if np.any(times > 0) else None
    x, now = x0, 0.0
    for i, t in enumerate(times):
        if t > now:
            x = taylor_step(plan, x, t - now)
            now = t
        values[:, i] = F @ x
    norm1 = plan.norm1 if plan is not None else 0.0
    error = np.finfo(float).eps * (norm1 * times + 1.0) * (times > 0)
    return values, x, error
