"""The paper's figures: axes that fit the data, and network drawings legible at every N."""

import itertools
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

import qbcore  # noqa: E402
from qbcore.viz import figures, style  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


# -- axes that fit the data ------------------------------------------------------


def test_fig6_axis_fits_its_data():
    """Fig. 6 (W below 0.4 everywhere) no longer spans W from 0 to 1."""
    spec = figures.figure_spec(6)
    data = spec.compute()
    top = max(float(np.max(w)) for w in data.values())
    assert top < 0.45
    ax = figures.plot(spec, data)
    lo, hi = ax.get_ylim()
    assert lo <= min(float(np.min(w)) for w in data.values()) and hi >= top
    assert hi < top + 0.05
    plt.close(ax.figure)


def test_plot_keeps_W_within_its_natural_range():
    spec = figures.figure_spec(4)
    data = {spec.curves[0].label: np.linspace(0.0, 1.0, len(spec.x_values))}
    ax = figures.plot(spec, data)
    assert ax.get_ylim() == pytest.approx(style.W_RANGE)
    plt.close(ax.figure)


def test_curve_template_follows_fixed_parameters():
    spec = figures.figure_spec(5)
    assert spec.curves[0].label == "μ = 1, Δμ = 2"
    assert spec.with_fixed(mu=-2.0, dmu=0.5).curves[0].label == "μ = -2, Δμ = 0.5"
    # curves named by their own parameters keep their names
    assert [c.label for c in figures.figure_spec(2).with_fixed(T=3.0).curves] == \
        [c.label for c in figures.figure_spec(2).curves]


# -- the network drawing -----------------------------------------------------------


def _layout(N, topology, page):
    """The drawing as on the page: alone (4 x 4 in) or as the model page's Fig. 1 panel."""
    if page == "alone":
        fig, ax = plt.subplots(figsize=(4.0, 4.0))
        figures.draw_network(N, topology, ax=ax)
    else:
        fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), gridspec_kw={"width_ratios": [1, 1.4]})
        ax = axes[0 if topology == "star" else 1]
        figures.draw_network(N, "star", ax=axes[0])
        figures.draw_network(N, "chain", ax=axes[1])
        fig.tight_layout()
    fig.canvas.draw()
    return fig, ax


def _overlap(a, b, slack=0.5):
    """Whether two display boxes overlap by more than ``slack`` points."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > slack) and (min(a.y1, b.y1) - max(a.y0, b.y0) > slack)


def _touches(box, circle_box):
    """Whether a text box reaches into the disc inscribed in ``circle_box``."""
    cx, cy = circle_box.x0 + circle_box.width / 2, circle_box.y0 + circle_box.height / 2
    nearest_x, nearest_y = np.clip(cx, box.x0, box.x1), np.clip(cy, box.y0, box.y1)
    return np.hypot(nearest_x - cx, nearest_y - cy) < circle_box.width / 2


@pytest.mark.parametrize("N, topology, page", list(itertools.product(
    range(2, 13), ("star", "chain"), ("alone", "panel"))))
def test_network_drawing_is_legible(N, topology, page):
    fig, ax = _layout(N, topology, page)
    renderer = fig.canvas.get_renderer()
    scale = 72 / fig.dpi  # display pixels to points
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    texts = [t for t in ax.texts if t.get_text()]
    nodes = [t for t in texts if t.get_text() != "$J$"]
    bonds = [t for t in texts if t.get_text() == "$J$"]
    assert len(circles) == len(nodes) == N
    assert len(bonds) == len(qbcore.edges(N, topology))
    cbox = [c.get_window_extent(renderer) for c in circles]
    tbox = [t.get_window_extent(renderer) for t in texts]
    figbox = fig.bbox
    for t, box in zip(texts, tbox):
        assert t.get_fontsize() >= 6, t.get_text()
        assert figbox.x0 <= box.x0 and box.x1 <= figbox.x1 and figbox.y0 <= box.y0 and box.y1 <= figbox.y1
    for i, j in itertools.combinations(range(len(texts)), 2):   # no label on another
        assert not _overlap(tbox[i], tbox[j]), (texts[i].get_text(), texts[j].get_text())
    for i, j in itertools.combinations(range(N), 2):              # no node on another
        assert not _overlap(cbox[i], cbox[j])
    for k, t in enumerate(bonds):                                 # no J on a node
        box = t.get_window_extent(renderer)
        assert not any(_touches(box, c) for c in cbox), k
    for c, t in zip(circles, nodes):                              # node names inside their node
        box, circle = t.get_window_extent(renderer), c.get_window_extent(renderer)
        assert circle.x0 <= box.x0 and box.x1 <= circle.x1 and circle.y0 <= box.y0 and box.y1 <= circle.y1
    # nodes big enough to read: at least 14 pt across
    assert min(b.width for b in cbox) * scale >= 14
    plt.close(fig)


def test_node_positions_keep_neighbours_apart():
    for N in range(2, 30):
        for topology in ("star", "chain"):
            pos = figures.node_positions(N, topology)
            d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
            assert d[~np.eye(N, dtype=bool)].min() >= 1 - 1e-9, (N, topology)
            for a, b in qbcore.edges(N, topology):    # bonds join neighbours (no long jumps)
                assert d[a, b] <= 1.5 * (1 if topology == "chain" else np.max(d[0, 1:]))


def test_intro_network_image_is_current(tmp_path):
    """book/images/network.svg is what book/make_images.py draws now (deterministic SVG)."""
    subprocess.run([sys.executable, str(ROOT / "book" / "make_images.py"), str(tmp_path)],
                   check=True, capture_output=True)
    assert (tmp_path / "network.svg").read_bytes() == (ROOT / "book" / "images" / "network.svg").read_bytes()
