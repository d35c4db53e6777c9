"""The built site served on 127.0.0.1 and headless Chromium, for the browser tests.

``_build/html`` (``make book``; ``make test`` builds it first) is served by a
server that stops by itself, and pages are opened in Debian's ``chromium``
driven by Playwright, with every request that leaves the local server blocked
and counted.  Without the browser or the built site the tests skip locally and
fail in CI (``CI=true``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qbcore.web import assets

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SERVER_LIFETIME_S = 1800  # the server shuts itself down after this, whatever happens
ASSET_DIRS = {"_static", "_sources", "_images", "_explorers"}

BOOK_PAGES = ["book/intro.html", "book/model.html", "book/ergotropy.html",
              "book/equilibrium.html", "book/nonequilibrium.html", "book/n_scaling.html",
              "book/dynamics.html"]
EXPLORERS = {"book/equilibrium.html": [2], "book/nonequilibrium.html": [3, 4, 5],
             "book/n_scaling.html": [6], "book/dynamics.html": ["charging"]}

#: Window widths of the checks: a laptop and a phone.
WIDTHS = (1280, 390)


def require(ok: bool, why: str) -> None:
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
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                  if not ASSET_DIRS.intersection(p.relative_to(SITE).parts))


def explorer_data(number: int) -> dict:
    """The grid of Fig. ``number`` as the built site serves it, read by Python."""
    text = (SITE / assets.ASSET_DIR / f"fig{number}.js").read_text(encoding="utf-8")
    head = f"window.qbExplorerData[{json.dumps(number)}] = "
    body = text[text.index(head) + len(head):].rstrip().rstrip(";")
    return json.loads(body)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="session")
def site():
    require((SITE / "book" / "intro.html").exists(),
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


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    require(executable is not None,
            "chromium is not installed (Debian: apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements.txt pins it
        require(False, "playwright is not installed (pip install -r requirements.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-quic",
                                    "--no-first-run", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync"])
        try:
            yield b
        finally:
            b.close()


@dataclass
class OpenPage:
    """A page open in its own browser context, with what it tried and what went wrong."""

    context: object
    page: object
    external: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def close(self):
        self.context.close()


def open_page(browser, site: str, page_name: str, width: int) -> OpenPage:
    """Open ``page_name`` at a window ``width`` px wide; wait for MathJax and the explorers."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    opened = OpenPage(context, None)

    def route(r):
        if r.request.url.startswith(site) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            opened.external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    # keep every resource's timing (the default buffer holds 250)
    context.add_init_script("performance.setResourceTimingBufferSize(100000);")
    page = context.new_page()
    opened.page = page
    page.on("console", lambda m: opened.errors.append(f"console.{m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(f"page error: {e}"))
    page.goto(site + page_name, wait_until="load")
    if page_name == "index.html":  # a redirect to the first page
        page.wait_for_url("**/book/intro.html")
        page.wait_for_load_state("load")
    if page.locator(".math").count():
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise "
            "&& document.querySelectorAll('mjx-container').length > 0", timeout=60_000)
        page.evaluate("() => MathJax.startup.promise")
    for n in EXPLORERS.get(page_name, []):
        page.wait_for_selector(f"#qb-explorer-fig-{n} .js-plotly-plot .main-svg",
                               state="visible", timeout=60_000)
    return opened


def shot_path(page_name: str, width: int) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{page_name.replace('/', '_')[:-5]}-{width}.png"
