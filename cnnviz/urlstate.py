"""What a URL-bound control starts from, and what to tell the reader about the link.

Every setting lives in the URL (``?k=5&pad=reflect``), and a link can be wrong: a key given
twice, a number out of range or not a number, an unknown option id, a text too long for its
box. Streamlit silently drops or cuts such values; the app says so in a sentence. This module
takes the raw values (the URL's, and what this session remembers) and decides, without
Streamlit: the value to use, and a :class:`Notice` (a sentence key and its values) or ``None``.
:mod:`cnnviz.ui` reads the URL and the session, and shows the notices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cnnviz.i18n import Translator
from cnnviz.markup import quote


@dataclass(frozen=True)
class Notice:
    """A sentence to show about the link: the translation ``key`` and its ``values`` (URL text
    already quoted as inert Markdown; integers are written by the translator)."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def sentence(self, t: Translator) -> str:
        """The sentence in ``t``'s language (integers by ``t.num``: ``1 000`` in French)."""
        return t(self.key, **{k: t.num(v) if isinstance(v, int) and not isinstance(v, bool) else v
                              for k, v in self.values.items()})


def single(values: Sequence[str]) -> str | None:
    """The URL's value for a key given exactly once, else ``None`` (absent or repeated)."""
    return values[0] if len(values) == 1 else None


def repeated(values: Sequence[str], label: str, used: object) -> Notice | None:
    """A notice when the URL gives the key more than once (the first four values are quoted);
    ``used`` is the value the control took."""
    if len(values) < 2:
        return None
    shown = ", ".join(quote(v, 30) for v in values[:4]) + (", …" if len(values) > 4 else "")
    return Notice("url.repeated", {"name": label, "values": shown, "used": quote(used, 40)})


def out_of_range(raw: str | None, lo: int, hi: int, label: str) -> Notice | None:
    """A notice when ``raw`` is not an integer written plainly (``"5"``, not ``"5.0"``,
    ``"1_0"`` or ``"+5"``) within ``lo``..``hi``; ``None`` for no value."""
    if raw is None:
        return None
    try:
        ok = lo <= int(raw) <= hi and str(int(raw)) == raw.strip()
    except ValueError:
        ok = False
    return None if ok else Notice("url.ignored", {"name": label, "value": quote(raw, 40),
                                                  "allowed": f"{lo}–{hi}"})


def not_an_option(raw: str | None, options: Sequence[Any], label: str,
                  format_func: Callable[[Any], str] = str) -> Notice | None:
    """A notice when ``raw`` is none of the option ids. The allowed ids are listed with their
    label when it differs (``max (Max pooling)``); internal ids (``__upload__``) are not."""
    if raw is None or raw in [str(a) for a in options]:
        return None
    shown = ", ".join(f"{a} ({format_func(a)})" if format_func(a) != str(a) else str(a)
                      for a in options if not str(a).startswith("__"))
    return Notice("url.ignored", {"name": label, "value": quote(raw, 40), "allowed": shown})


def slider_notice(values: Sequence[str], lo: int, hi: int, label: str,
                  default: int) -> Notice | None:
    """The notice for an integer slider's URL values: repeated (Streamlit then resets the slider
    to ``default``), else out of range or not an integer."""
    return repeated(values, label, default) or out_of_range(single(values), lo, hi, label)


def initial(values: Sequence[str], remembered: Iterable[object], options: Sequence[str],
            default: str, label: str,
            format_func: Callable[[Any], str] = str) -> tuple[str, Notice | None]:
    """The option a URL-bound choice starts from, and the notice to show.

    Order: the first of ``remembered`` that is an option (the value of the previous run, then
    one set by code or tests), the URL's value (repeated or not an option: a notice), then
    ``default``.
    """
    for candidate in remembered:
        if candidate in options:
            return candidate, None  # type: ignore[return-value]
    notice = repeated(values, label, format_func(default))
    if notice is not None:
        return default, notice
    raw = single(values)
    if raw is not None and raw in options:
        return raw, None
    return default, not_an_option(raw, options, label, format_func)


def text_notice(values: Sequence[str], label: str, max_chars: int) -> Notice | None:
    """The notice for a text box's URL values: Streamlit keeps the last of repeated values and
    cuts it to ``max_chars``; both are said."""
    if not values:
        return None
    last = values[-1]
    notice = repeated(values, label, last[:max_chars])
    if notice is None and len(last) > max_chars:
        notice = Notice("url.too_long", {"name": label, "limit": max_chars, "length": len(last)})
    return notice


def int_within(candidates: Iterable[object], lo: int, hi: int, default: int) -> int:
    """The first candidate that is an integer within ``lo``..``hi``, else ``default`` (the
    value a hidden slider would have: the session's, then the URL's)."""
    for raw in candidates:
        try:
            v = int(raw)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
        if lo <= v <= hi:
            return v
    return default


def flag_value(remembered: object, raw: str | None, default: bool) -> bool:
    """A hidden checkbox's value: ``"1"``/``"0"`` remembered in the session, else in the URL
    (``raw``), else ``default``."""
    value = remembered or raw
    return value == "1" if value in ("0", "1") else default


def lecture_on(clicked: object, remembered: object, raw: str | None) -> bool:
    """Lecture mode before its switch is drawn: the switch's state when it was just clicked (a
    bool), else the value remembered in the session, else ``?lecture=1`` in the URL."""
    if isinstance(clicked, bool):
        return clicked
    return remembered == "1" if remembered in ("0", "1") else raw == "1"
