"""The explorers' grids, their precompute and the kernel-free page element."""

import hashlib
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from qbcore.viz import explorers, style
from qbcore.web import assets, grid_solve
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
        values = _unravel(data, i)
        assert se.point_index(data, **values) == i
        curves = se.point_curves(data, **values)
        if curves is None:
            assert -1 in se.point_reasons(data, **values)
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
    grid = {"J": (1.0, 2.0)}
    serial = se.precompute(2, processes=1, grid=grid)
    parallel = se.precompute(2, processes=2, grid=grid)
    assert serial == parallel


def test_a_failing_curve_drops_alone_with_its_reason(monkeypatch):
    from qbcore.solvers import UnphysicalStateError

    original_solve = grid_solve.solve

    def flaky(params, processes):
        W, errors = original_solve(params, processes)
        for k, p in enumerate(params):   # some points of the chain's T = 0.1 curve
            if p.topology == "chain" and p.Ts[0] == 0.1 and p.mus[0] > 3.0:
                errors[k] = UnphysicalStateError("ker L is nearly degenerate here")
        return W, errors

    monkeypatch.setattr(grid_solve, "solve", flaky)
    data = se.precompute(2, processes=1, grid={"J": (1.0,)})
    assert all(row is not None for row in data["W"])
    for i, row in enumerate(data["W"]):
        values = _unravel(data, i)
        chain = values["topology"] == "chain"
        assert [w is None for w in row] == [chain and label == "T = 0.1" for label in data["curves"]]
        reasons = se.point_reasons(data, **values)
        if chain:
            assert reasons == {0: "Cannot compute reliably here: ker L is nearly degenerate here"}
            curves = se.point_curves(data, **values)
            assert curves["T = 0.1"] is None
            assert all(curves[label] is not None for label in data["curves"][1:])
        else:
            assert reasons == {}
    assert len(data["failures"]) == 3 * 2  # (N = 2, 3, 4 chain) x (ground, mixed)
    assert data["reasons"] == ["Cannot compute reliably here: ker L is nearly degenerate here"]


def test_a_rejected_point_has_no_curves_and_the_models_message(monkeypatch):
    original = explorers.ExplorerSpec.figure_for

    def picky(self, **values):
        if values.get("N") == 4 and values.get("topology") == "chain":
            raise ValueError("J: made-up rejection")
        return original(self, **values)

    monkeypatch.setattr(explorers.ExplorerSpec, "figure_for", picky)
    data = se.precompute(2, processes=1, grid={"J": (1.0,)})
    failed = [i for i, row in enumerate(data["W"]) if row is None]
    assert len(failed) == 2  # N = 4 chain, ground and mixed
    assert sorted(map(int, data["failures"])) == failed
    for i in failed:
        values = _unravel(data, i)
        assert se.point_curves(data, **values) is None
        assert se.point_reasons(data, **values) == {-1: "Invalid input: J: made-up rejection"}
    for row in data["W"]:
        if row is not None:
            assert all(0 <= w <= se.SCALE for curve in row for w in se.decode_curve(curve))


def _unravel(data, index):
    """The control values of a row-major grid index."""
    values, rest = {}, int(index)
    for c in reversed(data["controls"]):
        rest, k = divmod(rest, len(c["values"]))
        values[c["name"]] = c["values"][k]
    return values


def test_a_failure_that_is_not_the_models_is_raised(monkeypatch):
    original_solve = grid_solve.solve

    def broken(params, processes):
        W, errors = original_solve(params, processes)
        errors[0] = RuntimeError("a bug")
        return W, errors

    monkeypatch.setattr(grid_solve, "solve", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        se.precompute(2, processes=1, grid={"J": (1.0,)})


@pytest.mark.parametrize("page, numbers", sorted(se.PAGES.items()))
def test_page_data_stays_below_the_limit(page, numbers):
    assert sum(se.estimated_bytes(n) for n in numbers) < se.MAX_PAGE_BYTES


def test_estimate_bounds_the_real_payload():
    data = se.precompute(6, processes=1, grid={"mu": (0.0, 4.0), "T": (1.0,), "J": (1.0,),
                                               "gamma": (1.0,)})
    assert data["failures"] == {}
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
    assert not {"x", "y", "name", "hovertemplate"} & set(body["traces"][0])
    assert body["hover"] == "J = %{x:.3g}<br>W = %{y:.3f}"
    assert body["templates"] == ["μ = {mu}, Δμ = {dmu}"]
    w = se.point_curves(data, mu=1.0, dmu=2.0, T=1.0, gamma=1.0, N=3, topology="star")
    assert body["layout"]["yaxis"]["range"] == list(style.w_limits(list(w.values())))


def test_figure_draws_the_default_point():
    data = se.precompute(3, processes=1, grid={"T": (1.0,), "J": (1.0,), "gamma": (1.0,)})
    fig = se.figure(data)
    spec, expected = explorers.explorer_spec(3).compute()
    assert [t.name for t in fig.data] == [c.label for c in spec.curves]
    for trace in fig.data:
        np.testing.assert_allclose(trace.y, expected[trace.name], atol=0.5 / se.SCALE + 1e-12)


@pytest.mark.parametrize("number, values, labels", [
    (4, dict(mu=3.0, dmu=4.0, T=0.5, gamma=2.0, N=5, topology="chain"), ["μ = 3, Δμ = 4"]),
    (5, dict(mu=-2.0, dmu=0.0, J=0.5, gamma=1.0, N=2, topology="star"), ["μ = -2, Δμ = 0"]),
    (2, dict(J=5.0, N=2, topology="chain", initial="mixed"),
     ["T = 0.1", "T = 0.5", "T = 1", "T = 2", "T = 5"]),
])
def test_curve_labels_follow_the_controls(number, values, labels):
    grid = {name: (v,) for name, v in values.items()
            if isinstance(v, float) and name in se.GRIDS[number]}
    data = se.precompute(number, processes=1, grid=grid)
    assert se.curve_labels(data, **values) == labels
    assert list(se.point_curves(data, **values)) == labels
    # the same labels as the live explorer's figure at these values
    assert [c.label for c in explorers.explorer_spec(number).figure_for(**values).curves] == labels
    fig = se.figure(data, **values)
    assert [t.name for t in fig.data] == labels
    assert [t.hovertemplate.rsplit("<extra>", 1)[1] for t in fig.data] == [f"{l}</extra>" for l in labels]


@pytest.mark.parametrize("number", NUMBERS)
def test_grid_values_are_written_alike_by_python_and_the_page(number):
    """The page writes values with at most three decimals (explorer.js ``fmt``): so must the grids."""
    for c, values in se.grid_axes(number):
        if c.kind != "choice":
            assert all(round(v, 3) == v for v in values), c.name
    fig = explorers.explorer_spec(number).figure_for()
    if not fig.log_x:   # times of the charging curves: four significant digits from t = 0.01
        assert all(round(v, 3) == v for v in fig.x_values)


@pytest.mark.parametrize("values", [
    [], [0], [1000], [0, 0, 0], [0, 1000, 0, 1000], [5, 4, 3, 2, 1, 0, 16, 15, 17, 527, 1000],
])
def test_encode_decode_curve(values):
    text = se.encode_curve(values)
    assert se.decode_curve(text) == values
    assert re.fullmatch(r"[A-Za-z0-9_-]*", text)
    assert len(text) <= 3 * len(values)


def test_encode_curve_is_compact_on_smooth_curves(rng):
    w = np.round(1000 * np.cumsum(rng.uniform(0, 0.015, 40))).astype(int)  # steps of < 0.016
    assert len(se.encode_curve(w.tolist())) == 40
    noisy = rng.integers(0, 1001, 200).tolist()
    assert se.decode_curve(se.encode_curve(noisy)) == noisy


def test_decode_curve_rejects_a_cut_value():
    with pytest.raises(ValueError, match="ends inside"):
        se.decode_curve(se.encode_curve([0, 1000])[:-1])


def test_static_explorer_html_is_a_stable_loader():
    html = assets.static_explorer(5)._repr_html_()
    assert html == assets.static_explorer(5)._repr_html_()
    assert 'id="qb-explorer-fig-5"' in html
    for asset in (assets.PLOTLY_JS, "explorer.js", "fig5.js"):
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

    monkeypatch.setattr(assets, "precompute", fake_precompute)
    sizes = assets.write_assets(tmp_path / "html", cache_dir=tmp_path / "cache", numbers=(6,),
                                log=lambda *_: None, shipped=False)
    again = assets.write_assets(tmp_path / "html2", cache_dir=tmp_path / "cache", numbers=(6,),
                                log=lambda *_: None, shipped=False)
    assert calls == [6]
    assert sizes == again
    out = tmp_path / "html" / assets.ASSET_DIR
    assert {p.name for p in out.iterdir()} == {assets.PLOTLY_JS, assets.PLOTLY_JS_LICENSE, "explorer.js",
                                              "fig6.js"}
    assert (out / "fig6.js").read_bytes() == (tmp_path / "html2" / assets.ASSET_DIR / "fig6.js").read_bytes()
    assert (out / assets.PLOTLY_JS).read_bytes() == assets.plotly_js_path().read_bytes()


@pytest.mark.parametrize("bad, exc, word", [
    (7, ValueError, "number"), (1, ValueError, "number"), ("3", TypeError, "number"),
    (3.0, TypeError, "number"), (True, TypeError, "number"),
])
def test_bad_figure_number(bad, exc, word):
    for fn in (assets.static_explorer, se.grid_axes, se.estimated_bytes):
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
    html = assets.static_explorer("charging")._repr_html_()
    assert "qbExplorer.mount('qb-explorer-fig-charging','charging')" in html
    assert "figcharging.js" in html and "explore(&quot;charging&quot;)" in html


# -- the plotly.js bundle ----------------------------------------------------


def test_vendored_plotly_bundle_is_the_pinned_basic_bundle():
    path = assets.plotly_js_path()
    blob = path.read_bytes()
    assert hashlib.sha256(blob).hexdigest() == assets.PLOTLY_JS_SHA256
    head = blob[:200].decode()
    assert f"plotly.js (basic - minified) v{assets.PLOTLY_JS_VERSION}" in head
    text = blob.decode()
    # it registers the scatter trace and exports Plotly.react (the explorers use nothing else)
    assert 'moduleType:"trace",name:"scatter"' in text
    assert re.search(r"\.react=", text)
    assert f'version="{assets.PLOTLY_JS_VERSION}"' in text
    assert len(blob) < 1_300_000
    licence = (path.parent / assets.PLOTLY_JS_LICENSE).read_text()
    assert licence.startswith("MIT License") and "Plotly" in licence


def test_plotly_bundle_matches_the_plotly_wheel():
    """Same plotly.js version as the full bundle in the plotly wheel (the Python figures' JSON)."""
    plotly = pytest.importorskip("plotly")
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with full.open(encoding="utf-8") as f:
        head = f.read(200)
    m = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    assert m and m.group(1) == assets.PLOTLY_JS_VERSION, head
