"""The deployment recipe run locally: Debian's nginx, as the current user, on loopback, in front
of local ``streamlit run`` processes, from ``deploy/nginx/cnnviz.conf.template``.

Used by ``python -m bench --load --proxy`` and ``tests/test_proxy.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "cnnviz.conf.template"
NGINX = os.environ.get("NGINX_PATH", shutil.which("nginx") or "/usr/sbin/nginx")


def max_upload_mb() -> int:
    """The app's upload limit (``server.maxUploadSize`` in ``.streamlit/config.toml``)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return int(config.get("server", {}).get("maxUploadSize", 200))


def client_max_body() -> str:
    """nginx's body limit: the app's limit plus 1 MB of multipart framing."""
    return f"{max_upload_mb() + 1}m"


def render_template(listen: str, upstreams: list[str], text: str | None = None) -> str:
    """The template with its three ``${NAMES}`` filled; nginx's own ``$variables`` untouched."""
    text = TEMPLATE.read_text() if text is None else text
    values = {"LISTEN": listen, "CLIENT_MAX_BODY": client_max_body(),
              "UPSTREAM_SERVERS": "\n".join(f"    server {u} max_fails=0;" for u in upstreams)}
    return re.sub(r"\$\{(LISTEN|UPSTREAM_SERVERS|CLIENT_MAX_BODY)\}",
                  lambda m: values[m.group(1)], text)


def nginx_main_conf(prefix: Path, site: str) -> str:
    """A whole nginx.conf for an unprivileged nginx whose files all live under ``prefix``."""
    tmp = prefix / "tmp"
    return f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format routed '$status "$request" upstream=$upstream_addr route=$cnnviz_route';
    access_log {prefix}/access.log routed;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    default_type application/octet-stream;
{site}
}}
"""


class Nginx:
    """nginx in the foreground under a temporary prefix, until :meth:`stop`."""

    def __init__(self, upstreams: list[str], port: int | None = None):
        from tests.browser_support import free_port

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.prefix = Path(tempfile.mkdtemp(prefix="cnnviz-nginx-"))
        (self.prefix / "tmp").mkdir()
        site = render_template(f"127.0.0.1:{self.port}", upstreams)
        self.conf = self.prefix / "nginx.conf"
        self.conf.write_text(nginx_main_conf(self.prefix, site))
        cmd = [NGINX, "-p", str(self.prefix), "-e", str(self.prefix / "error.log"),
               "-c", str(self.conf)]
        check = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        self.proc = subprocess.Popen([*cmd, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)

    def wait_healthy(self, timeout: float = 30.0) -> None:
        from tests.browser_support import wait_healthy

        wait_healthy(self.url, self.proc, "nginx", timeout, self.prefix / "error.log")

    def access_log(self) -> str:
        path = self.prefix / "access.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        from tests.browser_support import stop_process

        stop_process(self.proc)
        shutil.rmtree(self.prefix, ignore_errors=True)


class LocalDeployment:
    """``replicas`` local app servers, behind nginx when ``proxy``; a context manager."""

    def __init__(self, replicas: int = 1, proxy: bool = False):
        self.replicas, self.proxy = replicas, proxy
        self.servers: list = []
        self.nginx: Nginx | None = None

    def __enter__(self) -> LocalDeployment:
        from tests.browser_support import StreamlitServer

        try:
            for _ in range(self.replicas):
                self.servers.append(StreamlitServer())
            for server in self.servers:
                server.wait_healthy(timeout=120)
            if self.proxy:
                self.nginx = Nginx([f"127.0.0.1:{s.port}" for s in self.servers])
                self.nginx.wait_healthy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    @property
    def url(self) -> str:
        return self.nginx.url if self.nginx else self.servers[0].url

    @property
    def server_pids(self) -> list[int]:
        return [s.proc.pid for s in self.servers]

    def __exit__(self, *exc) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        for server in self.servers:
            server.stop()
