"""Several app processes behind one port: ``optiviz serve --workers N``.

A Bokeh session lives in the process that built it, so a page's HTTP request and its
websocket must reach the same process. Bokeh's own ``--num-procs`` forks after the port is
open and lets the kernel pick a process per connection, so the websocket can land elsewhere
and the session is built twice (bokeh/bokeh#9231, #7091). Here each worker is a plain
``optiviz serve`` on a loopback port of its own, and HAProxy, a reverse proxy, serves the
public port: it pins a browser to a worker with a cookie it inserts on the first response
(``cookie … insert``), not by client IP, since a whole class behind one NAT shares one IP.
The same topology, one proxy with cookie affinity in front of N single-process replicas, is
what ``deploy/`` runs in containers.

The proxy checks every second that each worker accepts connections (four times a second
while a worker is down, so that a worker that starts or restarts joins within a quarter
of a second of opening its port), and a worker that has exited gets no new visitors: the
proxy sends its requests (and the cookie's later ones) to another worker (``option
redispatch``). The check is a TCP one, not a GET of ``/liveness``: a worker busy building
thirty sessions answers HTTP late but is not down, and marking it down would move its
students' websockets to a worker that does not have their sessions. The supervisor (this
process) restarts a worker that exits; the browsers of its sessions lose their websocket
and show the app's reconnect notice.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from optiviz.app.web.probe import WORKER_HEADER, free_port

PROXY_ENV = "OPTIVIZ_PROXY"
"""The environment variable that may name the HAProxy binary (default: ``haproxy`` on the
PATH or in /usr/sbin)."""
INSTALL_HINT = (
    "optiviz serve --workers needs HAProxy, the reverse proxy that pins each session to its "
    "worker: install it with 'apt-get install haproxy' (or 'make proxy'), or use --workers 1"
)
WORKER_ENV = "OPTIVIZ_WORKER"
"""The environment variable that names a worker (``w0``, ``w1``, …) to the app."""
COOKIE = "OPTIVIZ_WORKER"
"""The affinity cookie the proxy inserts."""
CHECK_INTERVAL_S = 0.5
"""How often the supervisor looks for a worker that has exited."""


def proxy_config(address: str, port: int, workers: dict[str, int]) -> str:
    """HAProxy's configuration: the public ``address:port`` in front of ``workers`` (name →
    loopback port), sessions pinned by cookie, the workers checked every second (a down
    one every quarter second)."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{worker_port} check cookie {name}"
        for name, worker_port in workers.items()
    )
    return f"""global
    maxconn {max_connections()}

defaults
    mode http
    option forwardfor
    option redispatch
    retries 3
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout http-request 30s
    default-server inter 1s downinter 250ms fall 2 rise 1

frontend optiviz
    bind {address}:{port}
    default_backend workers

backend workers
    balance leastconn
    cookie {COOKIE} insert indirect nocache httponly
    http-response set-header {WORKER_HEADER} %[srv_name]
{servers}
"""


def proxy_binary() -> str | None:
    """The HAProxy binary to run, or None when it is not installed."""
    named = os.environ.get(PROXY_ENV)
    if named:
        return shutil.which(named)
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


def max_connections() -> int:
    """As many connections as this process's file limit allows the proxy (two descriptors
    each, one to the browser and one to the worker)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(256, min(soft, 1 << 20) // 2 - 64)


class Supervisor:
    """The proxy and the worker processes: started, watched and restarted."""

    def __init__(self, count: int, port: int, address: str | None, origins: Sequence[str]) -> None:
        proxy = proxy_binary()
        if proxy is None:
            raise ValueError(INSTALL_HINT)
        self.proxy_binary = proxy
        self.port = port
        self.address = address or "127.0.0.1"
        public = [f"localhost:{port}", f"127.0.0.1:{port}", *origins]
        if address:
            public.append(f"{address}:{port}")
        self.origins = public
        self.ports = {f"w{k}": free_port() for k in range(count)}
        self.workers: dict[str, subprocess.Popen] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="optiviz-proxy-"))
        self.proxy: subprocess.Popen | None = None
        self.stopping = False

    def start_worker(self, name: str) -> None:
        origins = [arg for origin in self.origins for arg in ("--allow-websocket-origin", origin)]
        command = [sys.executable, "-m", "optiviz.app.cli", "serve"]
        self.workers[name] = subprocess.Popen(
            [*command, "--port", str(self.ports[name]), "--address", "127.0.0.1", *origins],
            env={**os.environ, WORKER_ENV: name},
        )

    def start(self) -> None:
        for name in self.ports:
            self.start_worker(name)
        config = self.folder / "haproxy.cfg"
        config.write_text(proxy_config(self.address, self.port, self.ports))
        self.proxy = subprocess.Popen([self.proxy_binary, "-f", str(config), "-db"])

    def watch(self) -> None:
        """Restarts workers that exit, until the proxy stops or a signal arrives."""
        while not self.stopping:
            if self.proxy.poll() is not None:
                print(f"optiviz: the proxy exited ({self.proxy.returncode})", file=sys.stderr)
                break
            for name, process in self.workers.items():
                if process.poll() is not None and not self.stopping:
                    print(
                        f"optiviz: worker {name} exited ({process.returncode}); restarting",
                        file=sys.stderr,
                    )
                    self.start_worker(name)
            time.sleep(CHECK_INTERVAL_S)

    def stop(self, *signal_args: object) -> None:
        self.stopping = True

    def close(self) -> None:
        for process in [*self.workers.values(), self.proxy]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.workers.values(), self.proxy]:
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def serve_workers(
    count: int, port: int = 5006, address: str | None = None, origins: Sequence[str] = ()
) -> None:
    """Serves the app from ``count`` worker processes behind HAProxy on ``address:port``
    until interrupted.

    Raises:
        ValueError: HAProxy is not installed (the message says how to install it).
    """
    supervisor = Supervisor(count, port, address, origins)
    signal.signal(signal.SIGTERM, supervisor.stop)
    signal.signal(signal.SIGINT, supervisor.stop)
    supervisor.start()
    try:
        supervisor.watch()
    finally:
        supervisor.close()
