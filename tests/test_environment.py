"""The environments the notebooks run in: Binder (``binder/``) against the project's pins.

repo2docker reads ``binder/`` when it exists and then ignores the files at the
root (``requirements.txt``, ``runtime.txt``, pyproject's requires-python).
These tests keep the files consistent:

* a package pinned in both ``requirements.txt`` and ``binder/requirements.txt``
  has the same version in both; every binder requirement is an exact pin, and
  qbcore itself is installed from the repository;
* no test, browser or book-build package is in the Binder image;
* ``binder/runtime.txt`` names ``python-X.Y`` (the form repo2docker maps to its
  conda environments), the root ``runtime.txt`` says the same, that Python
  satisfies pyproject's ``requires-python``, and in CI it is the Python the
  tests run on; the README states the same lower bound;
* every third-party module a notebook needs (its imports, those of the qbcore
  modules it imports, and the live explorers' ipywidgets) is installed by the
  binder requirements or their dependencies.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: Not in the Binder image: tests, browsers, the book build.
FORBIDDEN = {canonicalize_name(n) for n in (
    "pytest", "nbval", "hypothesis", "coverage", "playwright", "selenium", "pyppeteer",
    "jupyter-book", "sphinx", "myst-nb", "myst-parser", "django-static-mathjax", "nbclient",
)}
FORBIDDEN_PREFIXES = ("pytest-", "sphinx-", "sphinxcontrib-")

#: repo2docker's conda environments (repo2docker/buildpacks/conda/environment.py-X.Y.yml).
REPO2DOCKER_PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")

LOCAL = {".", "-e .", "--editable .", "--editable=."}


def _first_cell_tool():
    spec = importlib.util.spec_from_file_location("first_cell", ROOT / "book" / "first_cell.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of a requirements file, comments dropped."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def parse_requirements(path: Path) -> tuple[dict[str, Requirement], list[str]]:
    """``({canonical name: requirement}, [option and local-path lines])``."""
    reqs, other = {}, []
    for line in requirement_lines(path):
        if line.startswith(("-", ".", "/")):
            other.append(line)
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            raise AssertionError(f"{path.name}: cannot parse {line!r}: {exc}") from None
        name = canonicalize_name(req.name)
        assert name not in reqs, f"{path.name}: {req.name} listed twice"
        reqs[name] = req
    return reqs, other


def exact_pin(req: Requirement) -> str | None:
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "==="):
        return specs[0].version
    return None


def runtime_python(path: Path) -> str:
    text = path.read_text(encoding="utf-8").strip()
    m = re.fullmatch(r"python-(3\.\d+)", text)
    assert m, f"{path}: {text!r} is not python-3.X (repo2docker picks its environment by X.Y)"
    return m.group(1)


def requires_python() -> SpecifierSet:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return SpecifierSet(tomllib.load(f)["project"]["requires-python"])


def pinned_mismatches(main: dict, binder: dict) -> dict[str, tuple[str, str]]:
    return {name: (str(main[name].specifier), str(binder[name].specifier))
            for name in sorted(main.keys() & binder.keys())
            if main[name].specifier != binder[name].specifier}


def forbidden(names) -> list[str]:
    return sorted(n for n in names if n in FORBIDDEN or n.startswith(FORBIDDEN_PREFIXES))


def test_pins_agree_with_requirements_txt():
    main, _ = parse_requirements(ROOT / "requirements.txt")
    binder, _ = parse_requirements(BINDER / "requirements.txt")
    assert len(main.keys() & binder.keys()) >= 8   # qutip ... notebook: the comparison compares
    assert not pinned_mismatches(main, binder), (
        f"requirements.txt vs binder/requirements.txt: {pinned_mismatches(main, binder)}")


def test_the_comparison_catches_a_changed_pin(tmp_path):
    text = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    changed = tmp_path / "requirements.txt"
    changed.write_text(re.sub(r"numpy==\S+", "numpy==1.26.4", text), encoding="utf-8")
    main, _ = parse_requirements(ROOT / "requirements.txt")
    assert "numpy" in pinned_mismatches(main, parse_requirements(changed)[0])


def test_binder_requirements_are_exact_pins_and_install_the_repository():
    binder, other = parse_requirements(BINDER / "requirements.txt")
    loose = [str(r) for r in binder.values() if exact_pin(r) is None]
    assert not loose, f"binder/requirements.txt: pin these with ==: {loose}"
    assert any(line in LOCAL for line in other), \
        "binder/requirements.txt must install qbcore itself ('-e .' or '.')"
    assert [line for line in other if line not in LOCAL] == []


def test_binder_has_the_front_ends_and_no_test_or_browser_packages():
    binder, _ = parse_requirements(BINDER / "requirements.txt")
    assert forbidden(binder) == [], f"binder/requirements.txt must not install {forbidden(binder)}"
    assert {"jupyterlab", "notebook", "ipykernel", "ipywidgets"} <= binder.keys()
    # notebook 7.6.x throws a page error on every notebook page (see requirements.txt)
    assert not exact_pin(binder["notebook"]).startswith("7.6.")
    main, _ = parse_requirements(ROOT / "requirements.txt")
    assert forbidden(main)   # the check itself: the project's own file has them


def test_runtime_satisfies_requires_python():
    version = runtime_python(BINDER / "runtime.txt")
    assert version in REPO2DOCKER_PYTHONS, f"repo2docker has no Python {version} environment"
    spec = requires_python()
    assert Version(version) in spec, f"binder/runtime.txt python-{version} vs requires-python {spec}"
    # the pins need Python >= 3.11 (qutip 5.3, numpy 2.4, scipy 1.17, matplotlib 3.11)
    assert Version("3.10") not in spec
    assert runtime_python(ROOT / "runtime.txt") == version, \
        "runtime.txt (read by tools other than repo2docker) must equal binder/runtime.txt"


@pytest.mark.skipif(not IN_CI, reason="CI's Python is the one the pins are tested on")
def test_runtime_is_the_python_ci_tests_on():
    assert runtime_python(BINDER / "runtime.txt") == f"{sys.version_info[0]}.{sys.version_info[1]}"


def test_readme_states_the_required_python():
    spec = requires_python()
    lower = next(s.version for s in spec if s.operator == ">=")
    stated = re.findall(r"Python >= (3\.\d+)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert stated and set(stated) == {lower}, (stated, str(spec))


def missing_from_binder(nb, tool) -> dict[str, object]:
    """Modules the notebook needs that the binder requirements do not install."""
    binder, _ = parse_requirements(BINDER / "requirements.txt")
    installed = tool._distribution_closure(set(binder) | {"qbcore"})   # with dependencies
    owners = metadata.packages_distributions()
    modules = tool.third_party_modules(nb) | {"ipywidgets"}   # the explorers import it lazily
    missing = {}
    for module in sorted(modules):
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        if not dists:
            missing[module] = "not installed where the test runs"
        elif not dists & installed:
            missing[module] = sorted(dists)
    return missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_what_a_notebook_imports_is_in_binder(path):
    tool = _first_cell_tool()
    nb = nbformat.read(path, as_version=4)
    assert {"numpy", "qutip"} <= tool.third_party_modules(nb)   # found through qbcore's imports
    missing = missing_from_binder(nb, tool)
    assert not missing, f"{path.name} needs what binder/requirements.txt does not install: {missing}"


def test_a_notebook_needing_what_binder_lacks_is_caught():
    """plotly and dask.distributed (book build, clusters) are not in the Binder image; sympy is
    (qbcore.derivations imports it, which the checker finds through qbcore's own imports)."""
    tool = _first_cell_tool()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from qbcore import derivations\nimport plotly.graph_objects\nimport distributed")])
    assert "sympy" in tool.third_party_modules(nb)
    assert set(missing_from_binder(nb, tool)) == {"plotly", "distributed"}
