"""The paper's claims (Secs. III-IV), judged in the range of its figures, and outside it.

The paper prints no ranges; its figures use ``omega0 = 10``, ``omega = gamma = J = 1``,
``N = 3`` (star, empty start) and the parameters of each figure's caption.  Each claim
below is asserted there (``page`` names where the book discusses it); the ``*-outside``
variants sample the model beyond the paper's range and are reported separately.
"""

from __future__ import annotations

import numpy as np

from ..closed_forms import gibbs_ergotropy
from ..steady import steady_state
from .checks import W, along, close, monotone
from .core import Choice, Claim, Domain, Finding, Integers, Range

EQ, NEQ = "equilibrium", "nonequilibrium"
MODEL = ("N", "topology", "initial", "J", "gamma", "mu", "dmu", "T", "omega", "gamma_local")


def _params(point: dict, *drop: str) -> dict:
    return {k: v for k, v in point.items() if k in MODEL and k not in drop}


# ------------------------------------------------------------ equilibrium ---

def _zero_below(p):
    w = W(EQ, **_params(p))
    return Finding(w < 1e-12, f"W = {w:.4g}")


def _grows_with_mu(p):
    grid = np.linspace(-2.0, 8.0, 26)
    return monotone(along(EQ, "mu", grid, **_params(p, "mu")), grid, "mu")


def _falls_with_T(p):
    grid = np.linspace(0.05, 5.0, 23)
    return monotone(along(EQ, "T", grid, **_params(p, "T")), grid, "T", increasing=False)


def _full_at_zero_T(p):
    p0 = _params(p, "T")
    w0 = W(EQ, T=0.0, **p0)
    cold = W(EQ, T=(p["mu"] - 1.0) / 10.0, **p0)   # tanh(5) = 0.99991
    if abs(w0 - 1.0) > 1e-12:
        return Finding(False, f"W(T = 0) = {w0:.4f}")
    return Finding(cold > 0.999, f"W(T = (mu - omega)/10) = {cold:.5f}")


def _independent_of_J_and_N(p):
    return close(W(EQ, **_params(p)), gibbs_ergotropy(p["mu"], p["T"]), 1e-10)


# -------------------------------------------------------- non-equilibrium ---

def _grows_with_dmu_and_saturates(p):
    grid = np.linspace(0.0, 20.0, 41)
    w = along(NEQ, "dmu", grid, **_params(p, "dmu"))
    at_rest = gibbs_ergotropy(p["mu"], p["T"])
    if abs(w[0] - at_rest) > 1e-12:
        return Finding(False, f"W(dmu = 0) = {w[0]:.6f}, equilibrium {at_rest:.6f}")
    f = monotone(w, grid, "dmu")
    if not f.holds:
        return f
    far = W(NEQ, dmu=1e3, **_params(p, "dmu"))
    return Finding(abs(w[-1] - far) < 1e-6, f"W(dmu = 20) = {w[-1]:.6f}, W(dmu = 1000) = {far:.6f}")


def _grows_with_dmu(p):
    grid = np.linspace(-20.0, 20.0, 41)
    return monotone(along(NEQ, "dmu", grid, **_params(p, "dmu")), grid, "dmu")


def _saturated_by_20(p):
    near, far = W(NEQ, dmu=20.0, **_params(p, "dmu")), W(NEQ, dmu=1e3, **_params(p, "dmu"))
    return Finding(abs(near - far) < 1e-3, f"W(dmu = 20) = {near:.4f}, W(dmu = 1000) = {far:.4f}")


def _near_one(p):
    w = W(NEQ, **_params(p))
    return Finding(w >= 0.99, f"W = {w:.4f}")


def _grows_with_J(p):
    grid = np.linspace(0.0, 5.0, 26)
    return monotone(along(NEQ, "J", grid, **_params(p, "J")), grid, "J")


def _weak_J_suppresses(p):
    weak, ref = W(NEQ, J=0.1, **_params(p, "J")), W(NEQ, J=1.0, **_params(p, "J"))
    return Finding(weak < 0.1 * ref, f"W(J = 0.1) = {weak:.4f}, W(J = 1) = {ref:.4f}")


def _J_saturates(p):
    one, five = W(NEQ, J=1.0, **_params(p, "J")), W(NEQ, J=5.0, **_params(p, "J"))
    return Finding(five - one <= 0.15 * five, f"W(J = 1) = {one:.4f}, W(J = 5) = {five:.4f}")


def _falls_with_T_neq(p):
    grid = np.linspace(0.05, 10.0, 41)
    return monotone(along(NEQ, "T", grid, **_params(p, "T")), grid, "T", increasing=False)


def _empty_when_hot(p):
    T = p["T_over_dmu"] * p["dmu"]
    w = W(NEQ, T=T, **_params(p, "T"))
    return Finding(w < 0.1, f"W(T = {T:.3g}) = {w:.4f}")


def _more_ancillas_help(p):
    Ns = list(range(2, p["N_max"] + 1))
    w = along(NEQ, "N", Ns, **_params(p, "N"))
    return monotone(w, Ns, "N")


def _thresholds_fall(p):
    from ..battery import bias_threshold

    def threshold(n):
        try:
            return bias_threshold(N=n, **_params(p, "N", "dmu"))
        except ValueError:  # no bias up to 40 charges this network: an infinite threshold
            return np.inf

    Ns = list(range(2, 9))
    t = [threshold(n) for n in Ns]
    bad = [k for k in range(len(t) - 1) if t[k + 1] >= t[k] and np.isfinite(t[k + 1])]
    if bad:
        k = bad[0]
        return Finding(False, f"threshold N = {Ns[k]}: {t[k]:.4f}, N = {Ns[k + 1]}: {t[k + 1]:.4f}")
    return Finding(True)


def _sensitivity_fades(p):
    small = along(NEQ, "N", list(range(2, 22)), **_params(p, "N"))
    largest = np.abs(np.diff(small)).max()
    late = abs(W(NEQ, N=101, **_params(p, "N")) - W(NEQ, N=100, **_params(p, "N")))
    return Finding(late < 0.01 * largest,
                   f"|W(101) - W(100)| = {late:.2e}, largest step for N <= 21: {largest:.2e}")


def _forgets_the_start(p):
    kw = _params(p, "initial")
    a = steady_state(p["scenario"], initial="ground", **kw).full()
    b = steady_state(p["scenario"], initial="mixed", **kw).full()
    gap = float(np.abs(a - b).max())
    return Finding(gap < 1e-10, f"max |rho(ground) - rho(mixed)| = {gap:.3g}")


# ----------------------------------------------------------------- claims ---

FIG = dict(N=3, topology="star", initial="ground", J=1.0, gamma=1.0)
FIG_NEQ = dict(N=3, topology="star", J=1.0, gamma=1.0)  # no initial state: it cannot matter
FIG_NEQ_NO_J = dict(N=3, topology="star", gamma=1.0)
WIDE_EQ = dict(N=Integers(2, 5), topology=Choice(("star", "chain")),
               initial=Choice(("ground", "mixed")), J=Range(0.1, 5.0), gamma=Range(0.2, 5.0))
WIDE_NEQ = dict(N=Integers(2, 6), topology=Choice(("star", "chain")), J=Range(0.0, 5.0),
                gamma=Range(0.1, 5.0))

CLAIMS = [
    Claim("paper-eq-zero", "paper", "equilibrium", "W = 0 for mu <= omega",
          Domain({**FIG, "mu": Range(-2.0, 1.0), "T": Range(0.05, 5.0)}), _zero_below),
    Claim("paper-eq-zero-outside", "paper-outside", "equilibrium", "W = 0 for mu <= omega",
          Domain({**WIDE_EQ, "mu": Range(-4.0, 1.0), "T": Range(0.1, 5.0)}), _zero_below),
    Claim("paper-eq-grows-mu", "paper", "equilibrium", "W grows monotonically with mu",
          Domain({**FIG, "T": Range(0.05, 5.0)}, "mu from -2 to 8"), _grows_with_mu, samples=8),
    Claim("paper-eq-grows-mu-outside", "paper-outside", "equilibrium",
          "W grows monotonically with mu", Domain({**WIDE_EQ, "T": Range(0.2, 5.0)},
                                                  "mu from -2 to 8"), _grows_with_mu, samples=8),
    Claim("paper-eq-falls-T", "paper", "equilibrium", "W falls with T (mu > omega)",
          Domain({**FIG, "mu": Range(1.0, 8.0)}, "T from 0.05 to 5"), _falls_with_T, samples=8),
    Claim("paper-eq-falls-T-outside", "paper-outside", "equilibrium",
          "W falls with T (mu > omega)", Domain({**WIDE_EQ, "mu": Range(1.0, 8.0)},
                                                "T from 0.05 to 5"), _falls_with_T, samples=8),
    Claim("paper-eq-full-cold", "paper", "equilibrium",
          "W -> 1 as T -> 0 when mu > omega", Domain({**FIG, "mu": Range(1.01, 8.0)}),
          _full_at_zero_T),
    Claim("paper-eq-full-cold-outside", "paper-outside", "equilibrium",
          "W -> 1 as T -> 0 when mu > omega", Domain({**WIDE_EQ, "mu": Range(1.01, 8.0)}),
          _full_at_zero_T, expected=False),
    Claim("paper-eq-no-J-N", "paper", "equilibrium",
          "W does not depend on J or N (star, empty start, N >= 3)",
          Domain({"N": Integers(3, 40), "topology": "star", "initial": "ground",
                  "J": Range(0.05, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 8.0),
                  "T": Range(0.05, 5.0)}), _independent_of_J_and_N),
    Claim("paper-neq-grows-dmu", "paper", "nonequilibrium",
          "for mu >= omega, W grows with dmu from its equilibrium value and saturates",
          Domain({**FIG_NEQ, "T": 1.0, "mu": Range(1.0, 8.0)}, "dmu from 0 to 20"),
          _grows_with_dmu_and_saturates, samples=8),
    Claim("paper-neq-grows-dmu-outside", "paper-outside", "nonequilibrium",
          "W grows monotonically with dmu",
          Domain({**WIDE_NEQ, "T": Range(0.05, 5.0), "mu": Range(-5.0, 10.0)},
                 "dmu from -20 to 20"), _grows_with_dmu, samples=8),
    Claim("paper-neq-saturates-outside", "paper-outside", "nonequilibrium",
          "W has saturated by dmu = 20 (within 1e-3)",
          Domain({**WIDE_NEQ, "T": Range(0.05, 5.0), "mu": Range(-5.0, 10.0)}),
          _saturated_by_20, expected=False),
    Claim("paper-neq-mu8", "paper", "nonequilibrium",
          "mu = 8 gives W near 1 (>= 0.99) whatever dmu",
          Domain({**FIG_NEQ, "T": 1.0, "mu": 8.0, "dmu": Range(0.0, 20.0)}), _near_one),
    Claim("paper-neq-mu8-outside", "paper-outside", "nonequilibrium",
          "mu = 8 gives W near 1 (>= 0.99) whatever dmu",
          Domain({**WIDE_NEQ, "mu": 8.0, "T": Range(0.05, 5.0), "dmu": Range(-20.0, 20.0)}),
          _near_one, expected=False),
    Claim("paper-neq-grows-J", "paper", "nonequilibrium", "W grows with J",
          Domain({**FIG_NEQ_NO_J, "mu": Range(-2.0, 8.0), "dmu": Range(0.0, 20.0),
                  "T": Range(0.05, 5.0)},
                 "J from 0 to 5"), _grows_with_J, samples=8),
    Claim("paper-neq-grows-J-outside", "paper-outside", "nonequilibrium", "W grows with J",
          Domain({**WIDE_NEQ, "gamma": 1.0, "mu": Range(1.0, 10.0), "dmu": Range(-10.0, -0.5),
                  "T": Range(0.05, 5.0)}, "J from 0 to 5; a negative bias"),
          _grows_with_J, expected=False, samples=8),
    Claim("paper-neq-weak-J", "paper", "nonequilibrium",
          "weak hopping suppresses W strongly (W(J = 0.1) < W(J = 1) / 10)",
          Domain({**FIG_NEQ_NO_J, "mu": 1.0, "dmu": Range(0.1, 20.0), "T": Range(0.05, 5.0)}),
          _weak_J_suppresses),
    Claim("paper-neq-J-alike", "paper", "nonequilibrium",
          "beyond J ~ omega the curves look alike (W(5) - W(1) <= 15 % of W(5))",
          Domain({**FIG_NEQ_NO_J, "mu": 1.0, "dmu": Range(0.1, 20.0), "T": Range(0.05, 5.0)}),
          _J_saturates),
    Claim("paper-neq-falls-T", "paper", "nonequilibrium", "W falls with T",
          Domain({**FIG_NEQ, "mu": 1.0, "dmu": Range(0.0, 20.0)}, "T from 0.05 to 10"),
          _falls_with_T_neq, samples=8),
    Claim("paper-neq-falls-T-outside", "paper-outside", "nonequilibrium", "W falls with T",
          Domain({**WIDE_NEQ, "mu": Range(-2.0, 0.9), "dmu": Range(5.0, 20.0)},
                 "T from 0.05 to 10; mu < omega"), _falls_with_T_neq, expected=False, samples=8),
    Claim("paper-neq-hot-empty", "paper", "nonequilibrium",
          "the battery is nearly empty (W < 0.1) at high T (T >= 5 dmu)",
          Domain({**FIG_NEQ, "mu": 1.0, "dmu": Range(0.1, 20.0), "T_over_dmu": Range(5.0, 50.0)}),
          _empty_when_hot),
    Claim("paper-N-more-help", "paper", "n_scaling", "more ancillas help (W grows with N)",
          Domain({"topology": "star", "mu": 0.0, "T": 1.0, "J": 1.0, "gamma": 1.0,
                  "dmu": Range(0.0, 20.0), "N_max": Choice((6, 12))}), _more_ancillas_help,
          samples=8),
    Claim("paper-N-more-help-outside", "paper-outside", "n_scaling",
          "more ancillas help (W grows with N)",
          Domain({"topology": "star", "mu": Range(-2.0, 2.0), "T": Range(0.5, 2.0),
                  "J": Range(2.5, 5.0), "gamma": 1.0, "dmu": Range(10.0, 20.0),
                  "N_max": 12}, "strong hopping"), _more_ancillas_help,
          expected=False, samples=6),
    Claim("paper-N-threshold", "paper", "n_scaling",
          "small N needs a stronger bias (the threshold bias falls with N)",
          Domain({"topology": "star", "mu": Range(-2.0, 0.9), "T": Range(0.5, 2.0),
                  "J": Range(0.5, 2.0), "gamma": 1.0}, "N from 2 to 8"), _thresholds_fall,
          samples=6),
    Claim("paper-N-fades", "paper", "n_scaling",
          "the sensitivity to N fades at large N (|W(101) - W(100)| < 1 % of the largest step)",
          Domain({"topology": "star", "mu": 0.0, "T": 1.0, "J": 1.0, "gamma": 1.0,
                  "dmu": Range(2.0, 20.0)}), _sensitivity_fades, samples=6),
    Claim("paper-forgets-start", "paper", "nonequilibrium",
          "the steady state does not depend on the initial state (one reservoir per qubit)",
          Domain({"scenario": NEQ, "N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.0, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-4.0, 8.0),
                  "dmu": Range(-10.0, 10.0), "T": Range(0.05, 5.0)}), _forgets_the_start),
    Claim("paper-forgets-start-local-coupling", "paper", "equilibrium",
          "the steady state does not depend on the initial state (collective reservoir plus any "
          "coupling of each qubit of its own)",
          Domain({"scenario": EQ, "N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.2, 5.0), "gamma": Range(0.2, 5.0),
                  "gamma_local": Range(1e-3, 1.0, log=True), "mu": Range(-4.0, 8.0),
                  "T": Range(0.2, 5.0)}), _forgets_the_start),
    Claim("paper-forgets-start-collective", "paper", "equilibrium",
          "the steady state does not depend on the initial state (collective reservoir)",
          Domain({"scenario": EQ, "N": Integers(2, 5), "topology": Choice(("star", "chain")),
                  "J": Range(0.2, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-4.0, 8.0),
                  "T": Range(0.2, 5.0)}), _forgets_the_start, expected=False),
]
