"""qbcore: steady-state charging of a quantum battery by dissipative ancillas.

The executable reference for Kamin, Salimi and Arjmandi, "Steady-state charging
of quantum batteries via dissipative ancillas".  Public API::

    fermi(omega, mu, T)
    ergotropy(rho, H)
    steady_state(scenario, **params)
    kernel_dimension(scenario, **params)
    battery_ergotropy(scenario, **params)
    battery_result(scenario, **params)     # W with the method used and the kernel
    sweep(scenario, name, values, **params), sweep2d(...)   # executor=: any Executor
    SweepError                             # some points failed; the rest is in .values
    bias_threshold(level=0.0, **params)    # the dmu from which W > level
    relaxation_rate(scenario, **params)    # the slowest nonzero decay rate of L
    compare_master_equations(J_values, ...)  # W: local, global (Davies), Bloch-Redfield
    charging(scenario, times, **params)    # W(t) from `initial`; charging_result: p_e, energy...
    charging_time(scenario, level=0.9, ...), max_power(scenario, of="ergotropy", ...)
    extraction_cycle(scenario, period, ...)  # charge, extract, recharge: the limit cycle's power
    currents(scenario, **params)           # steady particle current from each reservoir
    entropy_production(scenario, **params) # sum_i (mu_i - omega) I_i / T_i >= 0

The physics lives in the top-level modules and :mod:`qbcore.solvers`;
figures and live explorers in :mod:`qbcore.viz`; the static site's explorers
in :mod:`qbcore.web` (an optional extra).  ``import qbcore`` loads neither.
"""

from importlib.metadata import PackageNotFoundError, version

from .battery import (BatteryResult, battery_ergotropy, battery_population, battery_result,
                      battery_state, bias_threshold, star_chain_crossing)
from .cycles import CycleResult, extraction_cycle
from .dynamics import (ChargingResult, MaxPower, charging, charging_result, charging_time,
                       max_power)
from .ergotropy import ergotropy, passive_state
from .liouvillian import collapse_operators, liouvillian
from .master_equations import compare_master_equations
from .network import edges, ground_state, hamiltonian
from .parameters import Parameters, make_parameters
from .relaxation import relaxation_rate
from .reservoirs import fermi
from .solvers import NonPositiveStateWarning, UnphysicalStateError
from .steady import kernel_dimension, steady_state, unreduced_state
from .sweeps import SweepError, sweep, sweep2d
from .thermodynamics import currents, entropy_production
from .versions import versions, versions_markdown

try:
    __version__ = version("qbcore")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "BatteryResult", "ChargingResult", "CycleResult", "MaxPower", "NonPositiveStateWarning",
    "Parameters", "SweepError", "UnphysicalStateError", "battery_ergotropy",
    "battery_population", "battery_result", "battery_state", "bias_threshold", "charging",
    "charging_result", "charging_time", "collapse_operators", "compare_master_equations",
    "currents", "edges", "entropy_production", "ergotropy", "extraction_cycle", "fermi",
    "ground_state", "hamiltonian", "kernel_dimension", "liouvillian", "make_parameters",
    "max_power", "passive_state", "relaxation_rate", "star_chain_crossing", "steady_state",
    "sweep", "sweep2d", "unreduced_state", "versions", "versions_markdown",
]
