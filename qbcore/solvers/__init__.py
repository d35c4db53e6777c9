r"""Steady-state solvers: which one runs, and the record they return.

Three facts shape the solvers (see :mod:`qbcore.liouvillian`):

* ``L`` splits into charge sectors ``L_q``; the physical steady state lies in
  ``q = 0``, block diagonal in the excitation number.
* Where ``ker L`` is one-dimensional (always, for one reservoir per qubit with
  ``gamma > 0``) the steady state solves ``L_0 x = 0`` with ``tr rho = 1``.
* Where it is degenerate (the collective scenario) the state reached at long
  times depends on the start: ``rho_inf = P0 rho(0)``, with
  ``P0 = R (Lf^+ R)^{-1} Lf^+`` the spectral projector onto the kernel, built
  from right (``R``) and left (``Lf``) null vectors of every sector the initial
  state touches (:mod:`qbcore.linalg`).  The eigenvalue 0 of a Lindbladian is
  semisimple (``e^{Lt}`` stays bounded), so this projector is the exact
  ``t -> infinity`` limit.

Methods (``method=`` keyword), one module each:

``"dicke"`` (:mod:`qbcore.solvers.dicke`)
    Star network with interchangeable ancillas, in the ancillas' total-spin
    basis: about ``3 (N/2)^2`` unknowns, ``N`` up to 1001; the battery's
    state only.
``"symmetric"`` (:mod:`qbcore.solvers.symmetric`)
    Star network with interchangeable ancillas: the orbit basis of the
    ancilla permutations (42 unknowns at ``N = 6``); the whole state.
``"blocks"`` (:mod:`qbcore.solvers.blocks`)
    Any parameters: the ``q = 0`` sector (or every sector a collective start
    touches); the whole state.  With ``master_equation="global"`` or
    ``"redfield"`` the only method: the ``q = 0`` sector in the eigenbasis of
    ``H`` (:mod:`qbcore.solvers.eigenbasis`, ``N <= 6``).
``"auto"``
    For the battery's state: ``"dicke"`` where it applies, else ``"blocks"``.
    For the whole state: ``"symmetric"`` where it applies, else ``"blocks"``.
    :func:`choose_method` tells which, and the choice is logged (logger
    ``"qbcore"``, level INFO).
"""

from __future__ import annotations

import logging

from ..parameters import N_MAX, N_MAX_COLLECTIVE_BLOCKS, Parameters
from . import blocks, dicke, eigenbasis, symmetric
from .solution import NonPositiveStateWarning, Solution, UnphysicalStateError

__all__ = ["NonPositiveStateWarning", "Solution", "UnphysicalStateError", "choose_method",
           "solve"]

log = logging.getLogger("qbcore")


def choose_method(params: Parameters, full_state: bool = False) -> str:
    """The solver ``method="auto"`` picks, or a check of a forced one.

    ``full_state``: the caller needs the ``2**N``-dimensional state (which
    method "dicke" does not give).  Raises ``ValueError`` for a method that
    does not apply, before any numerics.
    """
    if params.master_equation != "local":
        if params.method not in ("auto", "blocks"):
            raise ValueError(f"method={params.method!r} solves the local master equation only; "
                             f"master_equation={params.master_equation!r} is solved by "
                             "method 'blocks' (in the eigenbasis of H)")
        return "blocks"
    unique = blocks.unique(params)
    symmetric_ok = symmetric.applicable(params) and (unique or isinstance(params.initial, str))
    if params.method in ("symmetric", "dicke") and not symmetric_ok:
        raise ValueError(f"method={params.method!r} needs the star topology, identical ancillas "
                         "(reservoirs and frequencies) and (collective scenario with "
                         "gamma_local = 0) initial='ground' or 'mixed'")
    if params.method == "dicke" and full_state:
        raise ValueError("method='dicke' gives the battery's state only (the ancillas in the "
                         "total-spin basis); use method='symmetric' or 'blocks' for the whole state")
    if params.method == "auto":
        if symmetric_ok:
            method = "symmetric" if full_state else "dicke"
        else:
            method = "blocks"
    else:
        method = params.method
    if method != "dicke" and params.N > N_MAX:
        why = ("the whole state has 4**N entries" if full_state else
               "only method 'dicke' (star network, identical ancilla reservoirs, "
               "initial 'ground' or 'mixed') goes further")
        raise ValueError(f"N must be <= {N_MAX} with method {method!r} ({why}); got N = {params.N}")
    if method == "blocks" and not unique and params.N > N_MAX_COLLECTIVE_BLOCKS:
        raise ValueError(f"N must be <= {N_MAX_COLLECTIVE_BLOCKS} for the collective scenario "
                         "with gamma_local = 0 and method='blocks' (a dense decomposition of the "
                         f"degenerate kernel); got N = {params.N}")
    return method


def solve(params: Parameters, full_state: bool = False) -> Solution:
    """The steady state of a validated parameter set (unchecked).

    ``full_state``: the caller needs the whole state (see :func:`choose_method`).
    """
    method = choose_method(params, full_state)
    log.info("qbcore: %s scenario, N = %d, method %r", params.scenario, params.N, method)
    if params.master_equation != "local":
        return eigenbasis.solve(params)
    if method == "dicke":
        return dicke.solve(params)
    if method == "symmetric":
        x, gap, kernel = symmetric.solve(params)
        return Solution(params, method, sectors={0: x}, gap=gap,
                        unknowns=symmetric.orbit_sector(params.N, params.scenario).dim,
                        kernel=kernel)
    if blocks.unique(params):
        x = blocks.solve_unique(params)
        return Solution(params, method, sectors={0: x}, unknowns=len(x))
    return Solution(params, method, **blocks.solve_collective(params))
