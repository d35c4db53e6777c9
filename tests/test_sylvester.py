"""qbcore.sylvester: the exact inverse of X -> A X + X B^+ on every block, on random stable blocks."""

import numpy as np
import pytest

from qbcore.sylvester import sylvester_inverse


@pytest.mark.parametrize("near_exceptional", [False, True])
def test_sylvester_inverse_inverts_every_block(rng, near_exceptional):
    sizes = [1, 2, 3]
    blocks, start = [], 1  # position 0 passes through
    for d in sizes:
        A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) - 3.0 * np.eye(d)
        if near_exceptional and d > 1:  # a Jordan block: V is singular, the Schur path runs
            A = -np.eye(d) + np.diag(np.ones(d - 1), 1)
        blocks.append((start, start + d * d, A))
        start += d * d
    op = sylvester_inverse(blocks, start, keep=(0,))
    r = rng.normal(size=start) + 1j * rng.normal(size=start)
    out = op.matvec(r)
    assert out[0] == r[0]
    for a, b, A in blocks:
        d = len(A)
        X = out[a:b].reshape(d, d)
        np.testing.assert_allclose(A @ X + X @ A.conj().T, r[a:b].reshape(d, d), atol=2e-14, rtol=0)


@pytest.mark.parametrize("near_exceptional", [False, True])
def test_two_sided_sylvester_inverse(rng, near_exceptional):
    """Rectangular blocks ``A X + X B^+ = R`` with different ``A`` and ``B``."""
    blocks, start = [], 0
    for d, e in [(1, 2), (3, 2), (2, 4)]:
        A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) - 3.0 * np.eye(d)
        B = rng.normal(size=(e, e)) + 1j * rng.normal(size=(e, e)) - 3.0 * np.eye(e)
        if near_exceptional:
            B = -np.eye(e) + np.diag(np.ones(e - 1), 1)
        blocks.append((start, start + d * e, A, B))
        start += d * e
    out = sylvester_inverse(blocks, start).matvec(r := rng.normal(size=start) + 0j)
    for a, b, A, B in blocks:
        X = out[a:b].reshape(len(A), len(B))
        np.testing.assert_allclose(A @ X + X @ B.conj().T, r[a:b].reshape(X.shape), atol=1e-10)
