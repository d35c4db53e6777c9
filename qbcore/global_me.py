r"""The global (Davies) master equation of the non-equilibrium scenario.

Qubit ``i`` exchanges excitations with its own fermionic reservoir
``(mu_i, T_i)``.  The paper's local form (Eqs. 7-8) lets each reservoir see
the bare ``sigma_-^i``; the global form takes the hopping into account: in the
eigenbasis of the whole network Hamiltonian ``H`` the coupling operator
splits into Bohr-frequency components

.. math::
    A_i(\nu) = \sum_{E_a - E_b = \nu} \Pi_b \, \sigma_-^i \, \Pi_a ,

:math:`\Pi_a` the projector onto the (possibly degenerate) eigenspace of
energy :math:`E_a`, and the secular (Davies) generator is

.. math::
    \mathcal L\rho = -i[H, \rho] + \sum_{i,\nu} \gamma\,[1 - n_i(\nu)]\,
    D[A_i(\nu)]\rho + \gamma\, n_i(\nu)\, D[A_i(\nu)^\dagger]\rho ,

with ``n_i(nu) = fermi(nu, mu_i, T_i)`` evaluated at the Bohr frequency (the
reservoir frequency ``omega`` of the local form plays no role) and the Lamb
shift neglected.  Every ``nu`` is ``2 omega0`` plus a shift of order ``J``
(``sigma_-^i`` lowers the excitation number, ``H`` conserves it), so
resonant reservoirs have ``mu`` near ``2 omega0``.

Limits (tested)
    * ``J = 0``: every Bohr frequency is ``2 omega0`` and ``A_i = sigma_-^i``:
      the local form with ``omega = 2 omega0``, exactly.
    * Equal reservoirs ``(mu, T)``: the rates obey detailed balance,
      ``n/(1-n) = exp(-(nu - mu)/T)``, and the grand-canonical state
      ``exp(-(H - mu n_exc)/T) / Z`` is stationary (``n_exc`` the number of
      excited qubits).
    * It is the secular limit of the Bloch-Redfield equation
      (:mod:`qbcore.redfield`).

The Davies form needs the Bohr frequencies resolved by the dissipation,
``J >> gamma``; the local form needs ``J`` small against the reservoirs'
temperature scale.  Where neither holds (``J ~ gamma``) the Bloch-Redfield
equation is the arbiter (:func:`qbcore.compare_master_equations`).

:func:`davies_generator` assembles the generator from ``sigma_-^i`` in the
eigenbasis, keeping the products ``A rho A^+`` of equal Bohr frequency;
:func:`jump_operators` gives the operators ``A_i(nu)`` one by one.
"""

from __future__ import annotations

import numpy as np

from .eigenbasis import (RTOL, Generator, Spectrum, blocks, commutator, occupations, sandwich,
                         spectrum)
from .parameters import Parameters
from .reservoirs import fermi


def _pair_mask_sum(S: np.ndarray, rate: np.ndarray, lab: np.ndarray, lower: bool) -> np.ndarray:
    r"""``sum_nu r(nu) A(nu)^+ A(nu)`` (``lower=True``) or ``sum_nu r(nu) A(nu) A(nu)^+``.

    ``S[b, a]`` is ``sigma_-`` in the eigenbasis, ``rate[b, a]`` the rate at
    the Bohr frequency of the pair and ``lab[b, a]`` its label.
    """
    W = S * rate
    if lower:  # (A^+ A)[a, a'] = sum_b S*[b, a] S[b, a'], same label
        keep = lab[:, :, None] == lab[:, None, :]
        return np.einsum("ba,bc,bac->ac", S.conj(), W, keep)
    keep = lab[:, None, :] == lab[None, :, :]  # (A A^+)[b, b'] = sum_a S[b, a] S*[b', a]
    return np.einsum("ba,ca,bca->bc", W, S.conj(), keep)


def _dissipator(spec: Spectrum, i: int, gamma: float, mu: float, T: float,
                blks: list) -> np.ndarray:
    """``sum_nu gamma (1-n) D[A_i(nu)] + gamma n D[A_i(nu)^+]`` on the block vector."""
    S = spec.lowering(i)
    n = occupations(spec, mu, T)       # n[b, a] at E_a - E_b
    lab = spec.label.T                 # lab[b, a]: label of E_a - E_b
    r_em, r_ab = gamma * (1.0 - n), gamma * n
    identity = np.eye(spec.dim)
    K = _pair_mask_sum(S, r_em, lab, lower=True) + _pair_mask_sum(S, r_ab, lab, lower=False)
    return (sandwich(S * r_em, S.conj().T, blks, FL=lab, FR=lab.T)
            + sandwich((S * r_ab).conj().T, S, blks, FL=lab.T, FR=lab)
            - 0.5 * sandwich(K, identity, blks) - 0.5 * sandwich(identity, K, blks))


def davies_generator(params: Parameters, *, full: bool = False, rtol: float = RTOL) -> Generator:
    """The Davies generator in the eigenbasis of ``H``.

    Parameters
    ----------
    params : Parameters
        A validated non-equilibrium parameter set (``omega`` unused).
    full : bool
        ``True``: the whole ``4**N`` space; ``False``: the charge-zero sector
        (block-diagonal ``rho``), enough for the steady state.
    rtol : float
        Degeneracy tolerance relative to the spectrum's scale.
    """
    spec = spectrum(params, rtol)
    blks = blocks(spec, full)
    M = commutator(spec, blks)
    for i in range(params.N):
        M = M + _dissipator(spec, i, params.gamma, params.mus[i], params.Ts[i], blks)
    return Generator(matrix=M, spectrum=spec, full=full)


def jump_operators(params: Parameters, *,
                   rtol: float = RTOL) -> list[tuple[int, float, float, np.ndarray]]:
    """The operators ``A_i(nu)`` and ``A_i(nu)^+`` with their rates.

    Returns
    -------
    list of (i, nu, rate, A)
        ``A`` in the computational basis (a ``2**N`` array); for every
        reservoir ``i`` and Bohr frequency ``nu`` of ``sigma_-^i`` two entries:
        ``(i, nu, gamma (1 - n_i(nu)), A_i(nu))`` and
        ``(i, nu, gamma n_i(nu), A_i(nu)^+)``.
    """
    spec = spectrum(params, rtol)
    lab = spec.label.T
    out = []
    for i in range(params.N):
        S = spec.lowering(i)
        for k in np.unique(lab[np.abs(S) > 1e-12]):
            A = spec.to_computational(np.where(lab == k, S, 0.0))
            nu = float(spec.freq.T[lab == k][0])
            n = float(fermi(nu, params.mus[i], params.Ts[i]))
            out += [(i, nu, params.gamma * (1.0 - n), A), (i, nu, params.gamma * n, A.conj().T)]
    return out
