"""The load test's simulated sessions really drive the app (bench/load.py), so it cannot rot.

A real server (the ``app_server`` fixture), two short sessions: every input must come back as a
``script_finished`` of the run it caused, a slider move must change what the page shows, an
upload must reach the page, and an exception delta must be counted as an error.
"""

from __future__ import annotations

import random

from bench.load import SimSession, Stats, photo_bytes, run_async, run_load


class RecordingSession(SimSession):
    """A simulated session that also keeps every element of the current run."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen: list = []

    def element(self, el, fragment_id):
        self.seen.append(el)
        super().element(el, fragment_id)

    def texts(self) -> str:
        out = []
        for el in self.seen:
            kind = el.WhichOneof("type")
            if kind == "imgs":
                out += [img.caption for img in el.imgs.imgs]
            elif kind == "markdown":
                out.append(el.markdown.body)
        return "\n".join(out)


def test_sessions_drive_the_app(app_server):
    async def scenario():
        stats = Stats()
        s = RecordingSession(app_server.url, stats, random.Random(3), timeout=180.0)
        await s.connect()
        try:
            await s.open("pooling", "pool_k=3")
            assert s.session_id and s.pages, "no new_session / navigation from the server"
            assert s.page_hash == s.pages["pooling"]
            sliders = [w for w in s.widgets.values() if w.kind == "slider"]
            assert any(w.proto.query_param_key == "pool_k" for w in sliders)

            s.seen = []
            s.widgets = {k: w for k, w in s.widgets.items()
                         if w.kind != "slider" or w.proto.query_param_key == "pool_k"}
            before = stats.runs
            await s.move_slider()
            assert stats.runs == before + 1
            assert "pool_k=" in s.query and "pool_k=3" not in s.query
            assert s.seen, "the slider's rerun sent nothing back"

            await s.switch_language()
            assert "lang=fr" in s.query  # the app mirrors the language into the URL

            await s.switch_lesson("convolution")
            assert s.page_hash == s.pages["convolution"]
            assert "lang=fr" in s.query and "pool_k" not in s.query

            s.seen = []
            await s.upload(photo_bytes(random.Random(1)))
            assert "360×480" in s.texts(), "the uploaded photo did not reach the page"
        finally:
            await s.close()
        return stats

    stats = run_async(scenario())
    assert stats.errors == []
    assert stats.disconnects == 0
    assert {"open lesson", "slider", "language", "switch lesson", "upload"} <= set(
        stats.latencies)


def test_a_short_load_run_counts_runs_and_no_errors(app_server):
    # bounded by the number of inputs (5 each), not by time: a busy machine only makes it slower
    r = run_async(run_load(app_server.url, 2, duration=300.0, think=0.3,
                           pids=[app_server.proc.pid], max_actions=5, upload_every=3, ramp=0.5,
                           browser=False, timeout=180.0))  # generous: a shared, busy machine
    assert r["errors"] == 0, r["error_samples"]
    assert r["disconnects"] == 0
    assert r["sessions_completed"] == 2
    assert r["actions"] >= 6
    assert r["script_runs"] >= r["actions"]  # every input ended in script_finished
    assert r["per_action"]["upload"]["n"] >= 1
    assert r["server"]["rss_max_mb"] > 100 and r["server"]["cpu_cores"] > 0


def test_an_exception_delta_is_an_error():
    """The message Streamlit sends for an uncaught exception is counted, with its type."""
    from streamlit.elements.exception import marshall
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        raise AttributeError("partially initialized module 'pandas' has no attribute 'Series'")
    except AttributeError as exc:
        marshall(msg.delta.new_element.exception, exc)
    stats = Stats()
    s = SimSession("http://127.0.0.1:1", stats, random.Random(0))
    s.handle(ForwardMsg.FromString(msg.SerializeToString()))
    assert len(stats.errors) == 1 and "AttributeError" in stats.errors[0]

