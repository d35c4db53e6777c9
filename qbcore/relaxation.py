r"""How fast the network relaxes: the slowest nonzero decay rate of ``L`` (public API).

:func:`relaxation_rate` is the spectral gap ``min -Re(lambda)`` over the
nonzero eigenvalues ``lambda`` of ``L`` on the space that holds the evolution
from ``initial``; ``1 / rate`` is the longest time scale on which the state
still changes (the metastable lifetime where it is small).

The space
    A named start (``"ground"``, ``"mixed"``) stays in the ``q = 0`` sector
    (:mod:`qbcore.liouvillian`), and, in the star with identical ancillas, in
    its ancilla-permutation-symmetric part (:mod:`qbcore.solvers.symmetric`,
    :mod:`qbcore.dicke`); an initial density matrix touches every sector ``q``
    in which it has weight.  Modes of that space which the particular start
    does not excite still count.

How
    The symmetric ``q = 0`` space (star, identical ancillas, a named start,
    any ``N``): the real Dicke-basis generator (:mod:`qbcore.dicke.local` with
    the coherences' real parts, :mod:`qbcore.dicke.combined`), which has the
    spectrum of the orbit-reduced sector (:mod:`qbcore.solvers.symmetric`) at
    a fraction of the cost of building it.  Otherwise (``N <= 10``) the
    charge sectors of :mod:`qbcore.liouvillian`.  Dense spectra up to
    :data:`DENSE_SPECTRUM_MAX` unknowns (``q = 0`` up to ``N = 6``, the Dicke
    space up to ``N = 31``); above, the :data:`EIGENVALUES` eigenvalues nearest
    zero by shift-invert Arnoldi.  Shift-invert finds the eigenvalues nearest
    zero; a slower mode far out on the imaginary axis would be missed (the
    tests compare it with dense spectra).

Zero eigenvalues
    Where ``ker L`` is one-dimensional (one reservoir per qubit, or
    ``gamma_local > 0``) the eigenvalue nearest zero of the ``q = 0`` space is
    the steady state's and is left out.  In the perfectly collective case
    (``gamma_local = 0``) every eigenvalue below ``ZERO_RTOL`` times the
    generator's largest entry counts as zero.

The metastable lifetime (``gamma_local``)
    At ``gamma_local = 0`` the collective kernel is degenerate; a small
    ``gamma_local`` lifts it at first order, ``rate = c gamma_local +
    O(gamma_local^2)`` with ``c`` the slowest nonzero rate of ``P0 L_loc P0``
    on the kernel (``L_loc`` the local dissipator at unit coupling; degenerate
    perturbation theory, the zero eigenvalue of a Lindbladian being
    semisimple).  For ``N = 2`` the kernel holds the thermal state of the
    triplet, ``rho_T`` (populations of ``|gg>, |T0>, |ee>`` proportional to
    ``(1-n)^2, n(1-n), n^2``), and the dark singlet ``|S><S|``, with left
    vectors ``1 - |S><S|`` and ``|S><S|``.  The local channels empty the
    singlet at rate 1 (``(1-n)`` to ``|gg>``, ``n`` to ``|ee>``) and feed it
    from ``rho_T`` at ``n p_gg + (1-n) p_ee = n(1-n) / (1 - n(1-n))``, so

    .. math::

        c_2 = 1 + \frac{n(1-n)}{1 - n(1-n)} = \frac{1}{1 - n(1-n)} .
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from . import dicke
from .liouvillian import rates, sector, sector_matrix
from .parameters import N_MAX, NONEQUILIBRIUM, Parameters, make_parameters
from .solvers import blocks, symmetric
from .solvers.dicke import battery_detuning, combined_generator
from .solvers.solution import sector_vector

#: Up to this many unknowns a spectrum is computed densely.
DENSE_SPECTRUM_MAX = 1200
#: Eigenvalues sought by shift-invert Arnoldi above that size.
EIGENVALUES = 12
#: Collective kernel (``gamma_local = 0``): eigenvalues below this fraction of
#: the generator's largest entry count as zero.
ZERO_RTOL = 1e-9


def _scale(L) -> float:
    """The largest entry of a generator (what "zero" is measured against)."""
    return float(abs(L).max()) if sp.issparse(L) else float(np.abs(L).max())


def _nonzero(lam: np.ndarray, zeros: str, scale: float) -> np.ndarray:
    """The eigenvalues without the kernel's: ``zeros`` is "one", "small" or "none"."""
    lam = np.asarray(lam)
    if zeros == "one" and lam.size:
        return np.delete(lam, np.argmin(np.abs(lam)))
    if zeros == "small":
        return lam[np.abs(lam) > ZERO_RTOL * scale]
    return lam


def _slowest_rate(L, zeros: str) -> float:
    """``min -Re(lambda)`` over the nonzero eigenvalues of ``L`` (``inf`` if none).

    Dense up to :data:`DENSE_SPECTRUM_MAX` unknowns; above, shift-invert
    Arnoldi for the eigenvalues nearest zero, more of them until some are
    nonzero.
    """
    scale = _scale(L)
    n = L.shape[0]
    if n <= DENSE_SPECTRUM_MAX:
        lam = _nonzero(np.linalg.eigvals(L.toarray() if sp.issparse(L) else L), zeros, scale)
        return float(-lam.real.max()) if lam.size else np.inf
    L = sp.csc_matrix(L)
    shift = 1e-6 * float(abs(L).sum(axis=0).max())
    k = EIGENVALUES
    while True:
        k = min(k, n - 2)
        lam = _nonzero(spla.eigs(L, k=k, sigma=shift, return_eigenvectors=False, tol=1e-12),
                       zeros, scale)
        if lam.size or k >= n - 2:
            return float(-lam.real.max()) if lam.size else np.inf
        k *= 2


def _dicke_generator(p: Parameters) -> sp.csr_matrix:
    """The real generator of the ancilla-symmetric ``q = 0`` space (every ``j``)."""
    if p.scenario == NONEQUILIBRIUM:
        r = rates(p)
        return dicke.local_matrix(p.N - 1, p.J, (r[0], r[1]), (r[2], r[3]),
                                  battery_detuning(p))
    return combined_generator(p)


def _generators(p: Parameters) -> list[tuple[Any, int]]:
    """The generators whose spectra count, each with its charge ``q``."""
    if isinstance(p.initial, str):
        if symmetric.applicable(p):
            return [(_dicke_generator(p), 0)]
        return [(sector_matrix(p, 0, dense=False), 0)]
    out = []
    for q in range(p.N + 1):  # sector -q has the complex-conjugate spectrum of sector q
        touched = [np.abs(sector_vector(sector(p.N, p.topology, p.scenario, s), p.initial)).max()
                   for s in {q, -q}]
        if q == 0 or max(touched) > 0:
            out.append((sector_matrix(p, q, dense=False), q))
    return out


def relaxation_rate(scenario: str, **params: Any) -> float:
    r"""The slowest nonzero decay rate of ``L``: how fast the state approaches its limit.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    **params
        As for :func:`qbcore.steady_state` (local master equation only); ``N``
        up to 1001 for the star with identical ancillas and a named
        ``initial``, else up to 10.  ``initial`` chooses the space (see
        :mod:`qbcore.relaxation`); ``method`` plays no role.

    Returns
    -------
    float
        ``min -Re(lambda) > 0`` over the nonzero eigenvalues; ``inf`` where
        every eigenvalue of the space is zero.  With ``gamma_local > 0`` and
        small, ``c gamma_local`` (the metastable lifetime ``1 / rate``);
        ``c = 1 / (1 - n(1-n))`` at ``N = 2``.

    Raises
    ------
    ValueError, TypeError
        For invalid parameters, another master equation, or ``N > 10`` where
        the Dicke basis does not apply; before any numerics.
    """
    p = make_parameters(scenario, **params)
    if p.master_equation != "local":
        raise ValueError("relaxation_rate supports master_equation='local' only, got "
                         f"{p.master_equation!r}")
    if p.N > N_MAX and not (isinstance(p.initial, str) and symmetric.applicable(p)):
        raise ValueError(f"N must be <= {N_MAX} for relaxation_rate unless the Dicke basis "
                         "applies (star network, identical ancillas, initial 'ground' or "
                         f"'mixed'); got N = {p.N}")
    unique_kernel = blocks.unique(p)
    rate = np.inf
    for L, q in _generators(p):
        zeros = "small" if not unique_kernel else ("one" if q == 0 else "none")
        rate = min(rate, _slowest_rate(L, zeros))
    return rate
