"""The non-equilibrium page's own statements (one reservoir per qubit), as checks."""

from __future__ import annotations

import numpy as np
import qutip

from .. import closed_forms as cf
from ..battery import battery_population
from ..liouvillian import collapse_operators
from ..network import hamiltonian
from ..parameters import make_parameters
from ..reservoirs import fermi
from ..steady import kernel_dimension, steady_state
from .checks import W, along, close, monotone
from .core import Choice, Claim, Domain, Finding, Integers, Range

NEQ = "nonequilibrium"
MODEL = ("N", "topology", "J", "gamma", "mu", "dmu", "T", "mus")


def _p(point, *drop):
    return {k: v for k, v in point.items() if k in MODEL and k not in drop}


def _unique(p):
    d = kernel_dimension(NEQ, **_p(p))
    return Finding(d == 1, f"dim ker L = {d}")


def _agrees_with_plain_qutip(p):
    """qbcore's state against ``qutip.steadystate`` (valid here: the kernel is one-dimensional)."""
    params = make_parameters(NEQ, **_p(p))
    ref = qutip.steadystate(hamiltonian(params.N, params.omega0, params.J, params.topology),
                            collapse_operators(params)).full()
    ours = steady_state(NEQ, **_p(p)).full()
    gap = float(np.abs(ref - ours).max())
    return Finding(gap < 1e-9, f"max |rho_qutip - rho_qbcore| = {gap:.2e}")


def _equal_reservoirs(p):
    return close(W(NEQ, dmu=0.0, **_p(p, "dmu")), cf.gibbs_ergotropy(p["mu"], p["T"]), 1e-11)


def _no_hopping(p):
    return close(W(NEQ, J=0.0, **_p(p, "J")), cf.gibbs_ergotropy(p["mu"], p["T"]), 1e-12)


def _two_qubits(p):
    n0, n1 = fermi(1.0, p["mu"], p["T"]), fermi(1.0, p["mu"] + p["dmu"], p["T"])
    expected = cf.two_qubit_population(n0, n1, p["J"], p["gamma"])
    return close(battery_population(NEQ, **_p(p)), expected, 1e-12, "p_e")


def _half_filled_star(p):
    expected = cf.half_filled_star_ergotropy(p["J"], p["dmu"], p["T"], p["gamma"])
    return close(W(NEQ, mu=1.0, **_p(p, "mu")), expected, 1e-12)


def _grows_with_J(p):
    grid = np.linspace(0.0, 5.0, 26)
    return monotone(along(NEQ, "J", grid, **_p(p, "J")), grid, "J")


def _falls_with_T(p):
    grid = np.linspace(0.05, 10.0, 41)
    return monotone(along(NEQ, "T", grid, **_p(p, "T")), grid, "T", increasing=False)


def _star_beats_chain(p):
    star, chain = (W(NEQ, topology=t, **_p(p, "topology")) for t in ("star", "chain"))
    return Finding(star >= chain - 1e-12, f"star {star:.4f}, chain {chain:.4f}")


def _gap_widens(p):
    gaps = [W(NEQ, N=n, topology="star", **_p(p, "N", "topology"))
            - W(NEQ, N=n, topology="chain", **_p(p, "N", "topology")) for n in (3, 4, 5, 6)]
    ok = all(b >= a - 1e-12 for a, b in zip(gaps, gaps[1:]))
    return Finding(ok, "star - chain at N = 3..6: " + ", ".join(f"{g:.4f}" for g in gaps))


WIDE = dict(N=Integers(2, 6), topology=Choice(("star", "chain")), J=Range(0.0, 5.0),
            gamma=Range(0.1, 5.0), mu=Range(-5.0, 10.0), T=Range(0.05, 5.0))
CLAIMS = [
    Claim("neq-unique", "book", "nonequilibrium",
          "ker L is one-dimensional (T = 0 included)",
          Domain({"N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.05, 5.0), "gamma": Range(0.1, 5.0), "mu": Range(-5.0, 10.0),
                  "dmu": Range(-10.0, 10.0), "T": Range(0.0, 5.0)}), _unique, samples=8),
    Claim("neq-plain-qutip", "book", "nonequilibrium",
          "qbcore's steady state equals qutip.steadystate's (per-qubit reservoirs)",
          Domain({"N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.0, 5.0), "gamma": Range(0.1, 5.0), "mu": Range(-5.0, 10.0),
                  "dmu": Range(-10.0, 10.0), "T": Range(0.05, 5.0)}), _agrees_with_plain_qutip,
          samples=8),
    Claim("neq-equal-reservoirs", "book", "nonequilibrium",
          "dmu = 0: W = max(0, tanh((mu - omega)/2T)) for every J, N and network",
          Domain({**WIDE, "N": Integers(2, 9)}), _equal_reservoirs),
    Claim("neq-no-hopping", "book", "nonequilibrium",
          "J = 0: W = max(0, tanh((mu - omega)/2T)) whatever dmu",
          Domain({**WIDE, "N": Integers(2, 9), "dmu": Range(-20.0, 20.0)}), _no_hopping),
    Claim("neq-two-qubits", "book", "nonequilibrium",
          "N = 2: p_e = n_0 + (n_1 - n_0) 2J^2/(gamma^2 + 4J^2)",
          Domain({"N": 2, "J": Range(0.0, 5.0), "gamma": Range(0.1, 5.0),
                  "mu": Range(-5.0, 10.0), "dmu": Range(-20.0, 20.0), "T": Range(0.05, 5.0)}),
          _two_qubits),
    Claim("neq-half-filled-star", "book", "nonequilibrium",
          "N = 3 star, mu = omega: W = 4J^2/(gamma^2 + 7J^2) tanh(dmu/2T) (derived)",
          Domain({"N": 3, "topology": "star", "J": Range(0.0, 5.0), "gamma": Range(0.1, 5.0),
                  "dmu": Range(0.0, 20.0), "T": Range(0.0, 5.0)}), _half_filled_star),
    Claim("neq-grows-J", "book", "nonequilibrium",
          "W grows with J for dmu >= 0 (local master equation)",
          Domain({**WIDE, "dmu": Range(0.0, 20.0)}, "J from 0 to 5"), _grows_with_J, samples=8),
    Claim("neq-falls-T", "book", "nonequilibrium",
          "W falls with T for mu >= omega and dmu >= 0",
          Domain({**WIDE, "mu": Range(1.0, 10.0), "dmu": Range(0.0, 20.0)},
                 "T from 0.05 to 10"), _falls_with_T, samples=8),
    Claim("neq-star-beats-chain", "book", "nonequilibrium",
          "the star charges the battery at least as much as the chain (dmu >= 0, J <= gamma)",
          Domain({"N": Integers(3, 6), "J": Range(0.0, 1.0), "gamma": 1.0,
                  "mu": Range(-5.0, 10.0), "dmu": Range(0.0, 20.0), "T": Range(0.05, 5.0)}),
          _star_beats_chain),
    Claim("neq-star-beats-chain-strong", "book", "nonequilibrium",
          "the star charges the battery at least as much as the chain (strong hopping)",
          Domain({"N": Integers(3, 6), "J": Range(2.5, 5.0), "gamma": 1.0, "mu": 0.0,
                  "dmu": Range(5.0, 20.0), "T": 1.0}), _star_beats_chain, expected=False),
    Claim("neq-gap-widens", "book", "nonequilibrium",
          "the star's lead over the chain grows with N = 3..6 (dmu >= 0, J <= gamma)",
          Domain({"J": Range(0.05, 1.0), "gamma": 1.0, "mu": Range(-5.0, 10.0),
                  "dmu": Range(0.0, 20.0), "T": Range(0.05, 5.0)}), _gap_widens, samples=8),
]
