"""The stage's payload: a :class:`GridAnimation` as a compact JSON-able dict for the browser.

The stage (``cnnviz/render/stage/stage.js``) draws every grid animation of the app. Everything
it needs goes to the browser once, and playing never asks the server for anything:

* the cells that never change are sent once per panel: the kind of every cell (input, padding,
  kernel, output, inserted zero, empty), its number as text (already formatted for the
  language), and an optional hover sentence;
* each step sends only what changes: the highlighted cells (flat indices), the numbers written
  into the panels that fill up (only the cells that differ from the step before), the corner
  notes (``×2``), dashed footprints, the copy links of reflect/replicate/circular padding, and
  the caption (lines of plain-text runs, bold or not);
* the translated words of the controls ("Étape 7 / 25", "Lecture", …), built by the translator.

No HTML travels: captions and titles are split into plain-text runs, which the front end writes
with ``textContent``. Pure Python (no Streamlit): the page mounts the payload with
:func:`cnnviz.ui.stage`.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from cnnviz.animation import KIND_NAMES, GridAnimation, Step
from cnnviz.i18n import Translator, format_value

VERSION = 1

ASSETS = Path(__file__).resolve().parent / "stage"
"""The stage's front end, shipped as plain files (no build step); :func:`cnnviz.ui.stage`
registers ``CSS`` and ``JS`` as a components-v2 component."""
CSS = (ASSETS / "stage.css").read_text(encoding="utf-8")
JS = (ASSETS / "stage.js").read_text(encoding="utf-8")
PAGE_CSS = (ASSETS / "page.css").read_text(encoding="utf-8")
LECTURE_CSS = (ASSETS / "lecture.css").read_text(encoding="utf-8")

SPEEDS = (0.25, 0.5, 1, 2, 4)
"""Speeds offered by the stage (× the step time ``interval_ms``)."""

_BOLD = re.compile(r"<b>(.*?)</b>", re.S)
_TAG = re.compile(r"<[^>]+>")


def page_style(lecture: bool) -> str:
    """The stage pages' own CSS as a ``<style>`` element (static text, never user input):
    ``page.css``, and ``lecture.css`` in lecture mode."""
    return "<style>" + "\n".join((PAGE_CSS, LECTURE_CSS) if lecture else (PAGE_CSS,)) + "</style>"


def runs(markup: str) -> list[list[list[Any]]]:
    """A caption or title written with Plotly's small markup (``<br>``, ``<b>``) as lines of
    ``[text, bold]`` runs; every other tag is dropped, the text is never interpreted as HTML."""
    lines = []
    for line in re.split(r"<br\s*/?>", markup):
        parts: list[list[Any]] = []
        pos = 0
        for m in _BOLD.finditer(line):
            if m.start() > pos:
                parts.append([_TAG.sub("", line[pos:m.start()]), False])
            parts.append([_TAG.sub("", m.group(1)), True])
            pos = m.end()
        if pos < len(line):
            parts.append([_TAG.sub("", line[pos:]), False])
        lines.append([p for p in parts if p[0]])
    return lines


def _flat(cells, width: int) -> list[int]:
    return [int(r) * width + int(c) for r, c in cells]


def _cells_by_panel(mapping, widths: list[int]) -> list[list[Any]]:
    return [[int(p), _flat(cells, widths[p])] for p, cells in sorted(mapping.items()) if len(cells)]


def _step_payload(step: Step, widths: list[int], previous: dict[int, dict],
                  dynamic: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {"label": step.label, "caption": runs(step.caption)}
    if step.window:
        out["win"] = _cells_by_panel(step.window, widths)
    if step.target:
        out["tgt"] = _cells_by_panel(step.target, widths)
    if step.boxes:
        out["boxes"] = [[int(v) for v in box] for box in step.boxes]
    if step.notes:
        out["notes"] = [[int(p), int(r) * widths[p] + int(c), text]
                        for (p, r, c), text in step.notes.items()]
    if step.links:
        out["links"] = [[int(a[0]), int(a[1]) * widths[a[0]] + int(a[2]),
                         int(b[0]), int(b[1]) * widths[b[0]] + int(b[2])] for a, b in step.links]
    writes = []
    for p in dynamic:  # only the cells whose text differs from the step before
        now = step.texts.get(p, {})
        before = previous.get(p, {})
        w = widths[p]
        for (r, c), text in now.items():
            if before.get((r, c)) != text:
                writes.append([p, int(r) * w + int(c), text])
        writes += [[p, int(r) * w + int(c), ""] for (r, c) in before.keys() - now.keys()]
        previous[p] = now
    if writes:
        out["write"] = writes
    return out


def payload(anim: GridAnimation, t: Translator, *, start: int = 0,
            interval_ms: int = 900) -> dict[str, Any]:
    """The stage's data for ``anim``: JSON-able, numbers formatted by ``t``.

    ``start`` is the step the stage opens on (negative counts from the end); ``interval_ms``
    the time per step at speed ×1. Panels go on separate lines of the stage by their ``row``
    (all on one line by default, wrapped on a narrow screen). ``payload['id']`` is a hash of
    the content, so the front end keeps its current step when the page reruns with the same
    animation.
    """
    if not anim.steps:
        raise ValueError("an animation needs at least one step")
    num: Callable[..., str] | None = getattr(t, "num", None)
    widths = [p.shape[1] for p in anim.panels]
    rows = [p.row for p in anim.panels]
    if rows != sorted(rows):
        raise ValueError("panels must be listed row by row")
    lang = getattr(t, "lang", "en")
    panels = []
    for panel in anim.panels:
        h, w = panel.shape
        kinds = np.asarray(panel.kinds, dtype=np.int64).reshape(-1)
        if panel.dynamic_text:
            text = [""] * (h * w)
        else:
            text = [format_value(float(v), lang) for v in np.asarray(panel.values).reshape(-1)]
        entry: dict[str, Any] = {"title": runs(panel.title), "h": h, "w": w,
                                 "kinds": [int(k) for k in kinds], "text": text}
        if panel.dynamic_text:
            entry["dynamic"] = True
        if any(rows):
            entry["row"] = int(panel.row)
        if panel.group is not None:
            entry["group"] = int(panel.group)
        if panel.hover is not None:
            entry["hover"] = [str(s) for row in panel.hover for s in row]
        panels.append(entry)
    dynamic = [i for i, p in enumerate(anim.panels) if p.dynamic_text]
    previous: dict[int, dict] = {}
    steps = [_step_payload(s, widths, previous, dynamic) for s in anim.steps]
    count = len(anim.steps)
    total = max(anim.total_steps, count)
    first = start % count if start < 0 else min(start, count - 1)
    body = {
        "v": VERSION,
        "kinds": list(KIND_NAMES),  # the front end's names of the kind codes, in code order
        "panels": panels,
        "steps": steps,
        "legend": [[name, label] for name, label in anim.legend],
        "total": total,
        "start": first,
        "interval": int(interval_ms),
        "speeds": [[v, (num(v, 2 if v < 0.5 else (1 if v < 1 else 0)) if num else f"{v:g}") + "×"]
                   for v in SPEEDS],
        "labels": {
            "step_of": t("stage.step_of", i="{i}", n="{n}"),
            "play": t("stage.play"), "pause": t("stage.pause"),
            "back": t("stage.back"), "forward": t("stage.forward"),
            "first": t("stage.first"), "last": t("stage.last"),
            "speed": t("stage.speed"), "scrub": t("stage.scrub"), "keys": t("stage.keys"),
            "thinned": t("stage.thinned", shown=_num(num, count), total=_num(num, total))
            if total > count else "",
        },
    }
    # pickle, not JSON: the same content gives the same bytes, ten times faster on 0.5 MB
    body["id"] = hashlib.sha1(pickle.dumps(body, protocol=5)).hexdigest()[:16]
    return body


def _num(num: Callable[..., str] | None, value: int) -> str:
    return num(value, 0) if num is not None else str(value)


def state_at(body: dict[str, Any], step: int) -> dict[str, Any]:
    """What the stage shows at ``step``, rebuilt from the payload the way the front end does:
    per panel the text of every cell, plus the step's highlights. Used by the tests (and handy
    to check a payload by eye)."""
    texts = [list(p["text"]) for p in body["panels"]]
    for s in body["steps"][: step + 1]:
        for p, index, text in s.get("write", []):
            texts[p][index] = text
    s = body["steps"][step]
    return {"texts": texts, "win": {p: cells for p, cells in s.get("win", [])},
            "tgt": {p: cells for p, cells in s.get("tgt", [])}, "caption": s["caption"]}


def size_bytes(body: dict[str, Any]) -> int:
    """Bytes of the payload as JSON (what goes over the websocket, before compression)."""
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
