r"""The Dicke basis of ``M`` interchangeable ancillas, and local rates in it.

The ancillas' permutation-invariant operators are block diagonal in their
total spin ``j`` (multiplicity ``d_j``); :class:`DickeIndex` numbers the
unknowns ``P_e[j, m]``, ``P_g[j, m]`` and ``Y[j, m]`` of the non-equilibrium
problem, and :func:`local_rates` gives how one spin's own emission and
absorption move weight between ``(j, m)`` (Shammah et al., PRA 98, 063815
(2018), Table I).  See :mod:`qbcore.dicke`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import gammaln

def j_values(M: int) -> np.ndarray:
    """The ancillas' total spins ``j = M/2, M/2 - 1, ..., 0 or 1/2`` (ascending)."""
    return np.arange(M % 2, M + 1, 2) / 2.0


def log_degeneracy(M: int, j: np.ndarray) -> np.ndarray:
    r"""``log d_j``: how often spin ``j`` occurs among ``M`` spins-1/2.

    :math:`d_j = \frac{(2j+1)\, M!}{(M/2 + j + 1)!\,(M/2 - j)!}`.
    """
    j = np.asarray(j, dtype=float)
    return (np.log(2 * j + 1) + gammaln(M + 1) - gammaln(M / 2 + j + 2)
            - gammaln(M / 2 - j + 1))


@dataclass(frozen=True)
class DickeIndex:
    """Positions of ``P_e[j, m]``, ``P_g[j, m]``, ``Y[j, m]`` (and ``Y_r[j, m]``) in the unknowns.

    For every ``j`` (ascending) the vector holds ``P_e`` for ``m = -j..j``, then
    ``P_g`` for ``m = -j..j``, then ``Y`` for ``m = -j..j-1``, and, for
    detuned qubits (:mod:`qbcore.dicke.local`), ``Y_r`` for ``m = -j..j-1``.

    Attributes
    ----------
    M : int
        Number of ancillas.
    j, m : numpy.ndarray
        Labels of the population entries (one per ``(j, m)``; ``P_e`` and
        ``P_g`` share them).
    pe, pg : numpy.ndarray
        Positions of ``P_e[j, m]`` and ``P_g[j, m]``, aligned with ``j, m``.
    jy, my, y : numpy.ndarray
        Labels and positions of the coherences' imaginary parts ``Y[j, m]`` (``m < j``).
    yr : numpy.ndarray
        Positions of their real parts ``Y_r[j, m]``, aligned with ``y``
        (empty unless the index was built with ``detuned=True``).
    """

    M: int
    j: np.ndarray
    m: np.ndarray
    pe: np.ndarray
    pg: np.ndarray
    jy: np.ndarray
    my: np.ndarray
    y: np.ndarray
    yr: np.ndarray

    @property
    def dim(self) -> int:
        return len(self.pe) + len(self.pg) + len(self.y) + len(self.yr)

    @property
    def detuned(self) -> bool:
        """Does the index hold the coherences' real parts?"""
        return len(self.yr) > 0

    def population(self, which: str, j: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Positions of ``P_which[j, m]`` (``-1`` where ``(j, m)`` does not exist)."""
        return self._lookup(self.pe if which == "e" else self.pg, j, m, 0)

    def coherence(self, j: np.ndarray, m: np.ndarray, part: str = "imag") -> np.ndarray:
        """Positions of ``Y[j, m]`` (``part="imag"``) or ``Y_r[j, m]`` (``"real"``); ``-1`` if absent."""
        return self._lookup(self.y if part == "imag" else self.yr, j, m, 1)

    def _lookup(self, positions, j, m, short):
        j = np.asarray(j, dtype=float)
        m = np.asarray(m, dtype=float)
        jmin = (self.M % 2) / 2.0
        valid = (j >= jmin) & (j <= self.M / 2) & (m >= -j) & (m <= j - short)
        k = np.where(valid, j - jmin, 0).astype(int)  # index of j
        # entries before block k: sum over j' < j of (2j' + 1 - short)
        jk = jmin + np.arange(k.max(initial=0) + 1)
        start = np.concatenate([[0], np.cumsum(2 * jk + 1 - short)]).astype(int)
        idx = start[k] + np.where(valid, m + j, 0).astype(int)
        return np.where(valid, positions[np.minimum(idx, len(positions) - 1)], -1)


@lru_cache(maxsize=8)
def dicke_index(M: int, detuned: bool = False) -> DickeIndex:
    """The unknowns of the local (non-equilibrium) problem with ``M`` ancillas.

    ``detuned=True`` adds the coherences' real parts ``Y_r`` (battery and
    ancillas at different frequencies).
    """
    js = j_values(M)
    n_coh = 2 if detuned else 1
    sizes = 2 * (2 * js + 1) + n_coh * 2 * js
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    j_pop = np.repeat(js, (2 * js + 1).astype(int))
    m_pop = np.concatenate([np.arange(-j, j + 1) for j in js])
    j_coh = np.repeat(js, (2 * js).astype(int))
    m_coh = np.concatenate([np.arange(-j, j) for j in js])
    block_start_pop = np.repeat(starts[:-1], (2 * js + 1).astype(int))
    block_start_coh = np.repeat(starts[:-1], (2 * js).astype(int))
    pe = block_start_pop + (m_pop + j_pop).astype(int)
    pg = pe + (2 * j_pop + 1).astype(int)
    y = block_start_coh + 2 * (2 * j_coh + 1).astype(int) + (m_coh + j_coh).astype(int)
    yr = y + (2 * j_coh).astype(int) if detuned else np.zeros(0, dtype=int)
    return DickeIndex(M, j_pop, m_pop, pe, pg, j_coh, m_coh, y, yr)


# ------------------------------------------- local dissipation (PIQS rates) ---

def _sqrt(x: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(x, 0.0))


def _safe_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b``, and 0 where ``b = 0`` (the rates that carry it vanish there)."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


def local_rates(M: int, j: np.ndarray, m: np.ndarray, m1: np.ndarray, emission: float,
                pumping: float) -> dict[str, np.ndarray]:
    r"""Rates of local emission and absorption on ``M`` spins in the Dicke basis.

    ``sum_k emission D[sigma_-^k] + pumping D[sigma_+^k]`` acting on the
    permutation-invariant element ``R_{j, m, m1}`` (summed over the ``d_j``
    copies) gives

    .. math::

        \dot R_{j,m,m_1} = \gamma_1 R_{j,m,m_1}
            + \gamma_2 R_{j,m+1,m_1+1} + \gamma_3 R_{j+1,m+1,m_1+1}
            + \gamma_4 R_{j-1,m+1,m_1+1} + \gamma_7 R_{j+1,m-1,m_1-1}
            + \gamma_8 R_{j,m-1,m_1-1} + \gamma_9 R_{j-1,m-1,m_1-1},

    with every :math:`\gamma_k` evaluated at the *source* element's labels
    (Shammah et al. 2018, Table I; ``qutip.piqs.Dicke.gamma1`` ... ``gamma9``).
    ``j, m, m1`` here are those labels; ``gamma1`` takes the target's.

    Returns
    -------
    dict
        ``{"1": ..., "2": ..., "3": ..., "4": ..., "7": ..., "8": ..., "9": ...}``.
    """
    j, m, m1 = (np.asarray(a, dtype=float) for a in (j, m, m1))
    yE, yP, half = emission, pumping, M / 2.0
    jj1 = j * (j + 1)
    j21 = j * (2 * j + 1)
    j1_21 = (j + 1) * (2 * j + 1)
    return {
        "1": -(yE / 2 * (M + m + m1) + yP / 2 * (M - m - m1)),
        "2": yE / 2 * _sqrt((j + m) * (j - m + 1) * (j + m1) * (j - m1 + 1))
        * _safe_div(half + 1, jj1),
        "3": yE / 2 * _sqrt((j + m) * (j + m - 1) * (j + m1) * (j + m1 - 1))
        * _safe_div(half + j + 1, j21),
        "4": yE / 2 * _sqrt((j - m + 1) * (j - m + 2) * (j - m1 + 1) * (j - m1 + 2))
        * (half - j) / j1_21,
        "7": yP / 2 * _sqrt((j - m - 1) * (j - m) * (j - m1 - 1) * (j - m1))
        * _safe_div(half + j + 1, j21),
        "8": yP / 2 * _sqrt((j + m + 1) * (j - m) * (j + m1 + 1) * (j - m1))
        * _safe_div(half + 1, jj1),
        "9": yP / 2 * _sqrt((j + m + 1) * (j + m + 2) * (j + m1 + 1) * (j + m1 + 2))
        * (half - j) / j1_21,
    }


#: ``gamma_k``: (shift of j, shift of m and m1) from the target to the source.
_SOURCES = {"2": (0, 1), "3": (1, 1), "4": (-1, 1), "7": (1, -1), "8": (0, -1), "9": (-1, -1)}


def dissipator_entries(M, j, m, offset, rows, lookup, emission, pumping):
    """Triplets ``(row, col, value)`` of the ancillas' local dissipator.

    ``j, m`` label the targets ``R_{j, m, m + offset}`` stored at ``rows``;
    ``lookup(j, m)`` gives the position of a source (``-1`` if absent).
    """
    out_r, out_c, out_v = [rows], [rows], [local_rates(M, j, m, m + offset, emission,
                                                       pumping)["1"]]
    for k, (dj, dm) in _SOURCES.items():
        js, ms = j + dj, m + dm
        cols = lookup(js, ms)
        ok = cols >= 0
        rate = local_rates(M, js[ok], ms[ok], ms[ok] + offset, emission, pumping)[k]
        out_r.append(rows[ok])
        out_c.append(cols[ok])
        out_v.append(rate)
    return out_r, out_c, out_v
