"""The kernel-free explorers in headless Chromium: what the page shows is the precomputed grid.

For every explorer of the built book, at 1280 px and 390 px: every control
(slider or menu) changes the plotted data when moved to some other value (at
the defaults, or with one other control moved: e.g. in equilibrium W depends
on J only through J = 0 against J > 0); after every move the plotted curves are the grid point of the values
the page *displays* next to its controls, looked up in Python
(:func:`qbcore.web.static_explorers.point_curves` on the data file the site
serves), not the index the page computes; the curve names and hover labels
are the labels at those values; a curve that could not be computed is blank
and the message line gives its reason; the W axis fits the curves.  A real
mouse hover over a point shows that curve's name and value.
"""

from __future__ import annotations

import html

import numpy as np
import pytest

from conftest import EXPLORERS, WIDTHS, explorer_data, open_page
from qbcore.viz import style
from qbcore.web import static_explorers as se

PLOTTED = """el => ({
  names: el.data.map(t => t.name),
  x: el.data.map(t => t.x),
  y: el.data.map(t => t.y),
  hover: el.data.map(t => t.hovertemplate),
  range: el.layout.yaxis.range,
  point: el.dataset.point,
})"""

DISPLAYED = """root => Array.from(root.querySelectorAll('[data-control]')).map(e => [
  e.dataset.control,
  e.tagName.toLowerCase() === 'select' ? e.options[e.selectedIndex].textContent
                                       : e.parentElement.querySelector('output').textContent])"""


class Explorer:
    """One explorer on the page, driven like a reader would (keyboard and menus)."""

    def __init__(self, page, number: int):
        self.page = page
        self.number = number
        self.data = explorer_data(number)
        self.root = page.locator(f"#qb-explorer-fig-{number}")
        self.plot = self.root.locator(".js-plotly-plot")
        self.controls = {c["name"]: c for c in self.data["controls"]}

    # -- reading the page -----------------------------------------------------------

    def displayed(self) -> dict:
        """The control values as the page displays them, as Python values."""
        values = {}
        for name, text in self.root.evaluate(DISPLAYED):
            kind = self.controls[name]["kind"]
            values[name] = float(text) if kind == "float" else int(text) if kind == "int" else text
        return values

    def plotted(self) -> dict:
        return self.plot.evaluate(PLOTTED)

    def message(self) -> str:
        return self.root.locator(".qb-explorer-message").text_content()

    # -- moving the controls ------------------------------------------------------

    def _element(self, name):
        return self.root.locator(f"[data-control='{name}']")

    def _changed(self, before):
        self.page.wait_for_function("([el, p]) => el.dataset.point !== p",
                                    arg=[self.plot.element_handle(), before], timeout=10_000)

    def set_index(self, name: str, index: int) -> None:
        """Put a control at its ``index``-th grid value (keyboard for sliders)."""
        element = self._element(name)
        current = int(element.evaluate("e => e.value"))
        if current == index:
            return
        before = self.plotted()["point"]
        if self.controls[name]["kind"] == "choice":
            element.select_option(str(index))
        else:
            element.focus()
            key = "ArrowRight" if index > current else "ArrowLeft"
            for _ in range(abs(index - current)):
                self.page.keyboard.press(key)
        self._changed(before)

    def move(self, name: str) -> None:
        """Move a control by one step (back one step from its last value)."""
        n = len(self.controls[name]["values"])
        current = int(self._element(name).evaluate("e => e.value"))
        self.set_index(name, current + 1 if current + 1 < n else current - 1)

    def reset(self) -> None:
        for name, c in self.controls.items():
            self.set_index(name, c["default"])

    # -- the checks -----------------------------------------------------------------

    def check_against_grid(self) -> None:
        """The plot is the grid point of the displayed values, mapped through Python."""
        values = self.displayed()
        shown = self.plotted()
        expected = se.point_curves(self.data, **values)
        reasons = se.point_reasons(self.data, **values)
        labels = se.curve_labels(self.data, **values)
        where = f"Fig. {self.number} at {values}"
        assert shown["names"] == labels, where
        assert [h.endswith(f"<extra>{html.escape(label)}</extra>") for h, label in
                zip(shown["hover"], labels)] == [True] * len(labels), (where, shown["hover"])
        drawn = []
        for label, x, y in zip(labels, shown["x"], shown["y"]):
            assert x == self.data["x"]["values"], where
            w = None if expected is None else expected[label]
            if w is None:
                assert all(v is None for v in y), (where, label)
            else:
                np.testing.assert_allclose(np.asarray(y, dtype=float), w, rtol=0, atol=1e-12,
                                           err_msg=f"{where}: {label}")
                drawn.append(w)
        np.testing.assert_allclose(shown["range"], style.w_limits(drawn), atol=1e-9, err_msg=where)
        message = self.message()
        for k, reason in reasons.items():
            assert reason in message, (where, message)
            if k >= 0:
                assert labels[k] in message, (where, message)
        if not reasons:
            assert message == "", (where, message)

    def check_hover(self) -> None:
        """Hover a drawn point with the mouse: the label names that curve, at its value."""
        shown = self.plotted()
        j = next(j for j, y in enumerate(shown["y"]) if any(v is not None for v in y))
        k = max(i for i, v in enumerate(shown["y"][j]) if v is not None) * 2 // 3
        x, y = shown["x"][j][k], shown["y"][j][k]
        self.plot.scroll_into_view_if_needed()
        px, py = self.plot.evaluate(
            "(el, p) => { const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;"
            " return [xa._offset + xa.l2p(xa.d2l(p[0])), ya._offset + ya.l2p(ya.d2l(p[1]))]; }", [x, y])
        box = self.plot.bounding_box()
        self.page.mouse.move(box["x"] + px + 1, box["y"] + py)
        self.page.mouse.move(box["x"] + px, box["y"] + py)
        label = self.plot.locator(".hoverlayer .hovertext")
        label.first.wait_for(state="visible", timeout=10_000)
        name = label.first.locator("text.name").text_content()
        body = label.first.locator("text.nums").text_content()
        assert name in shown["names"], (name, shown["names"])
        hovered = shown["names"].index(name)
        value = next(v for xv, v in zip(shown["x"][hovered], shown["y"][hovered]) if xv == x)
        assert f"W = {value:.3f}" in body, (body, value)
        assert name == se.curve_labels(self.data, **self.displayed())[hovered]
        self.page.mouse.move(0, 0)


def _bases(explorer: Explorer, name: str):
    """Where to move control ``name``: at the defaults, then with one other control elsewhere."""
    yield {}
    for other, c in explorer.controls.items():
        if other != name:
            for index in range(len(c["values"])):
                if index != c["default"]:
                    yield {other: index}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", sorted(EXPLORERS))
def test_explorers_show_the_grid_of_the_displayed_values(site, browser, page_name, width):
    opened = open_page(browser, site, page_name, width)
    try:
        for number in EXPLORERS[page_name]:
            explorer = Explorer(opened.page, number)
            assert explorer.root.locator("input[type=range]").count() >= 2
            explorer.check_against_grid()                     # the defaults
            for name, control in explorer.controls.items():
                changed = False
                for base in _bases(explorer, name):
                    explorer.reset()
                    for other, index in base.items():
                        explorer.set_index(other, index)
                    before = explorer.plotted()
                    for index in range(len(control["values"])):   # every other value
                        if index == control["default"]:
                            continue
                        explorer.set_index(name, index)
                        explorer.check_against_grid()
                        after = explorer.plotted()
                        if (after["y"], after["names"]) != (before["y"], before["names"]):
                            changed = True
                            break
                    if changed:
                        break
                assert changed, f"Fig. {number}: moving {name} never changed the plot"
            # away from the defaults (Figs. 4-5: the label names mu and dmu), hover a point
            explorer.reset()
            for name in list(explorer.controls)[:2]:
                explorer.move(name)
            explorer.check_against_grid()
            explorer.check_hover()
            explorer.reset()
        assert not opened.errors, opened.errors
        assert not opened.external, opened.external[:5]
    finally:
        opened.close()


def test_failed_curves_are_blank_with_their_reason_on_the_page(site, browser):
    """Wherever the grid has a failed curve, the page leaves it blank and says why (first such point)."""
    for page_name, numbers in sorted(EXPLORERS.items()):
        for number in numbers:
            data = explorer_data(number)
            failed = sorted(int(i) for i in data["failures"])
            if not failed:
                continue
            opened = open_page(browser, site, page_name, 1280)
            try:
                explorer = Explorer(opened.page, number)
                rest = failed[0]
                for c in reversed(data["controls"]):
                    rest, k = divmod(rest, len(c["values"]))
                    explorer.set_index(c["name"], k)
                explorer.check_against_grid()
                assert explorer.message()
            finally:
                opened.close()
