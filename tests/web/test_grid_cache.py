"""qbcore.web.grid_cache: the explorer grids filled into the cache by another process."""

import pytest

from qbcore.web import assets, grid_cache
from qbcore.web import static_explorers as se

SMALL = {"mu": (0.0,), "T": (1.0,), "J": (1.0,), "gamma": (1.0,)}


def test_fill_cache_writes_what_write_assets_reads(tmp_path, monkeypatch):
    real = se.precompute
    monkeypatch.setattr(grid_cache, "precompute",
                        lambda number, processes=None: real(number, processes=1, grid=SMALL))
    grid_cache.fill_cache(tmp_path / "cache", numbers=(6,))
    cached = list((tmp_path / "cache").glob("*-fig6.js"))
    assert [p.name for p in cached] == [f"{assets.source_hash()}-fig6.js"]
    monkeypatch.setattr(assets, "precompute", lambda *a, **k: pytest.fail("recomputed"))
    assets.write_assets(tmp_path / "html", cache_dir=tmp_path / "cache", numbers=(6,),
                    log=lambda *_: None)
    assert (tmp_path / "html" / assets.ASSET_DIR / "fig6.js").read_bytes() == cached[0].read_bytes()
    assert grid_cache.start_fill_cache(tmp_path / "cache", numbers=(6,)) is None


def test_start_fill_cache_computes_in_another_process(tmp_path):
    process = grid_cache.start_fill_cache(tmp_path, numbers=(6,))
    assert process is not None and process.name == "qbcore-explorer-grids"
    process.join(timeout=600)
    assert process.exitcode == 0
    text = (tmp_path / f"{assets.source_hash()}-fig6.js").read_text()
    assert text == se.payload(se.precompute(6, processes=1))
    assert not list(tmp_path.glob(".*"))  # no partial file left
