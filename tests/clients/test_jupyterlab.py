"""The notebooks in a real JupyterLab 4 and Notebook 7, driven by chromium.

What a Binder or local reader does.  A Jupyter server is started here on
127.0.0.1 (free port, no token) over a temporary copy of ``book/`` (so that
autosave never touches the checkout), and stopped by its PID.

* JupyterLab (``/lab/tree/book/<name>.ipynb``): Run All; every cell runs, no
  error or stderr output, no "Error displaying widget"; then every control of
  every live explorer (every widget box with an Output) is moved from the
  keyboard or its menu, and the figure must change, unless the explorer's notes
  say that this control has no effect at the current setting, in which case it
  must stay as it was.  No console error and no page error.
* Notebook 7 at ``/tree/book/<name>.ipynb``, the address the launch buttons
  open: it becomes the notebook page with every cell and a kernel, no console
  or page error; one notebook with widgets is run there too.

Run time (Run All to idle) and the kernel's peak memory per notebook go to
``_build/clients/jupyterlab.json``; screenshots of the explorers before and
after each move to ``_build/clients/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest

from client_tools import NOTEBOOKS, REPORT_DIR, ROOT, Report, kernel_peak_rss, require

SHOTS = REPORT_DIR / "screenshots"
RUN_TIMEOUT_MS = 900_000
REPORT = Report("jupyterlab")
#: Notebook 7 runs this one whole (short, with a widget); the others it opens.
NB7_RUN = "model.ipynb"
#: The notebook shown (JupyterLab keeps other tabs in the DOM, hidden).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.load(r)


def _stop(proc: subprocess.Popen) -> None:
    """SIGINT (the server shuts its kernels down), then harder; then its process group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)   # a kernel left in the server's own group
    except (ProcessLookupError, PermissionError):
        pass


def start_server(base: Path):
    """A Jupyter server (JupyterLab and Notebook 7) over ``base/root``; returns (url, process)."""
    root = base / "root"
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("config", "runtime", "workspaces"):
        (base / name).mkdir()
    settings = base / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)   # no "official Jupyter news?" toast over the outputs
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_PATH")}
    env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
               IPYTHONDIR=str(base / "ipython"), JUPYTER_PLATFORM_DIRS="1")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    port = _free_port()
    log = open(base / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
         # nothing from the network: no news, no update check, no PyPI extension manager
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited {proc.returncode}:\n{(base / 'server.log').read_text()}")
        try:
            _get(f"{url}/api/status")
            return url, proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            _stop(proc)
            pytest.fail(f"jupyter lab did not answer:\n{(base / 'server.log').read_text()}")
        time.sleep(0.5)


def _server_fixture(tmp_path_factory, name):
    try:
        import jupyterlab  # noqa: F401
        import notebook  # noqa: F401
    except ImportError:
        require(False, "jupyterlab and notebook are not installed (pip install -r requirements.txt)")
    url, proc = start_server(tmp_path_factory.mktemp(name))
    try:
        yield url, proc
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One server for the JupyterLab tests."""
    yield from _server_fixture(tmp_path_factory, "lab")


@pytest.fixture(scope="module")
def nb7(tmp_path_factory):
    """Another for Notebook 7: on a server where JupyterLab has saved its workspace,
    Notebook 7.5.8 raises "Command 'filebrowser:open-path' not registered"."""
    yield from _server_fixture(tmp_path_factory, "nb7")


@pytest.fixture
def page(browser, request):
    """A chromium page; console errors and page errors collect in ``page.problems``."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    p = context.new_page()
    p.problems = []
    p.on("console", lambda m: p.problems.append(f"console.{m.type}: {m.text}")
         if m.type == "error" else None)
    p.on("pageerror", lambda e: p.problems.append(f"pageerror: {e}"))
    try:
        yield p
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            SHOTS.mkdir(parents=True, exist_ok=True)
            p.screenshot(path=str(SHOTS / f"{request.node.name}-failed.png"), full_page=True)
        context.close()


# -- the server's view of the kernel -----------------------------------------------------

def _session(url: str, path: str) -> dict | None:
    return next((s for s in _get(f"{url}/api/sessions") if s.get("path") == path), None)


def _kernel_ready(url: str, path: str, timeout: float = 180) -> dict:
    """The notebook's session, once its kernel is idle (before that, Run All would ask
    for a kernel)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = _session(url, path)
        if s and s.get("kernel") and s["kernel"].get("execution_state") == "idle":
            return s
        time.sleep(0.5)
    pytest.fail(f"no idle kernel for {path} after {timeout:.0f} s: {_get(f'{url}/api/sessions')}")


def _shut_down(page, url: str, session: dict) -> None:
    """Close the notebook's session (and its kernel) on the server, as the page would
    (the server wants the page's XSRF cookie back as a header)."""
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    response = page.request.delete(f"{url}/api/sessions/{session['id']}",
                                   headers={"X-XSRFToken": xsrf})
    assert response.ok, response.status


def _kernel_pid(server: subprocess.Popen, kernel_id: str) -> int | None:
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if any(f"kernel-{kernel_id}.json" in arg for arg in child.cmdline()):
                return child.pid
        except psutil.Error:
            continue
    return None


# -- the page ----------------------------------------------------------------------------

def _run_all(page) -> None:
    """Menu Run > Run All Cells, as a reader would (on the notebook shown)."""
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()


def _wait_idle(page, timeout=RUN_TIMEOUT_MS) -> None:
    """Every code cell has run ([n], none pending) and the kernel is idle."""
    page.wait_for_function(
        """(panel) => {
            const nb = document.querySelector(panel);
            const ind = nb && nb.querySelector('.jp-Notebook-ExecutionIndicator');
            if (!ind || ind.getAttribute('data-status') !== 'idle') return false;
            const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", arg=PANEL, timeout=timeout)


def _settle(page) -> None:
    """After a control moved that should change nothing: let the kernel pick the change up
    (busy), then wait until it is idle again."""
    try:
        page.wait_for_function(
            "(panel) => document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator')"
            "?.getAttribute('data-status') !== 'idle'", arg=PANEL, timeout=2000)
    except Exception:   # the update was quicker than the poll
        pass
    _wait_idle(page, timeout=120_000)


def _bad_outputs(page) -> list[str]:
    return page.evaluate(
        """(panel) => [...document.querySelectorAll(panel + ' .jp-OutputArea-output').values()]
              .filter(e => ['application/vnd.jupyter.stderr', 'application/vnd.jupyter.error']
                           .includes(e.getAttribute('data-mime-type')))
              .map(e => e.textContent.slice(0, 1500))""", PANEL)


def _expected_explorers(path: Path) -> int:
    """Code cells that draw a live explorer (``explore(`` or ``interact(``)."""
    nb = nbformat.read(path, as_version=4)
    return sum(bool(re.search(r"\b(explore|interact)\(", c.source))
               for c in nb.cells if c.cell_type == "code")


def _figure_src(explorer) -> str | None:
    img = explorer.locator(":scope > .widget-output img")
    return img.first.get_attribute("src") if img.count() else None


def _inert_labels(explorer) -> set[str]:
    """Controls the explorer's notes call without effect at the current setting."""
    found = set()
    for text in explorer.locator(":scope > .widget-html").all_text_contents():
        for m in re.finditer(r"No effect at this setting: (.*?)\. Why:", text):
            found.update(name.strip() for name in m.group(1).split(","))
    return found


def _move(page, control) -> str:
    """Move one control as a reader would; returns what was done."""
    select = control.locator("select")
    if select.count():
        options = select.locator("option").all_text_contents()
        current = select.evaluate("s => s.options[s.selectedIndex].textContent")
        target = next(o for o in options if o != current)
        select.select_option(label=target)
        return f"{current} -> {target}"
    handle = control.locator(".noUi-handle").first
    now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    key = "PageDown" if now >= top else "PageUp"   # five steps (to the end of the range)
    before = control.locator(".widget-readout").text_content().strip()
    handle.focus()
    page.keyboard.press(key)
    after = control.locator(".widget-readout").text_content().strip()
    assert after != before, f"{key} did not move the slider ({before})"
    return f"{before} -> {after}"


def _exercise_explorers(page, name: str) -> list[str]:
    """Move every control of every live explorer; returns a log of the moves."""
    explorers = page.locator(f"{PANEL} .jp-OutputArea-output .widget-vbox:has(> .widget-output)")
    moves = []
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        explorer.scroll_into_view_if_needed()
        explorer.locator(":scope > .widget-output img").first.wait_for(timeout=60_000)
        explorer.screenshot(path=str(SHOTS / f"{name}-explorer{e}-0-start.png"))
        controls = explorer.locator(".widget-slider, .widget-dropdown")
        assert controls.count() >= 2
        for k in range(controls.count()):
            control = controls.nth(k)
            label = control.locator(".widget-label").first.text_content().strip()
            inert = label in _inert_labels(explorer)
            before = _figure_src(explorer)
            done = _move(page, control)
            if inert:
                _settle(page)
                assert _figure_src(explorer) == before, f"{label} is said to have no effect"
            else:
                page.wait_for_function(
                    "([el, src]) => { const i = el.querySelector(':scope > .widget-output img');"
                    " return i !== null && i.getAttribute('src') !== src; }",
                    arg=[explorer.element_handle(), before], timeout=120_000)
                _wait_idle(page, timeout=120_000)
                assert _figure_src(explorer) not in (None, before), label
            explorer.screenshot(path=str(SHOTS / f"{name}-explorer{e}-{k + 1}-{label}.png"))
            moves.append(f"explorer {e}: {label} {done}: "
                         + ("no effect, as its note says" if inert else "figure changed"))
    return moves


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lab_runs_the_notebook_and_its_explorers_respond(lab, page, path):
    url, server = lab
    SHOTS.mkdir(parents=True, exist_ok=True)
    rel = f"book/{path.name}"
    page.goto(f"{url}/lab/workspaces/{path.stem}/tree/{rel}")   # a fresh workspace: one tab
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=120_000)
    session = _kernel_ready(url, rel)
    t0 = time.monotonic()
    _run_all(page)
    _wait_idle(page)
    seconds = time.monotonic() - t0
    pid = _kernel_pid(server, session["kernel"]["id"])
    peak = kernel_peak_rss(pid) if pid else None
    REPORT.record(path.stem, run_all_s=round(seconds, 1), kernel_peak_MB=peak and peak // 2**20)

    assert not _bad_outputs(page), _bad_outputs(page)
    assert page.locator("text=Error displaying widget").count() == 0
    explorers = page.locator(f"{PANEL} .jp-OutputArea-output .widget-vbox:has(> .widget-output)")
    assert explorers.count() == _expected_explorers(path)
    moves = _exercise_explorers(page, path.stem)
    peak = kernel_peak_rss(pid) if pid else None   # the explorers' updates included
    REPORT.record(path.stem, moves=moves, kernel_peak_after_explorers_MB=peak and peak // 2**20)
    assert not _bad_outputs(page), _bad_outputs(page)
    assert not page.problems, page.problems
    _shut_down(page, url, session)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook7_tree_address_opens_the_notebook(nb7, page, path):
    """``/tree/book/<name>.ipynb``: what the launch buttons open."""
    url, _ = nb7
    rel = f"book/{path.name}"
    page.goto(f"{url}/tree/{rel}")
    page.wait_for_url(f"**/notebooks/{rel}", timeout=60_000)
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=120_000)
    session = _kernel_ready(url, rel)
    cells = len(nbformat.read(path, as_version=4).cells)
    page.wait_for_function("([panel, n]) => document.querySelectorAll(panel + ' .jp-Cell').length === n",
                           arg=[PANEL, cells], timeout=60_000)
    assert page.locator(f"{PANEL} .jp-MarkdownCell h1").first.text_content().strip()
    if path.name == NB7_RUN:
        _run_all(page)
        _wait_idle(page)
        assert not _bad_outputs(page), _bad_outputs(page)
        explorer = page.locator(f"{PANEL} .jp-OutputArea-output .widget-vbox:has(> .widget-output)").first
        explorer.locator(":scope > .widget-output img").first.wait_for(timeout=60_000)
        explorer.screenshot(path=str(SHOTS / f"notebook7-{path.stem}-explorer.png"))
        assert page.locator("text=Error displaying widget").count() == 0
    assert not page.problems, page.problems
    _shut_down(page, url, session)
