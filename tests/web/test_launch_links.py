"""Binder and Colab buttons in the built book open the real notebooks.

Every notebook page of ``_build/html`` must carry a Binder and a Colab link
for the repository and branch of ``_config.yml``, and the path part of each
link must name a file of this repository (tracked by git where there is a
``.git``).  Without the built site the tests skip locally and fail in CI.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _config_value(key: str) -> str:
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    block = text.split("repository:", 1)[1]
    m = re.search(rf"^\s+{key}:\s*\"?([^\"\n#]*?)\"?\s*(?:#.*)?$", block, flags=re.M)
    assert m, key
    return m.group(1).strip()


REPO_URL = _config_value("url")
BRANCH = _config_value("branch")
OWNER_REPO = urlparse(REPO_URL).path.strip("/")
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "book").glob("*.ipynb"))


def tracked(path: str) -> bool:
    if not (ROOT / path).is_file():
        return False
    if not (ROOT / ".git").exists():
        return True
    result = subprocess.run(["git", "ls-files", "--error-unmatch", path], cwd=ROOT,
                            capture_output=True, text=True)
    return result.returncode == 0


def launch_links(page: Path) -> dict[str, list[str]]:
    text = page.read_text(encoding="utf-8")
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)]
    return {"binder": [h for h in hrefs if urlparse(h).netloc == "mybinder.org"],
            "colab": [h for h in hrefs if urlparse(h).netloc == "colab.research.google.com"]}


def binder_target(url: str) -> tuple[str, str, str]:
    """``(owner/repo, branch, path)`` of ``mybinder.org/v2/gh/OWNER/REPO/BRANCH?urlpath=tree/PATH``."""
    u = urlparse(url)
    parts = u.path.split("/")
    assert parts[1:3] == ["v2", "gh"], url
    owner, repo, branch = parts[3], parts[4], "/".join(parts[5:])
    query = parse_qs(u.query)
    if "urlpath" in query:
        target = query["urlpath"][0]
        assert target.startswith(("tree/", "lab/tree/", "notebooks/")), url
        path = target.split("tree/", 1)[1] if "tree/" in target else target.split("/", 1)[1]
    else:
        path = query["filepath"][0]
    return f"{owner}/{repo}", branch, path


def colab_target(url: str) -> tuple[str, str, str]:
    """``(owner/repo, branch, path)`` of ``colab.../github/OWNER/REPO/blob/BRANCH/PATH``."""
    parts = urlparse(url).path.split("/")
    assert parts[1] == "github" and parts[4] == "blob", url
    return f"{parts[2]}/{parts[3]}", parts[5], "/".join(parts[6:])


@pytest.fixture(scope="module")
def built():
    if not (SITE / "book").is_dir():
        msg = f"{SITE} is not built: run `make book` (make test does it first)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return SITE


def test_config_names_the_repository():
    assert REPO_URL == "https://github.com/qbcore/qbcore"
    assert BRANCH == "main"
    assert len(NOTEBOOKS) == 6


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_launch_links_open_the_notebook(built, notebook):
    page = built / (notebook[: -len(".ipynb")] + ".html")
    assert page.exists(), page
    links = launch_links(page)
    assert links["binder"] and links["colab"], f"{page.name}: launch buttons missing: {links}"
    for kind, parse in (("binder", binder_target), ("colab", colab_target)):
        for url in links[kind]:
            repo, branch, path = parse(url)
            assert repo == OWNER_REPO, url
            assert branch == BRANCH, url
            assert path == notebook, f"{url} opens {path}, not {notebook}"
            assert tracked(path), f"{url}: {path} is not a file of the repository"


def test_no_launch_link_points_elsewhere(built):
    """Pages that are not notebooks (the intro) have no launch links to wrong files."""
    for page in built.rglob("*.html"):
        links = launch_links(page)
        for url in links["binder"]:
            assert tracked(binder_target(url)[2]), url
        for url in links["colab"]:
            assert tracked(colab_target(url)[2]), url


@pytest.mark.parametrize("url, expected", [
    ("https://mybinder.org/v2/gh/qbcore/qbcore/main?urlpath=tree/book/model.ipynb",
     ("qbcore/qbcore", "main", "book/model.ipynb")),
    ("https://mybinder.org/v2/gh/qbcore/qbcore/main?filepath=book/x.ipynb",
     ("qbcore/qbcore", "main", "book/x.ipynb")),
])
def test_binder_parser(url, expected):
    assert binder_target(url) == expected


def test_colab_parser_and_tracked():
    url = "https://colab.research.google.com/github/qbcore/qbcore/blob/main/book/model.ipynb"
    assert colab_target(url) == ("qbcore/qbcore", "main", "book/model.ipynb")
    assert tracked("book/model.ipynb")
    assert not tracked("book/no_such_notebook.ipynb")
