r"""One reservoir per qubit on a tree: the steady state is real up to a gauge.

Both networks (star and chain) are trees, so their qubits split into two
sublattices with every hopping edge joining the two.  Let
:math:`U = \prod_{i \in B} \sigma_z^i` over one sublattice ``B``.  Then
:math:`U H_{hop} U = -H_{hop}`, every local jump operator keeps its
dissipator (:math:`U \sigma_\pm^i U = \pm\sigma_\pm^i`), and the frequency
term vanishes in the ``q = 0`` sector.  Since :math:`H_{hop}` and the jump
operators are real, the antiunitary map :math:`\rho \to (U \rho U)^*` commutes
with ``L``, and the unique steady state is invariant under it:
:math:`\rho_{ab} = s_a s_b \rho_{ab}^*` with :math:`s_a = \pm 1` the
eigenvalue of ``U`` on basis state ``a``.  Each element is real
(``s_a s_b = 1``) or imaginary (``s_a s_b = -1``), and :math:`\rho` is
Hermitian, so one real number per pair ``a <= b`` of each excitation block
describes it: 494 real unknowns instead of 924 complex ones at ``N = 6``
(142 instead of 252 at ``N = 5``).

``L`` maps this real space into itself, ``L T = T R`` with ``T`` the
expansion into the sector vector; ``R = (T^+ T)^{-1} T^+ L T`` is real (the
imaginary part vanishes to round-off; :func:`real_sector` checks it), and so
is the linear problem :mod:`qbcore.batch` stacks and solves.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from math import comb

import numpy as np
import scipy.sparse as sp

from ..liouvillian import sector
from ..network import edges, excited
from ..parameters import NONEQUILIBRIUM


@dataclass(frozen=True)
class RealSector:
    """The ``q = 0`` sector of ``(N, topology)`` with local dissipation, in real unknowns.

    Attributes
    ----------
    dim : int
        Number of real unknowns ``y``.
    expand : scipy.sparse.csr_matrix
        ``T``: the complex sector vector is ``x = T y``.
    rows, cols : numpy.ndarray
        Union sparsity pattern of the real component matrices.
    terms : numpy.ndarray
        ``(n_components, nnz)``: the components of ``R`` on that pattern, in
        the order of :func:`qbcore.liouvillian.coefficients`.
    trace : numpy.ndarray
        Positions of the populations ``rho_aa`` in ``y`` (the first is
        ``|g..g><g..g|``).
    battery_excited : numpy.ndarray
        Positions of the populations with the battery excited.
    """

    dim: int
    expand: sp.csr_matrix
    rows: np.ndarray
    cols: np.ndarray
    terms: np.ndarray
    trace: np.ndarray
    battery_excited: np.ndarray


@lru_cache(maxsize=None)
def real_unknowns(N: int) -> int:
    """Real unknowns of the ``q = 0`` sector: ``sum_n C(N, n) (C(N, n) + 1) / 2``."""
    return sum(comb(N, n) * (comb(N, n) + 1) // 2 for n in range(N + 1))


def gauge_signs(N: int, topology: str) -> np.ndarray:
    """``s_a``: the eigenvalue of ``U`` (``sigma_z`` on every odd site of the tree) per basis state."""
    neighbours: dict[int, list[int]] = {i: [] for i in range(N)}
    for a, b in edges(N, topology):
        neighbours[a].append(b)
        neighbours[b].append(a)
    parity = {0: 0}
    queue = deque([0])
    while queue:  # breadth first from the battery
        a = queue.popleft()
        for b in neighbours[a]:
            if b not in parity:
                parity[b] = 1 - parity[a]
                queue.append(b)
    odd = [i for i in range(N) if parity[i] == 1]
    ex = excited(N)[:, odd]
    return np.prod(np.where(ex, 1, -1), axis=1)


@lru_cache(maxsize=16)
def real_sector(N: int, topology: str) -> RealSector:
    """Build (once) the real form of the ``q = 0`` sector (see the module docstring)."""
    sec = sector(N, topology, NONEQUILIBRIUM, 0)
    s = gauge_signs(N, topology)
    ex0 = excited(N)[:, 0]
    rows, cols, vals, weight, trace, battery = [], [], [], [], [], []
    u = 0
    for (n, _), off in zip(sec.blocks, sec.offsets[:-1]):
        st = sec.states[n]
        size = len(st)
        i, k = np.triu_indices(size)
        phase = np.where(s[st[i]] * s[st[k]] > 0, 1.0 + 0j, 1j)
        ids = u + np.arange(len(i))
        diag = i == k
        rows += [off + i * size + k, (off + k * size + i)[~diag]]
        cols += [ids, ids[~diag]]
        vals += [phase, phase[~diag].conj()]
        weight.append(np.where(diag, 1.0, 2.0))
        trace.append(ids[diag])
        battery.append(ids[diag][ex0[st]])
        u += len(i)
    T = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(sec.dim, u))
    project = sp.diags(1.0 / np.concatenate(weight)) @ T.conj().T
    comps = []
    for t in sec.terms:
        L = sp.csr_matrix((t, (sec.rows, sec.cols)), shape=(sec.dim, sec.dim))
        R = (project @ L @ T).tocsr()
        scale = max(1.0, float(np.abs(R.data).max(initial=0.0)))
        if np.abs(R.data.imag).max(initial=0.0) > 1e-12 * scale:
            raise RuntimeError(f"the gauge symmetry does not hold for N = {N}, {topology!r}")
        comps.append(sp.csr_matrix(R.real))
    pattern = sum(abs(c) for c in comps).tocsr()
    pattern.sort_indices()
    pr = np.repeat(np.arange(u), np.diff(pattern.indptr))
    pc = pattern.indices.copy()
    terms = np.array([np.asarray(c[pr, pc]).ravel() for c in comps])
    out = RealSector(dim=u, expand=T, rows=pr, cols=pc, terms=terms,
                     trace=np.concatenate(trace), battery_excited=np.concatenate(battery))
    for a in (out.rows, out.cols, out.terms, out.trace, out.battery_excited):
        a.setflags(write=False)
    return out
