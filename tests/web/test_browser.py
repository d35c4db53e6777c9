"""The built book in headless Chromium, without network.

``_build/html`` (``make book``; ``make test`` builds it first) is served on
127.0.0.1 by a server that stops by itself, and every page is opened in
Debian's ``chromium`` driven by Playwright.  Any request that leaves the local
server is blocked and counted, so the pages must carry all they need.  Each
page is checked for: no console error, every figure visible, the maths
rendered by MathJax (no raw TeX left), and every control of every
kernel-free explorer changing the plotted data.  A full-page screenshot of
each page goes to ``_build/screenshots/`` and a summary (bytes per page) to
``_build/screenshots/report.json``.

Without the browser or the built site the tests skip locally and fail in CI
(``CI=true``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from qbcore.web import static_explorers as se

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SERVER_LIFETIME_S = 900  # the server shuts itself down after this, whatever happens
ASSET_DIRS = {"_static", "_sources", "_images", "_explorers"}

BOOK_PAGES = ["book/intro.html", "book/model.html", "book/ergotropy.html",
              "book/equilibrium.html", "book/nonequilibrium.html", "book/n_scaling.html",
              "book/dynamics.html"]
EXPLORERS = {"book/equilibrium.html": [2], "book/nonequilibrium.html": [3, 4, 5],
             "book/n_scaling.html": [6], "book/dynamics.html": ["charging"]}


def _require(ok: bool, why: str) -> None:
    if not ok:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def site_pages() -> list[str]:
    if not SITE.is_dir():
        return list(BOOK_PAGES)
    pages = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                   if not ASSET_DIRS.intersection(p.relative_to(SITE).parts))
    return pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site():
    _require((SITE / "book" / "intro.html").exists(),
             f"{SITE} is not built: run `make book` (make test does it first)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    timer = threading.Timer(SERVER_LIFETIME_S, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        timer.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    _require(executable is not None,
             "chromium is not installed (Debian: apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements.txt pins it
        _require(False, "playwright is not installed (pip install -r requirements.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True,
                              args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def report():
    data = {}
    yield data
    SHOTS.mkdir(parents=True, exist_ok=True)
    old = {}
    path = SHOTS / "report.json"
    if path.exists():
        try:
            old = json.loads(path.read_text())
        except ValueError:
            old = {}
    path.write_text(json.dumps({**old, **data}, indent=1, sort_keys=True))


TEXT_OUTSIDE_MATH = """() => {
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, .highlight, mjx-container, script, style, .cell_input')
       .forEach(e => e.remove());
  return clone.textContent;
}"""

PLOT_DATA = """el => JSON.stringify((el.data || []).map(t => t.y))"""
GRID_ROW = """(el, n) => { const d = window.qbExplorerData[n]; const row = d.W[+el.dataset.point];
  return JSON.stringify(d.curves.map((_, j) => row ? row[j].map(w => w / d.scale)
                                                   : d.x.values.map(() => null))); }"""


def _open(browser, site, page_name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external, errors, sizes = [], [], {"bytes": 0}

    def route(r):
        if r.request.url.startswith(site) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))

    def on_response(resp):
        try:
            sizes["bytes"] += len(resp.body())
        except Exception:  # redirects and aborted requests have no body
            pass

    page.on("response", on_response)
    page.goto(site + page_name, wait_until="load")
    if page_name == "index.html":  # a redirect to the first page
        page.wait_for_url("**/book/intro.html")
        page.wait_for_load_state("load")
    return context, page, external, errors, sizes


def _wait_for_mathjax(page):
    page.wait_for_function(
        "() => !document.querySelector('.math') || "
        "(window.MathJax && MathJax.startup && MathJax.startup.promise "
        " && document.querySelectorAll('mjx-container').length > 0)", timeout=30_000)
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")


def _move(page, handle):
    """Move a control to another value like a reader would; returns the new value."""
    tag = handle.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        options = handle.evaluate("e => Array.from(e.options).map(o => o.value)")
        current = handle.evaluate("e => e.value")
        new = next(o for o in options if o != current)
        handle.select_option(new)
        return new
    handle.focus()
    at_max = handle.evaluate("e => e.value === e.max")
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    return handle.evaluate("e => e.value")


@pytest.mark.parametrize("page_name", site_pages())
def test_page_in_headless_chromium(site, browser, report, page_name):
    context, page, external, errors, sizes = _open(browser, site, page_name)
    try:
        if page_name in BOOK_PAGES:
            _wait_for_mathjax(page)
        numbers = EXPLORERS.get(page_name, [])
        for n in numbers:
            page.wait_for_selector(f"#qb-explorer-fig-{n} .js-plotly-plot .main-svg",
                                   state="visible", timeout=30_000)

        # every figure visible: images loaded and on screen, plotly figures drawn
        images = page.locator("article.bd-article img")
        for i in range(images.count()):
            img = images.nth(i)
            img.scroll_into_view_if_needed()
            assert img.is_visible(), f"image {i} hidden"
            assert img.evaluate("e => e.complete && e.naturalWidth > 0"), \
                f"image {img.get_attribute('src')} did not load"
        for fig in page.locator("article.bd-article figure").all():
            assert fig.is_visible()

        # maths rendered: MathJax containers and no TeX left in the prose
        if page.locator("main .math").count():
            assert page.locator("main mjx-container").count() >= page.locator("main .math").count()
        text = page.evaluate(TEXT_OUTSIDE_MATH)
        leftovers = re.findall(r"\\\(|\\\)|\\\[|\\\]|\$[^$\n]{0,40}\$|\\(?:mathcal|frac|mu|Delta)\b",
                               text)
        assert not leftovers, f"raw TeX on {page_name}: {leftovers[:5]}"

        # every control of every explorer changes the plotted data
        moved = {}
        for n in numbers:
            root = page.locator(f"#qb-explorer-fig-{n}")
            plot = root.locator(".js-plotly-plot")
            assert plot.is_visible()
            assert root.locator("input[type=range]").count() >= 2
            controls = root.locator("input[type=range], select")
            names = []
            for k in range(controls.count()):
                control = controls.nth(k)
                name = control.get_attribute("data-control")
                before = plot.evaluate(PLOT_DATA)
                point = plot.get_attribute("data-point")
                control.scroll_into_view_if_needed()
                _move(page, control)
                page.wait_for_function(
                    "([el, p]) => el.dataset.point !== p", arg=[plot.element_handle(), point],
                    timeout=10_000)
                after = plot.evaluate(PLOT_DATA)
                # the plot shows exactly the precomputed grid point the controls select
                expected = plot.evaluate(GRID_ROW, n)
                assert after == expected, f"Fig. {n}: after moving {name} the plot is not the grid"
                if after != before:
                    names.append(name)
                _move_back(page, control)
            # some controls do nothing at the defaults (Fig. 2: W of the star does not
            # depend on J, γ or N), but every explorer must respond to its controls
            assert names, f"Fig. {n}: no control changed the plotted data"
            moved[n] = names

        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("() => { document.activeElement && document.activeElement.blur();"
                      " window.scrollTo(0, 0); }")
        page.screenshot(path=str(SHOTS / (page_name.replace("/", "_")[:-5] + ".png")),
                        full_page=True)
        report[page_name] = {"bytes_loaded": sizes["bytes"], "errors": errors,
                             "html_bytes": (SITE / page_name).stat().st_size,
                             "explorer_data_bytes": sum(
                                 (SITE / se.ASSET_DIR / f"fig{n}.js").stat().st_size
                                 for n in numbers),
                             "controls_moved": moved}
        assert not errors, errors
        assert not external, f"requests that left the local site: {external[:5]}"
    finally:
        context.close()


def _move_back(page, control):
    """Return a control to its previous position (so that the screenshot shows the defaults)."""
    tag = control.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        control.select_option(index=0)
    else:
        control.focus()
        page.keyboard.press("Home")
        default = None
        # the controller stores no default on the element: read it from the data
        default = control.evaluate(
            "(e) => { const root = e.closest('.qb-explorer');"
            " const n = root.dataset.figure; const c = window.qbExplorerData[n].controls"
            ".find(c => c.name === e.dataset.control); return c['default']; }")
        for _ in range(int(default)):
            page.keyboard.press("ArrowRight")


def test_every_explorer_page_is_tested():
    for page_name, numbers in EXPLORERS.items():
        assert page_name in BOOK_PAGES
        assert sorted(numbers) == sorted(se.PAGES[page_name.split("/")[1][:-5]])


def test_explorer_data_per_page_below_limit():
    _require((SITE / se.ASSET_DIR).is_dir(), f"{SITE} is not built: run `make book`")
    for page_name, numbers in EXPLORERS.items():
        html = (SITE / page_name).read_text(encoding="utf-8")
        for n in numbers:
            assert f"load('fig{n}.js'" in html, f"{page_name} does not load Fig. {n}'s grid"
        data = sum((SITE / se.ASSET_DIR / f"fig{n}.js").stat().st_size for n in numbers)
        assert 0 < data < se.MAX_PAGE_BYTES, (page_name, data)
        assert (SITE / page_name).stat().st_size < 1_000_000


def test_no_page_refers_to_a_cdn():
    _require(SITE.is_dir(), f"{SITE} is not built: run `make book`")
    for page_name in site_pages():
        html = (SITE / page_name).read_text(encoding="utf-8")
        srcs = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
        assert not [s for s in srcs if "://" in s], (page_name, srcs)
        assert "_static/mathjax/tex-mml-chtml.js" in html or page_name in ("genindex.html",
                                                                   "search.html", "index.html")
