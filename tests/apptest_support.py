"""Running one page of the app in-process with Streamlit's AppTest, through app.py's frame."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_page(page: str, params: dict[str, str] | None = None, lang: str | None = None,
             check: bool = True) -> AppTest:
    """Run ``page`` (e.g. ``"pages/pooling.py"``) with URL ``params`` and a language.

    ``check``: assert that no exception reached the page.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
        reported = []
        if "_reported_errors" in at.session_state:  # AppTest's session state has no .get()
            reported = at.session_state["_reported_errors"]
        assert not reported, f"ui.report_error showed error ids {reported} (see the log)"
    return at


def stages(at) -> list[dict]:
    """The payloads of the stages (grid animations) an AppTest run mounted, in page order."""
    import json

    return [json.loads(e.proto.json)["payload"] for e in at.get("bidi_component")]
