r"""What keeps the battery charged: steady particle currents and the entropy they produce.

The non-equilibrium steady state is not an equilibrium: reservoir ``i``
feeds qubit ``i`` a permanent particle current

.. math::

    I_i = \mathrm{tr}\big(\hat n_i\, \mathcal D_i \rho_{ss}\big) = \gamma (n_i - p_i),

with :math:`\mathcal D_i = \gamma(1-n_i) D[\sigma_-^i] + \gamma n_i D[\sigma_+^i]`
its dissipator (Eqs. 7-8), :math:`\hat n_i = |e\rangle\langle e|_i`,
:math:`n_i` the reservoir's occupation at :math:`\omega` and :math:`p_i` the
qubit's steady population (``d<n_i>/dt`` from :math:`\mathcal D_i`).  The
Hamiltonian conserves the total excitation number, so in the steady state the
currents sum to zero: what the ancillas' reservoirs (``mu + dmu``) push in,
the battery's (``mu``) takes out.  Each reservoir exchanges particles at
:math:`\omega` (its Fermi function is evaluated there), so reservoir ``i``
gives up the heat :math:`(\omega - \mu_i) I_i` and its entropy changes by
:math:`(\mu_i - \omega) I_i / T_i`; the entropy production is their sum,

.. math::

    \sigma = \sum_i \frac{(\mu_i - \omega)\, I_i}{T_i} \ge 0

(``k_B = 1``): Spohn's inequality for each local dissipator, whose fixed point
is the qubit's grand-canonical state at :math:`(\mu_i, T_i)` for the energy
:math:`\omega`, summed (the Hamiltonian's share of :math:`-\mathrm{tr}(\dot\rho
\ln\rho)` vanishes in the steady state).  It vanishes when all reservoirs
agree.

Collective reservoir (equilibrium scenario)
    One reservoir couples through ``J_-`` (and, with ``gamma_local``, each
    qubit's own channels).  :func:`currents` returns
    :math:`I_i = \mathrm{tr}(\hat n_i \mathcal D \rho)` with :math:`\mathcal D`
    all of its channels: the rate at which the reservoir changes qubit
    ``i``'s population.  Their sum, the reservoir's net particle current,
    vanishes in the steady (or long-time) state, and so does
    :math:`\sigma = (\mu - \omega) \sum_i I_i / T`; individual
    :math:`I_i` need not (the collective channel moves excitations between
    qubits through their correlations).

How
    Star with identical ancillas and a named ``initial`` (``N`` up to 1001):
    the steady Dicke vector ``x`` of :mod:`qbcore.solvers.dicke` and the
    reservoirs' part of the generator, ``A_D`` (the generator at ``J = 0``):
    :math:`I_0 = F_{p_e} A_D x` and the ancillas' total
    :math:`F_{n_{anc}} A_D x`, shared equally by the identical ancillas
    (:mod:`qbcore.dicke.readout`).  Otherwise (``N <= 10``) the whole steady
    state and the adjoint dissipator of every channel applied to
    :math:`\hat n_i`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from . import dicke
from .dicke import readout
from .liouvillian import jump_groups, rates
from .network import excited
from .parameters import NONEQUILIBRIUM, Parameters, make_parameters
from .solvers import solve, symmetric
from .solvers.dicke import battery_detuning
from .solvers.solution import check_moments, full_matrix


def _dicke_dissipator(p: Parameters, j: float | None = None) -> sp.csr_matrix:
    """The reservoirs' part of the Dicke generator (hopping and detuning off)."""
    M, r = p.N - 1, rates(p)
    if p.scenario == NONEQUILIBRIUM:
        return dicke.local_matrix(M, 0.0, (r[0], r[1]), (r[2], r[3]),
                                  0.0 if p.detuned else None)
    if j is None:
        return dicke.combined_matrix(M, 0.0, (r[0], r[1]), (r[2], r[3]))
    return dicke.collective_block(j, 0.0, r[0], r[1]).matrix


def _dicke_currents(p: Parameters) -> np.ndarray:
    """``(I_battery, I_ancillas_total)`` from the Dicke-basis steady state."""
    solution = solve(p)
    check_moments(solution.battery, hint=solution.hint())
    M = p.N - 1
    if solution.dicke is not None:
        x = solution.dicke
        F = (readout.local_readout(M, p.detuned) if p.scenario == NONEQUILIBRIUM
             else readout.combined_readout(M))
        flows = F[[readout.P_E, readout.ANCILLA_EXCITATIONS]] @ (_dicke_dissipator(p) @ x)
        return flows / (F[readout.TRACE] @ x)
    weights = dicke.collective_weights(M, p.initial)
    flows, trace = np.zeros(2, dtype=complex), 0.0
    r = rates(p)
    for j, x in solution.dicke_blocks.items():
        block = dicke.collective_block(j, p.J, r[0], r[1], battery_detuning(p))
        F = readout.collective_readout(block, M)
        flows += weights[j] * (F[[readout.P_E, readout.ANCILLA_EXCITATIONS]]
                               @ (_dicke_dissipator(p, j) @ x))
        trace += weights[j] * float((F[readout.TRACE] @ x).real)
    return flows.real / trace


def _full_currents(p: Parameters) -> np.ndarray:
    """``tr(n_i D rho)`` for every qubit from the whole steady state (``N <= 10``)."""
    rho = full_matrix(solve(p, full_state=True))
    ex = excited(p.N)
    r = rates(p)
    out = np.zeros(p.N)
    for rate, (operators, _) in zip(r, jump_groups(p.N, p.scenario)):
        if rate == 0:
            continue
        for A in operators:
            K = (A.T @ A).tocsr()
            for i in range(p.N):
                n_i = sp.diags(ex[:, i].astype(float))
                # the adjoint dissipator on n_i: A^+ n_i A - {A^+ A, n_i} / 2
                X = (A.T @ n_i @ A - 0.5 * (K @ n_i + n_i @ K)).tocoo()
                out[i] += rate * float(np.real(np.sum(X.data * rho[X.col, X.row])))
    return out


def currents(scenario: str, **params: Any) -> np.ndarray:
    r"""The steady particle current from reservoir ``i`` into qubit ``i``, for every qubit.

    Non-equilibrium scenario: :math:`I_i = \gamma (n_i - p_i)` (see
    :mod:`qbcore.thermodynamics`); the currents sum to zero.  Equilibrium
    scenario: the one reservoir's share into each qubit, whose sum vanishes.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    **params
        As for :func:`qbcore.battery_ergotropy` (``master_equation="local"``);
        ``N`` up to 1001 for the star with identical ancillas and a named
        ``initial``, else up to 10.

    Returns
    -------
    numpy.ndarray
        Shape ``(N,)``; qubit 0 is the battery.
    """
    p = make_parameters(scenario, **params)
    if p.master_equation != "local":
        raise ValueError("currents supports master_equation='local' only (the reservoirs of "
                         f"the other forms exchange particles at the Bohr frequencies of H), "
                         f"got {p.master_equation!r}")
    if (symmetric.applicable(p) and isinstance(p.initial, str)
            and p.method in ("auto", "dicke")):
        battery, ancillas = _dicke_currents(replace(p, method="dicke"))
        return np.concatenate([[battery], np.full(p.N - 1, ancillas / (p.N - 1))])
    return _full_currents(p)


def entropy_production(scenario: str, **params: Any) -> float:
    r"""The steady entropy production :math:`\sigma = \sum_i (\mu_i - \omega) I_i / T_i \ge 0`.

    ``k_B = 1``; in units of the currents' (``gamma``).  Equilibrium
    scenario: the one reservoir's net current vanishes, and so does
    :math:`\sigma` (up to round-off).

    Raises
    ------
    ValueError
        Where a reservoir with ``mu_i != omega`` has ``T_i = 0``: its entropy
        flow :math:`(\mu_i - \omega) I_i / T_i` diverges (a reservoir exactly
        at ``mu_i = omega`` contributes 0 at any ``T_i``).
    """
    p = make_parameters(scenario, **params)
    frozen = [i for i, (mu, T) in enumerate(zip(p.mus, p.Ts)) if T == 0 and mu != p.omega]
    if frozen:
        raise ValueError(f"entropy_production needs T > 0 for every reservoir with mu != omega; "
                         f"reservoir(s) {frozen} have T = 0, where (mu - omega) I / T diverges")
    I = currents(scenario, **params)
    if p.scenario != NONEQUILIBRIUM:
        I = np.array([I.sum()])  # one reservoir: its net current
    affinity = np.array([(mu - p.omega) / T if mu != p.omega else 0.0
                         for mu, T in zip(p.mus, p.Ts)])
    return float(affinity @ I)
