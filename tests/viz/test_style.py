"""qbcore.viz.style.glue: myst_nb's glue in the book, a plain display elsewhere."""

from __future__ import annotations

import sys
import types

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from qbcore.viz import style  # noqa: E402


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
