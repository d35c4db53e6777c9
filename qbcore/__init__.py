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

The physics lives in the top-level modules and :mod:`qbcore.solvers`;
figures and live explorers in :mod:`qbcore.viz`; the static site's explorers
in :mod:`qbcore.web` (an optional extra).  ``import qbcore`` loads neither.
"""

from importlib.metadata import PackageNotFoundError, version

from .battery import (BatteryResult, battery_ergotropy, battery_population, battery_result,
                      battery_state, bias_threshold)
from .ergotropy import ergotropy, passive_state
from .liouvillian import collapse_operators, liouvillian
from .network import edges, ground_state, hamiltonian
from .parameters import Parameters, make_parameters
from .reservoirs import fermi
from .solvers import UnphysicalStateError
from .steady import kernel_dimension, steady_state
from .sweeps import SweepError, sweep, sweep2d
from .versions import versions, versions_markdown

try:
    __version__ = version("qbcore")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "BatteryResult", "Parameters", "SweepError", "UnphysicalStateError", "battery_ergotropy",
    "battery_population", "battery_result",
    "battery_state", "bias_threshold", "collapse_operators", "edges", "ergotropy", "fermi", "ground_state",
    "hamiltonian", "kernel_dimension", "liouvillian", "make_parameters", "passive_state",
    "steady_state", "sweep", "sweep2d", "versions", "versions_markdown",
]
