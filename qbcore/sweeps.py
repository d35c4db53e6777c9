r""":math:`\mathcal{W}` along one parameter or over a grid of two.

Every point is an independent call of :func:`qbcore.battery_ergotropy`; the
fixed parameters are validated once, before the first solve.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _validate as check
from .battery import battery_ergotropy
from .parameters import make_parameters


def progress_bar(iterable, total: int, progress: bool, desc: str):
    """``iterable`` with a tqdm progress bar when ``progress`` is true."""
    if not progress:
        return iterable
    from tqdm.auto import tqdm
    return tqdm(iterable, total=total, desc=desc)


def sweep(scenario: str, name: str, values: Sequence[Any], *, progress: bool = False,
          **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}` along one parameter: ``W[i] = battery_ergotropy(..., name=values[i])``.

    Parameters
    ----------
    scenario : {"equilibrium", "nonequilibrium"}
    name : str
        The swept keyword (``"mu"``, ``"dmu"``, ``"T"``, ``"J"``, ``"N"``, ...).
    values : sequence
        Its values.
    progress : bool
        Show a progress bar (tqdm).
    **params
        The fixed keywords.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(values),)``.
    """
    vals = check.swept_values(name, values)
    if name in params:
        raise ValueError(f"{name!r} is swept; do not also fix it")
    # validate the fixed parameters once, with the first swept value
    make_parameters(scenario, **{**params, name: vals[0].item()})
    return np.array([battery_ergotropy(scenario, **{**params, name: v.item()})
                     for v in progress_bar(vals, len(vals), progress, f"W({name})")])


def sweep2d(scenario: str, x: tuple[str, Sequence[Any]], y: tuple[str, Sequence[Any]], *,
            progress: bool = False, **params: Any) -> np.ndarray:
    r""":math:`\mathcal{W}` over a grid: ``W[j, i]`` at ``x = x_values[i]``, ``y = y_values[j]``.

    ``x`` and ``y`` are ``(name, values)`` pairs; the result has shape
    ``(len(y_values), len(x_values))``, ready for ``pcolormesh(x, y, W)``.
    """
    (xn, xv), (yn, yv) = x, y
    xv, yv = check.swept_values(xn, xv), check.swept_values(yn, yv)
    if xn == yn:
        raise ValueError(f"x and y must be different parameters, both are {xn!r}")
    for n in (xn, yn):
        if n in params:
            raise ValueError(f"{n!r} is swept; do not also fix it")
    make_parameters(scenario, **{**params, xn: xv[0].item(), yn: yv[0].item()})
    grid = [(j, i) for j in range(len(yv)) for i in range(len(xv))]
    out = np.empty((len(yv), len(xv)))
    for j, i in progress_bar(grid, len(grid), progress, f"W({xn}, {yn})"):
        out[j, i] = battery_ergotropy(scenario, **{**params, xn: xv[i].item(), yn: yv[j].item()})
    return out
