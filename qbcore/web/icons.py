"""Font Awesome trimmed to the icons the built book uses.

The theme (pydata-sphinx-theme) ships every Font Awesome icon: about 1,900
CSS rules (0.09 MB of its stylesheet) and web fonts that every page loads
(0.27 MB).  The book's pages use about twenty of them (menus, search, the
repository and launch buttons, the theme switch).  :func:`trim` rewrites the
built site's copies: the stylesheet keeps the rules of the icons that a page
or a script of the site names, and each font keeps the glyphs of those icons
and of every icon the theme's own stylesheet draws (admonitions, links).  The
originals are read from the installed theme, so a rebuild that uses another
icon gets it back.  The fonts stay WOFF2 (``brotli`` compresses them).
"""

from __future__ import annotations

import re
from pathlib import Path

#: The theme's stylesheet and web fonts, relative to its ``static`` folder and to the site's ``_static``.
STYLESHEET = "styles/pydata-sphinx-theme.css"
FONT_DIR = "vendor/fontawesome/webfonts"
FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")

#: One icon rule: ``.fa-github:before{content:"\f09b"}`` (several selectors allowed).
_RULE = re.compile(r'(?<=[}])((?:\.fa-[\w-]+:(?:before|after),?)+)\{content:"\\([0-9a-fA-F]+) ?"\}')
_NAME = re.compile(r"\.fa-([\w-]+):(?:before|after)")
_USED = re.compile(r"\bfa-([a-z0-9-]+)")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
_PRIVATE_USE = range(0xE000, 0xF900)


def theme_static() -> Path | None:
    """The installed pydata-sphinx-theme's ``static`` folder (``None`` if it is not installed)."""
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    return Path(pydata_sphinx_theme.__file__).resolve().parent / "theme" / "pydata_sphinx_theme" / "static"


def icon_rules(css: str) -> list[tuple[set[str], int, str]]:
    """Every icon rule of a stylesheet: ``(icon names, code point, rule text)``."""
    return [(set(_NAME.findall(m.group(1))), int(m.group(2), 16), m.group(0))
            for m in _RULE.finditer(css)]


def used_icon_names(site: Path) -> set[str]:
    """Icon names (``github`` for ``fa-github``) in the site's pages and scripts."""
    names: set[str] = set()
    for pattern in ("**/*.html", "_static/**/*.js"):
        for path in site.glob(pattern):
            if "_explorers" in path.parts or "mathjax" in path.parts or path.name == "fontawesome.js":
                continue  # not theirs, or not loaded (see sphinxext)
            names |= set(_USED.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def theme_code_points(css: str) -> set[int]:
    """Icons the stylesheet draws by itself (private-use characters outside the icon rules)."""
    rest = _RULE.sub("", css)
    points = {ord(c) for c in rest if ord(c) in _PRIVATE_USE}
    points |= {int(h, 16) for h in _ESCAPE.findall(rest) if int(h, 16) in _PRIVATE_USE}
    return points


def trim(site: str | Path, log=print) -> dict[str, tuple[int, int]]:
    """Trim the site's Font Awesome to the icons it uses; ``{file: (bytes before, after)}``.

    Does nothing (and returns ``{}``) where the theme or its files are missing.
    """
    site = Path(site)
    source = theme_static()
    if source is None or not (source / STYLESHEET).is_file():
        log("qbcore: pydata-sphinx-theme not found, Font Awesome left as it is")
        return {}
    css = (source / STYLESHEET).read_text(encoding="utf-8")
    used = used_icon_names(site)
    rules = icon_rules(css)
    kept = [r for r in rules if r[0] & used]
    points = {cp for _, cp, _ in kept} | theme_code_points(css)
    pruned = _RULE.sub(lambda m: m.group(0) if set(_NAME.findall(m.group(1))) & used else "", css)
    sizes = {}
    target = site / "_static" / STYLESHEET
    if target.parent.is_dir():
        target.write_text(pruned, encoding="utf-8")
        sizes[STYLESHEET] = (len(css.encode()), len(pruned.encode()))
    for font in FONTS:
        for suffix in (".woff2", ".ttf"):
            src = source / FONT_DIR / f"{font}{suffix}"
            dst = site / "_static" / FONT_DIR / f"{font}{suffix}"
            if src.is_file() and dst.parent.is_dir():
                _subset(src, dst, points)
                sizes[f"{FONT_DIR}/{font}{suffix}"] = (src.stat().st_size, dst.stat().st_size)
    log(f"qbcore: Font Awesome trimmed to {len(kept)} of {len(rules)} icons "
        f"({len(points)} glyphs with the theme's own)")
    return sizes


def _subset(src: Path, dst: Path, points: set[int]) -> None:
    """Write ``src`` with only the glyphs of ``points`` to ``dst`` (same format)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(src))
    options = subset.Options()
    options.flavor = "woff2" if dst.suffix == ".woff2" else None
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points))
    subsetter.subset(font)
    font.flavor = options.flavor
    font.save(str(dst))
