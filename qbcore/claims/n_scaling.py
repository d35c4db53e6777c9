"""The N-scaling page's own statements, as checks."""

from __future__ import annotations

import numpy as np

from ..battery import bias_threshold
from ..closed_forms import gibbs_ergotropy
from .checks import W, along, close, monotone
from .core import Choice, Claim, Domain, Finding, Range

NEQ, EQ = "nonequilibrium", "equilibrium"
MODEL = ("topology", "J", "gamma", "mu", "dmu", "T", "initial")


def _p(point, *drop):
    return {k: v for k, v in point.items() if k in MODEL and k not in drop}


def _thresholds_convex(p):
    Ns = list(range(2, 11))
    t = []
    for n in Ns:
        try:
            t.append(bias_threshold(N=n, **_p(p, "dmu")))
        except ValueError:  # no bias charges this size: nothing to compare yet
            t.append(np.nan)
    t = np.array(t)
    ok = ~np.isnan(t)
    if ok.sum() < 3:
        return Finding(False, f"only {int(ok.sum())} of the sizes charge at any bias up to 40: "
                              "the domain is too wide for this claim")
    first = int(np.argmax(ok))
    tt = t[first:]
    if np.isnan(tt).any():
        return Finding(False, "a larger network fails to charge where a smaller one does")
    d1, d2 = np.diff(tt), np.diff(tt, 2)
    if np.any(d1 >= 0):
        return Finding(False, "thresholds: " + " ".join(f"{x:.4f}" for x in tt))
    if np.any(d2 < -1e-9):
        k = int(np.argmax(d2 < -1e-9))
        return Finding(False, f"second difference {d2[k]:.4f} at N = {Ns[first + k]}.."
                              f"{Ns[first + k + 2]}")
    return Finding(True)


def _more_help_weak(p):
    Ns = list(range(2, 31))
    return monotone(along(NEQ, "N", Ns, **_p(p)), Ns, "N")


def _equilibrium_large_N(p):
    return close(W(EQ, N=p["N"], **_p(p)), gibbs_ergotropy(p["mu"], p["T"]), 1e-10)


CLAIMS = [
    Claim("ns-threshold-convex", "book", "n_scaling",
          "the threshold bias falls with N, by less with every step (N = 2..10, J <= 1.5 gamma)",
          Domain({"topology": "star", "J": Range(0.7, 1.5), "gamma": 1.0,
                  "mu": Range(-1.0, 0.9), "T": Range(0.3, 3.0)}), _thresholds_convex,
          samples=8),
    Claim("ns-threshold-convex-strong", "book", "n_scaling",
          "the threshold bias falls with N, by less with every step (N = 2..10, J >= 2.1 gamma)",
          Domain({"topology": "star", "J": Range(2.1, 5.0), "gamma": 1.0,
                  "mu": Range(-1.0, 0.9), "T": Range(0.3, 3.0)}), _thresholds_convex,
          expected=False, samples=6),
    Claim("ns-more-help-weak", "book", "n_scaling",
          "W grows with N up to N = 30 when J <= gamma",
          Domain({"topology": "star", "J": Range(0.05, 1.0), "gamma": 1.0,
                  "mu": Range(-5.0, 10.0), "dmu": Range(0.0, 20.0), "T": Range(0.05, 5.0)}),
          _more_help_weak, samples=8),
    Claim("ns-equilibrium-large-N", "book", "n_scaling",
          "equilibrium star from the empty start: W = max(0, tanh((mu - omega)/2T)) up to N = 1001",
          Domain({"N": Choice((101, 302, 1001)), "topology": "star", "initial": "ground",
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.05, 5.0)}), _equilibrium_large_N, samples=3),
]
