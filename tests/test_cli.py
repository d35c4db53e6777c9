"""The command-line interface (qbcore.cli): output, formats, errors and exit codes."""

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest

import qbcore
from qbcore.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "qbcore", *args], capture_output=True, text=True)


def test_point_matches_library():
    out = run("point", "nonequilibrium", "--mu", "1", "--dmu", "2", "--T", "1")
    assert out.returncode == 0, out.stderr
    expected = qbcore.battery_ergotropy("nonequilibrium", mu=1.0, dmu=2.0, T=1.0)
    assert abs(float(out.stdout) - expected) < 1e-11


def test_point_every_keyword(capsys):
    assert main(["point", "nonequilibrium", "--N", "4", "--omega0", "3", "--omega", "0.5",
                 "--gamma", "2", "--J", "0.7", "--topology", "chain", "--mus", "1", "2", "3", "4",
                 "--Ts", "1", "1", "0.5", "2", "--method", "blocks", "--initial", "mixed"]) == 0
    got = float(capsys.readouterr().out)
    expected = qbcore.battery_ergotropy("nonequilibrium", N=4, omega0=3.0, omega=0.5, gamma=2.0,
                                        J=0.7, topology="chain", mus=[1, 2, 3, 4],
                                        Ts=[1, 1, 0.5, 2], method="blocks", initial="mixed")
    assert abs(got - expected) < 1e-11


def test_point_new_keywords(capsys):
    assert main(["point", "equilibrium", "--N", "4", "--mu", "2", "--T", "1",
                 "--gamma_local", "0.01", "--omega0s", "9", "10", "10", "10"]) == 0
    got = float(capsys.readouterr().out)
    assert abs(got - qbcore.battery_ergotropy("equilibrium", N=4, mu=2.0, T=1.0, gamma_local=0.01,
                                              omega0s=[9, 10, 10, 10])) < 1e-11
    assert main(["point", "nonequilibrium", "--mu", "20", "--dmu", "2", "--T", "1",
                 "--master_equation", "global"]) == 0
    got = float(capsys.readouterr().out)
    assert abs(got - qbcore.battery_ergotropy("nonequilibrium", mu=20.0, dmu=2.0, T=1.0,
                                              master_equation="global")) < 1e-11


@pytest.mark.parametrize("args, names", [
    (["point", "equilibrium", "--mu", "1", "--T", "1", "--master_equation", "global"],
     "master_equation"),
    (["point", "nonequilibrium", "--mu", "1", "--T", "1", "--gamma_local", "0.1"], "gamma_local"),
    (["point", "nonequilibrium", "--mu", "1", "--T", "-1"], "T must be >= 0"),
    (["point", "equilibrium", "--mu", "1", "--T", "1", "--dmu", "2"], "dmu"),
    (["point", "sideways", "--mu", "1", "--T", "1"], "scenario"),
    (["point", "nonequilibrium", "--mu", "x", "--T", "1"], "--mu"),
    (["figure", "9"], "invalid choice: 9"),
    (["phase", "nonequilibrium", "--x", "mu", "0", "1", "oops", "--y", "dmu", "0", "1", "2",
      "--T", "1"], "--x"),
    ([], "command"),
])
def test_bad_arguments_exit_2_with_one_line(args, names):
    """Exit status 2, nothing on stdout, one line on stderr naming what is wrong (no usage)."""
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("python -m qbcore") and "error: " in lines[0]
    assert names in lines[0]


def test_help_shows_examples():
    out = run("--help")
    assert out.returncode == 0
    assert "python -m qbcore point nonequilibrium" in out.stdout


@pytest.mark.parametrize("number", [2, 4])
def test_figure_csv_matches_spec(capsys, number):
    assert main(["figure", str(number), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    spec = qbcore.viz.figures.figure_spec(number)
    data = spec.compute()
    assert rows[0][0] == spec.x and rows[0][1:] == [c.label for c in spec.curves]
    table = np.array(rows[1:], dtype=float)
    assert np.allclose(table[:, 0], spec.x_values)
    for k, c in enumerate(spec.curves):
        assert np.allclose(table[:, k + 1], data[c.label], atol=1e-12)


def test_figure_json_to_file(tmp_path):
    path = tmp_path / "fig5.json"
    assert main(["figure", "5", "--format", "json", "--out", str(path)]) == 0
    doc = json.loads(path.read_text())
    assert doc["meta"]["figure"] == 5 and doc["columns"][0] == "T"
    assert len(doc["rows"]) == len(qbcore.viz.figures.figure_spec(5).x_values)


def test_figure_1_is_the_edge_list(capsys):
    assert main(["figure", "1"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    star = [(int(a), int(b)) for t, a, b in rows if t == "star"]
    assert star == qbcore.edges(3, "star")


def test_phase_grid(capsys):
    assert main(["phase", "nonequilibrium", "--x", "mu", "0", "2", "3",
                 "--y", "dmu", "0", "1", "2", "--T", "1"]) == 0
    rows = np.array(list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:], dtype=float)
    assert rows.shape == (6, 3)
    for dmu, mu, W in rows:
        assert abs(W - qbcore.battery_ergotropy("nonequilibrium", mu=mu, dmu=dmu, T=1.0)) < 1e-12


def test_phase_on_worker_processes_equals_serial(capsys):
    args = ["phase", "nonequilibrium", "--x", "mu", "-1", "3", "5", "--y", "N", "2", "6", "5",
            "--T", "0.5", "--topology", "chain"]
    assert main(args) == 0
    serial = capsys.readouterr().out
    assert main(args + ["--workers", "2"]) == 0
    assert capsys.readouterr().out == serial


@pytest.mark.parametrize("extra, word", [
    (["--workers", "0"], "--workers"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not allowed with"),
])
def test_phase_bad_executor_options_exit_2(extra, word):
    out = run("phase", "nonequilibrium", "--x", "mu", "0", "1", "2", "--y", "dmu", "0", "1", "2",
              "--T", "1", *extra)
    assert out.returncode == 2 and out.stdout == ""
    assert word in out.stderr and len(out.stderr.strip().splitlines()) <= 2


def test_phase_with_failing_points_writes_the_rest_and_lists_them(tmp_path):
    # J = 0.1, gamma = 1e3: the collective chain's kernel is too nearly degenerate to certify
    path = tmp_path / "phase.csv"
    out = run("phase", "equilibrium", "--x", "J", "0.1", "2", "2", "--y", "T", "1", "1.5", "2",
              "--N", "4", "--topology", "chain", "--mu", "5", "--gamma", "1000", "--out", str(path))
    assert out.returncode == 1
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["T", "J", "W"] and len(rows) == 5
    failed = [r for r in rows[1:] if r[2] == ""]
    assert [float(r[1]) for r in failed] == [0.1, 0.1]
    for T, J, W in rows[1:]:
        if W:
            expected = qbcore.battery_ergotropy("equilibrium", N=4, topology="chain", mu=5.0,
                                                gamma=1000.0, J=float(J), T=float(T))
            assert abs(float(W) - expected) < 1e-12
    assert "2 of 4 points failed" in out.stderr and out.stderr.count("J=0.1") == 2
    doc_args = ["phase", "equilibrium", "--x", "J", "0.1", "2", "2", "--y", "T", "1", "1.5", "2",
                "--N", "4", "--topology", "chain", "--mu", "5", "--gamma", "1000",
                "--format", "json"]
    out = run(*doc_args)
    doc = json.loads(out.stdout)
    assert out.returncode == 1 and [r[2] for r in doc["rows"]].count(None) == 2
    assert len(doc["meta"]["failures"]) == 2 and doc["meta"]["failures"][0]["J"] == 0.1
