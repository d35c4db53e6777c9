"""The explorers' grids, their precompute and the kernel-free page element."""

import json
import math
import re

import numpy as np
import pytest

from qbcore.viz import explorers
from qbcore.web import static_explorers as se

NUMBERS = (2, 3, 4, 5, 6, "charging")


def small_grid(number):
    """One or two values per float control, so that a full precompute is quick."""
    out = {}
    for c, values in se.grid_axes(number):
        if c.kind == "float":
            other = [v for v in values if v != c.default][:1]
            out[c.name] = (c.default, *other) if c.name in ("J", "mu") else (c.default,)
    return out


@pytest.mark.parametrize("number", NUMBERS)
def test_grid_covers_every_control_and_its_default(number):
    spec = explorers.explorer_spec(number)
    axes = se.grid_axes(number)
    assert [c.name for c, _ in axes] == [c.name for c in spec.controls]
    for c, values in axes:
        assert c.default in values, c.name
        assert len(values) == len(set(values))
        if c.kind == "choice":
            assert values == tuple(c.options)
        else:
            assert all(c.min <= v <= c.max for v in values), c.name
            assert list(values) == sorted(values)
    assert len(se.grid_points(number)) == math.prod(len(v) for _, v in axes)


@pytest.mark.parametrize("number", NUMBERS)
def test_precompute_equals_explorer_compute(number):
    data = se.precompute(number, processes=1, grid=small_grid(number))
    assert data["number"] == number
    assert len(data["W"]) == math.prod(len(c["values"]) for c in data["controls"])
    names = [c["name"] for c in data["controls"]]
    rng = np.random.default_rng(number if isinstance(number, int) else len(number))
    checked = 0
    for i in rng.choice(len(data["W"]), size=min(4, len(data["W"])), replace=False):
        # unravel the row-major index into control values
        values, rest = {}, int(i)
        for c in reversed(data["controls"]):
            rest, k = divmod(rest, len(c["values"]))
            values[c["name"]] = c["values"][k]
        assert se.point_index(data, **values) == i
        curves = se.point_curves(data, **values)
        if curves is None:
            assert str(i) in data["messages"]
            continue
        fig, expected = explorers.explorer_spec(number).compute(**values)
        assert data["x"]["values"] == [float(v) for v in fig.x_values]
        assert list(curves) == [c.label for c in fig.curves]
        for label, w in curves.items():
            np.testing.assert_allclose(w, expected[label], atol=0.5 / se.SCALE + 1e-12,
                                       err_msg=f"{values} {label}")
        checked += 1
    assert checked >= 1
    assert set(names) == {c.name for c in explorers.explorer_spec(number).controls}


def test_precompute_in_worker_processes_matches_serial():
    grid = {"J": (1.0, 2.0), "gamma": (1.0,)}
    serial = se.precompute(2, processes=1, grid=grid)
    parallel = se.precompute(2, processes=2, grid=grid)
    assert serial == parallel


def test_failed_points_carry_the_models_message(monkeypatch):
    from qbcore.solvers import UnphysicalStateError

    original = explorers.ExplorerSpec.compute

    def flaky(self, **values):
        if values["N"] == 3 and values["topology"] == "chain":
            raise UnphysicalStateError("ker L is nearly degenerate here")
        if values["N"] == 4 and values["topology"] == "chain":
            raise ValueError("J: made-up rejection")
        return original(self, **values)

    monkeypatch.setattr(explorers.ExplorerSpec, "compute", flaky)
    data = se.precompute(2, processes=1, grid={"J": (1.0,), "gamma": (1.0,)})
    failed = [i for i, row in enumerate(data["W"]) if row is None]
    assert sorted(map(int, data["messages"])) == failed
    assert len(failed) == 2 * 2  # (N = 3, 4 chain) x (ground, mixed)
    texts = set(data["messages"].values())
    assert texts == {"Cannot compute reliably here: ker L is nearly degenerate here",
                     "Invalid input: J: made-up rejection"}
    for row in data["W"]:
        if row is not None:
            assert all(0 <= w <= se.SCALE for curve in row for w in curve)


@pytest.mark.parametrize("page, numbers", sorted(se.PAGES.items()))
def test_page_data_stays_below_the_limit(page, numbers):
    assert sum(se.estimated_bytes(n) for n in numbers) < se.MAX_PAGE_BYTES


def test_estimate_bounds_the_real_payload():
    data = se.precompute(6, processes=1, grid={"mu": (0.0, 4.0), "T": (1.0,), "J": (1.0,),
                                               "gamma": (1.0,)})
    assert data["messages"] == {}
    text = se.payload(data)
    assert len(text.encode()) <= se.estimated_bytes(6, n_points=len(data["W"]))
    # and the bound is not loose by orders of magnitude
    assert len(text.encode()) > 0.1 * se.estimated_bytes(6, n_points=len(data["W"]))


def test_payload_is_a_js_statement_with_json_data():
    data = se.precompute(4, processes=1, grid={"mu": (1.0,), "dmu": (2.0,), "T": (1.0,),
                                               "gamma": (1.0,)})
    text = se.payload(data)
    m = re.fullmatch(r"window\.qbExplorerData = window\.qbExplorerData \|\| \{\};\n"
                     r"window\.qbExplorerData\[4\] = (.*);\n", text, flags=re.S)
    assert m
    body = json.loads(m.group(1))
    assert body["W"] == data["W"]
    assert len(body["traces"]) == len(data["curves"])
    assert "x" not in body["traces"][0] and "y" not in body["traces"][0]
    assert body["layout"]["yaxis"]["range"] == [-0.02, 1.02]


def test_figure_draws_the_default_point():
    data = se.precompute(3, processes=1, grid={"T": (1.0,), "J": (1.0,), "gamma": (1.0,)})
    fig = se.figure(data)
    spec, expected = explorers.explorer_spec(3).compute()
    assert [t.name for t in fig.data] == [c.label for c in spec.curves]
    for trace in fig.data:
        np.testing.assert_allclose(trace.y, expected[trace.name], atol=1e-3)


def test_static_explorer_html_is_a_stable_loader():
    html = se.static_explorer(5)._repr_html_()
    assert html == se.static_explorer(5)._repr_html_()
    assert 'id="qb-explorer-fig-5"' in html
    for asset in ("plotly.min.js", "explorer.js", "fig5.js"):
        assert asset in html
    assert "qbExplorer.mount('qb-explorer-fig-5',5)" in html
    assert len(html) < 3000


def test_write_assets_uses_the_cache(tmp_path, monkeypatch):
    calls = []
    real_precompute = se.precompute

    def fake_precompute(number, processes=None):
        calls.append(number)
        return real_precompute(number, processes=1, grid={"mu": (0.0,), "T": (1.0,), "J": (1.0,),
                                                        "gamma": (1.0,)})

    monkeypatch.setattr(se, "precompute", fake_precompute)
    sizes = se.write_assets(tmp_path / "html", cache_dir=tmp_path / "cache", numbers=(6,),
                            log=lambda *_: None)
    again = se.write_assets(tmp_path / "html2", cache_dir=tmp_path / "cache", numbers=(6,),
                            log=lambda *_: None)
    assert calls == [6]
    assert sizes == again
    out = tmp_path / "html" / se.ASSET_DIR
    assert {p.name for p in out.iterdir()} == {"plotly.min.js", "explorer.js", "fig6.js"}
    assert (out / "fig6.js").read_bytes() == (tmp_path / "html2" / se.ASSET_DIR / "fig6.js").read_bytes()
    assert (out / "plotly.min.js").stat().st_size > 1_000_000


@pytest.mark.parametrize("bad, exc, word", [
    (7, ValueError, "number"), (1, ValueError, "number"), ("3", TypeError, "number"),
    (3.0, TypeError, "number"), (True, TypeError, "number"),
])
def test_bad_figure_number(bad, exc, word):
    for fn in (se.static_explorer, se.grid_axes, se.estimated_bytes):
        with pytest.raises(exc, match=word):
            fn(bad)


@pytest.mark.parametrize("kwargs, exc, word", [
    (dict(processes=0), ValueError, "processes"),
    (dict(processes=1.5), TypeError, "processes"),
    (dict(grid={"N": (2,)}), ValueError, "grid"),
    (dict(grid={"J": (9.0,)}), ValueError, "grid"),
    (dict(grid={"J": ()}), ValueError, "grid"),
    (dict(grid=[("J", (1.0,))]), TypeError, "grid"),
])
def test_bad_precompute_arguments(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        se.precompute(2, **kwargs)


def test_point_index_rejects_values_off_the_grid():
    data = se.precompute(6, processes=1, grid={"mu": (0.0,), "T": (1.0,), "J": (1.0,),
                                               "gamma": (1.0,)})
    with pytest.raises(ValueError, match="mu"):
        se.point_index(data, mu=0.5, T=1.0, J=1.0, gamma=1.0, topology="star")
    with pytest.raises(TypeError, match="topology"):
        se.point_index(data, mu=0.0, T=1.0, J=1.0, gamma=1.0)


def test_charging_explorer_is_logarithmic_in_time():
    data = se.precompute("charging", processes=1, grid={"mu": (1.0,), "dmu": (2.0,), "T": (1.0,),
                                                        "J": (1.0,), "gamma": (1.0,)})
    assert data["x"]["name"] == "t" and data["x"]["log"]
    t = np.array(data["x"]["values"])
    assert t[0] == 0.01 and t[-1] == 100.0 and np.allclose(np.diff(np.log(t)), np.log(t[1] / t[0]),
                                                           rtol=2e-3)
    fig = se.figure(data)
    assert fig.layout.xaxis.type == "log" and tuple(fig.layout.xaxis.range) == (-2.0, 2.0)
    text = se.payload(data)
    assert 'window.qbExplorerData["charging"] = ' in text
    html = se.static_explorer("charging")._repr_html_()
    assert "qbExplorer.mount('qb-explorer-fig-charging','charging')" in html
    assert "figcharging.js" in html and "explore(&quot;charging&quot;)" in html
