"""Claims as executable checks over stated domains, evaluated on samples nobody picked.

A :class:`Claim` is a statement (the paper's or the book's), the domain in
which it is asserted (a :class:`Domain`: ranges, integer ranges and choices),
and a check that evaluates it at one point of the domain.  :func:`evaluate`
draws seeded random points covering the whole domain (every choice, even and
odd ``N``, and the edges of every range), runs the check at each, and returns a
:class:`Verdict`: whether it held everywhere, and the first counterexample.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Samples drawn per claim unless the claim says otherwise.
DEFAULT_SAMPLES = 12


@dataclass(frozen=True)
class Range:
    """A real parameter drawn uniformly (or log-uniformly) from ``[lo, hi]``."""

    lo: float
    hi: float
    log: bool = False

    def draw(self, rng: np.random.Generator) -> float:
        if self.log:
            return float(math.exp(rng.uniform(math.log(self.lo), math.log(self.hi))))
        return float(rng.uniform(self.lo, self.hi))

    def edges(self) -> tuple[float, float]:
        return (self.lo, self.hi)

    def text(self) -> str:
        scale = ", log-uniform" if self.log else ""
        return f"[{self.lo:g}, {self.hi:g}]{scale}"


@dataclass(frozen=True)
class Integers:
    """An integer parameter from ``lo`` to ``hi`` (both included); draws alternate parity."""

    lo: int
    hi: int

    def values(self) -> list[int]:
        return list(range(self.lo, self.hi + 1))

    def text(self) -> str:
        parity = " (even and odd)" if self.hi > self.lo else ""
        return f"{self.lo}..{self.hi}{parity}"


@dataclass(frozen=True)
class Choice:
    """A parameter that takes each of ``values`` (every value is covered)."""

    values: tuple

    def text(self) -> str:
        return "{" + ", ".join(str(v) for v in self.values) + "}"


@dataclass(frozen=True)
class Domain:
    """Where a claim is asserted: parameter name to :class:`Range`, :class:`Integers`,
    :class:`Choice`, or a fixed value."""

    params: dict
    note: str = ""

    def text(self) -> str:
        """The domain in words, for the verdict tables."""
        parts = []
        for name, spec in self.params.items():
            if isinstance(spec, (Range, Integers, Choice)):
                parts.append(f"{name} ∈ {spec.text()}")
            else:
                value = f"{spec:g}" if isinstance(spec, float) else str(spec)
                parts.append(f"{name} = {value}")
        return ", ".join(parts) + (f"; {self.note}" if self.note else "")

    def combinations(self) -> list[dict]:
        """Every combination of the choices and of the parities of the integer ranges."""
        axes = []
        for k, s in self.params.items():
            if isinstance(s, Choice):
                axes.append([(k, v) for v in s.values])
            elif isinstance(s, Integers):
                parities = sorted({v % 2 for v in s.values()})
                axes.append([(k, ("parity", q)) for q in parities])
        return [dict(c) for c in itertools.product(*axes)]

    def points(self, n: int, rng: np.random.Generator) -> list[dict]:
        """At least ``n`` points covering the domain.

        Every combination of the choices and of even/odd values of the integer
        ranges occurs (so there are at least as many points as combinations);
        point ``k`` takes the low edge of the ``k``-th real range and point
        ``k + R`` its high edge (``R`` ranges); all other coordinates are random.
        """
        combos = self.combinations()
        order = rng.permutation(len(combos))
        ranges = [k for k, s in self.params.items() if isinstance(s, Range)]
        out = []
        for i in range(max(n, len(combos))):
            combo = combos[order[i % len(combos)]]
            point = {}
            for k, s in self.params.items():
                if isinstance(s, Choice):
                    point[k] = combo[k]
                elif isinstance(s, Integers):
                    q = combo[k][1]
                    point[k] = int(rng.choice([v for v in s.values() if v % 2 == q]))
                elif isinstance(s, Range):
                    j = ranges.index(k)
                    if i == j:
                        point[k] = s.lo
                    elif i == j + len(ranges):
                        point[k] = s.hi
                    else:
                        point[k] = s.draw(rng)
                else:
                    point[k] = s
            out.append(point)
        return out


@dataclass(frozen=True)
class Finding:
    """The outcome of a claim's check at one point."""

    holds: bool
    detail: str = ""


@dataclass(frozen=True)
class Claim:
    """A statement, the domain where it is asserted, and its check.

    Attributes
    ----------
    key : str
        A short name (``"eq-zero-below-threshold"``).
    source : {"paper", "book"}
        Whose statement it is.
    page : str
        The book page that discusses it.
    statement : str
        The statement, as the verdict table shows it.
    domain : Domain
        Where it is asserted (the paper's claims: the paper's range).
    check : callable
        ``check(point) -> Finding`` at one point of the domain.
    expected : bool
        The verdict the book states (a test fails when the physics disagrees).
    samples : int
        Points drawn by :func:`evaluate`.
    """

    key: str
    source: str
    page: str
    statement: str
    domain: Domain
    check: Callable[[dict], Finding]
    expected: bool = True
    samples: int = DEFAULT_SAMPLES


@dataclass(frozen=True)
class Verdict:
    """The result of evaluating a claim on its samples."""

    claim: Claim
    points: int
    holds: bool
    counterexample: dict | None = None
    detail: str = ""
    failures: int = 0
    details: list = field(default_factory=list, compare=False)

    @property
    def as_expected(self) -> bool:
        return self.holds == self.claim.expected


def evaluate(claim: Claim, seed: int = 0, samples: int | None = None) -> Verdict:
    """Run ``claim`` on ``samples`` points of its domain drawn with ``seed``.

    Every point is checked (not only up to the first failure), so the verdict
    also counts how many points fail.
    """
    rng = np.random.default_rng([seed, _stable_hash(claim.key)])
    points = claim.domain.points(samples or claim.samples, rng)
    first, detail, failures, details = None, "", 0, []
    for p in points:
        f = claim.check(dict(p))
        details.append((p, f))
        if not f.holds:
            failures += 1
            if first is None:
                first, detail = p, f.detail
    return Verdict(claim, len(points), failures == 0, first, detail, failures, details)


def evaluate_all(claims: Sequence[Claim], seed: int = 0, progress: bool = False) -> list[Verdict]:
    """:func:`evaluate` every claim (with a progress bar if asked)."""
    it = claims
    if progress:
        from tqdm.auto import tqdm
        it = tqdm(claims, desc="claims")
    return [evaluate(c, seed) for c in it]


def _stable_hash(text: str) -> int:
    """A hash of ``text`` that does not change between Python runs (unlike ``hash``)."""
    h = 0
    for ch in text.encode():
        h = (h * 131 + ch) % (1 << 31)
    return h


def format_point(point: dict[str, Any]) -> str:
    """A sample point as ``name = value`` pairs, numbers to 4 significant digits."""
    def fmt(v):
        return f"{v:.4g}" if isinstance(v, float) else str(v)
    return ", ".join(f"{k} = {fmt(v)}" for k, v in point.items())


#: Symbols for the tables (longest names first, whole words only).
_SYMBOLS = (("gamma_local", "γ_local"), ("omega0_other", "ω₀′"), ("gamma_other", "γ′"),
            ("J_other", "J′"), ("T_over_dmu", "T/Δμ"), ("omega0", "ω₀"), ("omega", "ω"),
            ("gamma", "γ"), ("dmu", "Δμ"), ("mu", "μ"), ("N_max", "largest N"))
#: Names that only the domain and the points rename (a statement may use the word).
_POINT_NAMES = (("initial", "start"),)
_SIGNS = (("<=", "≤"), (">=", "≥"), ("!=", "≠"), ("->", "→"), ("+-", "±"), ("sqrt", "√"))


def pretty(text: str, point: bool = False) -> str:
    """Plain-text parameter names and signs as symbols, ``|`` escaped for a Markdown table.

    ``point``: the text names parameters (a domain or a sample point), not prose.
    """
    import re

    for name, symbol in _SYMBOLS + (_POINT_NAMES if point else ()):
        text = re.sub(rf"(?<![A-Za-z_]){name}(?![A-Za-z_0-9])", symbol, text)
    for a, b in _SIGNS:
        text = text.replace(a, b)
    return text.replace("|", "\\|")


def verdict_table(verdicts: Sequence[Verdict], counterexamples: bool = True) -> str:
    """A Markdown table: claim, domain, verdict (points checked), counterexample."""
    head = "| claim | domain | verdict | counterexample |\n|---|---|---|---|\n"
    rows = []
    for v in verdicts:
        word = (f"true ({v.points} points)" if v.holds
                else f"**false** ({v.failures} of {v.points} points)")
        if v.holds != v.claim.expected:
            word += " (the book says otherwise)"
        example = ""
        if counterexamples and v.counterexample is not None:
            example = format_point(v.counterexample) + (f": {v.detail}" if v.detail else "")
        rows.append(f"| {pretty(v.claim.statement)} | {pretty(v.claim.domain.text(), True)} | "
                    f"{word} | {pretty(example, True)} |")
    return head + "\n".join(rows)
