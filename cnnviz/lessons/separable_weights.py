"""The pointwise weights of the Separable page as typed text: one line of numbers per output map
(``0,33 0,33 0,33`` in French, ``0.33 0.33 0.33`` in English), read back into numbers with a
clear account of anything that had to be changed.

A line of text replaced Streamlit's data editor (its data-grid and Arrow JavaScript was loaded
for a table of at most 4 × 16 numbers); each line lives in the URL like every other setting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from cnnviz.i18n import format_number
from cnnviz.lessons.separable import WEIGHT_LIMIT
from cnnviz.markup import quote

MAX_CHARS = 240
"""Longest line a lecturer may type (16 weights of up to 14 characters)."""

_SPLIT = re.compile(r"[\s;]+")


def row_text(row, lang: str) -> str:
    """One output's weights written as the page shows them: two decimals, the language's decimal
    mark, a true minus sign, separated by spaces."""
    return " ".join(format_number(float(v), lang, 2) for v in row)


@dataclass(frozen=True)
class Problem:
    """Something in a typed line that had to be changed: ``kind`` is ``'not_number'`` (``text``
    counted as 0), ``'too_few'`` / ``'too_many'`` (``got`` numbers for ``want`` maps: missing
    ones count as 0, extra ones are left out) or ``'clipped'`` (``text`` was outside
    ±:data:`WEIGHT_LIMIT`)."""

    kind: str
    text: str = ""
    got: int = 0
    want: int = 0


def _number(token: str) -> float | None:
    """A typed number: decimal point or comma, ``−`` or ``-``; ``None`` when it is not one."""
    cleaned = token.replace("\u2212", "-").replace("\u2013", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_row(text: str, count: int) -> tuple[np.ndarray, list[Problem]]:
    """``count`` weights from a typed line, and what had to be changed (empty when nothing):
    a token that is not a finite number counts as 0, a missing weight as 0, extra ones are
    left out, and weights beyond ±:data:`WEIGHT_LIMIT` are clipped."""
    tokens = [tok for tok in _SPLIT.split(str(text).strip()) if tok]
    values: list[float] = []
    problems: list[Problem] = []
    for tok in tokens:
        value = _number(tok)
        if value is None:
            problems.append(Problem("not_number", text=tok))
            value = 0.0
        elif abs(value) > WEIGHT_LIMIT:
            problems.append(Problem("clipped", text=tok))
            value = max(-WEIGHT_LIMIT, min(WEIGHT_LIMIT, value))
        values.append(value)
    if len(values) < count:
        problems.append(Problem("too_few", got=len(values), want=count))
        values += [0.0] * (count - len(values))
    elif len(values) > count:
        problems.append(Problem("too_many", got=len(values), want=count))
        values = values[:count]
    return np.asarray(values, dtype=np.float32), problems


def parse_rows(texts, count: int) -> tuple[np.ndarray, list[tuple[int, Problem]]]:
    """The pointwise weights (N, ``count``) from one typed line per output, and what had to be
    changed in each (output index from 0, :class:`Problem`)."""
    rows, found = [], []
    for j, text in enumerate(texts):
        values, problems = parse_row(text, count)
        rows.append(values)
        found += [(j, p) for p in problems]
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, count), np.float32), found


def problem_sentence(problem: Problem, output: int, t) -> str:
    """``problem`` of output ``output`` (1-based) as a Markdown sentence from the translator
    ``t``; the typed text in it is inert (:func:`cnnviz.markup.quote`)."""
    if problem.kind in ("too_few", "too_many"):
        return t(f"sep.pw_{problem.kind}", j=output, got=problem.got, want=problem.want)
    return t(f"sep.pw_{problem.kind}", j=output, text=quote(problem.text, 30),
             limit=t.num(WEIGHT_LIMIT))
