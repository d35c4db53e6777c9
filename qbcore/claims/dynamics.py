"""The dynamics page's statements: charging in time, its speed and power, and its cost.

The thermodynamic claims compare qbcore's currents with nothing but their own
definition where an independent route exists: the sum rule (the Hamiltonian
conserves the excitation number), Spohn's sign, and the identity
``sigma = dmu gamma (p_e - n_B) / T`` (uniform ``T``: the battery's current
``gamma (n_B - p_e)`` balances the ancillas'), with ``p_e`` from the steady
solver.
"""

from __future__ import annotations

import numpy as np

from ..battery import battery_ergotropy, battery_population
from ..dynamics import charging, charging_time, max_power
from ..relaxation import relaxation_rate
from ..reservoirs import fermi
from ..thermodynamics import currents, entropy_production
from .core import Choice, Claim, Domain, Finding, Integers, Range

NEQ, EQ = "nonequilibrium", "equilibrium"
MODEL = ("N", "topology", "J", "gamma", "mu", "dmu", "T", "initial", "gamma_local")
#: Round-off allowed below zero, relative to the entropy production's scale.
SIGN_TOL = 1e-12


def _p(point, *drop):
    return {k: v for k, v in point.items() if k in MODEL and k not in drop}


def _scale(p) -> float:
    """``gamma sum_i |mu_i - omega| / T``: the size of the terms of sigma."""
    return p["gamma"] * (abs(p["mu"] - 1.0) + abs(p["mu"] + p["dmu"] - 1.0)) / p["T"] * p["N"]


def _sigma_nonnegative(p):
    sigma = entropy_production(NEQ, **_p(p))
    return Finding(sigma >= -SIGN_TOL * _scale(p), f"sigma = {sigma:.3e}")


def _currents_sum_to_zero(p):
    total = float(currents(NEQ, **_p(p)).sum())
    return Finding(abs(total) <= 1e-11 * p["gamma"], f"sum of the currents = {total:.2e}")


def _sigma_identity(p):
    sigma = entropy_production(NEQ, **_p(p))
    expected = (p["dmu"] * p["gamma"] * (battery_population(NEQ, **_p(p))
                                         - fermi(1.0, p["mu"], p["T"])) / p["T"])
    return Finding(abs(sigma - expected) <= 1e-11 * max(1.0, _scale(p)),
                   f"sigma = {sigma:.12g}, dmu gamma (p_e - n_B) / T = {expected:.12g}")


def _long_time(p):
    scenario = p["scenario"]
    kw = _p(p)
    if scenario == EQ:
        kw.pop("dmu", None)
    t = 40.0 / relaxation_rate(scenario, **kw)  # e^-40 of the slowest mode is left
    got = float(charging(scenario, t, **kw))
    expected = battery_ergotropy(scenario, **kw)
    return Finding(abs(got - expected) <= 4e-9, f"W(t = {t:.4g}) = {got:.10f}, steady "
                                                f"W = {expected:.10f}")


def _power_grows_with_N(p):
    Ns = list(range(2, 13))
    P = np.array([max_power(NEQ, N=N, **_p(p)).power for N in Ns])
    bad = np.flatnonzero(np.diff(P) <= 0)
    if bad.size == 0:
        return Finding(True)
    k = int(bad[0])
    return Finding(False, f"P(N = {Ns[k]}) = {P[k]:.6f}, P(N = {Ns[k + 1]}) = {P[k + 1]:.6f}")


def _time_falls_with_N(p):
    Ns = list(range(int(p["N_from"]), 13))
    t = np.array([charging_time(NEQ, N=N, **_p(p)) for N in Ns])
    bad = np.flatnonzero(np.diff(t) >= 0)
    if bad.size == 0:
        return Finding(True)
    k = int(bad[0])
    return Finding(False, f"t_90(N = {Ns[k]}) = {t[k]:.6f}, t_90(N = {Ns[k + 1]}) = {t[k + 1]:.6f}")


def _no_overshoot(p):
    """W(t) from |g..g> never above its long-time value (beyond 1e-6)?"""
    scenario = p["scenario"]
    kw = _p(p)
    if scenario == EQ:
        kw.pop("dmu", None)
    t = np.geomspace(0.01, 100.0, 300) / p["gamma"]
    excess = float(charging(scenario, t, **kw).max() - battery_ergotropy(scenario, **kw))
    return Finding(excess <= 1e-6, f"max_t W(t) - long-time W = {excess:.6f}")


def _plateau(p):
    """N = 2: W stays at the collective long-time value until ~1/gamma_local, then tanh."""
    gl = p["gamma_local"]
    kw = _p(p, "gamma_local")
    collective = battery_ergotropy(EQ, **kw)
    final = battery_ergotropy(EQ, gamma_local=gl, **kw)
    rate = relaxation_rate(EQ, gamma_local=gl, **kw)
    t_mid, t_late = 40.0 / p["gamma"], 40.0 / rate
    W_mid, W_late = (float(w) for w in charging(EQ, [t_mid, t_late], gamma_local=gl, **kw))
    ok = abs(W_mid - collective) < 0.01 and abs(W_late - final) < 1e-8
    return Finding(ok, f"W(t = {t_mid:.3g}) = {W_mid:.6f} (collective limit {collective:.6f}), "
                       f"W(t = {t_late:.3g}) = {W_late:.10f} (steady {final:.10f})")


def _detuning_lowers_W(p):
    """A detuned battery charges less: W never grows with |omega_B - omega_A|."""
    deltas = np.array([0.0, 0.25, 0.5, 1.0, 2.0, 4.0]) * p["J"]
    kw = _p(p)
    W = np.array([battery_ergotropy(NEQ, omega0s=[10.0] + [10.0 + d] * (p["N"] - 1), **kw)
                  for d in deltas])
    falls = W[-1] < W[0] if W[0] > 0 else True
    return Finding(bool(np.all(np.diff(W) <= 1e-12)) and falls,
                   "W at delta / J = 0, 0.25, 0.5, 1, 2, 4: " + " ".join(f"{w:.5f}" for w in W))


_NEQ_DOMAIN = {"topology": Choice(("star", "chain")), "J": Range(0.0, 5.0),
               "gamma": Range(0.2, 5.0), "mu": Range(-4.0, 8.0), "dmu": Range(-6.0, 10.0),
               "T": Range(0.1, 5.0)}

CLAIMS = [
    Claim("dyn-entropy-nonnegative", "book", "dynamics",
          "the steady entropy production sum_i (mu_i - omega) I_i / T_i is never negative",
          Domain({"N": Integers(2, 8), **_NEQ_DOMAIN}, "round-off: 1e-12 of its scale"),
          _sigma_nonnegative, samples=16),
    Claim("dyn-entropy-nonnegative-large", "book", "dynamics",
          "the entropy production is never negative in large stars",
          Domain({"N": Choice((31, 100, 301)), "topology": "star", "J": Range(0.0, 5.0),
                  "gamma": Range(0.2, 5.0), "mu": Range(-4.0, 8.0), "dmu": Range(-6.0, 10.0),
                  "T": Range(0.1, 5.0)}, "round-off: 1e-12 of its scale"),
          _sigma_nonnegative, samples=6),
    Claim("dyn-currents-sum", "book", "dynamics",
          "the steady currents sum to zero (to 1e-11 gamma)",
          Domain({"N": Integers(2, 8), **_NEQ_DOMAIN}), _currents_sum_to_zero),
    Claim("dyn-sigma-identity", "book", "dynamics",
          "one temperature: sigma = dmu gamma (p_e - n_B) / T, for any N, J and network",
          Domain({"N": Integers(2, 8), **_NEQ_DOMAIN}), _sigma_identity),
    Claim("dyn-long-time", "book", "dynamics",
          "W(t) reaches the steady (long-time) W: at t = 40 / (slowest rate), within 4e-9",
          Domain({"scenario": Choice((NEQ, EQ)), "N": Integers(2, 5),
                  "topology": Choice(("star", "chain")), "initial": Choice(("ground", "mixed")),
                  "J": Range(0.2, 5.0), "gamma": Range(0.2, 5.0), "mu": Range(-2.0, 6.0),
                  "dmu": Range(-3.0, 6.0), "T": Range(0.2, 5.0)}), _long_time),
    Claim("dyn-power-grows-with-N", "book", "dynamics",
          "the largest mean power max_t E_W(t)/t grows with N (N = 2..12)",
          Domain({"topology": "star", "J": Range(0.5, 2.0), "gamma": 1.0, "mu": Range(1.0, 3.0),
                  "dmu": Range(0.5, 4.0), "T": Range(0.5, 2.0)}), _power_grows_with_N,
          samples=6),
    Claim("dyn-time-falls-with-N", "book", "dynamics",
          "the charging time t_90 falls with N from N = 2 on (N = 2..12)",
          Domain({"N_from": 2.0, "topology": "star", "J": Range(0.5, 2.0), "gamma": 1.0,
                  "mu": Range(1.0, 3.0), "dmu": Range(0.5, 4.0), "T": Range(0.5, 2.0)}),
          _time_falls_with_N, expected=False, samples=8),
    Claim("dyn-time-falls-with-N-from-3", "book", "dynamics",
          "the charging time t_90 falls with N from N = 3 on (N = 3..12)",
          Domain({"N_from": 3.0, "topology": "star", "J": Range(0.5, 2.0), "gamma": 1.0,
                  "mu": Range(1.0, 3.0), "dmu": Range(0.5, 4.0), "T": Range(0.5, 2.0)}),
          _time_falls_with_N, samples=8),
    Claim("dyn-no-overshoot", "book", "dynamics",
          "charged from |g..g>, the battery never holds more W than in the long run",
          Domain({"scenario": Choice((NEQ, EQ)), "N": Integers(2, 9), "topology": "star",
                  "initial": "ground", "J": Range(0.5, 3.0), "gamma": Range(0.5, 2.0),
                  "mu": Range(1.5, 4.0), "dmu": Range(0.0, 4.0), "T": Range(0.5, 2.0)}),
          _no_overshoot, expected=False),
    Claim("dyn-metastable-plateau", "book", "dynamics",
          "N = 2: W holds the collective long-time value long after 1/gamma and reaches "
          "tanh((mu - omega)/2T) only after ~1/gamma_local",
          Domain({"N": 2, "topology": "star", "initial": Choice(("ground", "mixed")),
                  "J": Range(0.5, 3.0), "gamma": Range(0.5, 2.0),
                  "gamma_local": Range(1e-5, 1e-3, log=True), "mu": Range(1.5, 4.0),
                  "T": Range(0.5, 2.0)}), _plateau, samples=8),
    Claim("dyn-detuning-lowers-W", "book", "dynamics",
          "a battery detuned from its ancillas by |delta| <= 4 J holds no more W the larger "
          "|delta| (less, where it holds any at resonance)",
          Domain({"N": Choice((2, 3, 5, 31)), "topology": "star", "J": Range(0.3, 3.0),
                  "gamma": Range(0.5, 2.0), "mu": Range(0.0, 2.0), "dmu": Range(1.0, 6.0),
                  "T": Range(0.3, 2.0)}), _detuning_lowers_W, samples=8),
]
