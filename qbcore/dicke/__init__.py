r"""Identical ancillas in the Dicke (total-spin) basis: exact steady states at large N.

In the star network with ``M = N - 1`` interchangeable ancillas (the paper's
setting), the ancillas' state is invariant under their permutations.  Such an
operator is block diagonal in the ancillas' total spin ``j``, and within a
block it acts the same way on each of the ``d_j`` copies of the spin-``j``
irrep (Chase and Geremia, PRA 78, 052101 (2008); Shammah et al., PRA 98,
063815 (2018), whose ``qutip.piqs`` uses the same basis).  With the battery
added, the state is

.. math::

    \rho = \sum_{b, b'} |b\rangle\langle b'| \otimes
           \bigoplus_j \rho^{bb'}_j \otimes \mathbb{1}_{d_j},

and, as in ``qutip.piqs``, we store the elements summed over the copies,
``R^{bb'}_{j, m, m'} = d_j (\rho^{bb'}_j)_{m m'}``, so that the trace is a plain
sum and the numbers stay of order one (``d_j`` overflows a float beyond
``M ~ 1030``).

The excitation number ``n_b + j + m`` is conserved (see
:mod:`qbcore.liouvillian`), so the steady state keeps only

* the populations ``P_e[j, m] = R^{ee}_{j,m,m}`` and ``P_g[j, m] = R^{gg}_{j,m,m}``,
* the coherences ``R^{eg}_{j, m, m+1}`` between ``|e, j, m>`` and ``|g, j, m+1>``,

about ``3 (M/2 + 1)^2`` numbers: 752 502 at ``N = 1001`` instead of
``binomial(2002, 1001)``.

Local reservoirs (non-equilibrium scenario)
    The Hamiltonian and the jump operators are real, and each jump operator
    acts on one qubit only, so the coherences are purely imaginary,
    ``R^{eg}_{j,m,m+1} = i Y[j, m]``: the whole problem is real.  The ancillas'
    local emission and absorption move ``(j, m, m')`` to ``(j, j \pm 1)`` with
    the rates of Shammah et al., Table I ("gamma_1" ... "gamma_9", here without
    dephasing); :func:`local_rates` evaluates them in double precision.  (The
    compiled ``qutip.piqs.Dicke`` computes the same numbers in single precision,
    about 1e-7 relative, too coarse for a reference solver; the tests check
    ours against it to that precision, and the solver against the full
    Liouvillian to 1e-10.)  One sparse LU solves the system.

Collective reservoir (equilibrium scenario)
    ``J_-`` and the star Hamiltonian both conserve the ancillas' ``j``, so every
    ``j`` block evolves on its own; from ``"ground"`` only ``j = M/2`` is
    populated, from ``"mixed"`` block ``j`` starts with weight
    ``2 (2j+1) d_j / 2^N``.  ``ker L`` is degenerate here (see :mod:`qbcore.solvers`); within
    a block the long-time limit is ``P0 rho(0)``, from the block's right and left
    null vectors.

The subpackage holds the generators; :mod:`qbcore.solvers.dicke` solves them.

:mod:`qbcore.dicke.basis`
    The ancillas' total spins, their multiplicities, the index of the unknowns
    and the rates of local emission and absorption in this basis.
:mod:`qbcore.dicke.local`
    The real generator of the non-equilibrium star (one reservoir per qubit).
:mod:`qbcore.dicke.collective`
    One generator per ancilla spin ``j`` for the collective reservoir.
:mod:`qbcore.dicke.combined`
    The collective reservoir with each qubit's own coupling to it
    (``gamma_local > 0``): one generator for all ``j``, whose steady state is unique.

A battery detuned from identical ancillas (``omega0s``) keeps every
reduction: the frequency term acts within each level, where it rotates the
coherences (:mod:`qbcore.dicke.local`).
"""

from .basis import DickeIndex, dicke_index, j_values, local_rates, log_degeneracy
from .collective import (CollectiveBlock, collective_block, collective_components,
                         collective_initial, collective_levels, collective_weights)
from .combined import (LEVEL_KINDS, LevelIndex, combined_battery_state, combined_initial,
                       combined_matrix, combined_pivots, ground_row, level_coordinates,
                       level_index, trace_positions)
from .local import (dense_components, ground_position, local_battery_state,
                    local_battery_states, local_coordinates, local_matrix, local_order,
                    pivots)

__all__ = [
    "CollectiveBlock", "DickeIndex", "LEVEL_KINDS", "LevelIndex", "collective_block", "collective_components",
    "combined_battery_state", "combined_initial", "combined_matrix", "combined_pivots",
    "ground_row", "level_coordinates", "level_index", "trace_positions",
    "collective_initial", "collective_levels", "collective_weights", "dense_components",
    "dicke_index", "ground_position", "j_values",
    "local_battery_state", "local_battery_states", "local_coordinates", "local_matrix",
    "local_order", "local_rates", "log_degeneracy",
    "pivots",
]
