"""The model page's statements: what drops out of W, and the structure of the steady state.

The structural claims take their evidence from ``qutip.steadystate`` on QuTiP's full
Liouvillian (one reservoir per qubit, where the steady state is unique), a
computation that assumes no symmetry; qbcore's own solvers build the
block-diagonal structure in and cannot serve as evidence for it.
"""

from __future__ import annotations

import numpy as np
import qutip

from ..ergotropy import ergotropy
from ..parameters import make_parameters
from ..steady import unreduced_state
from .checks import W
from .core import Choice, Claim, Domain, Finding, Integers, Range

MODEL = ("N", "topology", "initial", "J", "gamma", "mu", "dmu", "T")


def _p(point, *drop):
    return {k: v for k, v in point.items() if k in MODEL and k not in drop}


def _omega0_drops_out(p):
    a = W(p["scenario"], omega0=p["omega0"], **_p(p))
    b = W(p["scenario"], omega0=p["omega0_other"], **_p(p))
    return Finding(abs(a - b) < 1e-12, f"W = {a:.12f} (omega0 = {p['omega0']:.3g}), "
                                       f"{b:.12f} (omega0 = {p['omega0_other']:.3g})")


def _only_mu_minus_omega(p):
    shift = p["omega"] - 1.0
    kw = _p(p, "mu")
    a = W(p["scenario"], omega=p["omega"], mu=p["mu"], **kw)
    b = W(p["scenario"], omega=1.0, mu=p["mu"] - shift, **kw)
    return Finding(abs(a - b) < 1e-12, f"W = {a:.12f} and {b:.12f}")


def _structure_from_plain_qutip(p):
    params = make_parameters("nonequilibrium", **_p(p))
    rho = unreduced_state("nonequilibrium", **_p(p))
    a = rho.full()
    N = params.N
    n = np.array([N - bin(s).count("1") for s in range(2**N)])  # excited qubits: 0-bits
    off_block = float(np.abs(a[n[:, None] != n[None, :]]).max())
    rho_B = rho.ptrace(0).full()
    coherence = abs(rho_B[0, 1])
    p_e = rho_B[0, 0].real
    W_erg = ergotropy(rho_B, params.omega0 * qutip.sigmaz()) / (2 * params.omega0)
    inversion = max(0.0, 2 * p_e - 1)
    ok = off_block < 1e-10 and coherence < 1e-10 and abs(W_erg - inversion) < 1e-10
    return Finding(ok, f"largest element between excitation numbers {off_block:.1e}, battery "
                       f"coherence {coherence:.1e}, E/(2 omega0) - max(0, 2p_e - 1) = "
                       f"{W_erg - inversion:.1e}")


CLAIMS = [
    Claim("model-omega0", "book", "model", "W does not depend on omega0",
          Domain({"scenario": Choice(("equilibrium", "nonequilibrium")), "N": Integers(2, 6),
                  "topology": Choice(("star", "chain")), "J": Range(0.2, 5.0),
                  "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0), "T": Range(0.2, 5.0),
                  "omega0": Range(0.0, 50.0), "omega0_other": Range(0.0, 50.0)}),
          _omega0_drops_out),
    Claim("model-mu-minus-omega", "book", "model",
          "the reservoir frequency omega enters only through mu - omega",
          Domain({"scenario": Choice(("equilibrium", "nonequilibrium")), "N": Integers(2, 6),
                  "topology": Choice(("star", "chain")), "J": Range(0.2, 5.0),
                  "mu": Range(-2.0, 30.0), "T": Range(0.2, 5.0), "omega": Range(0.0, 30.0)}),
          _only_mu_minus_omega),
    Claim("model-structure", "book", "model",
          "the steady state is block diagonal in the excitation number, the battery's state is "
          "diagonal and W = max(0, 2 p_e - 1) (evidence: qutip.steadystate, no symmetry assumed)",
          Domain({"N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.0, 5.0), "gamma": Range(0.1, 5.0), "mu": Range(-4.0, 10.0),
                  "dmu": Range(-10.0, 10.0), "T": Range(0.05, 5.0)}),
          _structure_from_plain_qutip),
]
