"""Font Awesome trimmed to the icons a site uses: rules kept, glyphs kept, the rest gone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qbcore.web import icons

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

THEME = icons.theme_static()
pytestmark = pytest.mark.skipif(THEME is None, reason="pydata-sphinx-theme is not installed")


def _cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(str(path)).getBestCmap())


def _theme_css() -> str:
    return (THEME / icons.STYLESHEET).read_text(encoding="utf-8")


def test_icon_rules_are_read_from_the_theme():
    rules = icons.icon_rules(_theme_css())
    assert len(rules) > 1000
    by_name = {name: cp for names, cp, _ in rules for name in names}
    assert by_name["github"] == 0xF09B and by_name["rocket"] == 0xF135
    assert by_name["square-github"] == by_name["github-square"]   # one rule, two names


def test_theme_draws_icons_of_its_own():
    points = icons.theme_code_points(_theme_css())
    assert 0xF05A in points      # the info circle of note admonitions
    assert all(0xE000 <= p < 0xF900 for p in points)


@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "html"
    (site / "_static" / "styles").mkdir(parents=True)
    (site / "_static" / icons.FONT_DIR).mkdir(parents=True)
    (site / "_static" / "scripts").mkdir()
    (site / "page.html").write_text('<i class="fa-brands fa-github"></i><i class="fa-solid fa-bars">')
    (site / "_static" / "scripts" / "theme.js").write_text('e.className="fa-solid fa-xmark"')
    return site


def test_trim_keeps_exactly_the_icons_in_use(tiny_site):
    sizes = icons.trim(tiny_site, log=lambda *_: None)
    css = (tiny_site / "_static" / icons.STYLESHEET).read_text(encoding="utf-8")
    kept = {name for names, _, _ in icons.icon_rules(css) for name in names}
    assert {"github", "bars", "xmark"} <= kept
    assert "rocket" not in kept and "github-alt" not in kept
    assert sizes[icons.STYLESHEET][1] < sizes[icons.STYLESHEET][0] - 50_000
    # everything but the icon rules is untouched
    original = _theme_css()
    assert icons._RULE.sub("", css) == icons._RULE.sub("", original)
    wanted = {0xF09B, 0xF0C9} | icons.theme_code_points(original)
    for font in icons.FONTS:
        for suffix in (".woff2", ".ttf"):
            path = tiny_site / "_static" / icons.FONT_DIR / f"{font}{suffix}"
            full = THEME / icons.FONT_DIR / f"{font}{suffix}"
            points = _cmap(path)
            assert points == _cmap(full) & (wanted | {0xF00D}), (font, suffix)  # xmark: f00d
            assert path.stat().st_size < full.stat().st_size / 5
        assert (tiny_site / "_static" / icons.FONT_DIR / f"{font}.woff2").read_bytes()[:4] == b"wOF2"
    assert 0xF09B in _cmap(tiny_site / "_static" / icons.FONT_DIR / "fa-brands-400.woff2")
    assert 0xF0C9 in _cmap(tiny_site / "_static" / icons.FONT_DIR / "fa-solid-900.woff2")


def test_trim_again_restores_an_icon_taken_into_use(tiny_site):
    icons.trim(tiny_site, log=lambda *_: None)
    (tiny_site / "other.html").write_text('<i class="fas fa-rocket"></i>')
    icons.trim(tiny_site, log=lambda *_: None)
    css = (tiny_site / "_static" / icons.STYLESHEET).read_text(encoding="utf-8")
    assert ".fa-rocket:before" in css
    assert 0xF135 in _cmap(tiny_site / "_static" / icons.FONT_DIR / "fa-solid-900.woff2")


def test_built_site_has_a_glyph_for_every_icon_it_names():
    if not (SITE / "_static" / icons.STYLESHEET).is_file():
        if IN_CI:
            pytest.fail(f"{SITE} is not built: run `make book`")
        pytest.skip("the book is not built")
    css = (SITE / "_static" / icons.STYLESHEET).read_text(encoding="utf-8")
    by_name = {name: cp for names, cp, _ in icons.icon_rules(css) for name in names}
    full = {name: cp for names, cp, _ in icons.icon_rules(_theme_css()) for name in names}
    used = {n for n in icons.used_icon_names(SITE) if n in full}
    assert used and used <= set(by_name)
    glyphs = set()
    for font in icons.FONTS:
        glyphs |= _cmap(SITE / "_static" / icons.FONT_DIR / f"{font}.woff2")
    assert {by_name[n] for n in used} <= glyphs
