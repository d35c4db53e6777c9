"""Regenerate the static images of the intro page: `python book/make_images.py [folder]`.

Writes ``network.svg`` (Fig. 1 for N = 5) into ``folder`` (default: ``book/images``), as
deterministic SVG in the book's style (the same bytes on every run).
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from qbcore.viz import style  # noqa: E402
from qbcore.viz.figures import draw_network  # noqa: E402

here = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "images"
here.mkdir(exist_ok=True)
style.use_book_style()
fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), gridspec_kw={"width_ratios": [1, 1.4]})
draw_network(5, "star", ax=axes[0])
draw_network(5, "chain", ax=axes[1])
fig.tight_layout()
fig.savefig(here / "network.svg", metadata={"Date": None})
