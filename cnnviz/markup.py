"""Showing untrusted text (from a URL, a typed field, an upload's name) inside Markdown."""

from __future__ import annotations

import re


def quote(value: object, limit: int = 60) -> str:
    """``value`` (from a URL, a typed field, an upload's name...) as inert Markdown text.

    Every Streamlit text element renders Markdown, where ``[a](http://…)`` is a live link,
    ``![](http://…)`` makes the visitor's browser fetch an image, bare ``https://…`` and
    ``www.…`` become links, ``:red[…]``, ``$…$`` and ``:material/…:`` are interpreted. Inside a
    code span none of that happens (CommonMark and Streamlit's renderer show its content
    literally), so the value is shown in one, with a fence longer than any run of backticks in
    it. Line breaks and control characters become spaces; long values are cut with "…".
    Use this for every sentence that quotes such a value.
    """
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text.strip():
        text = " " * max(1, len(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def bold_runs(text: str) -> list[tuple[str, bool]]:
    """A sentence of the app's own (``**bold**`` its only Markdown) as runs of (text, bold?), for a
    component that writes each run as plain text (never as HTML). Empty runs are left out."""
    parts = str(text).split("**")
    if len(parts) % 2 == 0:  # an unmatched ``**``: shown as written
        parts[-2:] = [parts[-2] + "**" + parts[-1]]
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]
