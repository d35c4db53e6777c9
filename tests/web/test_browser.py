"""Every built page in headless Chromium, at a laptop's width (1280 px) and a phone's (390 px).

Each page is checked for: no console error and no request that leaves the
site; every figure loaded and visible; the maths rendered by MathJax (no raw
TeX left); nothing cut off on the right (no display equation wider than the
column at 1280 px; code, printed output and tables that fit the column at
1280 px, and on a phone either fit or scroll inside their own box: nothing
clipped, and the page itself never scrolls sideways); figures sharp (no raster
image under 1000 px wide: SVG passes); at most :data:`MAX_PAGE_BYTES` loaded.
A full-page screenshot at each width goes to ``_build/screenshots/`` and the
bytes each page loaded to ``_build/screenshots/report.json``.  The explorers'
sliders are checked in ``test_explorer_pages.py``.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import (BOOK_PAGES, EXPLORERS, SHOTS, SITE, WIDTHS, open_page, require, shot_path,
                      site_pages)
from qbcore.web import assets
from qbcore.web import static_explorers as se

#: Everything one page may load (HTML, styles, scripts, fonts, figures, explorer data).
MAX_PAGE_BYTES = 3_500_000

#: Narrowest raster image (PNG, JPEG, GIF) allowed, in pixels: sharp at twice its displayed size.
MIN_RASTER_WIDTH = 1000


@pytest.fixture(scope="module")
def report():
    data = {}
    yield data
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "report.json"
    old = {}
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

BYTES_LOADED = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const files = [[nav.name, nav.decodedBodySize]].concat(
      performance.getEntriesByType('resource').map(r => [r.name, r.decodedBodySize]));
  return files;
}"""

# What does not fit: returns [kind, description, numbers] for every problem found.
#  - "page": the page scrolls sideways;
#  - "equation": a display equation wider than its column (checked at every width; on a
#    phone an equation may instead scroll in its own box, reported as "scrolls");
#  - "clipped": content cut off by an element that hides its overflow;
#  - "spills": content past the column's right edge, not inside a box that scrolls;
#  - "scrolls": code, output or a table that needs scrolling sideways to be read.
LAYOUT = """(width) => {
  const out = [];
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const right = article.getBoundingClientRect().right;
  const describe = e => {
    const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    return e.tagName.toLowerCase() + cls + ' "' + (e.textContent || e.getAttribute('src') || '').trim().replace(/\\s+/g, ' ').slice(0, 70) + '"';
  };
  const scroller = e => {
    for (let a = e; a && a !== article.parentElement; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === 'auto' || o === 'scroll') && a.scrollWidth > a.clientWidth + 1) return a;
    }
    return null;
  };
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push(['page', 'the page scrolls sideways', [document.documentElement.scrollWidth, window.innerWidth]]);
  for (const m of article.querySelectorAll('mjx-container[display="true"]')) {
    const math = m.querySelector('mjx-math');
    const w = Math.ceil(math.getBoundingClientRect().width), column = m.clientWidth;
    if (w > column + 1) out.push([width >= 1000 || !scroller(m) ? 'equation' : 'scrolls', describe(m), [w, column]]);
  }
  const blocks = article.querySelectorAll(
      'p, li, pre, table, img, svg, figure, div, mjx-container[display="true"], dl, blockquote');
  for (const e of blocks) {
    if (e.closest('.js-plotly-plot') && !e.classList.contains('js-plotly-plot')) continue;
    if (e.closest('mjx-container') && e.tagName.toLowerCase() !== 'mjx-container') continue;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const o = style.overflowX;
    if ((o === 'hidden' || o === 'clip') && e.scrollWidth > e.clientWidth + 1 && e.tagName.toLowerCase() !== 'mjx-container')
      out.push(['clipped', describe(e), [e.scrollWidth, e.clientWidth]]);
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > right + 1 && !scroller(e.parentElement))
      out.push(['spills', describe(e), [Math.round(box.right), Math.round(right)]]);
  }
  for (const e of article.querySelectorAll('div.cell_input pre, div.cell_output pre, div.highlight pre, table')) {
    const box = scroller(e) || e;
    if (box.scrollWidth > box.clientWidth + 1)
      out.push(['scrolls', describe(e), [box.scrollWidth, box.clientWidth]]);
  }
  return out;
}"""

IMAGES = """() => Array.from(document.querySelectorAll('article.bd-article img')).map(i => ({
  src: i.currentSrc || i.src, natural: i.naturalWidth, shown: Math.round(i.getBoundingClientRect().width),
  complete: i.complete }))"""


def _layout_problems(page, width):
    problems = page.evaluate(LAYOUT, width)
    if width < 1000:  # on a phone, a table or a wide equation may scroll inside its own box
        problems = [p for p in problems
                    if not (p[0] == "scrolls" and (p[1].startswith("table") or p[1].startswith("mjx")))]
    # the dedicated kinds say more than the generic "spills" of the same element's ancestors
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", site_pages())
def test_page_in_headless_chromium(site, browser, report, page_name, width):
    opened = open_page(browser, site, page_name, width)
    page = opened.page
    try:
        # every figure visible: images loaded and on screen
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

        # the explorers run on the vendored basic bundle
        if EXPLORERS.get(page_name):
            assert page.evaluate("() => window.Plotly.version") == assets.PLOTLY_JS_VERSION

        page.evaluate("() => { document.activeElement && document.activeElement.blur();"
                      " window.scrollTo(0, 0); }")
        page.screenshot(path=str(shot_path(page_name, width)), full_page=True)

        problems = _layout_problems(page, width)
        images = page.evaluate(IMAGES)
        raster = [i for i in images
                  if re.search(r"\.(png|jpe?g|gif)$|^data:image/(png|jpeg|gif)", i["src"], re.I)
                  and i["natural"] < MIN_RASTER_WIDTH]
        files = page.evaluate(BYTES_LOADED)
        total = sum(size for _, size in files)
        report[f"{page_name}@{width}"] = {
            "bytes_loaded": total, "errors": opened.errors, "layout_problems": problems,
            "low_resolution_images": raster, "images": len(images),
            "largest_files": sorted(([re.sub(r"^https?://[^/]+/", "", u), s] for u, s in files),
                                    key=lambda f: -f[1])[:8],
            "html_bytes": (SITE / page_name).stat().st_size}

        assert not opened.errors, opened.errors
        assert not opened.external, f"requests that left the local site: {opened.external[:5]}"
        assert not problems, f"{page_name} at {width} px: {problems[:6]}"
        assert not raster, f"raster figures under {MIN_RASTER_WIDTH} px: {raster[:4]}"
        assert total <= MAX_PAGE_BYTES, \
            f"{page_name} loaded {total / 1e6:.2f} MB: {report[f'{page_name}@{width}']['largest_files']}"
    finally:
        opened.close()


def test_every_explorer_page_is_tested():
    for page_name, numbers in EXPLORERS.items():
        assert page_name in BOOK_PAGES
        assert sorted(numbers) == sorted(se.PAGES[page_name.split("/")[1][:-5]])


def test_explorer_data_per_page_below_limit():
    require((SITE / assets.ASSET_DIR).is_dir(), f"{SITE} is not built: run `make book`")
    for page_name, numbers in EXPLORERS.items():
        html = (SITE / page_name).read_text(encoding="utf-8")
        for n in numbers:
            assert f"load('fig{n}.js'" in html, f"{page_name} does not load Fig. {n}'s grid"
        data = sum((SITE / assets.ASSET_DIR / f"fig{n}.js").stat().st_size for n in numbers)
        assert 0 < data < se.MAX_PAGE_BYTES, (page_name, data)


def test_no_page_refers_to_a_cdn():
    require(SITE.is_dir(), f"{SITE} is not built: run `make book`")
    for page_name in site_pages():
        html = (SITE / page_name).read_text(encoding="utf-8")
        srcs = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
        assert not [s for s in srcs if "://" in s], (page_name, srcs)
        assert "_static/mathjax/startup.js" in html or page_name in ("genindex.html",
                                                             "search.html", "index.html")
