r"""The exact inverse of a block-diagonal generator ``X -> A X + X B^+``: a GMRES preconditioner.

Within each excitation block the generator's dissipative and Hamiltonian parts
act as ``X -> A X + X B^+`` (one Sylvester equation per block), which
:func:`sylvester_inverse` inverts exactly; the couplings between blocks are
left to GMRES (:mod:`qbcore.solvers.blocks`, :mod:`qbcore.evolution`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.linalg as sla
import scipy.sparse.linalg as spla


def sylvester_inverse(blocks: Sequence[tuple], dim: int,
                      keep: Sequence[int] = ()) -> spla.LinearOperator:
    """Exact inverse of ``X_b -> A_b X_b + X_b B_b^+`` on every block ``b``.

    ``blocks`` lists ``(start, stop, A_b)`` (then ``B_b = A_b``) or
    ``(start, stop, A_b, B_b)``: block ``b`` is the row-major ``vec`` of a
    ``len(A_b) x len(B_b)`` matrix stored at ``start:stop``.  Positions in
    ``keep`` (outside every block) are passed through unchanged.  With
    ``A = V diag(lam) V^-1`` and ``B = W diag(nu) W^-1`` the inverse is
    ``X = V [(V^-1 R W^-+) / (lam_i + conj(nu_j))] W^+``: four small matrix
    products.  Where ``V`` or ``W`` is ill-conditioned (near an exceptional
    point) the block uses Schur forms and LAPACK's triangular Sylvester
    solver instead.  Modes with ``lam_i + conj(nu_j) = 0`` (undamped) are
    mapped to zero.
    """
    trsyl = sla.get_lapack_funcs("trsyl", dtype=complex)
    eigen: dict[int, tuple] = {}  # one decomposition per distinct matrix

    def decompose(A: np.ndarray):
        if id(A) not in eigen:
            lam, V = np.linalg.eig(A)
            good = np.linalg.cond(V) < 1e8
            eigen[id(A)] = (A, lam, V, np.linalg.inv(V) if good else None,
                            None if good else sla.schur(A, output="complex"))
        return eigen[id(A)][1:]

    factors = []
    for a, b, A, *rest in blocks:
        B = rest[0] if rest else A
        (lam, V, Vinv, schur_a), (nu, W, Winv, schur_b) = decompose(A), decompose(B)
        shape = (len(A), len(B))
        if Vinv is not None and Winv is not None:
            sums = lam[:, None] + nu.conj()[None, :]
            denom = np.divide(1.0, sums, out=np.zeros_like(sums), where=np.abs(sums) > 0)
            factors.append((a, b, shape, "eig", (V, Vinv, W.conj().T, Winv.conj().T, denom)))
        else:
            factors.append((a, b, shape, "schur", (schur_a or sla.schur(A, output="complex"),
                                                   schur_b or sla.schur(B, output="complex"))))
    keep = np.asarray(keep, dtype=int)

    def apply(r: np.ndarray) -> np.ndarray:
        out = np.empty_like(r, dtype=complex)
        out[keep] = r[keep]
        for a, b, shape, kind, f in factors:
            R = r[a:b].reshape(shape)
            if kind == "eig":
                V, Vinv, WH, WinvH, denom = f
                out[a:b] = (V @ ((Vinv @ R @ WinvH) * denom) @ WH).ravel()
            else:
                (T, U), (S, Q) = f
                Y, scale, info = trsyl(T, S, U.conj().T @ R @ Q, trana="N", tranb="C")
                if info < 0:
                    raise RuntimeError(f"trsyl failed with info = {info}")
                out[a:b] = (U @ (Y / scale) @ Q.conj().T).ravel()
        return out

    return spla.LinearOperator((dim, dim), matvec=apply, dtype=complex)
