r"""Closed forms: exact formulas for both scenarios, derived, not read off the solver.

Equilibrium (collective) scenario: :mod:`.gibbs`, :mod:`.long_time` and
:mod:`.projectors`.  Non-equilibrium scenario: :mod:`.nonequilibrium`.

The collective scenario.

With one collective reservoir the Liouvillian
``L rho = -i[H, rho] + gamma (1-n) D[J_-] rho + gamma n D[J_+] rho`` has a
degenerate kernel, and the state reached at long times depends on the start.
Two facts make that state, and the battery's share of it, computable by hand.

1. The product state ``rho_G = (x) diag(n, 1-n)`` (every qubit at the
   reservoir's occupation ``n = fermi(omega, mu, T)``) is a function of the
   excitation number alone, so it commutes with ``H``, and it satisfies
   detailed balance for ``D[J_-]`` and ``D[J_+]`` with rates ``gamma (1-n)``
   and ``gamma n``.  So ``L rho_G = 0`` for every topology, ``J`` and ``N``.
2. Every projector ``Pi`` that commutes with ``H``, ``J_-`` and ``J_+`` (a
   *strong* symmetry) is conserved, ``tr(Pi rho(t))`` is constant, and
   ``Pi rho_G`` is stationary as well.

The symmetries that matter:

* **star**: ``H`` and ``J_-`` contain the ancillas only through their
  collective spin ``S_A``, so the ancillas' total spin ``j_A`` (with its
  multiplicity) is conserved.  Inside ``battery (x) spin-j_A`` the kernel is
  one-dimensional, except for ``j_A = 1/2`` where the singlet of the battery
  and that spin-1/2 is dark (annihilated by ``J_+-`` and an eigenstate of
  ``H``).  This gives :func:`kernel_dimension_formula`.  From ``|g..g>`` the
  ancillas stay symmetric (``j_A = (N-1)/2``) and the long-time state is
  ``Pi_sym rho_G / tr(...)``; because ``Pi_sym`` acts on the ancillas only,
  this is ``diag(n, 1-n) (x) (ancilla part)``: the battery ends at
  ``p_e = n`` exactly, for every ``J != 0``, ``gamma`` and ``N >= 3``.
* **chain** (and ``N = 2``, where star and chain coincide): the mirror
  reflection ``P`` (qubit ``i <-> N-1-i``) is conserved; the kernel is
  ``{P_+ rho_G, P_- rho_G}`` with ``P_+- = (1 +- P)/2``.  From ``|g..g>``
  (reflection-even) the state is ``P_+ rho_G / tr(...)``, whose battery
  population is :func:`reflection_population`.  For ``N = 2`` this is the
  Gibbs state restricted to the triplet.
* ``J = 0``: every permutation of the qubits is a symmetry; from ``|g..g>``
  the state is ``rho_G`` restricted to the symmetric (Dicke) subspace
  (:func:`dicke_population`).

All results hold for ``gamma > 0``; the ``J != 0`` results for any ``J != 0``
(the relaxation time grows as ``J -> 0``).  The normalised ergotropy of a
diagonal battery state is ``W = max(0, 2 p_e - 1)``.
"""

from .gibbs import (dicke_population, ergotropy_from_population, gibbs_ergotropy,
                    ground_start_ergotropy, ground_start_population, ground_start_state,
                    reflection_population, triplet_population)
from .long_time import (kernel_dimension_formula, limit_ergotropy, limit_population,
                        population_range, spin_multiplicity)
from .nonequilibrium import (half_filled_star_ergotropy, small_network_inversion,
                             two_qubit_hopping_threshold, two_qubit_population,
                             two_qubit_threshold)

__all__ = [
    "gibbs_ergotropy", "triplet_population", "reflection_population", "dicke_population",
    "ground_start_population", "ground_start_ergotropy", "ground_start_state",
    "limit_population", "limit_ergotropy", "population_range",
    "spin_multiplicity", "kernel_dimension_formula", "ergotropy_from_population",
    "two_qubit_population", "two_qubit_threshold", "two_qubit_hopping_threshold",
    "half_filled_star_ergotropy", "small_network_inversion",
]
