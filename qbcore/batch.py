r"""Many parameter points at once: the battery's steady state, group by group.

A sweep hands over validated parameter sets (:class:`~qbcore.parameters.Parameters`).
Points that share the solver, the scenario, ``N`` and the topology share the
structure of their linear problem and differ only in its coefficients, so they
are solved together:

* **Stacked dense solves.**  Method "dicke" for the non-equilibrium star up to
  :data:`~qbcore.linalg.DENSE_MAX` unknowns (``N <= 23``), and method "blocks"
  for the non-equilibrium ``q = 0`` sector in its real form
  (:mod:`qbcore.solvers.gauge`) up to :data:`REAL_DENSE_MAX` unknowns
  (``N <= 6``): the matrices of all points are assembled as one array
  (coefficients times cached component matrices, element by element) and
  solved by one call of :func:`numpy.linalg.solve`, which runs LAPACK's
  ``gesv`` on each; the checks of every state (trace, Hermiticity,
  positivity) are vectorised.  A batch of one runs the same code, so a sweep
  and single calls at its points give the same numbers, bit for bit, up to
  :data:`~qbcore.linalg.REUSE_DENSE_MIN` unknowns.  From that size on (the
  chain of six qubits, 494 real unknowns; the star from ``N = 20``) the
  matrices are still assembled as one array, but a sweep solves them in
  order through one :class:`~qbcore.linalg.DenseSweepSolver`, which tries the
  last LU as a GMRES preconditioner at the next point (1 to 12 steps against
  some forty for a fresh LU) and keeps a result only if it passes the
  residual check of a fresh solve; the points then agree with single calls
  to about ``1e-13`` in :math:`\mathcal{W}`.
* **Factorisation reuse, sparse.**  Method "dicke" above the dense size (``N``
  up to 1001): the points are solved in the order given by one
  :class:`~qbcore.solvers.dicke.LocalSolver`, which tries the last
  factorisation as a GMRES preconditioner at the next point and keeps a result
  only if it passes the residual check of a fresh solve.  The first point is
  solved exactly as a single call; later ones agree with single calls to that
  check (about ``1e-13`` in :math:`\mathcal{W}`).
* **One by one**, as a single call: everything else.  The collective scenario
  (``ker L`` is degenerate and the long-time state depends on the start: one
  spectral projection per point, which does not stack), method "blocks" above
  ``N = 6`` (GMRES with a block Sylvester preconditioner), the forced method
  "symmetric", and any parameter set with a setting these paths do not model
  (a field of :class:`~qbcore.parameters.Parameters` away from its default
  that they do not know).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import qutip

from . import dicke
from .ergotropy import ergotropy
from .linalg import DENSE_MAX, REUSE_DENSE_MIN, DenseSweepSolver
from .liouvillian import rate_table, sector
from .network import excited
from .parameters import NONEQUILIBRIUM, Parameters
from .solvers import Solution, choose_method, solve
from .solvers import gauge
from .solvers.dicke import LocalSolver
from .solvers.gauge import real_sector
from .solvers.solution import (HERMITICITY_TOL, POSITIVITY_TOL, TRACE_TOL, BatteryMoments,
                               UnphysicalStateError, battery_matrix, check_moments,
                               diagonal_blocks, full_matrix, lowest_eigenvalue)

log = logging.getLogger("qbcore")

#: What a failing point may raise (anything else is a bug and propagates).
FAILURES = (RuntimeError, ArithmeticError, np.linalg.LinAlgError)

#: Method "blocks" (local dissipation) up to this many real unknowns: stacked
#: dense solves (``N <= 6``: 494; :mod:`qbcore.solvers.gauge`).
REAL_DENSE_MAX = 500

#: Stacked dense matrices are built in pieces of at most this many bytes.
STACK_BYTES = 64 * 2**20

_SIGMA_Z = np.diag([1.0, -1.0])


@dataclass
class BatteryStates:
    """The battery's steady state at every point of a batch, or why it failed.

    Attributes
    ----------
    p_e : numpy.ndarray
        Excited-state population of the battery (NaN where the point failed).
    method : list of str
        The solver of every point.
    unknowns, kernel : numpy.ndarray
        Size of the linear problem, and dimension of ``ker L`` within it.
    gap : numpy.ndarray
        Slowest decay rate over the fastest (collective scenario; 1 otherwise).
    lowest : numpy.ndarray
        Lowest eigenvalue of the normalised state (see
        :attr:`qbcore.BatteryResult.lowest_eigenvalue`; NaN where the point failed).
    errors : dict of int to Exception
        The points that failed and what they raised.
    coherent : dict of int to numpy.ndarray
        The battery's 2x2 state where it may hold coherences (a collective
        start with coherences between excitation numbers); elsewhere it is
        ``diag(p_e, 1 - p_e)``.
    """

    p_e: np.ndarray
    method: list
    unknowns: np.ndarray
    kernel: np.ndarray
    gap: np.ndarray
    lowest: np.ndarray
    errors: dict = field(default_factory=dict)
    coherent: dict = field(default_factory=dict)

    def rho_B(self, i: int) -> np.ndarray:
        """The battery's 2x2 state at point ``i`` (basis ``|e>, |g>``)."""
        if i in self.coherent:
            return self.coherent[i]
        return np.diag([self.p_e[i], 1.0 - self.p_e[i]]).astype(complex)

    def W(self) -> np.ndarray:
        r"""Normalised ergotropy :math:`\mathcal{W}` at every point (NaN where it failed)."""
        w = inversion(self.p_e)
        for i, rho in self.coherent.items():
            w[i] = normalised_ergotropy(rho)
        return w


def inversion(p_e: np.ndarray) -> np.ndarray:
    r""":math:`\mathcal{W}` of diagonal battery states: ``max(0, p_e - p_g)``, ``p_g = 1 - p_e``.

    A diagonal qubit state's ergotropy for ``sigma_z`` is twice its population
    inversion, or zero (Eq. (3)); this is :func:`normalised_ergotropy` of
    ``diag(p_e, 1 - p_e)`` to the last bit, without the eigenvalue problems.
    """
    p_e = np.asarray(p_e, dtype=float)
    return np.minimum(1.0, np.maximum(0.0, p_e - (1.0 - p_e)))


def normalised_ergotropy(rho_B: np.ndarray) -> float:
    r""":math:`\mathcal{E}(\rho_B, \sigma_z) / 2` of any 2x2 battery state (at most 1)."""
    return min(1.0, ergotropy(rho_B, _SIGMA_Z) / 2.0)


def battery_states(points: Sequence[Parameters], *, reuse: bool = True,
                   progress: Callable[[int], object] | None = None) -> BatteryStates:
    """The battery's steady state at every point, groups of alike points solved together.

    Parameters
    ----------
    points : sequence of Parameters
        Validated parameter sets, any mixture of scenarios, sizes and methods.
    reuse : bool
        Let large problems (sparse Dicke ones; dense ones from
        :data:`~qbcore.linalg.REUSE_DENSE_MIN` unknowns) reuse the
        factorisation of the point before.
    progress : callable, optional
        Called with the number of points finished since the last call.

    Returns
    -------
    BatteryStates
        A point where the solver fails (or cannot certify a physical state)
        is recorded in ``errors``; the others are kept.

    Raises
    ------
    ValueError
        A method that does not apply to a point (before any numerics).
    """
    K = len(points)
    out = BatteryStates(p_e=np.full(K, np.nan), method=[None] * K,
                        unknowns=np.zeros(K, dtype=np.int64), kernel=np.ones(K, dtype=np.int64),
                        gap=np.ones(K), lowest=np.full(K, np.nan))
    groups: dict = {}
    for i, p in enumerate(points):
        method = choose_method(p)
        out.method[i] = method
        groups.setdefault(_group(p, method), []).append(i)
    for key, members in groups.items():
        kind = key[0] if key is not None else "pointwise"
        if key is not None:  # (the general path logs every point)
            p = points[members[0]]
            log.info("qbcore: %s scenario, N = %d, method %r (%s, %d point(s))", p.scenario, p.N,
                     out.method[members[0]], kind, len(members))
        _SOLVERS[kind](out, [points[i] for i in members], np.array(members), reuse, progress)
    return out


def group_key(p: Parameters) -> tuple | None:
    """Which points can be solved together (``None``: one by one)."""
    return _group(p, choose_method(p))


#: The fields of :class:`Parameters` the stacked and reusing paths model; any
#: other field must hold its default for a point to take them.
MODELLED = frozenset({"scenario", "N", "omega0", "omega", "gamma", "J", "topology", "mus", "Ts",
                      "initial", "method"})


@lru_cache(maxsize=1)
def _other_defaults() -> tuple:
    return tuple((f.name, f.default) for f in dataclasses.fields(Parameters)
                 if f.name not in MODELLED)


def _at_default(value, default) -> bool:
    if value is default:
        return True
    try:
        return bool(value == default)
    except (ValueError, TypeError):  # an array, say: not the default
        return False


def _group(p: Parameters, method: str):
    """Which points are solved together (``None``: one by one)."""
    if p.scenario != NONEQUILIBRIUM:
        return None
    if not all(_at_default(getattr(p, name), default) for name, default in _other_defaults()):
        return None
    if method == "dicke":
        dense = dicke_unknowns(p.N - 1) <= DENSE_MAX
        return ("dicke-dense" if dense else "dicke-sparse", p.N)
    if method == "blocks" and gauge.real_unknowns(p.N) <= REAL_DENSE_MAX:
        return ("blocks-dense", p.N, p.topology)
    return None


@lru_cache(maxsize=None)
def dicke_unknowns(M: int) -> int:
    """Unknowns of the non-equilibrium Dicke problem with ``M`` ancillas (see :func:`dicke.dicke_index`)."""
    js = dicke.j_values(M)
    return int(np.sum(3 * (2 * js + 1) - 1))


def _pieces(K: int, dim: int, itemsize: int):
    """Slices of at most :data:`STACK_BYTES` of ``dim x dim`` matrices."""
    step = max(1, STACK_BYTES // (dim * dim * itemsize))
    return [slice(a, min(a + step, K)) for a in range(0, K, step)]


def _combine(coeffs: np.ndarray, components: np.ndarray) -> np.ndarray:
    """``sum_c coeffs[:, c] * components[c]``, element by element (the same for any batch size)."""
    shape = (len(coeffs),) + (1,) * (components.ndim - 1)
    out = coeffs[:, 0].reshape(shape) * components[0]
    for c in range(1, len(components)):
        out += coeffs[:, c].reshape(shape) * components[c]
    return out


def _sweep_solver(reuse: bool, points: Sequence, dim: int) -> DenseSweepSolver | None:
    """A solver that reuses LU factorisations along the points, where that pays."""
    return DenseSweepSolver() if reuse and len(points) > 1 and dim >= REUSE_DENSE_MIN else None


def _solve_stack(A: np.ndarray, row: int, errors: dict, index: np.ndarray,
                 solver: DenseSweepSolver | None = None) -> np.ndarray:
    """``A[k] x_k = e_row`` for every ``k`` (one ``gesv`` each, or in order through ``solver``);
    singular ones go to ``errors``."""
    if solver is not None:
        X, singular = solver.solve(A, row)
        errors.update({int(index[k]): exc for k, exc in singular.items()})
        return X
    b = np.zeros(A.shape[:2] + (1,), dtype=A.dtype)
    b[:, row, 0] = 1.0
    try:
        return np.linalg.solve(A, b)[..., 0]
    except np.linalg.LinAlgError:  # find which: one by one
        X = np.full(A.shape[:2], np.nan, dtype=A.dtype)
        for k in range(len(A)):
            try:
                X[k] = np.linalg.solve(A[k:k + 1], b[k:k + 1])[0, :, 0]
            except np.linalg.LinAlgError as exc:
                errors[int(index[k])] = exc
        return X


def _not_finite(*arrays: np.ndarray) -> np.ndarray:
    return ~np.logical_and.reduce([np.isfinite(a) for a in arrays])


def _record_moments(out: BatteryStates, index, pe, tr, low) -> None:
    """Check the Dicke moments of every point; keep ``p_e / trace`` or the exact error."""
    bad = (low < -POSITIVITY_TOL) | (np.abs(tr - 1.0) > TRACE_TOL) | _not_finite(pe, tr, low)
    for k in np.flatnonzero(bad):
        i = int(index[k])
        if i in out.errors:
            continue
        try:
            if not np.isfinite([pe[k], tr[k], low[k]]).all():
                raise UnphysicalStateError("steady state is not finite (the solver broke down)")
            check_moments(BatteryMoments(float(pe[k]), float(tr[k]), float(low[k])))
        except UnphysicalStateError as exc:
            out.errors[i] = exc
            continue
        bad[k] = False
    good = ~bad
    out.p_e[index[good]] = pe[good] / tr[good]
    out.lowest[index[good]] = low[good] / tr[good]


def _dicke_dense(out, points, index, reuse, progress) -> None:
    """Method "dicke", non-equilibrium, small: stacked dense solves."""
    M = points[0].N - 1
    idx = dicke.dicke_index(M)
    ground = dicke.ground_position(M)
    trace = np.concatenate([idx.pe, idx.pg])
    components = dicke.dense_components(M)
    coeffs = np.column_stack([[p.J for p in points], rate_table(points, reservoirs=2)])
    out.unknowns[index] = idx.dim
    solver = _sweep_solver(reuse, points, idx.dim)
    for part in _pieces(len(points), idx.dim, 8):
        A = _combine(coeffs[part], components)
        A[:, ground, :] = 0.0
        A[:, ground, trace] = 1.0
        X = _solve_stack(A, ground, out.errors, index[part], solver)
        _record_moments(out, index[part], *dicke.local_battery_states(X, M, sequential=True))
        if progress:
            progress(len(A))


def _dicke_sparse(out, points, index, reuse, progress) -> None:
    """Method "dicke", non-equilibrium, large: in order, reusing factorisations."""
    M = points[0].N - 1
    solver = LocalSolver(M, reuse=reuse)
    r = rate_table(points, reservoirs=2)
    out.unknowns[index] = dicke_unknowns(M)
    for k, p in enumerate(points):
        try:
            x = solver.solve(p.J, (r[k, 0], r[k, 1]), (r[k, 2], r[k, 3]))
        except FAILURES as exc:
            out.errors[int(index[k])] = exc
        else:
            _record_moments(out, index[k:k + 1], *dicke.local_battery_states(x[None], M))
        if progress:
            progress(1)


@lru_cache(maxsize=64)
def battery_excited_positions(N: int, topology: str, scenario: str) -> np.ndarray:
    """Positions of ``<s|rho|s>`` with the battery excited in the ``q = 0`` sector vector."""
    sec = sector(N, topology, scenario, 0)
    states = np.concatenate([sec.states[n] for n, _ in sec.blocks])
    return sec.diagonal_positions()[excited(N)[states, 0]]


def _blocks_real(out, points, index, reuse, progress) -> None:
    """Method "blocks", non-equilibrium, small: stacked real solves (:mod:`qbcore.solvers.gauge`)."""
    p0 = points[0]
    sec = sector(p0.N, p0.topology, p0.scenario, 0)
    real = real_sector(p0.N, p0.topology)
    coeffs = np.column_stack([[p.J for p in points], [p.omega0 for p in points],
                              rate_table(points)])
    out.unknowns[index] = real.dim
    solver = _sweep_solver(reuse, points, real.dim)
    for part in _pieces(len(points), real.dim, 8):
        data = _combine(coeffs[part], real.terms)
        A = np.zeros((len(data), real.dim, real.dim))
        A[:, real.rows, real.cols] = data
        A[:, 0, :] = 0.0
        A[:, 0, real.trace] = 1.0
        Y = _solve_stack(A, 0, out.errors, index[part], solver)
        X = (real.expand @ Y.T).T
        bad, lowest = _unphysical_sectors(sec, X)
        for k in np.flatnonzero(bad):  # the exact message of a single call, or a pass
            i = int(index[part][k])
            if i in out.errors:
                continue
            try:
                diagonal_blocks(Solution(points[part][k], "blocks", sectors={0: X[k]},
                                         unknowns=real.dim))
            except UnphysicalStateError as exc:
                out.errors[i] = exc
                continue
            bad[k] = False
        good = ~bad
        # summed in order: the same bits for any number of points
        out.p_e[index[part][good]] = np.cumsum(Y[good][:, real.battery_excited], axis=1)[:, -1]
        out.lowest[index[part][good]] = lowest[good]
        if progress:
            progress(len(Y))


def _unphysical_sectors(sec, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``q = 0`` sector vectors fail a check of :func:`~qbcore.solvers.solution.check_physical`,
    and the lowest eigenvalue of each (normalised) state."""
    K = len(X)
    bad = _not_finite(X).reshape(K, -1).any(axis=1) if X.size else np.zeros(K, bool)
    trace = np.zeros(K)
    lowest = np.full(K, np.inf)
    for (n, _), a, b in zip(sec.blocks, sec.offsets[:-1], sec.offsets[1:]):
        s = len(sec.states[n])
        B = X[:, a:b].reshape(K, s, s)
        Bh = B.conj().transpose(0, 2, 1)
        bad |= np.abs(B - Bh).max(axis=(1, 2)) > HERMITICITY_TOL
        H = 0.5 * (B + Bh)
        low = np.linalg.eigvalsh(H)[:, 0] if s > 1 else H[:, 0, 0].real
        bad |= low < -POSITIVITY_TOL
        lowest = np.minimum(lowest, low)
        trace += np.trace(H, axis1=1, axis2=2).real
    return bad | (np.abs(trace - 1.0) > TRACE_TOL), lowest / trace


def solve_point(params: Parameters) -> tuple[np.ndarray, Solution]:
    """One point by the general path: the battery's checked 2x2 state and the solution."""
    solution = solve(params)
    if solution.method == "dicke":
        return battery_matrix(solution), solution
    if set(solution.sectors) != {0}:  # coherences between excitation numbers
        rho = full_matrix(solution)
        return qutip.Qobj(rho, dims=[[2] * params.N] * 2).ptrace(0).full(), solution
    diagonal_blocks(solution)  # checks that the state is physical
    positions = battery_excited_positions(params.N, params.topology, params.scenario)
    p_e = float(solution.sectors[0][positions].real.sum())
    return np.diag([p_e, 1.0 - p_e]).astype(complex), solution


def _pointwise(out, points, index, reuse, progress) -> None:
    """Anything else: one point after another, as a single call."""
    for p, i in zip(points, index):
        i = int(i)
        try:
            rho_B, sol = solve_point(p)
        except FAILURES as exc:
            out.errors[i] = exc
        else:
            out.p_e[i] = float(rho_B[0, 0].real)
            out.unknowns[i], out.kernel[i], out.gap[i] = sol.unknowns, sol.kernel, sol.gap
            out.lowest[i] = lowest_eigenvalue(sol)
            if sol.method != "dicke" and set(sol.sectors) != {0}:
                out.coherent[i] = rho_B
        if progress:
            progress(1)


_SOLVERS = {"dicke-dense": _dicke_dense, "dicke-sparse": _dicke_sparse,
            "blocks-dense": _blocks_real, "pointwise": _pointwise}
