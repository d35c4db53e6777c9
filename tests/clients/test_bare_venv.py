"""Each notebook alone, in a bare Python that has only a kernel: its first cell installs the rest.

What a reader gets in Colab or with a downloaded notebook.  One venv for the
session with ipykernel only; nbclient (in the test's own environment) starts
that venv's Python as the kernel.  Each notebook is copied alone into an empty
folder and executed there from top to bottom; its first cell
(``book/first_cell.py``) must install qbcore from ``QBCORE_SOURCE``, which
points at a copy of this checkout's package files (pip builds in the source
tree, so never in the checkout itself).  ``PIP_CONSTRAINT`` holds
``requirements.txt``'s pins, so the kernel gets the versions the book is
tested with.

qbcore is installed once, by the first notebook of the session (its first
cell must say so); the later notebooks' first cells must stay silent.  Run
time and the kernel's peak memory per notebook go to
``_build/clients/bare-venv.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from client_tools import NOTEBOOKS, ROOT, Report, kernel_peak_rss

KERNEL = "qbcore-bare"
#: What setuptools needs to build qbcore (pyproject's readme and licence included).
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE", "qbcore")
#: The kernel's own environment: what any Jupyter kernel has, nothing else.
KERNEL_PACKAGES = ("ipykernel",)
#: Variables of the test's environment that would leak the checkout into the kernel.
DROPPED = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH", "MPLBACKEND",
           "PIP_REQUIRE_VIRTUALENV")
REPORT = Report("bare-venv")


def pins() -> dict[str, str]:
    """``requirements.txt``'s exact pins: ``{name: version}``."""
    found = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith(("-", ".")) and "==" in line:
            name, version = line.split("==", 1)
            found[name.strip().lower()] = version.strip()
    return found


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """``{"python", "kernels", "env", "installed"}``: the venv, its kernelspec folder, the kernel's env."""
    base = tmp_path_factory.mktemp("bare")
    venv = base / "venv"
    pinned = pins()
    quiet = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_ROOT_USER_ACTION": "ignore"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                    *[f"{p}=={pinned[p]}" if p in pinned else p for p in KERNEL_PACKAGES]],
                   check=True, env=quiet)
    REPORT.record("_setup", venv_and_ipykernel_s=round(time.perf_counter() - t0, 1))
    kernels = venv / "share" / "jupyter" / "kernels"
    (kernels / KERNEL).mkdir(parents=True)
    (kernels / KERNEL / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (bare venv)", "language": "python"}), encoding="utf-8")

    source = base / "qbcore-src"
    source.mkdir()
    for name in PACKAGE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(ROOT / name, source / name)
    constraints = base / "constraints.txt"
    constraints.write_text("".join(f"{k}=={v}\n" for k, v in pinned.items()), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env.update(QBCORE_SOURCE=str(source), PYTHONNOUSERSITE="1", PIP_CONSTRAINT=str(constraints),
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_ROOT_USER_ACTION="ignore")
    # as the Makefile: one BLAS thread (many small dense solves, where threads only spin)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return {"python": python, "kernels": kernels, "env": env, "installed": False}


def execute_alone(nb, bare, workdir: Path, timeout: int = 900) -> dict:
    """Execute ``nb`` in ``workdir`` on the bare venv's kernel.

    Returns the first (install) cell's time, the other cells' time and the
    kernel's peak resident memory.  Raises ``CellExecutionError`` on any error.
    """
    ksm = KernelSpecManager(kernel_dirs=[str(bare["kernels"])])
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(workdir)}})
    times = {"first_cell_s": 0.0, "seconds": 0.0}
    peak = None
    try:
        with client.setup_kernel(env=bare["env"], cwd=str(workdir)):
            pid = km.provisioner.process.pid
            first = next(k for k, c in enumerate(nb.cells) if c.cell_type == "code")
            for index, cell in enumerate(nb.cells):
                t0 = time.perf_counter()
                client.execute_cell(cell, index)
                times["first_cell_s" if index == first else "seconds"] += time.perf_counter() - t0
            peak = kernel_peak_rss(pid)
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return {**{k: round(v, 1) for k, v in times.items()},
            "kernel_peak_MB": peak and peak // 2**20}


def outputs_text(cell, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.outputs
                   if o.output_type == "stream" and o.name == name)


def first_cell_output(nb) -> str:
    first = next(c for c in nb.cells if c.cell_type == "code")
    return outputs_text(first, "stdout")


def tracebacks_on_stderr(nb) -> list[str]:
    return [outputs_text(c, "stderr") for c in nb.cells if c.cell_type == "code"
            and re.search(r"Traceback|Error", outputs_text(c, "stderr"))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_alone_in_a_bare_kernel(bare, tmp_path, path):
    shutil.copyfile(path, tmp_path / path.name)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    nb = nbformat.read(tmp_path / path.name, as_version=4)
    measured = execute_alone(nb, bare, tmp_path)   # raises CellExecutionError on any error
    REPORT.record(path.stem, **measured)
    first = first_cell_output(nb)
    if not bare["installed"]:
        assert first.startswith(f"Installing qbcore from {bare['env']['QBCORE_SOURCE']}"), first
        bare["installed"] = True
        installed = subprocess.run([str(bare["python"]), "-m", "pip", "show", "qbcore"],
                                   capture_output=True, text=True, env=bare["env"], check=True)
        assert "Editable project location" not in installed.stdout   # a real install
    else:   # qbcore is there; at most an extra this notebook needs is added
        assert first == "" or (first.startswith("Installing ") and "qbcore" not in first), first
    assert not tracebacks_on_stderr(nb), tracebacks_on_stderr(nb)
    # without myst_nb, glue shows the figure in place
    for cell in nb.cells:
        if cell.cell_type == "code" and "glue(" in cell.source:
            images = [o for o in cell.outputs if o.output_type == "display_data"
                      and {"image/svg+xml", "image/png"} & set(o.get("data", {}))]
            assert len(images) >= cell.source.count("glue("), cell.source[:200]
