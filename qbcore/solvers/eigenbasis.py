r"""The global and Bloch-Redfield master equations: the ``q = 0`` sector in the eigenbasis of ``H``.

With ``master_equation="global"`` (:mod:`qbcore.global_me`) or ``"redfield"``
(:mod:`qbcore.redfield`) the generator is built in the eigenbasis of ``H``,
where the steady state is block diagonal in the excitation number
(``binomial(2N, N)`` unknowns, 924 at ``N = 6``).  One dense solve with the
trace in place of the equation of ``|g..g><g..g|``; the result is turned to
the computational basis and stored as the ``q = 0`` sector vector of
:mod:`qbcore.liouvillian`, so that it is checked and read out like every
other solution (reported as method ``"blocks"``).

The Davies generator is of Lindblad form: its state is checked to be
positive.  The Redfield generator is not: a negative eigenvalue (below
``-1e-10``) gives a :class:`~qbcore.solvers.solution.NonPositiveStateWarning`
and is reported by :func:`qbcore.battery_result`, not raised.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..eigenbasis import Generator, block_offsets
from ..global_me import davies_generator
from ..liouvillian import sector
from ..parameters import Parameters
from ..redfield import redfield_generator
from .solution import POSITIVITY_TOL, NonPositiveStateWarning, Solution, sector_vector


def generator(params: Parameters, full: bool = False) -> Generator:
    """The ``q = 0`` (or, with ``full``, the whole) generator of ``params.master_equation``."""
    if params.master_equation == "global":
        return davies_generator(params, full=full)
    if params.master_equation == "redfield":
        return redfield_generator(params, full=full)
    raise ValueError(f"master_equation must be 'global' or 'redfield' here, "
                     f"got {params.master_equation!r}")


def steady_vector(gen: Generator) -> np.ndarray:
    """``L x = 0`` with ``tr rho = 1`` in place of equation 0 (``|g..g><g..g|``)."""
    A = gen.matrix.copy()
    A[0] = gen.trace_row()
    b = np.zeros(A.shape[0], dtype=complex)
    b[0] = 1.0
    try:
        x = np.linalg.solve(A, b)
    except np.linalg.LinAlgError as exc:
        raise RuntimeError("the steady state is not unique (the generator's kernel is "
                           "degenerate here)") from exc
    residual = np.abs(gen.matrix @ x).max()
    if not residual <= 1e-9 * max(1.0, np.abs(gen.matrix).max()):
        raise RuntimeError(f"the steady-state solve left a residual of {residual:.2e}")
    return x


def solve(params: Parameters) -> Solution:
    """The steady state of the global or Redfield equation, as a ``q = 0`` sector vector."""
    gen = generator(params)
    x = steady_vector(gen)
    spec = gen.spectrum
    off = block_offsets(gen.blocks)
    lowest = np.inf
    rho = np.zeros((spec.dim, spec.dim), dtype=complex)
    for k, (r, _) in enumerate(gen.blocks):
        d = r.stop - r.start
        X = x[off[k]:off[k + 1]].reshape(d, d)
        lowest = min(lowest, float(np.linalg.eigvalsh(0.5 * (X + X.conj().T))[0]))
        V = spec.vectors[:, r]
        rho += V @ X @ V.T
    lindblad = params.master_equation != "redfield"
    if not lindblad and lowest < -POSITIVITY_TOL:
        warnings.warn(f"the Bloch-Redfield steady state has a negative eigenvalue "
                      f"{lowest:.3g} (Born-Markov fails here: gamma is not small against T "
                      f"or the Bohr frequencies' spread); W is still reported",
                      NonPositiveStateWarning, stacklevel=4)
    sec = sector(params.N, params.topology, params.scenario, 0)
    return Solution(params, "blocks", sectors={0: sector_vector(sec, rho)}, unknowns=len(x),
                    lindblad=lindblad)
