"""qbcore.viz.style: W axes that fit the data, SVG figures, tables of numbers, and glue
(myst_nb's in the book, a plain display elsewhere)."""

from __future__ import annotations

import math
import sys
import types

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from qbcore.viz import style  # noqa: E402



# -- W axes ------------------------------------------------------------------


@pytest.mark.parametrize("lo, hi", [(0.0, 0.4), (0.0, 1.0), (0.2, 0.3), (0.95, 1.0),
                                    (0.0, 0.0), (0.5, 0.5), (0.31, 0.87)])
def test_w_limits_fit_the_data(lo, hi):
    a, b = style.w_limits([np.array([lo, hi]), np.array([0.5 * (lo + hi)])])
    assert a <= lo and b >= hi                                 # every value inside
    assert style.W_RANGE[0] <= a and b <= style.W_RANGE[1]     # never beyond W's range
    span = max(hi - lo, style.MIN_W_SPAN)
    assert b - a <= span * (1 + 2 * style.W_MARGIN) + 1e-12   # no wider than the data needs
    assert b - a >= min(style.MIN_W_SPAN, 1.04) - 1e-12


def test_w_limits_ignore_missing_values():
    assert style.w_limits([np.array([np.nan, 0.2, 0.3]), None, [None, 0.25]]) == \
        style.w_limits([np.array([0.2, 0.3])])
    assert style.w_limits([np.array([np.nan])]) == style.W_RANGE
    assert style.w_limits([]) == style.W_RANGE


def test_w_limits_of_fig6_like_data_stop_well_below_one(rng):
    curves = [np.sort(rng.uniform(0, 0.38, 81)) for _ in range(5)]
    a, b = style.w_limits(curves)
    assert b < 0.42 and a < 0


# -- SVG figures ---------------------------------------------------------------


@pytest.fixture
def book_shell():
    """An IPython shell with the book style, restored afterwards."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    formatters = {k: dict(f.type_printers) for k, f in shell.display_formatter.formatters.items()}
    with matplotlib.rc_context():
        style.use_book_style()
        yield shell
    for k, f in shell.display_formatter.formatters.items():
        f.type_printers.clear()
        f.type_printers.update(formatters[k])
    InteractiveShell.clear_instance()


def _svg_of(shell):
    import matplotlib.pyplot as plt
    from IPython.core.formatters import format_display_data

    fig, ax = style.new_axes()
    ax.plot([0, 1, 2], [0.1, 0.5, 0.2], label="$T = 1$")
    ax.imshow(np.arange(12.0).reshape(3, 4), extent=(0, 2, 0, 0.5))
    style.finish(ax, "mu", "W", title="a figure")
    bundle, _ = format_display_data(fig)
    plt.close(fig)
    return bundle


def test_book_style_makes_deterministic_svg_figures(book_shell):
    first, second = _svg_of(book_shell), _svg_of(book_shell)
    assert set(first) == {"image/svg+xml", "text/plain"}      # no PNG beside it
    svg = first["image/svg+xml"]
    assert svg == second["image/svg+xml"]                     # same bytes on every run
    assert "<dc:date>" not in svg
    assert "<text" not in svg                                 # glyphs as paths: no fonts needed
    assert matplotlib.rcParams["svg.hashsalt"] == style.SVG_HASHSALT
    assert tuple(matplotlib.rcParams["figure.figsize"]) == style.FIGSIZE


def test_book_style_outside_ipython_sets_only_matplotlib():
    from IPython.core.interactiveshell import InteractiveShell

    assert not InteractiveShell.initialized()
    with matplotlib.rc_context():
        style.use_book_style()
        assert matplotlib.rcParams["svg.fonttype"] == "path"
    assert not InteractiveShell.initialized()


def test_figsize_fits_the_text_column():
    # the column is about 690 CSS px (96 px per inch) at a 1280 px window
    assert 6.5 <= style.FIGSIZE[0] <= 690 / 96


# -- tables --------------------------------------------------------------------


def _parse(markdown: str) -> list[list[str]]:
    """The table's cells as the book's Markdown parser reads them."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row = [], None
    for t in tokens:
        if t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(t.content)
        elif t.type == "tr_close":
            rows.append(row)
            row = None
    return rows


def test_table_is_a_markdown_table_with_numbers_to_the_precision():
    md = style.table([[3, 0.123456, -1e-9, None], [1001, 2.0, math.nan, True]],
                     header=["N", "$W$", "error", "unique"], digits=3)
    assert _parse(md.data) == [["N", "$W$", "error", "unique"],
                               ["3", "0.123", "0.000", "–"],
                               ["1001", "2.000", "nan", "yes"]]
    assert md.data.splitlines()[1] == "|--:|--:|--:|:--|"        # numbers right-aligned


def test_table_digits_per_column_and_alignment():
    md = style.table([["star", 0.5, 0.25]], ["topology", "p", "q"], digits=[None, 1, 4],
                     align="lcr")
    assert _parse(md.data)[1] == ["star", "0.5", "0.2500"]
    assert md.data.splitlines()[1] == "|:--|:-:|--:|"


def test_table_takes_numpy_values():
    row = [np.int64(7), np.float64(0.5), np.bool_(False)]
    assert _parse(style.table([row], ["a", "b", "c"], digits=2).data)[1] == ["7", "0.50", "no"]


def test_table_escapes_pipes_and_newlines():
    md = style.table([["a|b\nc", math.inf]], ["x|y", "z"])
    assert _parse(md.data) == [["x|y", "z"], ["a|b c", "∞"]]


@pytest.mark.parametrize("kwargs, word", [
    (dict(rows=[[1, 2]], header=["a"]), "rows"),
    (dict(rows=[[1]], header=[]), "header"),
    (dict(rows=[[1, 2]], header=["a", "b"], digits=[1]), "digits"),
    (dict(rows=[[1]], header=["a"], digits=-1), "digits"),
    (dict(rows=[[1]], header=["a"], align="x"), "align"),
    (dict(rows=[[1]], header=["a"], align="ll"), "align"),
])
def test_table_rejects_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        style.table(**kwargs)


@pytest.mark.parametrize("digits", [1.5, "3", [1, 2.0]])
def test_table_rejects_digits_of_the_wrong_type(digits):
    with pytest.raises((TypeError, ValueError), match="digits"):
        style.table([[1, 2]], ["a", "b"], digits=digits)


# -- glue ----------------------------------------------------------------------



@pytest.fixture
def shown(monkeypatch):
    """What IPython's display received."""
    import IPython.display

    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: calls.append(obj))
    return calls


def _figure():
    fig, ax = style.new_axes()
    ax.plot([0, 1], [0, 1])
    return fig


@pytest.mark.parametrize("display", [False, True])
def test_with_myst_nb_the_object_goes_to_myst_nb(monkeypatch, shown, display):
    glued = []
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, obj, display=True: glued.append((name, obj, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    fig = _figure()
    style.glue("fig-x", fig, display=display)
    assert glued == [("fig-x", fig, display)] and shown == []
    assert not plt.fignum_exists(fig.number)   # closed: not drawn a second time


@pytest.mark.parametrize("display", [False, True])
def test_without_myst_nb_a_figure_is_displayed_in_place_and_closed(monkeypatch, shown, display):
    monkeypatch.setitem(sys.modules, "myst_nb", None)   # import myst_nb raises ImportError
    fig = _figure()
    style.glue("fig-x", fig, display=display)
    assert shown == [fig]
    assert not plt.fignum_exists(fig.number)


def test_without_myst_nb_a_value_is_displayed(monkeypatch, shown):
    monkeypatch.setitem(sys.modules, "myst_nb", None)
    style.glue("W", 0.4251)
    assert shown == [0.4251]
