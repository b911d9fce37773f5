"""The few Streamlit helpers every page shares: language, image picker, URL-bound widgets, and
turning errors into sentences. The only module of :mod:`cnnviz` that imports Streamlit: the
decisions live in pure modules (:mod:`cnnviz.urlstate`, :mod:`cnnviz.errors`,
:mod:`cnnviz.photos`); widgets here return plain values, pages hand them to the library.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import streamlit as st
from PIL import Image
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cnnviz import _startup, i18n, photos, urlstate
from cnnviz import errors as library_errors
from cnnviz.images import SAMPLES, ImageLoadError, load_image, sample_bytes
from cnnviz.markup import quote  # noqa: F401 - re-exported: pages and tests write ui.quote
from cnnviz.memo import bounded_cache  # noqa: F401 - re-exported: pages write @ui.bounded_cache
from cnnviz.photos import DEFAULT_SAMPLE, UPLOAD, PickedImage
from cnnviz.render import canvas_toolbar as toolbar_assets
from cnnviz.render import prefetch as prefetch_assets
from cnnviz.render import stage as stage_assets
from cnnviz.render import tile_picker as tile_assets
from cnnviz.render.files import preview_jpeg

# Uploads are never spooled to a temporary file (see cnnviz/_startup.py).
_startup.keep_uploads_in_memory(int(st.get_option("server.maxUploadSize")))


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


def _rerun_through_app() -> None:
    """Rerun this session through ``app.py``, and every later run of this process: Streamlit 1.67
    runs ``pages/`` the classic way until a session calls ``st.navigation``, which clears this
    flag (no option or public call does it earlier); cleared the same way here, under a lock."""
    from streamlit.runtime.pages_manager import PagesManager

    st.session_state[_FRAME_SEEN] = True
    with _FLIP_LOCK:
        if PagesManager.uses_pages_directory:
            PagesManager.uses_pages_directory = False
    st.rerun()


def begin_frame() -> None:
    """Call first in ``app.py``. A session's first run may have started in the ``pages/`` mode,
    where the frame's widgets get other identities (the first "Français" click was lost): it
    reruns once, after the mode is switched off. Each session decides from its own state."""
    from streamlit.runtime.pages_manager import PagesManager

    if not st.session_state.get(_FRAME_SEEN):
        st.session_state[_FRAME_SEEN] = True
        if PagesManager.uses_pages_directory:  # only then: a rerun here would lose a deep link
            _rerun_through_app()
    st.session_state[_FRAME_MARK] = True


def require_frame() -> None:
    """Call first in every page. A run without :func:`begin_frame`'s mark (a cold deep link in the
    ``pages/`` mode) switches the mode off and reruns through ``app.py``; this run's own mark, not
    a process-wide flag, so simultaneous first visits all get the frame. AppTest carries on."""
    if st.session_state.pop(_FRAME_MARK, False):
        st.session_state.pop("_frame_retries", None)
        return
    ctx = get_script_run_ctx()
    retries = st.session_state.get("_frame_retries", 0)
    if ctx is None or not (Path(ctx.main_script_path).parent / "pages").is_dir() or retries >= 2:
        return
    st.session_state["_frame_retries"] = retries + 1
    _rerun_through_app()


# --- URL-bound widgets ---------------------------------------------------------------------------

URL_KEYS: set[str] = set()  # every key a URL-bound widget used (read by the injection tests)


def _url_values(key: str) -> list[str]:
    """All values the URL gives ``key`` (``?k=2&k=5`` -> ``['2', '5']``; none: ``[]``)."""
    try:
        return [str(v) for v in st.query_params.get_all(key)]
    except Exception:  # noqa: BLE001 - a malformed URL must never break the page
        return []


def _raw_param(key: str) -> str | None:
    return urlstate.single(_url_values(key))


def _bind(key: str, container: Any) -> Any:
    """Note ``key`` as URL-bound; the container to draw in (the page by default)."""
    URL_KEYS.add(key)
    return container or st


def _say(notice: urlstate.Notice | None) -> None:
    """Show a :mod:`cnnviz.urlstate` notice about the link, if there is one."""
    if notice is not None:
        st.warning(notice.sentence(translator()), icon=":material/link:")


def warn_if_invalid_param(key: str, allowed: Sequence[Any] | tuple[int, int], label: str,
                          is_range: bool = False, format_func: Callable[[Any], str] = str) -> None:
    """Streamlit silently drops a URL value a bound widget cannot take; say so in a sentence.
    ``allowed``: option ids, or with ``is_range`` a ``(min, max)`` pair of ints."""
    raw = _raw_param(key)
    _say(urlstate.out_of_range(raw, *allowed, label) if is_range
         else urlstate.not_an_option(raw, allowed, label, format_func))


def slider(key: str, label: str, min_value: int, max_value: int, value: int, *,
           help: str | None = None, container: Any = None, disabled: bool = False) -> int:
    """An integer slider whose value lives in the URL under ``key``."""
    container = _bind(key, container)
    _say(urlstate.slider_notice(_url_values(key), min_value, max_value, label, value))
    return int(container.slider(label, min_value, max_value, value, step=1, key=key,
                                help=help, bind="query-params", disabled=disabled))


def _initial(key: str, options: Sequence[str], value: str, label: str,
             format_func: Callable[[Any], str] = str) -> str:
    """The value a URL-bound widget starts from (:func:`cnnviz.urlstate.initial`). The previous
    run's is kept under ``_value_<key>``: page switches give the frame's widgets new identities."""
    remembered = (st.session_state.get(f"_value_{key}"), st.session_state.get(key))
    current, notice = urlstate.initial(_url_values(key), remembered, options, value, label,
                                       format_func)
    _say(notice)
    return current


def choice(key: str, label: str, options: Sequence[str], value: str,
           format_func: Callable[[str], str] = str, *, help: str | None = None,
           container: Any = None, kind: str = "selectbox", horizontal: bool = True) -> str:
    """A choice among string ids, kept in the URL as ``?key=id`` (Streamlit's own binding writes
    the displayed label, which changes with the language; a stable id keeps French bookmarks
    working in English). ``kind``: ``'selectbox'``, ``'radio'`` or ``'segmented'``."""
    container = _bind(key, container)
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
    _remember(key, picked, value)
    return picked


def flag(key: str, label: str, value: bool = False, *, help: str | None = None,
         container: Any = None) -> bool:
    """A checkbox kept in the URL as ``?key=1`` / ``?key=0``."""
    container = _bind(key, container)
    stored = st.session_state.get(key)  # a bool when set by code or tests
    if isinstance(stored, bool) and f"_value_{key}" not in st.session_state:
        st.session_state[f"_value_{key}"] = "1" if stored else "0"
    current = _initial(key, ["1", "0"], "1" if value else "0", label) == "1"
    checked = bool(container.checkbox(label, value=current, key=key, help=help))
    _remember(key, "1" if checked else "0", "1" if value else "0")
    return checked


def text(key: str, label: str, value: str, *, max_chars: int, help: str | None = None,
         container: Any = None) -> str:
    """A one-line text box kept in the URL under ``key``. Streamlit keeps the last of repeated
    values and silently cuts a URL value to ``max_chars``; both get a sentence here."""
    container = _bind(key, container)
    _say(urlstate.text_notice(_url_values(key), label, max_chars))
    return container.text_input(label, value=value, key=key, max_chars=max_chars, help=help,
                                bind="query-params")


def _remember(key: str, current: str, default: str) -> None:
    """Keep a widget's value for the next run (under ``_value_<key>``) and mirror it into the URL
    (removed when it equals the default)."""
    st.session_state[f"_value_{key}"] = current
    try:
        if current == default:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != current:
            st.query_params[key] = current
    except Exception:  # noqa: BLE001, S110 - the URL is a convenience; never break the page
        pass


# --- errors as sentences, unexpected errors reported ------------------------------------------

LOG = _startup.logger()
REPORTED_KEY = "_reported_errors"  # ids report_error gave in this session (tests check it)


def report_error(exc: BaseException, container: Any = None) -> str:
    """Log ``exc`` with its traceback under a short id and show a sentence quoting the id (users
    never see tracebacks: ``client.showErrorDetails = "none"``). Returns the id."""
    error_id = library_errors.log_unexpected(exc, st.session_state.get("_page", "?"), LOG)
    st.session_state.setdefault(REPORTED_KEY, []).append(error_id)
    (container or st).error(t("error.reported", id=error_id), icon=":material/error:")
    return error_id


def explain(exc: Exception, section: str | None = None) -> str:
    """A sentence in the current language for an error the library raises on bad input
    (:func:`cnnviz.errors.explain`; ``section``: the page's own error sentences, tried first)."""
    return library_errors.explain(exc, translator(), section)


def show_error(exc: Exception, container: Any = None, section: str | None = None) -> None:
    """Show ``exc`` as a sentence (never a traceback)."""
    (container or st).error(explain(exc, section), icon=":material/error:")


@contextlib.contextmanager
def guarded(errors: str | None = None, container: Any = None) -> Iterator[None]:
    """Run a block of a page so that nothing in it shows a traceback: an error the library
    raises on bad input becomes its sentence (``errors``: the page's own section, see
    :func:`explain`); anything unexpected goes to :func:`report_error`, so the rest of the page
    keeps working and the bug is not lost. ``st.rerun`` and ``st.stop`` pass."""
    try:
        yield
    except library_errors.EXPECTED as exc:
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

@st.cache_resource(max_entries=len(SAMPLES) + 1, show_spinner=False)
def _sample_image(name: str) -> Image.Image:
    """A built-in sample, decoded once per process and shared (never unpickled per rerun)."""
    return load_image(sample_bytes(name))


@st.cache_data(max_entries=24, show_spinner=False)
def _thumbnail(key: str, _image: Image.Image) -> bytes:
    """A small JPEG of the photo for the sidebar (the full PNG cost every page ~0.6 MB)."""
    return preview_jpeg(_image, 480, quality=85)


UPLOAD_MEMO = "_upload_memo"


def _uploaded(upload: Any) -> tuple[str, Image.Image, bytes]:
    """(cache key, decoded image, bytes) of an upload, worked out once per uploaded file
    (:func:`cnnviz.photos.read_upload`). Raises :class:`ImageLoadError` (not remembered)."""
    result, st.session_state[UPLOAD_MEMO] = photos.read_upload(
        upload, st.session_state.get(UPLOAD_MEMO), load_image)
    return result


def image_picker() -> PickedImage:
    """Sidebar picker shared by all pages: a built-in sample or an upload. The choice is kept in
    the session, and the sample's name in the URL (``?img=coffee``) for bookmarks."""
    sidebar = st.sidebar
    sidebar.subheader(t("picker.title"))
    tr = translator()  # bound now: Streamlit may format options outside this run
    option = choice("img", t("picker.source"), photos.OPTIONS, DEFAULT_SAMPLE,
                    format_func=lambda o: photos.option_label(o, tr), container=sidebar)
    picked: PickedImage | None = None
    if option == UPLOAD:
        upload = sidebar.file_uploader(t("picker.upload"), type=list(photos.UPLOAD_TYPES),
                                       key="upload", help=t("picker.privacy"))
        if upload is None:
            sidebar.info(t("picker.upload_waiting"))
        else:
            try:
                picked = photos.upload(*_uploaded(upload), tr)
            except ImageLoadError as exc:
                sidebar.error(t("picker.fallback", reason=explain(exc)), icon=":material/error:")
        sidebar.caption(t("picker.privacy"))
    if picked is None:  # a sample, or no usable upload: the default sample
        name = DEFAULT_SAMPLE if option == UPLOAD else option
        picked = photos.sample(name, _sample_image(name), tr)
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
    """The model the Training page trained in this session (kept under ``SESSION_MODEL_KEY``), or
    ``None``: ``{"arch", "weights": safetensors bytes of its best epoch, "card"}``."""
    return st.session_state.get(SESSION_MODEL_KEY)


# --- the stage (every grid animation), page style and lecture mode -----------------------------

_COMPONENTS = {"cnnviz_stage": stage_assets, "cnnviz.tile_picker": tile_assets,
               "cnnviz.canvas_toolbar": toolbar_assets, "cnnviz.prefetch": prefetch_assets}


@st.cache_resource(show_spinner=False)
def _component(name: str):
    """Register a components-v2 front end once: its module's ``HTML``, ``CSS``, ``JS`` (those it has)."""
    parts = {part.lower(): getattr(_COMPONENTS[name], part, None) for part in ("HTML", "CSS", "JS")}
    return st.components.v2.component(name, **{k: v for k, v in parts.items() if v is not None})


def stage(payload: dict, *, key: str, lecture: bool = False, ahead: dict | None = None) -> None:
    """Mount the stage with a :func:`cnnviz.render.stage.payload` (playing never reruns) and the
    payloads one slider step ahead (:func:`cnnviz.render.stage_ahead.ahead`)."""
    _component("cnnviz_stage")(key=key, width="stretch", height="content", data={
        "payload": payload, "lecture": bool(lecture), "ahead": ahead})


def prefetch_lessons() -> None:
    """Home page: once idle, fetch the lessons' front-end code (:mod:`cnnviz.render.prefetch`)."""
    _component("cnnviz.prefetch")(data=prefetch_assets.files(), key="prefetch")


def lecture_toggle(container: Any = None) -> bool:
    """The lecture-mode switch (``?lecture=1``): on, the sidebar starts collapsed (app.py), intro
    paragraphs and secondary controls are hidden, the stage gets the full width and the base
    type is 22 px. Also writes the page's own CSS (static text, never user input)."""
    on = flag("lecture", t("lecture.toggle"), False, help=t("lecture.help"), container=container)
    st.html(stage_assets.page_style(on))
    return on


def lecture_requested() -> bool:
    """Lecture mode (``?lecture=1``): read by app.py before any widget exists, to fold the sidebar."""
    return urlstate.lecture_on(st.session_state.get("lecture"),  # the checkbox, just ticked
                               st.session_state.get("_value_lecture"), _raw_param("lecture"))


def url_int(key: str, lo: int, hi: int, value: int) -> int:
    """The value a hidden URL-bound slider would have (lecture mode hides secondary controls but
    keeps their settings): this session's last value, else the URL's, else ``value``."""
    return urlstate.int_within((st.session_state.get(key), _raw_param(key)), lo, hi, value)


def url_flag(key: str, value: bool = False) -> bool:
    """The value a hidden URL-bound checkbox (:func:`flag`) would have."""
    return urlstate.flag_value(st.session_state.get(f"_value_{key}"), _raw_param(key), value)


# --- clickable pictures, drawing canvas, bounded sliders -----------------------------------------

def tile_picker(src: str, alt: str, selected: list[float] | None, key: str,
                on_click: Callable[[], None], label: str = "", caption: str = "") -> None:
    """A picture the user clicks or taps, labelled (:func:`cnnviz.render.tile_picker.data`);
    ``on_click`` runs before the rerun and reads :func:`clicked`."""
    _component("cnnviz.tile_picker")(data=tile_assets.data(src, alt, selected, label, caption),
                                     key=key, height="content", on_click_change=on_click)


def clicked(key: str) -> tuple[float, float] | None:
    """Where the :func:`tile_picker` ``key`` was last clicked: (x, y) fractions, or None."""
    return tile_assets.click_position(st.session_state.get(key))


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
    """A ``side``-px drawing canvas (streamlit-drawable-canvas, its toolbar translated) starting
    with the Fabric drawing ``starter``, and a Clear button in ``clear_container`` that mounts an
    empty one. Returns (the canvas's PNG or None before it reports, cleared?)."""
    from streamlit_drawable_canvas import st_canvas

    clears = int(st.session_state.get(clears_key := f"{key}_clears", 0))  # Clear mounts a new one
    clear_container.button(clear_label, icon=":material/delete:", on_click=lambda: st.session_state
                           .update({clears_key: st.session_state.get(clears_key, 0) + 1}))
    result = st_canvas(stroke_width=pen, stroke_color="#000000", background_color="#ffffff",
                       height=side, width=side, drawing_mode="freedraw", return_image_data=True,
                       initial_drawing=None if clears else starter, key=f"{key}_{clears}")
    _component("cnnviz.canvas_toolbar")(data={"labels": toolbar_assets.labels(t)},
                                        key=f"{key}_toolbar_{clears}")
    return result.image_bytes, bool(clears)
