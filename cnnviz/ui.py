"""The few Streamlit helpers every page shares: language, image picker, URL-bound widgets, and
turning errors into sentences. The only module of :mod:`cnnviz` that imports Streamlit.

Data flows one way: widgets here return plain values; pages hand them to the library and show
what comes back.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
from PIL import Image
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cnnviz import _startup, i18n
from cnnviz.geometry import GeometryError
from cnnviz.images import SAMPLES, ImageLoadError, fit, load_image, sample_bytes
from cnnviz.kernels import KernelParseError
from cnnviz.markup import quote
from cnnviz.memo import bounded_cache

# Uploads are never spooled to a temporary file (see cnnviz/_startup.py).
_startup.keep_uploads_in_memory(int(st.get_option("server.maxUploadSize")))


UPLOAD = "__upload__"
DECODED_CACHE_BYTES = 96 * 1024 * 1024  # decoded photos kept (a 2048-px photo: 16 MB)
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
    """Send every later run of this process through ``app.py``: Streamlit 1.67 runs ``pages/``
    the classic way until a session calls ``st.navigation``, which clears this flag (no option
    or public call does it earlier); cleared the same way here, under a lock."""
    from streamlit.runtime.pages_manager import PagesManager

    with _FLIP_LOCK:
        if PagesManager.uses_pages_directory:
            PagesManager.uses_pages_directory = False


def begin_frame() -> None:
    """Call first in ``app.py``. A session's first run may have started in the ``pages/`` mode,
    where the frame's widgets get other identities (the first "Français" click was lost): it
    reruns once, after the mode is switched off. Each session decides from its own state."""
    if not st.session_state.get(_FRAME_SEEN):
        st.session_state[_FRAME_SEEN] = True
        _leave_pages_directory_mode()
        st.rerun()
    st.session_state[_FRAME_MARK] = True


def require_frame() -> None:
    """Call first in every page. A run without :func:`begin_frame`'s mark was started by the
    ``pages/`` mode (a cold deep link): switch the mode off and rerun through ``app.py``. Uses
    this run's own mark, never a process-wide flag, so simultaneous first visits all get the
    frame. A page run alone (AppTest) has no ``pages/`` folder beside it and carries on."""
    if st.session_state.pop(_FRAME_MARK, False):
        st.session_state.pop("_frame_retries", None)
        return
    ctx = get_script_run_ctx()
    retries = st.session_state.get("_frame_retries", 0)
    if ctx is None or not (Path(ctx.main_script_path).parent / "pages").is_dir() or retries >= 2:
        return
    st.session_state["_frame_retries"] = retries + 1
    st.session_state[_FRAME_SEEN] = True
    _leave_pages_directory_mode()
    st.rerun()


# --- reporting unexpected errors -------------------------------------------------------------------

LOG = _startup.logger()
REPORTED_KEY = "_reported_errors"  # ids report_error gave in this session (tests check it)


def report_error(exc: BaseException, container: Any = None) -> str:
    """Log ``exc`` with its traceback under a short id and show a sentence quoting the id (users
    never see tracebacks: ``client.showErrorDetails = "none"``). Returns the id."""
    error_id = secrets.token_hex(4)
    st.session_state.setdefault(REPORTED_KEY, []).append(error_id)
    LOG.error("error %s on page %s", error_id, st.session_state.get("_page", "?"),
              exc_info=(type(exc), exc, exc.__traceback__))
    (container or st).error(t("error.reported", id=error_id), icon=":material/error:")
    return error_id


# --- URL-bound widgets ---------------------------------------------------------------------------

URL_KEYS: set[str] = set()  # every key a URL-bound widget used (read by the injection tests)


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
                          is_range: bool = False, format_func: Callable[[Any], str] = str) -> None:
    """Streamlit silently drops a URL value a bound widget cannot take; say so in a sentence.
    ``allowed``: option ids, or with ``is_range`` a ``(min, max)`` pair of ints."""
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
           container: Any = None, kind: str = "selectbox", horizontal: bool = True) -> str:
    """A choice among string ids, kept in the URL as ``?key=id``.

    Streamlit's own binding writes the *displayed* label to the URL, which changes with the
    language; this one writes the stable id, so a French bookmark works in English too.
    ``kind``: ``'selectbox'``, ``'radio'`` (``horizontal`` or not) or ``'segmented'``.
    """
    container = container or st
    URL_KEYS.add(key)
    options = list(options)
    current = _initial(key, options, value, label, format_func)
    kwargs: dict[str, Any] = {"format_func": format_func, "key": key, "help": help}
    if kind == "radio":
        picked = container.radio(label, options, index=options.index(current),
                                 horizontal=horizontal, **kwargs)
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
    """A one-line text box kept in the URL under ``key``. Streamlit keeps the last of repeated
    values and silently cuts a URL value to ``max_chars``; both get a sentence here."""
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


def show_error(exc: Exception, container: Any = None, section: str | None = None) -> None:
    """Show ``exc`` as a sentence (never a traceback)."""
    (container or st).error(explain(exc, section), icon=":material/error:")


@contextlib.contextmanager
def guarded(errors: str | None = None, container: Any = None) -> Iterator[None]:
    """Run a block of a page so that nothing in it shows a traceback.

    An error the library raises on bad input (:class:`GeometryError`, :class:`KernelParseError`,
    :class:`ImageLoadError`) becomes its sentence (``errors``: the page's own section of error
    sentences, see :func:`explain`); anything unexpected goes to :func:`report_error` (a
    translated sentence with a short reference id, and the traceback logged under that id), so
    the rest of the page keeps working and the bug is not lost. Streamlit's own control flow
    (``st.rerun``, ``st.stop``) passes.
    """
    try:
        yield
    except (GeometryError, KernelParseError, ImageLoadError) as exc:
        show_error(exc, container, errors)
    except Exception as exc:  # noqa: BLE001 - logged with its traceback under a reference id
        report_error(exc, container)


def section(fn: Callable[..., None] | None = None, *, fragment: bool = True,
            errors: str | None = None):
    """Decorator for a page section: run it :func:`guarded`, as a fragment (its widgets rerun
    only it) unless ``fragment=False``. ``@ui.section`` or ``@ui.section(errors="pooling")``."""

    def wrap(f: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(f)
        def run(*args: Any, **kwargs: Any) -> None:
            with guarded(errors):
                f(*args, **kwargs)

        return st.fragment(run) if fragment else run

    return wrap(fn) if fn is not None else wrap


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
    """Shared, never mutated; keyed by the bytes' SHA-256 (no copy of an upload is kept)."""
    return load_image(data)


@st.cache_data(max_entries=len(SAMPLES) + 1, show_spinner=False)
def _sample_image(name: str) -> Image.Image:
    """A built-in sample, decoded once per process (keyed on its name, not on its bytes)."""
    return load_image(sample_bytes(name))


@st.cache_data(max_entries=24, show_spinner=False)
def _thumbnail(key: str, _image: Image.Image) -> bytes:
    """A small JPEG of the photo for the sidebar (the full PNG cost every page ~0.6 MB)."""
    buf = io.BytesIO()
    fit(_image, 480).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def decode(data: bytes) -> Image.Image:
    """Cached :func:`cnnviz.images.load_image` (in memory only; errors are not cached)."""
    return _decode(data)


UPLOAD_MEMO = "_upload_memo"


def _uploaded(upload: Any) -> tuple[str, Image.Image, bytes]:
    """(cache key, decoded image, bytes) of an upload, worked out once per uploaded file.

    Kept in this session under the upload's ``file_id``: every rerun used to hash the bytes
    twice and unpickle the decoded image from ``st.cache_data`` (a 4096² photo: about 230 ms of
    every rerun on every page). Raises :class:`ImageLoadError` (not remembered).
    """
    memo = st.session_state.get(UPLOAD_MEMO)
    file_id = getattr(upload, "file_id", None)
    if memo is not None and file_id is not None and memo[0] == file_id:
        return memo[1]
    data = upload.getvalue()
    image = load_image(data)
    result = (f"upload:{hashlib.sha256(data).hexdigest()[:16]}", image, data)
    st.session_state[UPLOAD_MEMO] = (file_id, result)
    return result


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
            try:
                key, image, data = _uploaded(upload)
            except ImageLoadError as exc:
                sidebar.error(t("picker.fallback", reason=explain(exc)), icon=":material/error:")
            else:
                picked = PickedImage(key, t("picker.upload_option"), image, data)
        sidebar.caption(t("picker.privacy"))
    else:
        picked = PickedImage(f"sample:{picked_option}", t(f"sample.{picked_option}"),
                             _sample_image(picked_option), sample_bytes(picked_option))
    if picked is None:
        picked = PickedImage(f"sample:{DEFAULT_SAMPLE}", t(f"sample.{DEFAULT_SAMPLE}"),
                             _sample_image(DEFAULT_SAMPLE), sample_bytes(DEFAULT_SAMPLE))
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


# --- the stage: every grid animation ----------------------------------------------------------------

_STAGE_DIR = Path(__file__).parent / "render" / "stage"


@st.cache_resource(show_spinner=False)
def _stage_component():
    """Register the stage's HTML/CSS/JS (files in cnnviz/render/stage/, no build step) once."""
    return st.components.v2.component(
        "cnnviz_stage",
        css=(_STAGE_DIR / "stage.css").read_text(encoding="utf-8"),
        js=(_STAGE_DIR / "stage.js").read_text(encoding="utf-8"),
    )


def stage(payload: dict, *, key: str, lecture: bool = False) -> None:
    """Mount the stage with a payload from :func:`cnnviz.render.stage.payload`. Every step is in
    the browser: playing, stepping and scrubbing never rerun the script."""
    _stage_component()(key=key, data={"payload": payload, "lecture": bool(lecture)},
                       width="stretch", height="content")


# --- page style and lecture mode -----------------------------------------------------------------


def lecture_toggle(container: Any = None) -> bool:
    """The lecture-mode switch (``?lecture=1``): on, the sidebar starts collapsed (app.py), intro
    paragraphs and secondary controls are hidden, the stage gets the full width and the base
    type is 22 px. Also writes the page's own CSS (static text, never user input)."""
    on = flag("lecture", t("lecture.toggle"), False, help=t("lecture.help"), container=container)
    css = [(_STAGE_DIR / name).read_text(encoding="utf-8")
           for name in ("page.css", *(("lecture.css",) if on else ()))]
    st.html("<style>" + "\n".join(css) + "</style>")
    return on


def lecture_requested() -> bool:
    """``?lecture=1`` in the URL (read by app.py before any widget exists, to collapse the
    sidebar)."""
    clicked = st.session_state.get("lecture")  # the checkbox, when it was just ticked
    if isinstance(clicked, bool):
        return clicked
    shadow = st.session_state.get("_value_lecture")
    return shadow == "1" if shadow in ("0", "1") else _raw_param("lecture") == "1"


def url_int(key: str, lo: int, hi: int, value: int) -> int:
    """The value a hidden URL-bound slider would have (lecture mode hides secondary controls but
    keeps their settings): the last value this session saw, else the URL, else ``value``."""
    for raw in (st.session_state.get(key), _raw_param(key)):
        try:
            v = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if lo <= v <= hi:
            return v
    return value


def url_flag(key: str, value: bool = False) -> bool:
    """The value a hidden URL-bound checkbox (:func:`flag`) would have."""
    raw = st.session_state.get(f"_value_{key}") or _raw_param(key)
    return raw == "1" if raw in ("0", "1") else value


# --- clickable pictures, drawing canvas, bounded sliders -----------------------------------------

@st.cache_resource(show_spinner=False)
def _tile_picker():
    from cnnviz.render import tile_picker as assets

    return st.components.v2.component("cnnviz.tile_picker", html=assets.HTML, css=assets.CSS,
                                      js=assets.JS)


def tile_picker(src: str, alt: str, selected: list[float] | None, key: str,
                on_click: Callable[[], None]) -> None:
    """A picture (``src``: a data URI) the user clicks or taps; ``on_click`` runs before the
    rerun and reads the click with :func:`clicked`. ``selected``: [top, left, bottom, right]
    fractions of the picture to outline (or None)."""
    _tile_picker()(data={"src": src, "alt": alt, "selected": selected}, key=key,
                   height="content", on_click_change=on_click)


def clicked(key: str) -> tuple[float, float] | None:
    """Where the :func:`tile_picker` ``key`` was last clicked: (x, y) fractions, or None."""
    click = (st.session_state.get(key) or {}).get("click")
    if isinstance(click, dict) and {"x", "y"} <= click.keys():
        return float(click["x"]), float(click["y"])
    return None


def bounded_slider(key: str, label: str, last: int, default: int, container: Any = None) -> int:
    """A URL-bound slider 0..``last`` whose value stays valid when ``last`` shrinks (0 and no
    slider when ``last`` is 0)."""
    if last < 1:
        return 0
    if int(st.session_state.get(key, 0) or 0) > last:
        st.session_state[key] = last
    return max(0, min(slider(key, label, 0, last, min(default, last), container=container), last))


def drawing_canvas(key: str, side: int, pen: int, starter: dict, clear_container: Any,
                   clear_label: str) -> tuple[bytes | None, bool]:
    """A ``side``-px drawing canvas (streamlit-drawable-canvas: mouse or finger, undo/redo)
    starting with the Fabric drawing ``starter``, and a Clear button in ``clear_container`` that
    mounts an empty one. Returns (the canvas's PNG or None before it reports, cleared?)."""
    from streamlit_drawable_canvas import st_canvas

    clears_key = f"{key}_clears"
    clear_container.button(clear_label, icon=":material/delete:", on_click=lambda: st.session_state
                           .update({clears_key: st.session_state.get(clears_key, 0) + 1}))
    clears = int(st.session_state.get(clears_key, 0))
    result = st_canvas(stroke_width=pen, stroke_color="#000000", background_color="#ffffff",
                       height=side, width=side, drawing_mode="freedraw", return_image_data=True,
                       initial_drawing=None if clears else starter, key=f"{key}_{clears}")
    return result.image_bytes, bool(clears)
