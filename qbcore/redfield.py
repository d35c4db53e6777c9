r"""The Bloch-Redfield master equation (no secular approximation), non-equilibrium scenario.

The arbiter between the local (Eqs. 7-8) and the global (Davies,
:mod:`qbcore.global_me`) master equations where they disagree (``J ~ gamma``):
both follow from it, the global one by the secular approximation, the local
one where the reservoirs' occupations do not vary over the Bohr frequencies.

Microscopic model
    Qubit ``i`` exchanges particles with its own fermionic reservoir
    :math:`H_{R,i} = \sum_k \varepsilon_k c_{ik}^\dagger c_{ik}`
    (grand-canonical at :math:`\mu_i, T_i`) through
    :math:`H_{int} = \sum_i (\sigma_+^i B_i + \sigma_-^i B_i^\dagger)`,
    :math:`B_i = \sum_k g_k c_{ik}`, with a flat spectral density
    :math:`\mathcal J(\varepsilon) = 2\pi \sum_k |g_k|^2 \delta(\varepsilon -
    \varepsilon_k) = \gamma`.  The only non-vanishing correlations are
    :math:`\langle B_i(s) B_i^\dagger(0)\rangle` (weight ``1 - f_i``) and
    :math:`\langle B_i^\dagger(s) B_i(0)\rangle` (weight ``f_i``); different
    reservoirs are uncorrelated.  Qubit operators are taken to commute with
    the reservoir fermions (an assumption of the model).

Derivation (Born-Markov, Lamb shift dropped)
    With :math:`S_i = \sigma_-^i = \sum_\omega S_i(\omega)`,
    :math:`S_i(\omega) = \sum_{E_a - E_b = \omega} \Pi_b S_i \Pi_a`, the
    one-sided transforms of the correlations are
    :math:`\tfrac{\gamma}{2}[1 - f_i(\omega)]` and
    :math:`\tfrac{\gamma}{2} f_i(\omega)` (plus principal values, dropped).
    With the *filtered* operators
    :math:`(X_i)_{ba} = \tfrac{\gamma}{2}[1 - n_i(E_a - E_b)]\,(S_i)_{ba}` and
    :math:`(Y_i)_{ab} = \tfrac{\gamma}{2} n_i(E_a - E_b)\,(S_i^\dagger)_{ab}`,

    .. math::
        \mathcal R\rho = -i[H,\rho] + \sum_i \big(
          X_i\rho S_i^\dagger + S_i\rho X_i^\dagger - S_i^\dagger X_i\rho
          - \rho X_i^\dagger S_i
        + Y_i\rho S_i + S_i^\dagger\rho Y_i^\dagger - S_i Y_i\rho
          - \rho Y_i^\dagger S_i^\dagger \big).

    It preserves trace and Hermiticity, but not necessarily positivity: where
    Born-Markov fails (``gamma`` not small against ``T``) its steady state can
    have small negative eigenvalues.  qbcore reports them (a
    :class:`~qbcore.solvers.solution.NonPositiveStateWarning` and
    :attr:`qbcore.BatteryResult.lowest_eigenvalue`), never hides them.

    The tensor element connecting :math:`\rho_{ac}` to :math:`\rho_{bd}`
    oscillates in the interaction picture at :math:`(E_b - E_d) - (E_a - E_c)`;
    the secular approximation (:func:`secularize`) keeps those where it
    vanishes and leaves the Davies generator.  At ``J = 0`` (all Bohr
    frequencies ``2 omega0``) the generator is the local one with
    ``omega = 2 omega0``; so it is for any ``J`` when every ``n_i`` is flat
    (reservoirs full or empty).

Why not ``qutip.bloch_redfield_tensor``: its ``a_ops`` are Hermitian system
operators with one bath spectrum each.  Rewriting the particle-exchange
coupling with Hermitian parts needs the cross-spectra of the two quadratures
of ``B_i``, which are non-zero unless ``f_i`` is particle-hole symmetric;
those cannot be passed there, so the tensor is built here from the formula.
"""

from __future__ import annotations

import numpy as np

from .eigenbasis import (RTOL, Generator, Spectrum, blocks, bohr_labels, commutator,
                         occupations, sandwich, spectrum)
from .parameters import Parameters


def _reservoir_terms(spec: Spectrum, i: int, gamma: float, mu: float, T: float,
                     blks: list) -> np.ndarray:
    """The eight terms of reservoir ``i`` on the block vector."""
    S = spec.lowering(i).astype(complex)
    Sd = S.conj().T
    n = occupations(spec, mu, T)               # n[b, a] = n_i(E_a - E_b)
    X = 0.5 * gamma * (1.0 - n) * S
    Y = (0.5 * gamma * n * S).conj().T
    identity = np.eye(spec.dim)
    return (sandwich(X, Sd, blks) + sandwich(S, X.conj().T, blks)
            - sandwich(Sd @ X, identity, blks) - sandwich(identity, X.conj().T @ S, blks)
            + sandwich(Y, S, blks) + sandwich(Sd, Y.conj().T, blks)
            - sandwich(S @ Y, identity, blks) - sandwich(identity, Y.conj().T @ Sd, blks))


def redfield_generator(params: Parameters, *, full: bool = False, secular: bool = False,
                       rtol: float = RTOL) -> Generator:
    """The Bloch-Redfield generator (the Redfield tensor) in the eigenbasis of ``H``.

    Parameters
    ----------
    params : Parameters
        A validated non-equilibrium parameter set (``omega`` unused).
    full : bool
        ``True``: the whole ``4**N`` space; ``False``: the charge-zero sector.
    secular : bool
        Apply :func:`secularize` (which gives the Davies generator).
    rtol : float
        Degeneracy tolerance relative to the spectrum's scale.

    Returns
    -------
    Generator
        ``matrix[(b, d), (a, c)]`` is the Redfield tensor ``R_{bd,ac}``.
    """
    spec = spectrum(params, rtol)
    blks = blocks(spec, full)
    M = commutator(spec, blks)
    for i in range(params.N):
        M = M + _reservoir_terms(spec, i, params.gamma, params.mus[i], params.Ts[i], blks)
    gen = Generator(matrix=M, spectrum=spec, full=full)
    return secularize(gen) if secular else gen


def secularize(gen: Generator) -> Generator:
    """Keep only the tensor elements ``R_{bd,ac}`` with ``E_b - E_d = E_a - E_c``.

    Bohr frequencies are compared through their group labels (degenerate
    within the spectrum's tolerance).
    """
    lab = bohr_labels(gen.spectrum, gen.blocks)
    return gen.with_matrix(np.where(lab[:, None] == lab[None, :], gen.matrix, 0.0))
