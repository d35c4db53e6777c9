"""qbcore.web.grid_cache: the explorer grids shipped with qbcore, or filled into the cache by another process."""

import json

import pytest

from qbcore.web import assets, grid_cache
from qbcore.web import static_explorers as se

SMALL = {"mu": (0.0,), "T": (1.0,), "J": (1.0,), "gamma": (1.0,)}


def test_fill_cache_writes_what_write_assets_reads(tmp_path, monkeypatch):
    real = se.precompute
    monkeypatch.setattr(grid_cache, "precompute",
                        lambda number, processes=None: real(number, processes=1, grid=SMALL))
    grid_cache.fill_cache(tmp_path / "cache", numbers=(6,), shipped=False)
    cached = list((tmp_path / "cache").glob("*-fig6.js"))
    assert [p.name for p in cached] == [f"{assets.source_hash()}-fig6.js"]
    monkeypatch.setattr(assets, "precompute", lambda *a, **k: pytest.fail("recomputed"))
    assets.write_assets(tmp_path / "html", cache_dir=tmp_path / "cache", numbers=(6,),
                    log=lambda *_: None)
    assert (tmp_path / "html" / assets.ASSET_DIR / "fig6.js").read_bytes() == cached[0].read_bytes()
    assert grid_cache.start_fill_cache(tmp_path / "cache", numbers=(6,), shipped=False) is None


def test_start_fill_cache_computes_in_another_process(tmp_path):
    process = grid_cache.start_fill_cache(tmp_path, numbers=(6,), shipped=False)
    assert process is not None and process.name == "qbcore-explorer-grids"
    process.join(timeout=600)
    assert process.exitcode == 0
    text = (tmp_path / f"{assets.source_hash()}-fig6.js").read_text()
    assert text == se.payload(se.precompute(6, processes=1))
    assert not list(tmp_path.glob(".*"))  # no partial file left


# ------------------------------------------------------- the shipped grids ---

def test_every_explorer_has_a_shipped_grid_and_the_build_uses_it(tmp_path, monkeypatch):
    """Nothing is computed for a cold build: every grid is shipped (and nothing is left to fill)."""
    monkeypatch.setattr(assets, "precompute", lambda *a, **k: pytest.fail("recomputed"))
    sizes = assets.write_assets(tmp_path / "html", cache_dir=tmp_path / "cache",
                                log=lambda *_: None)
    assert set(sizes) == {f"fig{n}.js" for n in grid_cache.NUMBERS}
    for n in grid_cache.NUMBERS:
        written = (tmp_path / "html" / assets.ASSET_DIR / f"fig{n}.js").read_bytes()
        assert written == assets.shipped_grid(n).read_bytes()
    assert grid_cache.start_fill_cache(tmp_path / "cache") is None
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("number", grid_cache.NUMBERS)
def test_shipped_grids_are_what_qbcore_computes(number):
    """Each shipped grid, recomputed from the current qbcore, to the byte.

    Fails after a change to qbcore that changes an explorer: run ``make grids``.
    """
    shipped = assets.shipped_grid(number).read_text(encoding="utf-8")
    fresh = se.payload(se.precompute(number))
    if fresh != shipped:
        head = "window.qbExplorerData[" + json.dumps(number) + "] = "
        old, new = (json.loads(t.split(head, 1)[1].rstrip().rstrip(";")) for t in (shipped, fresh))
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        pytest.fail(f"the shipped grid of {number!r} differs from what qbcore computes now in "
                    f"{changed}: run `make grids` (python -m qbcore.web.grid_cache)")
