"""qbcore: steady-state charging of a quantum battery by dissipative ancillas.

The executable reference for Kamin, Salimi and Arjmandi, "Steady-state charging
of quantum batteries via dissipative ancillas".  Public API::

    fermi(omega, mu, T)
    ergotropy(rho, H)
    steady_state(scenario, **params)
    kernel_dimension(scenario, **params)
    battery_ergotropy(scenario, **params)
    battery_result(scenario, **params)     # W with the method used and the kernel
"""

from .about import versions, versions_markdown
from .battery import (BatteryResult, battery_ergotropy, battery_population, battery_result,
                      battery_state, sweep, sweep2d)
from .ergotropy import ergotropy, passive_state
from .liouvillian import collapse_operators, liouvillian
from .network import edges, ground_state, hamiltonian
from .parameters import Parameters, make_parameters
from .reservoirs import fermi
from .steady import UnphysicalStateError, kernel_dimension, steady_state

__version__ = "0.1.0"

__all__ = [
    "BatteryResult", "Parameters", "UnphysicalStateError", "battery_ergotropy",
    "battery_population", "battery_result",
    "battery_state", "collapse_operators", "edges", "ergotropy", "fermi", "ground_state",
    "hamiltonian", "kernel_dimension", "liouvillian", "make_parameters", "passive_state",
    "steady_state", "sweep", "sweep2d", "versions", "versions_markdown",
]
