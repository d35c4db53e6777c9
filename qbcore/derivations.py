r"""Exact battery population of the small non-equilibrium networks, derived with SymPy.

Setting (the non-equilibrium scenario, Eqs. 7-8, local master equation): qubit 0 is
the battery, coupled to its own reservoir with occupation ``n_B``; every ancilla
is coupled to a reservoir with occupation ``n_A``; all couplings have the rate
``gamma``; the hopping ``J`` runs along the edges of the star or the chain.

Notation used throughout::

    s_B = 2 n_B - 1 = tanh((mu - omega) / 2T)            (battery's reservoir)
    s_A = 2 n_A - 1 = tanh((mu + dmu - omega) / 2T)      (ancillas' reservoirs)
    z   = 2 p_e - 1 = <sigma_z^0>                         (battery's inversion)
    k   = J**2 / gamma**2
    W   = max(0, z)                                       (normalised ergotropy)

Results (each one derived below by :func:`derive_inversion`; the numerical forms in
:mod:`qbcore.closed_forms.nonequilibrium` are checked against the derivation by
``tests/test_derivations.py``)::

    N = 2:        z = s_B + (s_A - s_B) * 2k / (1 + 4k)

    N = 3 star:   z = s_B + (s_A - s_B) * 4k (2 + 5k - k s_A s_B)
                            / (2 + 19k + 35k**2 + k s_A s_B + k**2 s_B (s_B - 4 s_A))

    N = 3 chain:  z = s_B + (s_A - s_B) * 2k (4 + 28k + 45k**2 - k s_A**2 + k s_A s_B
                                              - 2k**2 s_A**2 - 3k**2 s_A s_B)
                            / ((1 + 2k) (4 + 38k + 70k**2 + k s_A**2 + k s_A s_B
                                         - 2k**2 s_A**2 - 4k**2 s_A s_B))

and, for the ``N = 4`` star (16 unknowns; about three minutes of SymPy)::

    z = s_B + (s_A - s_B) * 6k [54 + 372k + 772k**2 + 440k**3 - 30k s_A s_B
                                - k**2 (111 s_A**2 + 102 s_A s_B - 11 s_B**2 - 6 s_A**2 s_B**2)
                                - k**3 (110 s_A**2 + 52 s_A s_B - 10 s_B**2)]
              / [54 + 912k + 4384k**2 + 7632k**3 + 3840k**4 + 78k s_A s_B
                 + k**2 (105 s_A**2 + 126 s_A s_B + 65 s_B**2)
                 - k**3 (488 s_A**2 + 200 s_A s_B - 240 s_B**2 - 24 s_A**2 s_B**2 + 8 s_A s_B**3)
                 - k**4 (436 s_A**2 + 88 s_A s_B - 140 s_B**2)],

and ``p_e = (1 + z) / 2``.  In the occupations themselves, the ``N = 3`` star reads
(``nu = n_A (1 - n_B) + n_B (1 - n_A)``)::

    p_e = n_B + 4 J**2 (n_A - n_B) (gamma**2 + 2 J**2 + J**2 nu)
                / (gamma**4 + 10 gamma**2 J**2 + 16 J**4 - gamma**2 J**2 nu
                   + 4 J**4 nu - 2 J**4 n_B (1 - n_B))

and ``N = 2`` is the book's ``p_e = n_B + (n_A - n_B) 2 J**2 / (gamma**2 + 4 J**2)``.
With the battery's reservoir half full
(``mu = omega``, so ``s_B = 0``) the star's denominator factorises,
``2 + 19k + 35k**2 = (2 + 5k)(1 + 7k)``, the factor ``2 + 5k`` cancels, and::

    z = 4k / (1 + 7k) * s_A,   i.e.   W = 4 J**2 / (gamma**2 + 7 J**2) * tanh(dmu / 2T)

for ``dmu >= 0`` (and ``W = 0`` for ``dmu <= 0``).  For the chain at ``s_B = 0``
the ``s_A**2`` terms survive and ``W`` is not proportional to ``tanh(dmu/2T)``, and
the same holds for the ``N = 4`` star; for ``N = 2`` the law is linear for every ``s_B``.

Derivation (what :func:`steady_equations` and :func:`derive_population` do)
---------------------------------------------------------------------------
1. **Excitation number.**  ``H`` hops excitations and every jump operator
   ``sigma_-^i``, ``sigma_+^i`` changes the excitation number by one on both
   sides of ``rho``, so the (unique) steady state is block diagonal in the
   excitation number ``m``: blocks of size 1, 3, 3, 1 for ``N = 3``, 20 complex
   numbers (``binomial(6, 3)``).  ``omega0 sum_i sigma_z^i`` is constant on each
   block and drops out.
2. **Reality.**  ``H`` and the jump operators are real matrices.  Complex
   conjugation turns ``H`` into ``-H`` in the commutator; the graph is
   bipartite (star: battery | ancillas; chain: even | odd sites), and
   ``U = (-1)**(excitations on one sublattice)`` flips the sign of the hopping
   and leaves every dissipator unchanged.  So ``U rho* U`` is again a steady
   state, and by uniqueness ``rho = U rho* U``: an element ``<a|rho|b>`` is
   real when ``a`` and ``b`` have the same sublattice parity, purely imaginary
   otherwise (the coherences that carry the hopping current).
3. **Ancilla exchange (star).**  Permuting the ancillas maps ``H`` and the
   dissipators onto themselves (all ancillas see the same ``n_A``), so
   ``rho`` is invariant.  With steps 2 and 3 and ``rho = rho^dagger`` the
   ``N = 3`` star has 10 real unknowns: ``<ggg|rho|ggg>``; in the one-excitation
   block ``<egg|rho|egg>``, ``<geg|rho|geg> = <gge|rho|gge>``, the real
   ancilla-ancilla coherence ``<geg|rho|gge>`` and the imaginary
   battery-ancilla coherence ``<egg|rho|geg> = <egg|rho|gge>``; the mirror
   images of these four in the two-excitation block; ``<eee|rho|eee>``.
   (The ``N = 3`` chain has no such symmetry: 14 unknowns; ``N = 2``: 5.)
4. **Equations.**  Every matrix element of ``L rho = 0`` in the ``m``
   blocks, split into real and imaginary parts, plus ``tr rho = 1``
   (:func:`steady_equations`; after removing repeats, 11 real equations for
   the 10 unknowns of the ``N = 3`` star, of rank 10).  Diagonal elements are rate equations (gain
   ``gamma n_i``, loss ``gamma (1 - n_i)``) plus a hopping current ``2J`` times an
   imaginary coherence.  A coherence between two states that differ on two
   qubits decays at ``gamma`` (half the two qubits' total rates, ``gamma`` each)
   plus the rate at which the third (spectator) qubit jumps (``gamma n`` from
   ``g``, ``gamma (1 - n)`` from ``e``); that jump carries it into the
   corresponding coherence of the neighbouring block, which feeds it in turn;
   and it is driven by population differences times ``J``.
5. **Scaling.**  ``L / gamma`` depends on ``J`` only through ``J / gamma``
   (time in units of ``1/gamma``), so the system is solved at ``gamma = 1`` and
   ``J -> J / gamma`` is put back at the end; ``n_i`` enter as
   ``n_i = (1 + s_i) / 2``.
6. **Solution.**  Exact Gauss-Jordan elimination over the field of rational
   functions ``Q(J, s_B, s_A)``.  The rank equals the number of unknowns (a
   unique steady state, consistent with step 2 and 3) and the right-hand side
   column carries no pivot (the over-determined system is consistent).
7. **Battery.**  ``p_e = sum of <a|rho|a>`` over the states ``a`` with the
   battery excited (``egg, eeg, ege, eee``), then ``z = 2 p_e - 1``, simplified
   and factorised.  ``W = max(0, z)`` because the battery's reduced state is
   diagonal (step 1).

Two checks of the structure, both exact (``tests/test_derivations.py``): ``z - s_B`` is
proportional to ``s_A - s_B`` (equal reservoirs give the battery its own
reservoir's state, for every ``J``), and ``z(-s_B, -s_A) = -z(s_B, s_A)``
(exchanging ``|e>`` and ``|g>`` on every qubit maps ``n -> 1 - n``).
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import sympy as sp
from sympy.polys.matrices import DomainMatrix


__all__ = ["SYMBOLS", "symmetric_ansatz", "steady_equations", "derive_inversion",
           "derive_population", "half_filled_inversion"]

# the symbols of every returned expression (all real; J, gamma > 0 where it matters)
n_B, n_A = sp.symbols("n_B n_A", real=True)
s_B, s_A = sp.symbols("s_B s_A", real=True)
J, gamma = sp.symbols("J gamma", positive=True)
k = sp.Symbol("k", positive=True)  # J**2 / gamma**2
dmu, T = sp.symbols("Delta_mu T", real=True)

SYMBOLS = {"n_B": n_B, "n_A": n_A, "s_B": s_B, "s_A": s_A, "J": J, "gamma": gamma,
           "k": k, "dmu": dmu, "T": T}

_TOPOLOGIES = ("star", "chain")


# ------------------------------------------------------------- the network ---

def _edges(N: int, topology: str) -> list[tuple[int, int]]:
    if topology == "star":
        return [(0, i) for i in range(1, N)]
    return [(i, i + 1) for i in range(N - 1)]


def _check(N: int, topology: str) -> None:
    if topology not in _TOPOLOGIES:
        raise ValueError(f"topology must be one of {_TOPOLOGIES}, got {topology!r}")
    if isinstance(N, bool) or not isinstance(N, int) or not 2 <= N <= 4:
        raise ValueError(f"N must be an integer in 2..4 for the symbolic derivation, got {N!r}")
    if N == 4 and topology != "star":
        raise ValueError("N = 4 is derived for the star only (the chain has no ancilla symmetry)")


def _basis(N: int) -> list[tuple[int, ...]]:
    """Basis states in QuTiP's tensor order; entry ``1`` means excited (``basis(2, 0)``)."""
    return list(itertools.product((1, 0), repeat=N))


def _label(state: tuple[int, ...]) -> str:
    return "".join("e" if b else "g" for b in state)


def _sublattice_sign(state: tuple[int, ...], N: int, topology: str) -> int:
    """``U`` of step 2: ``(-1)**(excitations on the ancilla / odd sublattice)``."""
    odd = range(1, N) if topology == "star" else range(1, N, 2)
    return (-1) ** sum(state[i] for i in odd)


def _symmetries(N: int, topology: str) -> list[tuple[int, ...]]:
    """Qubit permutations that fix the battery and map the model onto itself (step 3)."""
    if topology == "star":
        return [(0,) + p for p in itertools.permutations(range(1, N))]
    return [tuple(range(N))]


def _permute(p: tuple[int, ...], state: tuple[int, ...]) -> tuple[int, ...]:
    out = [0] * len(state)
    for i, b in enumerate(state):
        out[p[i]] = b
    return tuple(out)


def symmetric_ansatz(N: int, topology: str) -> tuple[sp.Matrix, list[sp.Symbol]]:
    r"""The steady state with steps 1 to 3 built in.

    Returns the ``2**N x 2**N`` matrix ``rho`` (QuTiP order) whose entries are
    ``0`` outside the excitation-number blocks and ``+-x`` or ``+-i x`` inside,
    ``x`` one of the returned real unknowns.  Unknown ``rho_a_b`` is named
    after its representative element ``<a|rho|b>`` (``a``, ``b`` as strings
    of ``e``/``g``, the battery first); if the element is imaginary,
    ``<a|rho|b> = i rho_a_b``.
    """
    _check(N, topology)
    states = _basis(N)
    # ground up: fewest excitations first, then the battery excited first
    order = sorted(states, key=lambda s: (sum(s), tuple(-b for b in s)))
    value: dict[tuple, tuple[int, sp.Symbol]] = {}
    unknowns: list[sp.Symbol] = []
    forced_zero: set[sp.Symbol] = set()
    perms = _symmetries(N, topology)

    def imaginary(a, b) -> int:
        return 0 if _sublattice_sign(a, N, topology) == _sublattice_sign(b, N, topology) else 1

    for a, b in itertools.product(order, repeat=2):
        if sum(a) != sum(b) or (a, b) in value:
            continue
        x = sp.Symbol(f"rho_{_label(a)}_{_label(b)}", real=True)
        unknowns.append(x)
        value[(a, b)] = (1, x)
        stack = [((a, b), 1)]
        while stack:
            (c, d), sign = stack.pop()
            images = [((_permute(p, c), _permute(p, d)), sign) for p in perms]
            # hermiticity: <d|rho|c> = conj(<c|rho|d>) = (-1)**imaginary * <c|rho|d>
            images.append(((d, c), sign * (-1) ** imaginary(c, d)))
            for elem, s in images:
                if elem in value:
                    if value[elem][0] != s:
                        forced_zero.add(x)
                else:
                    value[elem] = (s, x)
                    stack.append((elem, s))
    index = {s: i for i, s in enumerate(states)}
    rho = sp.zeros(2 ** N, 2 ** N)
    for (a, b), (sign, x) in value.items():
        rho[index[a], index[b]] = sign * sp.I ** imaginary(a, b) * x
    rho = rho.subs({x: 0 for x in forced_zero})
    return rho, [x for x in unknowns if x not in forced_zero]


def _operator(single: sp.Matrix, i: int, N: int) -> sp.Matrix:
    out = sp.Matrix([[1]])
    for q in range(N):
        out = sp.kronecker_product(out, single if q == i else sp.eye(2))
    return out


def liouvillian_action(rho: sp.Matrix, N: int, topology: str, hopping, rate,
                       occupations) -> sp.Matrix:
    r"""``L rho = -i[H, rho] + sum_i rate ((1-n_i) D[sigma_-^i] + n_i D[sigma_+^i]) rho``.

    ``H = hopping * sum_edges (sigma_+^a sigma_-^b + h.c.)``; the
    ``omega0 sum_i sigma_z^i`` term commutes with every block-diagonal
    ``rho`` and is left out (step 1).
    """
    lower = sp.Matrix([[0, 0], [1, 0]])  # sigma_- = |g><e| in the basis (|e>, |g>)
    sm = [_operator(lower, i, N) for i in range(N)]
    H = sp.zeros(2 ** N, 2 ** N)
    for a, b in _edges(N, topology):
        hop = sm[a].T * sm[b]
        H += hopping * (hop + hop.T)

    def D(A, r):
        return A * r * A.T - (A.T * A * r + r * A.T * A) / 2

    out = -sp.I * (H * rho - rho * H)
    for i in range(N):
        out += rate * ((1 - occupations[i]) * D(sm[i], rho) + occupations[i] * D(sm[i].T, rho))
    return out


def steady_equations(N: int = 3, topology: str = "star", *, scaled: bool = False):
    r"""The real linear equations of step 4, the unknowns and ``p_e`` in the unknowns.

    Parameters
    ----------
    N : int
        2, 3, or 4 (star only).
    topology : {"star", "chain"}
    scaled : bool
        ``False``: in ``J``, ``gamma``, ``n_B``, ``n_A`` (for display).
        ``True``: in ``J`` (meaning ``J / gamma``), ``s_B``, ``s_A`` at
        ``gamma = 1`` (step 5, what :func:`derive_inversion` solves).

    Returns
    -------
    (equations, unknowns, p_e)
        ``equations`` is a list of expressions, each ``= 0``; the last one is
        ``tr rho - 1``.
    """
    rho, xs = symmetric_ansatz(N, topology)
    if scaled:
        occ = [(1 + s_B) / 2] + [(1 + s_A) / 2] * (N - 1)
        Lrho = liouvillian_action(rho, N, topology, J, 1, occ)
    else:
        occ = [n_B] + [n_A] * (N - 1)
        Lrho = liouvillian_action(rho, N, topology, J, gamma, occ)
    equations, seen = [], set()
    for entry in Lrho:
        re, im = sp.expand(entry).as_real_imag()
        for part in (re, im):
            part = sp.expand(part)
            if part != 0 and part not in seen and -part not in seen:
                seen.add(part)
                equations.append(part)
    equations.append(sp.expand(rho.trace() - 1))
    states = _basis(N)
    p_e = sum(rho[i, i] for i, s in enumerate(states) if s[0] == 1)
    return equations, xs, sp.expand(p_e)


# -------------------------------------------------------------- solving ---

@lru_cache(maxsize=None)
def derive_inversion(N: int = 3, topology: str = "star") -> sp.Expr:
    r"""``z = 2 p_e - 1`` in ``s_B``, ``s_A``, ``J``, ``gamma``, derived (steps 4 to 7).

    Cached: the ``N = 3`` chain takes about half a minute, the ``N = 4`` star three minutes.
    """
    _check(N, topology)
    equations, xs, p_e = steady_equations(N, topology, scaled=True)
    A, b = sp.linear_eq_to_matrix(equations, xs)
    M = DomainMatrix.from_Matrix(A.row_join(b)).to_field()
    R, pivots = M.rref()
    if tuple(pivots) != tuple(range(len(xs))):
        raise ArithmeticError(f"steady state not unique or system inconsistent: pivots {pivots}")
    R = R.to_Matrix()
    solution = {x: R[i, -1] for i, x in enumerate(xs)}
    z = sp.factor(sp.together(2 * p_e.subs(solution) - 1))
    return sp.factor(sp.together(z.subs(J, J / gamma)))


def derive_population(N: int = 3, topology: str = "star") -> sp.Expr:
    r"""``p_e(n_B, n_A, J, gamma)``, derived: ``(1 + z) / 2`` with ``s = 2n - 1``."""
    z = derive_inversion(N, topology)
    p = (1 + z.subs({s_B: 2 * n_B - 1, s_A: 2 * n_A - 1}, simultaneous=True)) / 2
    return sp.factor(sp.together(sp.expand(p)))


def half_filled_inversion(N: int = 3, topology: str = "star") -> sp.Expr:
    r"""``z`` at ``n_B = 1/2`` (``mu = omega``), simplified; ``W = max(0, z)``.

    For the ``N = 3`` star this is ``4 J**2 s_A / (gamma**2 + 7 J**2)``: with
    ``s_A = tanh(dmu / 2T)`` the book's formula.
    """
    return sp.factor(derive_inversion(N, topology).subs(s_B, 0))
