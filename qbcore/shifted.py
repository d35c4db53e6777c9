r"""Shifted solves ``b -> (I - h A)^{-1} b``: one factorisation, reused for every solve.

The shift-and-invert exponential of :mod:`qbcore.expm` applies
``(I - h A)^{-1}`` many times for one step ``h``; :func:`shifted_solver`
factorises ``I - h A`` once (dense LU, sparse LU in a fill-reducing order, or
GMRES on an incomplete LU for the largest Dicke layouts) and
:func:`checked_solve` checks the residual of every solve.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from . import linalg

#: Incomplete LU of the shifted systems ``I - h A`` above :data:`qbcore.linalg.DIRECT_MAX`: at
#: ``N = 1001`` in the Dicke basis it holds about 9e7 entries (1.0 GB) where the
#: exact LU in the same order holds 2.1e8 (2.2 GB), and GMRES needs 3-5 steps.
#: (A drop tolerance of 1e-4 needs hundreds of steps.)
SHIFTED_ILU_DROP_TOL = 1e-6
#: Relative residual of the shifted solves.
SHIFTED_RTOL = 1e-12


def shifted_solver(A, shift: float, order: np.ndarray | None = None, pivots=None):
    r"""``b -> (I - shift A)^{-1} b``: one factorisation, reused for every solve.

    Dense LU up to :data:`qbcore.linalg.DENSE_MAX` unknowns.  Above, with a fill-reducing
    ``order`` (such as :func:`qbcore.linalg.nested_dissection`) and optional static
    ``pivots`` (``pivots[k]`` the equation that pivots on unknown ``k``, as in
    :func:`qbcore.linalg.solve_with_trace`): a sparse LU without row swaps in that order up
    to :data:`qbcore.linalg.DIRECT_MAX` unknowns, and above GMRES preconditioned by an
    incomplete LU in the same order (:data:`SHIFTED_ILU_DROP_TOL`; about half
    the memory of the exact factors), with the exact LU as the fallback.
    Without ``order``: SuperLU's own order with partial pivoting.

    Every solve is checked: ``|B z - b| <= SHIFTED_RTOL (|B| |z| + |b|)``
    entrywise in the largest entries (``B = I - shift A``), after up to two
    steps of iterative refinement; otherwise a ``RuntimeError``.
    """
    n = A.shape[0]
    if n <= linalg.DENSE_MAX:
        dense = A.toarray() if sp.issparse(A) else np.asarray(A)
        B = np.eye(n) - shift * dense
        lu = sla.lu_factor(B, check_finite=False)
        return checked_solve(B, lambda b: sla.lu_solve(lu, b, check_finite=False))
    B = (sp.identity(n, format="csr") - shift * sp.csr_matrix(A)).tocsr()
    if order is None:
        lu = spla.splu(B.tocsc(), permc_spec="COLAMD", diag_pivot_thresh=1.0)
        return checked_solve(B, lu.solve)
    if callable(pivots):
        pivots = pivots(B)
    rows = order if pivots is None else pivots[order]
    C = B[rows][:, order].tocsc()
    opts = dict(permc_spec="NATURAL", diag_pivot_thresh=0.0 if pivots is not None else 1.0,
                options={"SymmetricMode": pivots is not None})
    scale = float(abs(C).sum(axis=1).max())

    def permuted(inner):
        def solve(b: np.ndarray) -> np.ndarray:
            x = np.empty(n, dtype=np.result_type(b, C.dtype))
            x[order] = inner(b[rows])
            return x
        return solve

    if n <= linalg.DIRECT_MAX:
        return checked_solve(B, permuted(spla.splu(C, **opts).solve))
    ilu = spla.spilu(C, drop_tol=SHIFTED_ILU_DROP_TOL, fill_factor=linalg.ILU_FILL_FACTOR, **opts)
    P = spla.LinearOperator(C.shape, ilu.solve, dtype=C.dtype)
    exact = []

    def iterative(b: np.ndarray) -> np.ndarray:
        if exact:
            return exact[0](b)
        z0 = ilu.solve(b)
        # GMRES stops at what the check needs: its 2-norm bounds the largest entry
        target = SHIFTED_RTOL * (float(np.abs(b).max()) + scale * float(np.abs(z0).max()))
        z, _ = spla.gmres(C, b, x0=z0, M=P, rtol=0.0, atol=0.5 * target, restart=30, maxiter=3)
        if np.abs(C @ z - b).max() <= target:
            return z
        exact.append(spla.splu(C, **opts).solve)  # GMRES failed: the exact LU from now on
        return exact[0](b)
    return checked_solve(B, permuted(iterative))


def checked_solve(B, inner):
    """``b -> inner(b)`` with the residual of ``B z = b`` checked, refined twice at most.

    Raises ``RuntimeError`` where the relative residual stays above :data:`SHIFTED_RTOL`.
    """
    scale = float(abs(B).sum(axis=1).max()) if sp.issparse(B) else float(
        np.abs(B).sum(axis=1).max())

    def small(r: np.ndarray, z: np.ndarray, b: np.ndarray) -> bool:
        return np.abs(r).max() <= SHIFTED_RTOL * (scale * np.abs(z).max() + np.abs(b).max())

    def solve(b: np.ndarray) -> np.ndarray:
        z = inner(b)
        r = b - B @ z
        for _ in range(2):
            if small(r, z, b):
                return z
            z = z + inner(r)
            r = b - B @ z
        if small(r, z, b):
            return z
        raise RuntimeError("the shifted solve (I - h A) z = b did not reach a relative "
                           f"residual of {SHIFTED_RTOL:g}")
    return solve
