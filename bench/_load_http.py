"""A small browser for benchmarks and drills: cookies, CSRF, htmx headers, timings.

Only the standard library, so the load test and the fault drills need nothing installed
beyond the app itself. Every request goes to 127.0.0.1.
"""

import html
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'\b(name|value)="([^"]*)"')


@dataclass
class Response:
    status: int
    body: str
    ms: float
    location: str = ""


class Browser:
    """One person's browser: its own cookie jar; one connection per request."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict | None = None, htmx: bool = False
    ) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if method == "POST":
            body = urlencode(data or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            text = answer.read().decode("utf-8", "replace")
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        for raw in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return Response(answer.status, text, ms, answer.headers.get("Location", ""))

    def get(self, path: str, htmx: bool = False) -> Response:
        return self.request("GET", path, htmx=htmx)

    def post(self, path: str, data: dict, htmx: bool = False) -> Response:
        return self.request("POST", path, data, htmx=htmx)

    def login(self, username: str, password: str) -> None:
        page = self.get("/login/")
        token = form_inputs(page.body).get("csrfmiddlewaretoken", "")
        answer = self.post(
            "/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        if answer.status != 302:
            raise RuntimeError(f"login of {username} answered {answer.status}")


def form_inputs(text: str) -> dict[str, str]:
    """name -> value of every <input> in an HTML fragment (the last one wins)."""
    values = {}
    for tag in INPUT.findall(text):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs:
            values[attrs["name"]] = html.unescape(attrs.get("value", ""))
    return values


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    env: dict, *, app: str = "config.wsgi:application", workers: int = 2, log: Path
) -> tuple[subprocess.Popen, int]:
    """gunicorn on a free loopback port, waited for until it answers the login page."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            str(ROOT / "bench"),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start-up; see {log}")
        try:
            if Browser(port, timeout=2).get("/login/").status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)
    raise TimeoutError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def child_pids(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
