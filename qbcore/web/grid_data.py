"""The data of a kernel-free explorer, and reading it back.

An explorer's grid (:mod:`qbcore.web.static_explorers` writes it, ``explorer.js``
draws it) is a JSON object; its layout is described in
:mod:`qbcore.web.static_explorers`.  Here: the compact text of a curve
(:func:`encode_curve`), and the look-up of one grid point by its control values
(:func:`point_curves`, :func:`point_reasons`, :func:`curve_labels`), which the
tests use to check the page against the data.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

#: Values are stored as integers ``round(SCALE * W)``.
SCALE = 1000

#: Digits of the curve encoding (base64's, URL-safe: nothing to escape in JSON).
_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def encode_curve(values: list[int]) -> str:
    """A curve of integers as text: each step from the previous value (the first from 0) as a
    base64 VLQ, as in source maps (sign in the lowest bit, 5 bits a digit, the sixth
    says another digit follows).  W rarely moves by more than 0.015 between grid
    points, so most values take one character instead of about four.
    """
    out, previous = [], 0
    for v in values:
        step, previous = int(v) - previous, int(v)
        z = 2 * step if step >= 0 else -2 * step + 1
        while True:
            digit, z = z & 31, z >> 5
            out.append(_DIGITS[digit | (32 if z else 0)])
            if not z:
                break
    return "".join(out)


def decode_curve(text: str) -> list[int]:
    """The inverse of :func:`encode_curve`."""
    values, value, z, shift = [], 0, 0, 0
    for char in text:
        digit = _DIGITS.index(char)
        z |= (digit & 31) << shift
        shift += 5
        if digit & 32:
            continue
        value += -(z >> 1) if z & 1 else z >> 1
        values.append(value)
        z, shift = 0, 0
    if shift:
        raise ValueError(f"encoded curve ends inside a value: {text[-8:]!r}")
    return values


def point_index(data: dict[str, Any], **values: Any) -> int:
    """Row-major index of the grid point with these control values."""
    index = 0
    for c in data["controls"]:
        if c["name"] not in values:
            raise TypeError(f"point_index() missing control {c['name']!r}")
        v = values[c["name"]]
        try:
            k = c["values"].index(v)
        except ValueError:
            raise ValueError(f"{c['name']}={v!r} is not on the grid {c['values']}") from None
        index = index * len(c["values"]) + k
    return index


def point_curves(data: dict[str, Any], **values: Any) -> dict[str, np.ndarray | None] | None:
    """``{curve label: W}`` at one grid point.

    The labels are those at that point (:func:`curve_labels`); a curve that
    could not be computed there is ``None``, and where the model rejects the
    control values the whole result is ``None``.
    """
    row = data["W"][point_index(data, **values)]
    if row is None:
        return None
    return {label: None if w is None else np.asarray(decode_curve(w), dtype=float) / data["scale"]
            for label, w in zip(curve_labels(data, **values), row)}


def point_reasons(data: dict[str, Any], **values: Any) -> dict[int, str]:
    """Why curves are missing at one grid point: ``{curve index (-1: all): reason}``."""
    found = data["failures"].get(str(point_index(data, **values)), [])
    return {k: data["reasons"][r] for k, r in found}


def curve_labels(data: dict[str, Any], **values: Any) -> list[str]:
    """The curves' labels at one grid point (labels that name controls follow them)."""
    point_index(data, **values)  # the values must be on the grid
    return [_TEMPLATE_FIELD.sub(lambda m: format(values[m.group(1)], "g"), t) if t is not None
            else label for label, t in zip(data["curves"], data["templates"])]


_TEMPLATE_FIELD = re.compile(r"\{(\w+)\}")
