r"""Controls that cannot change a figure at the current setting, and why.

A live explorer whose slider moves and whose figure stays put reads as broken.
Where the model's known facts say that a parameter cannot matter, the explorer
says so next to its controls.  Each fact below is exact (a symmetry of the
network or a closed form of :mod:`qbcore.closed_forms`), and
``tests/viz/test_inert.py`` checks each one against the solvers over the
explorers' whole ranges.

* **Topology at N = 2**: star and chain are the same network (one edge),
  read off :func:`qbcore.edges`.
* **Collective scenario** (``"equilibrium"``), ``J != 0``, ``gamma > 0``: the
  long-time state is fixed by the weights the start gives the conserved
  sectors (:func:`qbcore.closed_forms.limit_population`, which has no ``J``
  and no ``gamma``), so :math:`\mathcal{W}` depends on neither while ``J``
  stays nonzero.  Not claimed for the chain with ``N >= 4`` from a start
  other than ``"ground"`` unless ``T > 0`` (at ``T = 0`` its kernel grows).
  From ``"ground"`` the star's battery ends at its reservoir's occupation for
  every ``N >= 3`` (:func:`qbcore.closed_forms.ground_start_population`), so
  ``N`` does not matter either while it stays ``>= 3``; for odd ``N`` (no
  ancilla spin 1/2) it ends there from any start, so the start does not matter.
* **Non-equilibrium scenario**, ``J = 0``: the battery is decoupled from the
  ancillas and relaxes with its own reservoir,
  :math:`\mathcal{W} = \max(0, \tanh((\mu - \omega)/2T))`
  (:func:`qbcore.closed_forms.gibbs_ergotropy`): ``gamma``, ``N``, the
  topology and ``dmu`` do not enter.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..network import edges

_COLLECTIVE = ("in the collective scenario the long-time state is fixed by the start's weights "
               "in the conserved sectors, the same for every J ≠ 0 and γ > 0 "
               "(closed_forms.limit_population); only J = 0 differs")
_STAR_GROUND = ("from |g..g> the star's battery ends at its reservoir's occupation, the same for "
                "every N ≥ 3 (closed_forms.ground_start_population); only N = 2 differs")
_STAR_ODD = ("for odd N the star's battery ends at its reservoir's occupation from any start "
             "(closed_forms.limit_population: no ancilla spin 1/2)")
_DECOUPLED = ("at J = 0 the battery is decoupled from the ancillas and relaxes with its own "
              "reservoir: W = max(0, tanh((μ − ω)/2T)) (closed_forms.gibbs_ergotropy)")


def inert_controls(scenario: str, params: Mapping[str, Any],
                   varying: Collection[str] = ()) -> dict[str, str]:
    """Parameters that cannot change one curve's :math:`\\mathcal{W}` at ``params``, and why.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    params : mapping
        The curve's parameters (``N``, ``J``, ``topology``, ``T``, ``initial``
        ...); a fact whose condition names a missing parameter is not claimed.
    varying : collection of str
        Parameters that change along the curve (its x axis): a fact that needs
        one of them fixed is not claimed.

    Returns
    -------
    dict
        ``{parameter: reason}``; empty where every parameter may matter.
    """
    fixed = {k: v for k, v in params.items() if k not in varying}
    found: dict[str, str] = {}
    N, J, T = fixed.get("N"), fixed.get("J"), fixed.get("T")
    if N is not None and edges(int(N), "star") == edges(int(N), "chain"):
        found["topology"] = (f"at N = {int(N)} the star and the chain are the same network "
                             f"(edges {edges(int(N), 'star')})")
    if J is None or N is None:
        return found
    kernel_grows_at_T0 = (fixed.get("topology", "star") == "chain" and int(N) >= 4
                          and not (isinstance(fixed.get("initial", "ground"), str)
                                   and fixed.get("initial", "ground") == "ground"))
    if scenario == "equilibrium" and J != 0 and (
            not kernel_grows_at_T0 or (T is not None and T > 0)):
        found["J"] = found["gamma"] = _COLLECTIVE
        if (int(N) >= 3 and fixed.get("topology", "star") == "star"
                and isinstance(fixed.get("initial", "ground"), str)
                and fixed.get("initial", "ground") == "ground"):
            found["N"] = _STAR_GROUND
        if int(N) % 2 == 1 and fixed.get("topology", "star") == "star":
            found["initial"] = _STAR_ODD
    elif scenario == "nonequilibrium" and J == 0:
        for name in ("gamma", "N", "topology", "dmu"):
            found[name] = _DECOUPLED
    return found
