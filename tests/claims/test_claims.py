"""qbcore.claims: the machinery (domains cover what they state) and every registered claim."""

import numpy as np
import pytest

from qbcore import claims as C
from qbcore.claims.core import Choice, Claim, Domain, Finding, Integers, Range


def test_points_cover_every_combination_parity_and_edge():
    d = Domain({"N": Integers(2, 7), "topology": Choice(("star", "chain")),
                "initial": Choice(("ground", "mixed")), "mu": Range(-1.0, 3.0),
                "T": Range(0.1, 5.0, log=True), "J": 1.0})
    pts = d.points(5, np.random.default_rng(1))
    assert len(pts) == 8  # 2 parities x 2 topologies x 2 starts, more than the 5 asked
    combos = {(p["N"] % 2, p["topology"], p["initial"]) for p in pts}
    assert len(combos) == 8
    assert all(2 <= p["N"] <= 7 and p["J"] == 1.0 for p in pts)
    mus, Ts = [p["mu"] for p in pts], [p["T"] for p in pts]
    assert min(mus) == -1.0 and max(mus) == 3.0 and min(Ts) == 0.1 and max(Ts) == 5.0
    assert all(-1.0 <= m <= 3.0 and 0.1 <= t <= 5.0 for m, t in zip(mus, Ts))


def test_domain_text_states_the_domain():
    d = Domain({"N": Integers(2, 6), "topology": Choice(("star", "chain")), "mu": Range(0, 1),
                "T": 1.0}, "a note")
    assert d.text() == "N ∈ 2..6 (even and odd), topology ∈ {star, chain}, mu ∈ [0, 1], T = 1; a note"


def test_a_false_claim_is_caught_with_its_counterexample():
    claim = Claim("x-below-half", "book", "test", "x < 0.5", Domain({"x": Range(0.0, 1.0)}),
                  lambda p: Finding(p["x"] < 0.5, f"x = {p['x']:.3f}"), samples=20)
    v = C.evaluate(claim, seed=3)
    assert not v.holds and v.failures > 0 and v.counterexample["x"] >= 0.5
    assert v.points == 20 and v == C.evaluate(claim, seed=3)  # reproducible
    table = C.verdict_table([v])
    assert "**false**" in table and "x < 0.5" in table and "x ∈ [0, 1]" in table


def test_table_cells_escape_pipes_and_use_symbols():
    claim = Claim("abs", "book", "test", "|W| <= 1 for mu >= omega", Domain({"dmu": Range(0, 1)}),
                  lambda p: Finding(True))
    row = C.verdict_table([C.evaluate(claim)]).splitlines()[2]
    assert "\\|W\\| ≤ 1 for μ ≥ ω" in row and "Δμ ∈ [0, 1]" in row
    assert row.count("|") - row.count("\\|") == 5  # four cells


@pytest.mark.parametrize("claim", C.ALL, ids=lambda c: c.key)
def test_every_claim_has_the_verdict_the_book_states(claim):
    v = C.evaluate(claim)
    assert v.holds == claim.expected, (C.format_point(v.counterexample or {}), v.detail)
    if not claim.expected:  # a false claim needs a counterexample the reader can check
        assert v.counterexample is not None and v.detail
