r"""The whole network's steady state and the dimension of ``ker L`` (public API).

How the state is found is the business of :mod:`qbcore.solvers`; this module
validates the parameters, runs the solver and returns a checked density
matrix.
"""

from __future__ import annotations

from typing import Any

import qutip

from .parameters import N_MAX, N_MAX_COLLECTIVE_BLOCKS, NONEQUILIBRIUM, make_parameters
from .solvers import blocks, solve
from .solvers.solution import full_matrix


def steady_state(scenario: str, **params: Any) -> qutip.Qobj:
    """Steady state of the whole network (a ``2**N``-dimensional density matrix).

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
        Collective coupling to one reservoir (Eqs. 4-6) or one reservoir per
        qubit (Eqs. 4, 7-8).
    **params
        Keyword-only model parameters (see :func:`qbcore.make_parameters`):
        ``N=3, omega0=10.0, omega=1.0, gamma=1.0, J=1.0, topology="star",
        mu, T, dmu=0.0, mus=None, Ts=None, initial="ground", method="auto",
        gamma_local=0.0`` (equilibrium), ``master_equation="local"``
        (non-equilibrium), ``omega0s=None``.

    Returns
    -------
    qutip.Qobj
        ``rho`` with ``dims [[2]*N, [2]*N]``: Hermitian, trace 1, eigenvalues
        above ``-1e-10``.  In the collective scenario with ``gamma_local = 0``
        it is the long-time limit ``P0 rho(0)`` from ``initial`` (all qubits in
        ``|g>`` by default), because ``ker L`` is degenerate there.  With
        ``master_equation="redfield"`` small negative eigenvalues are possible
        (reported by a :class:`qbcore.NonPositiveStateWarning`).

    Raises
    ------
    ValueError, TypeError
        For invalid parameters, before any numerics.
    """
    p = make_parameters(scenario, **params)
    return qutip.Qobj(full_matrix(solve(p, full_state=True)), dims=[[2] * p.N, [2] * p.N])


def kernel_dimension(scenario: str, **params: Any) -> int:
    """Dimension of ``ker L``, summed over all charge sectors.

    1 for local dissipation; larger in the collective scenario (2 for
    ``N = 2, 3``, growing with ``N``), where the steady state then depends on
    the initial state.  ``initial`` and ``method`` play no role here.

    With ``gamma_local > 0`` it is 1 for every ``N``, without computing: each
    qubit's own emission (rate ``gamma_local (1-n)``) and absorption
    (``gamma_local n``) leave no state but the grand-canonical product
    ``(x)_i diag(n, 1-n)`` stationary (the tests check it against the full
    Liouvillian's null space).  The local master equation only
    (``master_equation="local"``).  The sectors ``q`` and ``-q`` have kernels of
    one dimension (``rho -> rho^+`` maps one onto the other), so only
    ``q >= 0`` are computed.
    """
    p = make_parameters(scenario, **params)
    if p.master_equation != "local":
        raise ValueError("kernel_dimension supports master_equation='local' only, got "
                         f"{p.master_equation!r}")
    if p.scenario != NONEQUILIBRIUM and p.gamma_local > 0:
        return 1
    if p.N > N_MAX:
        raise ValueError(f"N must be <= {N_MAX} for kernel_dimension (ker L of the whole "
                         f"4**N-dimensional Liouvillian); got N = {p.N}")
    if p.scenario != NONEQUILIBRIUM and p.N > N_MAX_COLLECTIVE_BLOCKS:
        raise ValueError(f"N must be <= {N_MAX_COLLECTIVE_BLOCKS} for kernel_dimension in the "
                         f"collective scenario; got N = {p.N}")
    # L(rho^+) = L(rho)^+ (L preserves Hermiticity), and rho -> rho^+ maps the sector q onto
    # -q: it maps ker L_q onto ker L_-q, so the two have one dimension
    return blocks.sector_nullity(p, 0) + 2 * sum(blocks.sector_nullity(p, q)
                                                 for q in range(1, p.N + 1))


#: Largest N for :func:`unreduced_state` (a dense 4**N x 4**N Liouvillian).
N_MAX_UNREDUCED = 5


def unreduced_state(scenario: str, **params: Any) -> qutip.Qobj:
    """The same state as :func:`steady_state`, from QuTiP's full Liouvillian, no symmetry used.

    For checking the reductions that every solver of qbcore relies on (the
    excitation-number sectors, the permutation orbits, the Dicke basis): the
    whole ``4**N``-dimensional Liouvillian of :func:`qbcore.liouvillian`,
    solved by ``qutip.steadystate`` where its kernel is one-dimensional
    (one reservoir per qubit, or ``gamma_local > 0``), and by the spectral
    projection ``P0 rho(0)`` of the dense matrix (:mod:`qbcore.linalg`) where it
    is degenerate.  ``N <= 5``.
    """
    import numpy as np

    from .linalg import project_onto_kernel
    from .liouvillian import liouvillian
    from .network import ground_state

    p = make_parameters(scenario, **params)
    if p.N > N_MAX_UNREDUCED:
        raise ValueError(f"N must be <= {N_MAX_UNREDUCED} for unreduced_state (a dense "
                         f"4**N x 4**N Liouvillian); got N = {p.N}")
    L = liouvillian(p)
    dims = [[2] * p.N] * 2
    if p.scenario == NONEQUILIBRIUM or p.gamma_local > 0:
        rho = qutip.steadystate(L)
        return qutip.Qobj(rho.full(), dims=dims)
    if isinstance(p.initial, str):
        rho0 = (ground_state(p.N).full() if p.initial == "ground"
                else np.eye(2**p.N) / 2**p.N)
    else:
        rho0 = np.asarray(p.initial)
    # QuTiP vectorises column by column
    x, _ = project_onto_kernel(L.full(), rho0.reshape(-1, order="F").astype(complex))
    return qutip.Qobj(x.reshape(2**p.N, 2**p.N, order="F"), dims=dims)
