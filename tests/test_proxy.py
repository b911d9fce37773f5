"""The deploy/ recipe for real: Debian's nginx (run as this user, on loopback, from
deploy/nginx/cnnviz.conf.template) in front of two local ``streamlit run`` processes.

A browser goes through the proxy: the page renders, a slider works, the websocket is upgraded,
and the session stays on one backend (sticky by a route cookie); simulated sessions upload
through the proxy (an upload only works on the server holding the session). The deployment
files agree with the app's own settings.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
import urllib.request
from pathlib import Path

import pytest

from bench.load import SimSession, Stats, photo_bytes, run_async, warm_up
from bench.proxy import NGINX, ROOT, LocalDeployment, client_max_body, max_upload_mb
from tests.browser_support import exceptions_on_page, screenshot, wait_for_app


@pytest.fixture(scope="module")
def proxied():
    if not Path(NGINX).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"nginx not found at {NGINX} (apt-get install nginx)")
        pytest.skip(f"nginx not found at {NGINX} (apt-get install nginx)")
    with LocalDeployment(replicas=2, proxy=True) as dep:
        yield dep


def _log_lines(dep) -> list[dict]:
    pattern = re.compile(r'^(\d{3}) "(\S+) (\S+)[^"]*" upstream=(\S+) route=(\S+)$')
    out = []
    for line in dep.nginx.access_log().splitlines():
        m = pattern.match(line)
        if m:
            out.append(dict(zip(("status", "method", "path", "upstream", "route"), m.groups(),
                                strict=True)))
    return out


def test_a_browser_through_the_proxy(proxied, browser):
    backends = {f"127.0.0.1:{s.port}" for s in proxied.servers}
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(60_000)
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    try:
        page.goto(f"{proxied.url}/pooling?pool_k=3")
        wait_for_app(page)
        assert page.locator("h1").first.is_visible()
        assert exceptions_on_page(page) == []
        assert page.get_by_text("Language / Langue").count() >= 1  # the frame is there

        # the websocket went through nginx and carries the app
        assert any(ws.url.startswith(f"ws://127.0.0.1:{proxied.nginx.port}/_stcore/stream")
                   for ws in sockets)

        pool_size = page.locator('[data-testid="stSlider"]').filter(
            has_text="Pool size k").first.get_by_role("slider")
        assert pool_size.input_value() == "3"
        pool_size.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        wait_for_app(page)
        assert "pool_k=4" in page.url  # the server saw the change and rewrote the URL
        assert pool_size.input_value() == "4"
        assert exceptions_on_page(page) == []
        screenshot(page, "proxy-pooling", full=False)

        route = next(c["value"] for c in context.cookies() if c["name"] == "cnnviz_route")
    finally:
        context.close()
    time.sleep(1.0)  # nginx logs a websocket when it closes

    lines = [x for x in _log_lines(proxied) if x["route"] == route]
    assert any(x["path"] == "/_stcore/stream" and x["status"] == "101" for x in lines), \
        "the websocket was not upgraded through nginx"
    used = {x["upstream"] for x in lines}
    assert len(used) == 1 and used <= backends, f"one browser spread over {used}"
    assert len(lines) >= 10  # the page, its scripts, health, the websocket, media: all there


def test_new_visitors_spread_over_both_backends(proxied):
    for _ in range(16):
        with urllib.request.urlopen(f"{proxied.url}/_stcore/health", timeout=10) as r:
            assert r.status == 200
            cookies = r.headers.get_all("Set-Cookie") or []
            assert any(c.startswith("cnnviz_route=") for c in cookies), cookies
    health = [x for x in _log_lines(proxied) if x["path"] == "/_stcore/health"]
    assert {x["upstream"] for x in health} == {f"127.0.0.1:{s.port}" for s in proxied.servers}


def test_uploads_reach_the_session_through_the_proxy(proxied):
    """Four sessions upload a photo: each PUT must land on the server holding the session
    (a non-sticky proxy fails about half of them with 'Invalid session_id')."""
    async def one(seed: int, stats: Stats) -> None:
        s = SimSession(proxied.url, stats, random.Random(seed), timeout=180.0)
        await s.connect()
        try:
            await s.open("convolution", "")
            await s.upload(photo_bytes(random.Random(seed)))
        finally:
            await s.close()

    async def many() -> Stats:
        stats = Stats()
        await asyncio.gather(*(one(i, stats) for i in range(4)))
        return stats

    # each replica is visited once first (concurrent cold first visits are another matter,
    # tested by the frame tests); then four new visitors upload at once
    for server in proxied.servers:
        assert run_async(warm_up(server.url)) == []
    stats = run_async(many())
    assert stats.errors == []
    assert len(stats.latencies["upload"]) == 4
    puts = [x for x in _log_lines(proxied) if x["method"] == "PUT"]
    assert len(puts) == 4 and all(x["status"] == "204" for x in puts)


def test_deployment_files_agree_with_the_app():
    import yaml

    assert client_max_body() == f"{max_upload_mb() + 1}m"
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())
    env = compose["services"]["nginx"]["environment"]
    assert env["CLIENT_MAX_BODY"] == client_max_body()
    volume = compose["services"]["nginx"]["volumes"][0]
    assert volume.startswith("./nginx/cnnviz.conf.template:")
    kube = list(yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "cnnviz.yaml").read_text()))
    kinds = {d["kind"]: d for d in kube}
    assert kinds["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    notes = kinds["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/proxy-body-size"] == client_max_body()
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"--uid {pod['securityContext']['runAsUser']}" in dockerfile
    assert "USER app" in dockerfile and "/_stcore/health" in dockerfile
    assert "FROM python:3.11-slim" in dockerfile
    # the image's command and the pod's command start the same server
    cmd = re.search(r'CMD \[(.*?)\]', dockerfile, re.S).group(1)
    assert [a.strip().strip('"') for a in cmd.replace("\\\n", "").split(",")] == \
        container["command"]
