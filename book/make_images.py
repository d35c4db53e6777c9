"""Regenerate the static images of the intro page: `python book/make_images.py`."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from qbcore.figures import draw_network  # noqa: E402

here = Path(__file__).parent / "images"
here.mkdir(exist_ok=True)
fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), gridspec_kw={"width_ratios": [1, 1.4]})
draw_network(5, "star", ax=axes[0])
draw_network(5, "chain", ax=axes[1])
fig.tight_layout()
fig.savefig(here / "network.png", dpi=120)
