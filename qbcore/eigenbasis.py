r"""The eigenbasis of the network Hamiltonian, and superoperators built in it.

Shared by the global (Davies, :mod:`qbcore.global_me`) and Bloch-Redfield
(:mod:`qbcore.redfield`) master equations of the non-equilibrium scenario.

Spectrum
    ``H = sum_i omega0_i sigma_z^i + J sum_edges (sigma_+^a sigma_-^b + h.c.)``
    commutes with the excitation number, so it is diagonalised block by block:
    the eigenbasis is ordered by ``n = 0..N`` and every eigenvector has a
    definite ``n``.  Eigenvalues closer than ``tol = RTOL * max|E|`` form one
    level and are set to their mean, so that exactly degenerate levels (the
    star network from ``N = 3`` on) get exactly equal energies; the Bohr
    frequencies ``E_x - E_y`` are grouped the same way, and their group labels
    decide which frequencies count as equal.

Superoperators
    A density matrix is stored as a list of blocks ``rho[r, c]`` (index ranges
    of the eigenbasis), each flattened row-major and stacked, so that
    ``vec(L X R) = kron(L, R.T) vec(X)``.  ``full=True`` is one block (the
    whole matrix, ``4**N`` unknowns); ``full=False`` the diagonal blocks
    ``rho[n, n]``: the charge-zero sector of :mod:`qbcore.liouvillian`, which
    holds the steady state (``binomial(2N, N)`` unknowns, 924 at ``N = 6``).
    Both generators conserve the charge (each jump operator changes the
    excitation number by one on both sides of ``rho``), so the restriction is
    exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import qutip

from .network import excited, frequency_energies, hopping_matrix, lowering_matrix
from .parameters import Parameters
from .reservoirs import fermi

#: Relative tolerance that decides degeneracy of levels and of Bohr frequencies.
RTOL = 1e-9


def cluster(values: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Group sorted neighbours closer than ``tol``.

    Returns
    -------
    labels : numpy.ndarray of int
        Group of every value (the shape of ``values``).
    centres : numpy.ndarray
        Mean of every group, increasing.
    """
    flat = np.asarray(values, dtype=float).ravel()
    order = np.argsort(flat, kind="stable")
    v = flat[order]
    ids = np.cumsum(np.concatenate([[True], np.diff(v) > tol])) - 1
    centres = np.bincount(ids, weights=v) / np.bincount(ids)
    labels = np.empty(flat.size, dtype=int)
    labels[order] = ids
    return labels.reshape(np.shape(values)), centres


@dataclass(frozen=True, eq=False)
class Spectrum:
    """Eigenbasis of ``H``, ordered by excitation number.

    Attributes
    ----------
    N : int
    energies : numpy.ndarray
        ``(2**N,)`` eigenvalues (degenerate ones set exactly equal).
    vectors : numpy.ndarray
        ``(2**N, 2**N)`` real orthogonal; column ``x`` is eigenvector ``x`` in
        QuTiP's computational basis.
    sectors : tuple of slice
        ``sectors[n]``: eigenbasis indices with ``n`` excitations.
    label, freq : numpy.ndarray
        ``label[x, y]`` is the group of ``E_x - E_y``, ``freq[x, y]`` its centre.
    tol : float
        Absolute degeneracy tolerance used.
    """

    N: int
    energies: np.ndarray
    vectors: np.ndarray
    sectors: tuple
    label: np.ndarray
    freq: np.ndarray
    tol: float

    @property
    def dim(self) -> int:
        return 2**self.N

    def lowering(self, i: int) -> np.ndarray:
        """``sigma_-^i`` in the eigenbasis (real)."""
        return self.vectors.T @ (lowering_matrix(i, self.N) @ self.vectors)

    def to_computational(self, rho: np.ndarray) -> np.ndarray:
        """``V rho V^T``: an eigenbasis matrix in the computational basis."""
        return self.vectors @ rho @ self.vectors.T


def spectrum(params: Parameters, rtol: float = RTOL) -> Spectrum:
    """Diagonalise ``H`` block by block (excitation number) and group degenerate levels."""
    N = params.N
    n_exc = excited(N).sum(axis=1)
    hop = params.J * hopping_matrix(N, params.topology).toarray()
    e0 = frequency_energies(N, params.frequencies)
    dim = 2**N
    V = np.zeros((dim, dim))
    E = np.zeros(dim)
    sectors, start = [], 0
    for n in range(N + 1):
        idx = np.flatnonzero(n_exc == n)
        e, v = np.linalg.eigh(hop[np.ix_(idx, idx)] + np.diag(e0[idx]))
        stop = start + len(idx)
        E[start:stop] = e
        V[idx, start:stop] = v
        sectors.append(slice(start, stop))
        start = stop
    tol = rtol * max(float(np.abs(E).max()), np.finfo(float).tiny)
    lab, centres = cluster(E, tol)
    E = centres[lab]
    lab, centres = cluster(E[:, None] - E[None, :], tol)
    return Spectrum(N=N, energies=E, vectors=V, sectors=tuple(sectors), label=lab,
                    freq=centres[lab], tol=tol)


def occupations(spec: Spectrum, mu: float, T: float) -> np.ndarray:
    """``n[b, a] = fermi(E_a - E_b; mu, T)``: the reservoir at every Bohr frequency."""
    return np.asarray(fermi(spec.freq.T, mu, T))


# ------------------------------------------------------- superoperators ---

def blocks(spec: Spectrum, full: bool) -> list[tuple[slice, slice]]:
    """Row and column ranges of the stored blocks of ``rho``."""
    if full:
        return [(slice(0, spec.dim), slice(0, spec.dim))]
    return [(s, s) for s in spec.sectors]


def block_offsets(blks: list) -> np.ndarray:
    """Start of every block in the stacked vector (one more entry: the size)."""
    sizes = [(r.stop - r.start) * (c.stop - c.start) for r, c in blks]
    return np.concatenate([[0], np.cumsum(sizes)]).astype(int)


def sandwich(L: np.ndarray, R: np.ndarray, blks: list,
             FL: np.ndarray | None = None, FR: np.ndarray | None = None) -> np.ndarray:
    """Matrix of ``rho -> L rho R`` on the block vector.

    With label matrices ``FL`` (shape of ``L``) and ``FR`` (shape of ``R``),
    only products ``L[b, a] rho[a, c] R[c, d]`` with ``FL[b, a] == FR[c, d]``
    are kept (equal Bohr frequencies).
    """
    off = block_offsets(blks)
    out = np.zeros((off[-1], off[-1]), dtype=complex)
    for t, (rt, ct) in enumerate(blks):
        for s, (rs, cs) in enumerate(blks):
            Lb, Rb = L[rt, rs], R[cs, ct]
            if not (Lb.any() and Rb.any()):
                continue
            if FL is None:
                M = np.kron(Lb, Rb.T)
            else:
                keep = FL[rt, rs][:, :, None, None] == FR[cs, ct].T[None, None, :, :]
                M = (Lb[:, :, None, None] * Rb.T[None, None, :, :] * keep)
                M = M.transpose(0, 2, 1, 3).reshape(Lb.shape[0] * Rb.shape[1], -1)
            out[off[t]:off[t + 1], off[s]:off[s + 1]] = M
    return out


def commutator(spec: Spectrum, blks: list) -> np.ndarray:
    """``-i[H, rho]`` on the block vector (diagonal: ``-i (E_x - E_y)``)."""
    return np.diag(np.concatenate([-1j * spec.freq[r, c].ravel() for r, c in blks]))


def bohr_labels(spec: Spectrum, blks: list) -> np.ndarray:
    """Group label of the Bohr frequency ``E_x - E_y`` of every stored ``rho[x, y]``."""
    return np.concatenate([spec.label[r, c].ravel() for r, c in blks])


@dataclass(frozen=True, eq=False)
class Generator:
    """A master-equation generator in the eigenbasis.

    Attributes
    ----------
    matrix : numpy.ndarray
        Acts on the block vector of :func:`blocks` (row-major blocks).
    spectrum : Spectrum
    full : bool
        ``True``: the whole ``4**N`` space; ``False``: the charge-zero sector.
    """

    matrix: np.ndarray
    spectrum: Spectrum
    full: bool

    @property
    def blocks(self) -> list:
        return blocks(self.spectrum, self.full)

    def with_matrix(self, matrix: np.ndarray) -> Generator:
        return Generator(matrix=matrix, spectrum=self.spectrum, full=self.full)

    def unpack(self, x: np.ndarray) -> np.ndarray:
        """Block vector -> ``2**N`` matrix in the eigenbasis."""
        rho = np.zeros((self.spectrum.dim,) * 2, dtype=complex)
        off = block_offsets(self.blocks)
        for k, (r, c) in enumerate(self.blocks):
            rho[r, c] = x[off[k]:off[k + 1]].reshape(r.stop - r.start, c.stop - c.start)
        return rho

    def trace_row(self) -> np.ndarray:
        """Row vector ``t`` with ``t @ x = tr rho``."""
        return np.concatenate([np.eye(r.stop - r.start, c.stop - c.start).ravel()
                               for r, c in self.blocks])

    def computational(self) -> np.ndarray:
        """The ``4**N`` superoperator in the computational basis, on row-major ``vec(rho)``.

        Needs ``full=True``.
        """
        if not self.full:
            raise ValueError("computational() needs a generator built with full=True")
        U = np.kron(self.spectrum.vectors, self.spectrum.vectors)  # V is real
        return U @ self.matrix @ U.T

    def qobj(self) -> qutip.Qobj:
        """The superoperator as a QuTiP ``Qobj`` (QuTiP's column stacking)."""
        d = self.spectrum.dim
        M = self.computational().reshape(d, d, d, d).transpose(1, 0, 3, 2).reshape(d * d, d * d)
        dims = [[2] * self.spectrum.N] * 2
        return qutip.Qobj(M, dims=[dims, dims], superrep="super")
