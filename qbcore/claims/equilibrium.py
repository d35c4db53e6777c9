"""The equilibrium page's own statements (collective reservoir), as checks.

Each is stated with the domain where the page asserts it; the checks compare
the solver with the closed forms of :mod:`qbcore.closed_forms` (derived from the
strong symmetries, not from the solver) or with a computation that assumes
no symmetry (the kernel of QuTiP's full Liouvillian).
"""

from __future__ import annotations

import numpy as np

from .. import closed_forms as cf
from ..reservoirs import fermi
from ..steady import kernel_dimension, steady_state, unreduced_state
from .checks import W, close
from .core import Choice, Claim, Domain, Finding, Integers, Range

EQ = "equilibrium"
MODEL = ("N", "topology", "initial", "J", "gamma", "mu", "T", "omega0", "gamma_local")


def _p(point, *drop):
    return {k: v for k, v in point.items() if k in MODEL and k not in drop}


def _star_named_start(p):
    expected = cf.limit_ergotropy(p["N"], p["mu"], p["T"], initial=p["initial"])
    return close(W(EQ, **_p(p)), expected, 1e-10)


def _chain_reflection(p):
    expected = cf.limit_ergotropy(p["N"], p["mu"], p["T"], topology="chain",
                                  initial=p["initial"])
    return close(W(EQ, **_p(p)), expected, 1e-10)


def _triplet(p):
    expected = cf.ergotropy_from_population(cf.triplet_population(p["mu"], p["T"]))
    return close(W(EQ, **_p(p)), expected, 1e-10)


def _full_at_zero_T(p):
    w = W(EQ, T=0.0, **_p(p, "T"))
    return close(w, 1.0, 1e-12)


def _even_star_mixed_at_zero_T(p):
    from math import comb

    N = p["N"]
    expected = 1.0 - (comb(N, N // 2) // (N // 2 + 1)) / 2**N
    return close(W(EQ, T=0.0, **_p(p, "T")), expected, 1e-12)


def _no_J_gamma_omega0(p):
    base = _p(p, "J", "gamma", "omega0")
    a = W(EQ, J=p["J"], gamma=p["gamma"], omega0=p["omega0"], **base)
    b = W(EQ, J=p["J_other"], gamma=p["gamma_other"], omega0=p["omega0_other"], **base)
    return Finding(abs(a - b) < 1e-10, f"W = {a:.10f} and {b:.10f}")


def _kernel_dimension(p):
    d = kernel_dimension(EQ, **_p(p, "initial"))
    expected = cf.kernel_dimension_formula(p["N"], p["topology"])
    return Finding(d == expected, f"dim ker L = {d}, symmetry count {expected}")


def _block_diagonal_without_assuming_it(p):
    """The long-time state from ``|g..g>``, from QuTiP's full Liouvillian: block diagonal."""
    rho = unreduced_state(EQ, **_p(p)).full()
    n = np.array([p["N"] - bin(s).count("1") for s in range(2 ** p["N"])])  # excited: 0-bits
    off = np.abs(rho[n[:, None] != n[None, :]]).max()
    ours = steady_state(EQ, **_p(p)).full()
    return Finding(off < 1e-10 and np.abs(rho - ours).max() < 1e-8,
                   f"largest element between excitation numbers {off:.2e}, "
                   f"max |rho - qbcore| {np.abs(rho - ours).max():.2e}")


def _unique_with_local_coupling(p):
    a = steady_state(EQ, initial="ground", **_p(p, "initial")).full()
    b = steady_state(EQ, initial="mixed", **_p(p, "initial")).full()
    n = float(fermi(1.0, p["mu"], p["T"]))
    N = p["N"]
    k = np.array([N - bin(s).count("1") for s in range(2**N)])
    rho_G = np.diag(n**k * (1 - n) ** (N - k))
    gap = max(np.abs(a - b).max(), np.abs(a - rho_G).max())
    dim = kernel_dimension(EQ, **_p(p, "initial"))
    return Finding(gap < 1e-9 and dim == 1, f"dim ker L = {dim}, max |rho - rho_G| over both "
                                            f"starts {gap:.2e}")


def _local_coupling_any_N(p):
    return close(W(EQ, **_p(p)), cf.gibbs_ergotropy(p["mu"], p["T"]), 1e-9)


def _lifetime_linear(p):
    from ..relaxation import relaxation_rate

    g = np.array([1e-4, 1e-3, 1e-2])
    rates = np.array([relaxation_rate(EQ, gamma_local=x, **_p(p, "gamma_local")) for x in g])
    slope = np.polyfit(np.log(g), np.log(rates), 1)[0]
    return Finding(abs(slope - 1) < 0.01, f"rate ~ gamma_local^{slope:.4f}; rate/gamma_local = "
                                          + ", ".join(f"{r / x:.4f}" for r, x in zip(rates, g)))


STARTS = Choice(("ground", "mixed"))
CLAIMS = [
    Claim("eq-star-odd", "book", "equilibrium",
          "star, odd N, any named start: W = max(0, tanh((mu - omega)/2T))",
          Domain({"N": Choice((3, 5, 7, 9, 21, 101)), "topology": "star", "initial": STARTS,
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.05, 5.0)}), _star_named_start),
    Claim("eq-star-even-mixed", "book", "equilibrium",
          "star, even N, mixed start: W = max(0, tanh u - (C_(N/2)/2^N) 4 sinh^3 u / "
          "(cosh u (1 + 2 cosh 2u))), u = (mu - omega)/2T",
          Domain({"N": Choice((2, 4, 6, 10, 30, 60)), "topology": "star", "initial": "mixed",
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.1, 5.0)}), _star_named_start),
    Claim("eq-N2-triplet", "book", "equilibrium",
          "N = 2, empty start: the Gibbs state on the triplet",
          Domain({"N": 2, "topology": Choice(("star", "chain")), "initial": "ground",
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.05, 5.0)}), _triplet),
    Claim("eq-chain-reflection", "book", "equilibrium",
          "chain: W from the reflection-symmetric Gibbs states (any named start)",
          Domain({"N": Integers(2, 6), "topology": "chain", "initial": STARTS,
                  "J": Range(0.2, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.2, 5.0)}), _chain_reflection),
    Claim("eq-full-cold-ground", "book", "equilibrium",
          "at T = 0 with mu > omega, W = 1 from the empty start (either network)",
          Domain({"N": Integers(2, 6), "topology": Choice(("star", "chain")),
                  "initial": "ground", "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0),
                  "mu": Range(1.01, 10.0)}), _full_at_zero_T),
    Claim("eq-full-cold-odd-star", "book", "equilibrium",
          "at T = 0 with mu > omega, W = 1 for the star with odd N from any named start",
          Domain({"N": Choice((3, 5, 7, 21, 101)), "topology": "star", "initial": STARTS,
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(1.01, 10.0)}),
          _full_at_zero_T),
    Claim("eq-cold-even-star-mixed", "book", "equilibrium",
          "at T = 0 with mu > omega, the even star from the mixed start holds W = 1 - C_(N/2)/2^N",
          Domain({"N": Choice((2, 4, 6, 8, 50)), "topology": "star", "initial": "mixed",
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(1.01, 10.0)}),
          _even_star_mixed_at_zero_T),
    Claim("eq-no-J-gamma-omega0", "book", "equilibrium",
          "the long-time W depends on neither J (J != 0), gamma nor omega0 (either network, "
          "any named start)",
          Domain({"N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "initial": STARTS, "J": Range(0.2, 5.0), "J_other": Range(0.2, 5.0),
                  "gamma": Range(0.2, 5.0), "gamma_other": Range(0.2, 5.0),
                  "omega0": Range(0.0, 20.0), "omega0_other": Range(0.0, 20.0),
                  "mu": Range(-2.0, 8.0), "T": Range(0.2, 5.0)}),
          _no_J_gamma_omega0),
    Claim("eq-kernel-dimension", "book", "equilibrium",
          "dim ker L is the symmetry count: sum_j d_j^2 (x2 for j = 1/2) for the star, "
          "2 for the chain",
          Domain({"N": Integers(2, 6), "topology": Choice(("star", "chain")),
                  "J": Range(0.2, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.3, 5.0)}, "|mu - omega|/T <= 23"), _kernel_dimension),
    Claim("eq-local-coupling-unique", "book", "equilibrium",
          "with gamma_local > 0 the steady state is unique: the product state (x)_i diag(n, 1 - n) "
          "from every start",
          Domain({"N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.0, 5.0), "gamma": Range(0.2, 5.0),
                  "gamma_local": Range(1e-3, 2.0, log=True), "mu": Range(-4.0, 10.0),
                  "T": Range(0.05, 5.0)}), _unique_with_local_coupling, samples=8),
    Claim("eq-local-coupling-any-N", "book", "equilibrium",
          "with gamma_local > 0, W = max(0, tanh((mu - omega)/2T)) for every N, J and start",
          Domain({"N": Choice((2, 3, 10, 41, 300)), "topology": "star", "initial": STARTS,
                  "J": Range(0.0, 5.0), "gamma": Range(0.2, 5.0),
                  "gamma_local": Range(1e-3, 2.0, log=True), "mu": Range(-4.0, 10.0),
                  "T": Range(0.05, 5.0)}), _local_coupling_any_N, samples=10),
    Claim("eq-metastable-lifetime", "book", "equilibrium",
          "the perfectly collective states are metastable: the slowest rate is proportional to "
          "gamma_local (fitted exponent 1 +- 0.01 on gamma_local = 1e-4 .. 1e-2)",
          Domain({"N": Integers(2, 5), "topology": Choice(("star", "chain")), "initial": "ground",
                  "J": Range(0.3, 3.0), "gamma": Range(0.5, 2.0), "mu": Range(-2.0, 6.0),
                  "T": Range(0.3, 3.0)}), _lifetime_linear, samples=4),
    Claim("eq-block-diagonal", "book", "model",
          "from the empty start, the long-time state is block diagonal in the excitation "
          "number (checked on QuTiP's full Liouvillian, which assumes no symmetry)",
          Domain({"N": Integers(2, 4), "topology": Choice(("star", "chain")),
                  "initial": "ground", "J": Range(0.2, 5.0), "gamma": Range(0.2, 5.0),
                  "mu": Range(-2.0, 8.0), "T": Range(0.3, 5.0)}),
          _block_diagonal_without_assuming_it, samples=8),
]
