"""Stage payloads one slider step ahead: a lesson's slider redraws the stage in the browser at
once, without waiting for the server's rerun.

A Streamlit slider step costs a round trip and a re-render of its fragment (about three times
Streamlit's cheapest rerun on the Convolution page; issue 14). The stage's picture need not wait:
the page says which of its sliders (widget keys) the stage's payload depends on, their current
values and bounds, and how to build a payload for other values. :func:`ahead` builds, with that
same builder (so the same content and the same ``id``), the payloads one step up and one step
down for every slider, and they travel with the stage. The front end (``stage/stage.js``) watches
those sliders; when one of them moves to a value whose payload it holds, every other watched
slider unchanged, it draws that payload at once. The rerun then brings the same payload (same
``id``: nothing is redrawn) and the payloads one step ahead of the new setting.

Impossible settings (the builder raises :class:`~cnnviz.geometry.GeometryError` or returns
``None``) and large payloads are not sent ahead: for those the stage waits for the server, as
before. Pure Python (no Streamlit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cnnviz.geometry import GeometryError
from cnnviz.render.stage import size_bytes

LIMIT = 64_000
"""Bytes of one payload sent ahead: larger ones (a Convolution input of about 14 × 14 and more)
wait for the server."""
BUDGET = 400_000
"""Bytes of all the payloads sent ahead with one stage."""

_SIZES: dict[str, int] = {}  # payload id -> bytes (payloads come from the pages' caches)


def _size(payload: dict[str, Any]) -> int:
    key = payload.get("id")
    if key is None:
        return size_bytes(payload)
    if key not in _SIZES:
        if len(_SIZES) > 4096:
            _SIZES.clear()
        _SIZES[key] = size_bytes(payload)
    return _SIZES[key]


def ahead(build: Callable[[dict[str, int]], dict[str, Any] | None], values: Mapping[str, int],
          bounds: Mapping[str, tuple[int, int]], *, limit: int = LIMIT,
          budget: int = BUDGET) -> dict[str, Any]:
    """``{"watch": {key: value}, "next": [[key, value, payload], ...]}`` for the stage.

    ``values``: every watched slider's current value (widget key -> int); ``bounds``: the sliders
    to step, in order of importance (key -> (lowest, highest)), each also in ``values``;
    ``build(values)``: the stage payload for other values (``None`` or ``GeometryError`` when
    impossible). Each entry of ``next`` differs from ``watch`` in exactly one slider, by one step.
    """
    current = {str(k): int(v) for k, v in values.items()}
    missing = set(bounds) - set(current)
    if missing:
        raise ValueError(f"bounds for sliders without a value: {sorted(missing)}")
    found: list[list[Any]] = []
    total = 0
    for key, (lo, hi) in bounds.items():
        for value in (current[key] + 1, current[key] - 1):
            if not lo <= value <= hi:
                continue
            try:
                payload = build({**current, key: value})
            except GeometryError:
                continue
            if payload is None:
                continue
            size = _size(payload)
            if size > limit or total + size > budget:
                continue
            total += size
            found.append([key, value, payload])
    return {"watch": current, "next": found}
