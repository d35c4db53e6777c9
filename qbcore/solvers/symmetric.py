r"""Method "symmetric": the ``q = 0`` sector reduced to orbits of the ancilla permutations.

In the star network every ancilla couples to the battery in the same way.
When the ancillas also see identical reservoirs (the paper's setting: all of
them at ``mu + dmu`` and ``T``), or share one collective reservoir (with or
without each qubit's own coupling ``gamma_local`` to it), and have equal
frequencies, ``L`` commutes with every permutation of the ancillas.  A matrix element
:math:`|a\rangle\langle b|` is then only known up to such a permutation: what
matters is the battery's bits in ``a`` and ``b`` and how many ancillas are
``(e, e)``, ``(e, g)``, ``(g, e)`` in ``(a, b)``.  The orbits of these labels
span the invariant operators; ``L`` maps that span into itself.  A unique
steady state is invariant, and so is the long-time limit from an invariant
initial state (``"ground"``, ``"mixed"``), so both are found in a space of
``N (N + 1)`` orbits instead of :math:`\binom{2N}{N}` elements (42 instead of
924 at ``N = 6``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..linalg import null_spaces, spectral_projection, unit_vector
from ..liouvillian import coefficients, detuning_diagonal, sector
from ..network import excited
from ..parameters import NONEQUILIBRIUM, Parameters
from .blocks import unique


@dataclass(frozen=True)
class OrbitSector:
    """The orbit-reduced ``q = 0`` sector of ``(N, "star", scenario)``.

    Attributes
    ----------
    orbit : numpy.ndarray
        Orbit index of every element of the full ``q = 0`` sector vector.
    components : numpy.ndarray
        ``(n_components, n_orbits, n_orbits)``: the reduced component matrices,
        ordered as :func:`reduced_coefficients`.
    trace : numpy.ndarray
        ``tr(e_o)`` for the orbit-indicator operator ``e_o``.
    battery_excited : numpy.ndarray
        ``<e|tr_anc(e_o)|e>``: the battery population carried by ``e_o``.
    representatives : numpy.ndarray
        Position of one element of every orbit in the full sector vector
        (where a diagonal term of ``L``, such as a detuning, is read off).
    """

    orbit: np.ndarray
    components: np.ndarray
    trace: np.ndarray
    battery_excited: np.ndarray
    representatives: np.ndarray

    @property
    def dim(self) -> int:
        return self.components.shape[1]

    def expand(self, y: np.ndarray) -> np.ndarray:
        """The full ``q = 0`` sector vector ``x = sum_o y_o e_o``."""
        return y[self.orbit]


def applicable(params: Parameters) -> bool:
    """Does ``L`` commute with the permutations of the ancillas?

    Star network (or ``N = 2``), the paper's local master equation, ancillas of
    equal frequency and (one reservoir per qubit) identical ancilla reservoirs.
    """
    if params.topology != "star" and params.N > 2:
        return False
    if params.master_equation != "local" or len(set(params.frequencies[1:])) != 1:
        return False
    if params.scenario != NONEQUILIBRIUM:
        return True
    return len(set(params.mus[1:])) == 1 and len(set(params.Ts[1:])) == 1


def reduced_coefficients(params: Parameters, coeffs: np.ndarray) -> np.ndarray:
    """Coefficients of the reduced components from those of :func:`coefficients`.

    Local scenario: ``[J, omega0, battery emission, battery absorption,
    ancilla emission, ancilla absorption]`` (the ancilla rates are equal).
    Collective scenario: unchanged.
    """
    return coeffs[:6] if params.scenario == NONEQUILIBRIUM else coeffs


@lru_cache(maxsize=32)
def orbit_sector(N: int, scenario: str) -> OrbitSector:
    """Build (once) the orbit-reduced ``q = 0`` sector of the star network."""
    sec = sector(N, "star", scenario, 0)
    ex = excited(N)
    a = np.concatenate([np.repeat(sec.states[n], len(sec.states[n])) for n, _ in sec.blocks])
    b = np.concatenate([np.tile(sec.states[n], len(sec.states[n])) for n, _ in sec.blocks])
    ea, eb = ex[a], ex[b]
    anc_a, anc_b = ea[:, 1:], eb[:, 1:]
    n_ee = np.sum(anc_a & anc_b, axis=1)
    n_eg = np.sum(anc_a & ~anc_b, axis=1)
    n_ge = np.sum(~anc_a & anc_b, axis=1)
    base = N + 1
    key = ((ea[:, 0] * 2 + eb[:, 0]) * base + n_ee) * base ** 2 + n_eg * base + n_ge
    _, first, orbit = np.unique(key, return_index=True, return_inverse=True)
    n_orb = len(first)

    # reduced component c: (L_c e_o)[rep(o')] = sum of L_c[rep(o'), j] over j in orbit o
    is_rep = np.zeros(len(a), dtype=bool)
    is_rep[first] = True
    rep_orbit = np.full(len(a), -1)
    rep_orbit[first] = np.arange(n_orb)
    keep = is_rep[sec.rows]
    r, c = rep_orbit[sec.rows[keep]], orbit[sec.cols[keep]]
    terms = sec.terms[:, keep]
    if scenario == NONEQUILIBRIUM:  # merge the ancilla channels: they share one pair of rates
        terms = np.concatenate([terms[:4], terms[4::2].sum(axis=0, keepdims=True),
                                terms[5::2].sum(axis=0, keepdims=True)])
    comps = np.zeros((len(terms), n_orb, n_orb), dtype=complex)
    for k, t in enumerate(terms):
        np.add.at(comps[k], (r, c), t)

    diagonal = a == b
    trace = np.bincount(orbit[diagonal], minlength=n_orb).astype(float)
    battery = np.bincount(orbit[diagonal & ea[:, 0]], minlength=n_orb).astype(float)
    for arr in (orbit, comps, trace, battery, first):
        arr.setflags(write=False)
    return OrbitSector(orbit=orbit, components=comps, trace=trace, battery_excited=battery,
                       representatives=first)


def orbit_matrix(params: Parameters, osec: OrbitSector) -> np.ndarray:
    """``L`` reduced to the orbits (dense), detuning included.

    A diagonal term of ``L`` (the detuning, :func:`qbcore.liouvillian.detuning_diagonal`)
    is the same on every element of an orbit, so its reduced form is its value
    at the orbit's representative.
    """
    L = np.tensordot(reduced_coefficients(params, coefficients(params)), osec.components, axes=1)
    diagonal = detuning_diagonal(params, sector(params.N, "star", params.scenario, 0))
    if diagonal is not None:
        L[np.diag_indices(osec.dim)] += diagonal[osec.representatives]
    return L


def invariant_initial(osec: OrbitSector, name: str, N: int) -> np.ndarray:
    """A named initial state (``"ground"`` or ``"mixed"``) in the orbit basis."""
    y = np.zeros(osec.dim, dtype=complex)
    if name == "ground":
        y[osec.orbit[0]] = 1.0  # element 0 of the sector is |g...g><g...g|
    else:
        y[osec.trace > 0] = 2.0 ** -N
    return y


def solve(params: Parameters) -> tuple[np.ndarray, float, int]:
    """The ``q = 0`` sector vector, the gap and the kernel's dimension, in the orbit basis.

    One reservoir per qubit, or ``gamma_local > 0``: the unique state (orbit
    0, ``|g..g><g..g|``, carries the trace row).  Collective: the long-time
    limit ``P0 rho(0)`` of the named start, which is invariant.
    """
    osec = orbit_sector(params.N, params.scenario)
    L = orbit_matrix(params, osec)
    if unique(params):
        L[0, :] = osec.trace
        return osec.expand(np.linalg.solve(L, unit_vector(osec.dim, 0))), 1.0, 1
    R, Lf, gap = null_spaces(L, return_gap=True)
    y = spectral_projection(R, Lf, invariant_initial(osec, params.initial, params.N))
    return osec.expand(y), gap, R.shape[1]
