"""qbcore.shifted: b -> (I - h A)^{-1} b on every path (dense, sparse LU, GMRES on an incomplete LU,
its fallback), against a dense solve on a generic stable generator built here."""

import numpy as np
import pytest
import scipy.sparse as sp

from qbcore import linalg, shifted
from qbcore.linalg import nested_dissection
from qbcore.shifted import shifted_solver


def grid_generator(n):
    """A real, non-symmetric generator on an n x n grid (drift and decay), with its coordinates."""
    x, y = np.meshgrid(np.arange(n), np.arange(n))
    x, y = x.ravel(), y.ravel()
    idx = np.arange(n * n).reshape(n, n)
    rows, cols, vals = [], [], []
    for di, dj, rate in [(0, 1, 1.3), (1, 0, 0.7), (0, -1, 0.4), (-1, 0, 0.9)]:
        src = idx[max(0, -di):n - max(0, di), max(0, -dj):n - max(0, dj)].ravel()
        dst = idx[max(0, di):n - max(0, -di), max(0, dj):n - max(0, -dj)].ravel()
        rows += [dst, src]
        cols += [src, src]
        vals += [np.full(len(src), rate), np.full(len(src), -rate)]
    A = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(n * n, n * n))
    return A - 0.1 * sp.identity(n * n), x.astype(float), y.astype(float)


@pytest.mark.parametrize("path", ["dense", "colamd", "ordered", "incomplete", "fallback"])
def test_shifted_solver_every_path(path, monkeypatch):
    n = 15 if path == "dense" else 40
    A, x, y = grid_generator(n)
    order = None if path in ("dense", "colamd") else nested_dissection(x, y)
    if path in ("incomplete", "fallback"):
        monkeypatch.setattr(linalg, "DIRECT_MAX", 100)  # the GMRES + ILU path at a small size
    calls = []
    if path == "fallback":  # an ILU too coarse for GMRES: the exact LU takes over
        monkeypatch.setattr(shifted, "SHIFTED_ILU_DROP_TOL", 0.9)
        splu = shifted.spla.splu
        monkeypatch.setattr(shifted.spla, "splu", lambda *a, **k: calls.append(1) or splu(*a, **k))
    h = 500.0 if path == "fallback" else 2.5
    solve = shifted_solver(A, h, order)
    b = np.random.default_rng(1).normal(size=n * n)
    z = solve(b)
    B = np.eye(n * n) - h * A.toarray()
    np.testing.assert_allclose(z, np.linalg.solve(B, b), rtol=1e-10, atol=1e-12)
    assert np.abs(B @ z - b).max() < 1e-11 * np.abs(B).sum(axis=1).max() * np.abs(z).max()
    assert len(calls) == (path == "fallback")
