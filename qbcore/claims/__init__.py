"""Every claim of the paper and of the book as a named, executable check over a stated domain.

:mod:`qbcore.claims.core` defines claims, domains and verdicts;
:mod:`qbcore.claims.paper` holds the paper's claims (in its range, and outside
it, reported separately); the book's own statements are in the modules named
after its pages.  :func:`claims` selects them, :func:`evaluate` runs one on
seeded random samples of its domain, :func:`verdict_table` prints the verdicts.
"""

from .core import (Choice, Claim, Domain, Finding, Integers, Range, Verdict, evaluate,
                   evaluate_all, format_point, verdict_table)
from .dynamics import CLAIMS as DYNAMICS_CLAIMS
from .equilibrium import CLAIMS as EQUILIBRIUM_CLAIMS
from .model import CLAIMS as MODEL_CLAIMS
from .n_scaling import CLAIMS as N_SCALING_CLAIMS
from .nonequilibrium import CLAIMS as NONEQUILIBRIUM_CLAIMS
from .paper import CLAIMS as PAPER_CLAIMS

ALL = [*PAPER_CLAIMS, *MODEL_CLAIMS, *EQUILIBRIUM_CLAIMS, *NONEQUILIBRIUM_CLAIMS,
       *N_SCALING_CLAIMS, *DYNAMICS_CLAIMS]


def claims(page: str | None = None, source: str | None = None) -> list[Claim]:
    """The registered claims, optionally of one page and/or one source."""
    return [c for c in ALL if (page is None or c.page == page)
            and (source is None or c.source == source)]


SECTIONS = (("paper", "The paper's claims, in the range of its figures"),
            ("paper-outside", "The same claims outside the paper's range"),
            ("book", "This page's own statements"))


def report(page: str, seed: int = 0) -> tuple[str, list[Verdict]]:
    """The verdicts of a page's claims as Markdown tables (one per source), and the verdicts.

    Every claim is evaluated on seeded random samples of its domain
    (:func:`evaluate`); a claim whose verdict differs from the one the book
    states is marked, and :attr:`Verdict.as_expected` lets a page assert it.
    """
    parts, verdicts = [], []
    for source, title in SECTIONS:
        chosen = claims(page=page, source=source)
        if not chosen:
            continue
        vs = evaluate_all(chosen, seed)
        verdicts += vs
        parts.append(f"**{title}**\n\n{verdict_table(vs)}")
    return "\n\n".join(parts), verdicts


__all__ = ["ALL", "SECTIONS", "Choice", "Claim", "Domain", "Finding", "Integers", "Range",
           "Verdict", "claims", "evaluate", "evaluate_all", "format_point", "report",
           "verdict_table"]
