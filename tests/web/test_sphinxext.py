"""The Sphinx extension's page hooks and MathJax set-up, on stand-in objects."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qbcore.web import sphinxext


class Asset:
    def __init__(self, filename, **attributes):
        self.filename = filename
        self.attributes = attributes


def _app(widgets_js=None):
    return SimpleNamespace(config=SimpleNamespace(nb_ipywidgets_js=widgets_js or {}))


def test_widget_state_is_dropped_without_a_widget_manager():
    state = Asset(None, type=sphinxext.WIDGET_STATE, body="{}")
    other = Asset("_static/doctools.js")
    context = {"script_files": [other, state]}
    sphinxext._drop_widget_state(_app(), "book/model", "page.html", context, None)
    assert context["script_files"] == [other]
    context = {"script_files": [other, state]}
    sphinxext._drop_widget_state(_app({"require.js": {}}), "book/model", "page.html", context, None)
    assert context["script_files"] == [other, state]


@pytest.mark.parametrize("body, kept", [
    ('<p class="x">no components</p>', False),
    ('<div class="sd-card sd-sphinx-override">a card</div>', True),
])
def test_design_assets_only_where_used(body, kept):
    css = [Asset("_static/sphinx-design.min.css"), Asset("_static/pygments.css")]
    js = [Asset("_static/design-tabs.js"), Asset("_static/doctools.js")]
    context = {"body": body, "css_files": list(css), "script_files": list(js)}
    sphinxext._drop_unused_design(_app(), "book/model", "page.html", context, None)
    assert context["css_files"] == (css if kept else css[1:])
    assert context["script_files"] == (js if kept else js[1:])


def test_configure_loads_the_trimmed_mathjax():
    config = SimpleNamespace(mathjax_path=sphinxext.MATHJAX_PATH,
                             mathjax3_config={"options": {"processHtmlClass": "math"}},
                             templates_path=["_templates"])
    sphinxext._configure(None, config)
    assert set(config.mathjax3_config["loader"]["load"]) == set(sphinxext.MATHJAX_LOAD)
    assert config.mathjax3_config["options"] == {"processHtmlClass": "math"}
    assert config.templates_path == [str(sphinxext.TEMPLATES), "_templates"]
    assert (sphinxext.TEMPLATES / "static" / "webpack-macros.html").is_file()


def test_configure_refuses_another_mathjax():
    config = SimpleNamespace(mathjax_path="mathjax/tex-mml-chtml.js", mathjax3_config=None,
                             templates_path=[])
    with pytest.raises(ValueError, match="mathjax_path"):
        sphinxext._configure(None, config)


def test_copy_mathjax_copies_what_the_loader_loads(tmp_path):
    sphinxext.copy_mathjax(tmp_path)
    root = tmp_path / sphinxext.MATHJAX_DIR
    assert (tmp_path / "_static" / sphinxext.MATHJAX_PATH).is_file()
    for component in sphinxext.MATHJAX_LOAD:
        assert (root / f"{component}.js").is_file(), component
    assert (root / "core.js").is_file() and (root / "output" / "chtml" / "fonts" / "tex.js").is_file()
    assert any((root / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert (root / "LICENSE").is_file()
    assert not (root / "tex-mml-chtml.js").exists()
