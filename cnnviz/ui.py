"""The few Streamlit helpers every page shares: language, image picker, URL-bound widgets, and
turning errors into sentences. The only module of :mod:`cnnviz` that imports Streamlit.

Data flows one way: widgets here return plain values; pages hand them to the library and show
what comes back.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st
from PIL import Image

from cnnviz import i18n
from cnnviz.geometry import GeometryError
from cnnviz.images import SAMPLES, ImageLoadError, fit, load_image, sample_bytes
from cnnviz.kernels import KernelParseError
from cnnviz.memo import bounded_cache


def keep_uploads_in_memory() -> int:
    """Never let the web server spool an upload to a temporary file; returns the spool size.

    Streamlit's upload route (``web/server/starlette/starlette_routes.py``) parses the body with
    Starlette's ``MultiPartParser``, which keeps each file in a ``SpooledTemporaryFile`` of
    ``MultiPartParser.spool_max_size`` bytes (1 MiB by default) and writes anything larger to a
    file in ``tempfile.gettempdir()``. Raising that class attribute above the largest request
    the server accepts (``server.maxUploadSize``, plus 1 MiB of multipart framing) keeps every
    upload in memory. Called when this module is imported, i.e. before any page can show an
    uploader.
    """
    from starlette.formparsers import MultiPartParser

    size = (int(st.get_option("server.maxUploadSize")) + 1) * 1024 * 1024
    if MultiPartParser.spool_max_size < size:
        MultiPartParser.spool_max_size = size
    return MultiPartParser.spool_max_size


keep_uploads_in_memory()

UPLOAD = "__upload__"
DECODED_CACHE_BYTES = 96 * 1024 * 1024
"""Decoded photos kept for all sessions (a 2048-px photo takes 16 MB in Pillow)."""
DEFAULT_SAMPLE = "chelsea"


# --- language ------------------------------------------------------------------------------------

def lang() -> str:
    """The language chosen in the sidebar (``'en'`` or ``'fr'``)."""
    return i18n.normalise_language(st.session_state.get("lang", i18n.DEFAULT_LANGUAGE))


def t(key: str, **values: object) -> str:
    """The sentence ``key`` in the current language."""
    return i18n.translate(key, lang(), **values)


def translator() -> i18n.Translator:
    """A translator bound to the current language, for library functions that draw labels."""
    return i18n.translator(lang())


def num(value: float, decimals: int = 0) -> str:
    """A number formatted for the current language (``154 140 672`` in French)."""
    return i18n.format_number(value, lang(), decimals)


def language_selector() -> str:
    """Sidebar language switch, kept in the URL as ``?lang=fr``."""
    return choice("lang", "Language / Langue", list(i18n.LANGUAGES), i18n.DEFAULT_LANGUAGE,
                  format_func=i18n.LANGUAGES.get, container=st.sidebar, kind="segmented")


# --- page frame ----------------------------------------------------------------------------------

_FRAME_MARK = "_frame_drawn"
_FRAME_SEEN = "_frame_seen"
_FLIP_LOCK = threading.Lock()


def _leave_pages_directory_mode() -> None:
    """Make every later script run of this process go through ``app.py``.

    Streamlit 1.67 runs the classic ``pages/`` mode (each deep-linked file on its own) until
    some session calls ``st.navigation``, which is what clears this flag (its public effect,
    ``commands/navigation.py``); no configuration option or public call does it before the
    first session. We clear it the same way, once, under a lock.
    """
    from streamlit.runtime.pages_manager import PagesManager

    with _FLIP_LOCK:
        if PagesManager.uses_pages_directory:
            PagesManager.uses_pages_directory = False


def begin_frame() -> None:
    """Call first in ``app.py``, before any widget.

    A session's very first run may have started in Streamlit's ``pages/`` mode, where the
    frame's widgets get other identities than in every later run (the first click on
    "Français" was lost). So each session's first run stops here and reruns once, after the
    mode is switched off for the process: every session decides from its own state, so any
    number of simultaneous first visits all get the frame.
    """
    if not st.session_state.get(_FRAME_SEEN):
        st.session_state[_FRAME_SEEN] = True
        _leave_pages_directory_mode()
        st.rerun()
    st.session_state[_FRAME_MARK] = True


def require_frame() -> None:
    """Call first in every page: make a cold deep link run through ``app.py``'s frame.

    ``app.py`` marks each run it starts (:func:`begin_frame`); a page run without that mark was
    started by Streamlit's ``pages/`` mode (a cold deep link). Then the mode is switched off
    and this session reruns, through ``app.py``, which runs the requested page (its URL path is
    the file's stem). The decision uses this run's own mark, never a process-wide flag, so it
    holds for any number of simultaneous first visits. A page run alone (AppTest) has no
    ``pages/`` folder beside it and carries on.
    """
    if st.session_state.pop(_FRAME_MARK, False):
        st.session_state.pop("_frame_retries", None)
        return
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    from pathlib import Path

    main = Path(ctx.main_script_path).resolve()
    if not (main.parent / "pages").is_dir() or st.session_state.get("_frame_retries", 0) >= 2:
        return
    st.session_state["_frame_retries"] = st.session_state.get("_frame_retries", 0) + 1
    st.session_state[_FRAME_SEEN] = True
    _leave_pages_directory_mode()
    st.rerun()


# --- showing untrusted text ----------------------------------------------------------------------

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


# --- reporting unexpected errors -------------------------------------------------------------------

LOG = logging.getLogger("cnnviz")
if not LOG.handlers:  # Streamlit configures only its own loggers
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
REPORTED_KEY = "_reported_errors"
"""Session key listing the ids :func:`report_error` gave in this session (tests check it)."""


def report_error(exc: BaseException, container: Any = None) -> str:
    """Log ``exc`` with its traceback under a short id, and show a sentence quoting the id.

    Users never see a traceback (``client.showErrorDetails = "none"``); the id lets a lecturer
    report the problem and the operator find it in the server log. Returns the id.
    """
    error_id = secrets.token_hex(4)
    st.session_state.setdefault(REPORTED_KEY, []).append(error_id)
    LOG.error("error %s on page %s", error_id, st.session_state.get("_page", "?"),
              exc_info=(type(exc), exc, exc.__traceback__))
    (container or st).error(t("error.reported", id=error_id), icon=":material/error:")
    return error_id


# --- URL-bound widgets ---------------------------------------------------------------------------

URL_KEYS: set[str] = set()
"""Every URL key a URL-bound widget of this process has used (the injection tests read it)."""


def _url_values(key: str) -> list[str]:
    """All values the URL gives ``key`` (``?k=2&k=5`` -> ``['2', '5']``)."""
    try:
        if key in st.query_params:
            return [str(v) for v in st.query_params.get_all(key)]
    except Exception:  # noqa: BLE001 - a malformed URL must never break the page
        return []
    return []


def _raw_param(key: str) -> str | None:
    values = _url_values(key)
    return values[0] if len(values) == 1 else None


def _warn_repeated(key: str, label: str, used: object) -> bool:
    """Say so when the URL names ``key`` more than once; ``used`` is the value the control took."""
    values = _url_values(key)
    if len(values) < 2:
        return False
    shown = ", ".join(quote(v, 30) for v in values[:4]) + (", …" if len(values) > 4 else "")
    st.warning(t("url.repeated", name=label, values=shown, used=quote(used, 40)),
               icon=":material/link:")
    return True


def warn_if_invalid_param(key: str, allowed: Sequence[Any] | tuple[int, int], label: str,
                          is_range: bool = False,
                          format_func: Callable[[Any], str] = str) -> None:
    """Streamlit silently drops a URL value a bound widget cannot take; say so in a sentence.

    ``allowed`` is a list of option ids, or with ``is_range`` a ``(min, max)`` pair of ints.
    """
    raw = _raw_param(key)
    if raw is None:
        return
    if is_range:
        lo, hi = allowed
        try:
            ok = lo <= int(raw) <= hi and str(int(raw)) == raw.strip()
        except ValueError:
            ok = False
        shown = f"{lo}–{hi}"
    else:
        ok = raw in [str(a) for a in allowed]
        shown = ", ".join(f"{a} ({format_func(a)})" if format_func(a) != str(a) else str(a)
                          for a in allowed if not str(a).startswith("__"))
    if not ok:
        st.warning(t("url.ignored", name=label, value=quote(raw, 40), allowed=shown),
                   icon=":material/link:")


def slider(key: str, label: str, min_value: int, max_value: int, value: int, *,
           help: str | None = None, container: Any = None, disabled: bool = False) -> int:
    """An integer slider whose value lives in the URL under ``key``."""
    container = container or st
    URL_KEYS.add(key)
    if not _warn_repeated(key, label, value):  # Streamlit resets a repeated key to the default
        warn_if_invalid_param(key, (min_value, max_value), label, is_range=True)
    return int(container.slider(label, min_value, max_value, value, step=1, key=key,
                                help=help, bind="query-params", disabled=disabled))


def _initial(key: str, options: Sequence[str], value: str, label: str,
             format_func: Callable[[Any], str] = str) -> str:
    """The value a URL-bound widget starts from on this run.

    Order: the value it had on the previous run (kept under ``_value_<key>``, so it survives
    page switches, where Streamlit gives the frame's widgets new identities), a value put in
    ``st.session_state[key]`` by code or tests, the URL (checked; a bad value gets a
    sentence), then the default.
    """
    shadow = f"_value_{key}"
    for candidate in (st.session_state.get(shadow), st.session_state.get(key)):
        if candidate in options:
            return candidate
    if _warn_repeated(key, label, format_func(value)):
        return value
    raw = _raw_param(key)
    if raw is not None:
        if raw in options:
            return raw
        warn_if_invalid_param(key, options, label, format_func=format_func)
    return value


def choice(key: str, label: str, options: Sequence[str], value: str,
           format_func: Callable[[str], str] = str, *, help: str | None = None,
           container: Any = None, kind: str = "selectbox") -> str:
    """A choice among string ids, kept in the URL as ``?key=id``.

    Streamlit's own binding writes the *displayed* label to the URL, which changes with the
    language; this one writes the stable id, so a French bookmark works in English too.
    ``kind``: ``'selectbox'``, ``'radio'`` or ``'segmented'``.
    """
    container = container or st
    URL_KEYS.add(key)
    options = list(options)
    current = _initial(key, options, value, label, format_func)
    kwargs: dict[str, Any] = {"format_func": format_func, "key": key, "help": help}
    if kind == "radio":
        picked = container.radio(label, options, index=options.index(current), horizontal=True,
                                 **kwargs)
    elif kind == "segmented":
        picked = container.segmented_control(label, options, default=current, required=True,
                                             **kwargs)
    else:
        picked = container.selectbox(label, options, index=options.index(current), **kwargs)
    picked = picked if picked in options else value
    st.session_state[f"_value_{key}"] = picked
    _sync_param(key, picked, value)
    return picked


def flag(key: str, label: str, value: bool = False, *, help: str | None = None,
         container: Any = None) -> bool:
    """A checkbox kept in the URL as ``?key=1`` / ``?key=0``."""
    container = container or st
    URL_KEYS.add(key)
    options = ["1", "0"]
    stored = st.session_state.get(key)
    if isinstance(stored, bool) and f"_value_{key}" not in st.session_state:
        st.session_state[f"_value_{key}"] = "1" if stored else "0"
    current = _initial(key, options, "1" if value else "0", label) == "1"
    checked = bool(container.checkbox(label, value=current, key=key, help=help))
    st.session_state[f"_value_{key}"] = "1" if checked else "0"
    _sync_param(key, "1" if checked else "0", "1" if value else "0")
    return checked


def text(key: str, label: str, value: str, *, max_chars: int, help: str | None = None,
         container: Any = None) -> str:
    """A one-line text box whose value lives in the URL under ``key``.

    Streamlit keeps the last of repeated values and silently cuts a URL value to ``max_chars``;
    both get a sentence here.
    """
    container = container or st
    URL_KEYS.add(key)
    values = _url_values(key)
    if values:
        taken = values[-1][:max_chars]
        if not _warn_repeated(key, label, taken) and len(values[-1]) > max_chars:
            st.warning(t("url.too_long", name=label, limit=num(max_chars), length=num(len(values[-1]))),
                       icon=":material/link:")
    return container.text_input(label, value=value, key=key, max_chars=max_chars, help=help,
                                bind="query-params")


def _sync_param(key: str, current: str, default: str) -> None:
    """Mirror a widget's value into the URL (removed when it equals the default)."""
    try:
        if current == default:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != current:
            st.query_params[key] = current
    except Exception:  # noqa: BLE001, S110 - the URL is a convenience; never break the page
        pass


# --- errors as sentences ---------------------------------------------------------------------------

def explain(exc: Exception, section: str | None = None) -> str:
    """A sentence in the current language for an error the library raises on bad input.

    A page with errors of its own (e.g. pooling's ``pool_pad_too_big``) passes its ``section``:
    ``<section>.err.<code>`` is tried before the shared ``geom.<code>``.
    """
    if isinstance(exc, GeometryError):
        values = dict(exc.values)
        if "axis" in values and isinstance(values["axis"], int):
            values["axis"] = t(f"axis.{values['axis']}")
        keys = ([f"{section}.err.{exc.code}"] if section else []) + [f"geom.{exc.code}"]
        for key in keys:
            if key in i18n.TABLE:
                try:
                    return t(key, **values)
                except (KeyError, IndexError):
                    continue
        return t("geom.other", detail=str(exc))
    if isinstance(exc, ImageLoadError):
        return t(f"imgerr.{exc.code}", **exc.values)
    if isinstance(exc, KernelParseError):
        return t(f"kerr.{exc.code}", **{k: quote(v, 20) if isinstance(v, str) else v
                                         for k, v in exc.values.items()})
    return t("error.unexpected")


def show_error(exc: Exception, container: Any = None) -> None:
    """Show ``exc`` as a sentence (never a traceback)."""
    (container or st).error(explain(exc), icon=":material/error:")


# --- the shared image picker ---------------------------------------------------------------------

@dataclass(frozen=True)
class PickedImage:
    """The photo every page works on. ``key`` identifies it for caches (a sample name or the
    SHA-256 of the uploaded bytes); ``data`` are its bytes (kept in memory only)."""

    key: str
    label: str
    image: Image.Image
    data: bytes


@bounded_cache(max_bytes=DECODED_CACHE_BYTES, max_entries=24)
def _decode(data: bytes) -> Image.Image:
    """Shared by all sessions and never mutated (pages draw on copies); keyed by the bytes'
    SHA-256, so the cache keeps no copy of an upload."""
    return load_image(data)


@st.cache_data(max_entries=24, show_spinner=False)
def _thumbnail(key: str, _image: Image.Image) -> bytes:
    """A small JPEG of the photo for the sidebar (the full PNG cost every page ~0.6 MB)."""
    buf = io.BytesIO()
    fit(_image, 480).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def decode(data: bytes) -> Image.Image:
    """Cached :func:`cnnviz.images.load_image` (in memory only; errors are not cached)."""
    return _decode(data)


def image_picker() -> PickedImage:
    """Sidebar picker shared by all pages: a built-in sample or an upload.

    The choice is kept in the session (the sidebar is drawn on every page), and the sample's
    name in the URL (``?img=coffee``) so a lecturer's bookmark shows the same photo.
    """
    sidebar = st.sidebar
    sidebar.subheader(t("picker.title"))
    options = [*SAMPLES, UPLOAD]
    tr = translator()  # bound now: Streamlit may format options outside this run
    picked_option = choice("img", t("picker.source"), options, DEFAULT_SAMPLE,
                           format_func=lambda o: tr("picker.upload_option") if o == UPLOAD
                           else tr(f"sample.{o}"), container=sidebar)
    picked: PickedImage | None = None
    if picked_option == UPLOAD:
        upload = sidebar.file_uploader(
            t("picker.upload"), type=["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff"],
            key="upload", help=t("picker.privacy"),
        )
        if upload is None:
            sidebar.info(t("picker.upload_waiting"))
        else:
            data = upload.getvalue()
            try:
                image = decode(data)
            except ImageLoadError as exc:
                sidebar.error(t("picker.fallback", reason=explain(exc)), icon=":material/error:")
            else:
                digest = hashlib.sha256(data).hexdigest()[:16]
                picked = PickedImage(f"upload:{digest}", t("picker.upload_option"), image, data)
        sidebar.caption(t("picker.privacy"))
    else:
        data = sample_bytes(picked_option)
        picked = PickedImage(f"sample:{picked_option}", t(f"sample.{picked_option}"),
                             decode(data), data)
    if picked is None:
        data = sample_bytes(DEFAULT_SAMPLE)
        picked = PickedImage(f"sample:{DEFAULT_SAMPLE}", t(f"sample.{DEFAULT_SAMPLE}"),
                             decode(data), data)
    sidebar.image(_thumbnail(picked.key, picked.image), width="stretch",
                  caption=t("picker.size", w=picked.image.width, h=picked.image.height))
    st.session_state["_picked_image"] = picked
    return picked


def current_image() -> PickedImage:
    """The photo chosen in the sidebar (the frame in ``app.py`` sets it before each page runs)."""
    picked = st.session_state.get("_picked_image")
    if picked is None:  # a page run on its own (tests): draw the picker now
        picked = image_picker()
    return picked


# --- a model trained in this session (Training page -> Activations page) ------------------------

SESSION_MODEL_KEY = "_session_model"


def session_model() -> dict | None:
    """The model the Training page trained in this session, or ``None``.

    A dict with ``arch`` (``'shapes'`` or ``'shapes_separable'``), ``weights`` (safetensors bytes
    of its best epoch) and ``card`` (settings and measured accuracies, plain values).
    """
    return st.session_state.get(SESSION_MODEL_KEY)


def set_session_model(record: dict) -> None:
    """Keep a model trained on the Training page for the rest of this session."""
    st.session_state[SESSION_MODEL_KEY] = record
