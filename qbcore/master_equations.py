r"""Local, global (Davies) and Bloch-Redfield master equations side by side.

The paper's local master equation (Eqs. 7-8) lets each reservoir see the bare
``sigma_-^i`` at the reservoir frequency ``omega``; the global (Davies) form
(:mod:`qbcore.global_me`) sees the hopping network's Bohr frequencies
``nu = 2 omega0 + O(J)``; the Bloch-Redfield equation (:mod:`qbcore.redfield`)
contains both as limits and is the arbiter where they disagree.

Which one holds (see the tests and the book's comparison)
    * Local against Redfield: the agreement is governed by ``J / T``: the
      local form treats the reservoirs' occupations as equal at every Bohr
      frequency, which they are while the spread of the ``nu`` (of order
      ``J``) is small against ``T``.
    * Davies against Redfield: the secular approximation needs the Bohr
      frequencies resolved by the dissipation, ``J >> gamma``.
    * ``J ~ gamma``: neither approximation is safe and only Redfield can be
      trusted (where Born-Markov holds, ``gamma << T``).

Resonant reservoirs
    The comparison puts the local form's reservoir frequency at the bare
    transition, ``omega = 2 omega0`` (its ``J = 0`` limit is then the global
    and the Redfield one exactly), and the chemical potentials near it
    (``mu = 2 omega0`` by default).  There none of the three depends on
    ``omega0`` itself, only on ``mu - 2 omega0``: ``J / omega0`` does not
    enter ``W``.  What ``J / omega0`` does control is whether the model holds
    at all: the excitation-conserving hopping (and each of the three
    equations) needs ``J sqrt(N - 1) << omega0``, which no master equation
    here can test.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _validate as check
from .battery import battery_ergotropy, battery_result
from .parameters import make_parameters
from .solvers.solution import NonPositiveStateWarning
from .sweeps import progress_bar


def compare_master_equations(J_values: Sequence[float], *, N: int = 3, topology: str = "star",
                             omega0: float = 10.0, gamma: float = 1.0, mu: float | None = None,
                             dmu: float = 2.0, T: float = 1.0,
                             progress: bool = False) -> dict[str, np.ndarray]:
    r""":math:`\mathcal{W}` from the local, global and Bloch-Redfield equations against ``J``.

    Non-equilibrium scenario at resonant reservoirs: the battery's reservoir
    at ``mu``, every ancilla's at ``mu + dmu``, all at ``T``; the local form
    with ``omega = 2 omega0``.

    Parameters
    ----------
    J_values : sequence of float
        The hopping values.
    N : int
        ``2 <= N <= 6`` (the Redfield tensor is dense).
    topology, omega0, gamma, dmu, T
        As for :func:`qbcore.battery_ergotropy`.
    mu : float or None
        The battery's chemical potential; ``None``: ``2 omega0`` (resonant).
    progress : bool
        Show a progress bar (tqdm).

    Returns
    -------
    dict of str to numpy.ndarray
        ``"J"``, ``"J_over_gamma"``, ``"J_over_omega0"``, and ``W`` for
        ``"local"``, ``"global"``, ``"redfield"``; ``"redfield_lowest_eigenvalue"``,
        the lowest eigenvalue of each Redfield steady state (negative where
        Born-Markov fails: the Redfield warnings are collected here, not
        printed per point).
    """
    Js = np.array([check.real("J", J) for J in check.swept_values("J", J_values)])
    mu = 2.0 * check.real("omega0", omega0, minimum=0.0) if mu is None else mu
    common = dict(N=N, topology=topology, omega0=omega0, gamma=gamma, mu=mu, dmu=dmu, T=T)
    # validate every parameter before the first solve
    make_parameters("nonequilibrium", **common, J=float(Js[0]), master_equation="redfield")
    make_parameters("nonequilibrium", **common, J=float(Js[0]), omega=2.0 * omega0)
    out: dict[str, Any] = {k: np.empty(len(Js)) for k in
                           ("local", "global", "redfield", "redfield_lowest_eigenvalue")}
    for k in progress_bar(range(len(Js)), len(Js), progress, "W(J), three equations"):
        J = float(Js[k])
        out["local"][k] = battery_ergotropy("nonequilibrium", **common, J=J,
                                            omega=2.0 * omega0)
        out["global"][k] = battery_ergotropy("nonequilibrium", **common, J=J,
                                             master_equation="global")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonPositiveStateWarning)
            r = battery_result("nonequilibrium", **common, J=J, master_equation="redfield")
        out["redfield"][k], out["redfield_lowest_eigenvalue"][k] = r.W, r.lowest_eigenvalue
    out.update(J=Js, J_over_gamma=Js / gamma, J_over_omega0=Js / omega0)
    return out
