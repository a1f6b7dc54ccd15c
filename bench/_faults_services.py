"""Private PostgreSQL, Redis and Celery workers for the fault drills.

The drills stop and restart servers. They get their own PostgreSQL cluster and Redis
on free loopback ports, so the machine's shared services (and anything else using
them) are never touched; everything is removed again in `close()`.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _load_http import ROOT, free_port

CLUSTER = "rsfaults"


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


class Services:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="runstrength-faults-"))
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.workers: list[subprocess.Popen] = []
        self.gunicorn: subprocess.Popen | None = None

    @property
    def postgres_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/postgres"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start_postgres(self) -> None:
        version = pg_version()
        subprocess.run(  # a cluster left by an interrupted run
            ["pg_dropcluster", "--stop", version, CLUSTER], capture_output=True, check=False
        )
        run(
            "pg_createcluster", version, CLUSTER, "--port", str(self.pg_port),
            "--", "--auth=trust",
        )  # fmt: skip
        self.pg_ctl("start")

    def pg_ctl(self, action: str) -> None:
        run("pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), CLUSTER, action)
        if action != "stop":
            self.wait(lambda: subprocess.run(  # noqa: S603
                ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.pg_port)], check=False
            ).returncode == 0)  # fmt: skip

    def start_redis(self) -> None:
        run(
            "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
            "--port", str(self.redis_port), "--save", "", "--appendonly", "no",
            "--dir", str(self.dir), "--logfile", str(self.dir / "redis.log"),
        )  # fmt: skip
        self.wait(self.redis_up)

    def redis_up(self) -> bool:
        ping = subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True, check=False
        )
        return ping.stdout.strip() == b"PONG"

    def stop_redis(self) -> None:
        subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )
        self.wait(lambda: not self.redis_up())

    def start_worker(self, env: dict) -> subprocess.Popen:
        """A Celery worker with one pool process, waited for until it says it is ready."""
        name = f"faults-{len(self.workers)}@localhost"
        log = self.dir / f"worker-{len(self.workers)}.log"
        worker = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "-n", name,
                "--concurrency", "1", "--pool", "prefork", "--loglevel", "INFO",
                "--without-gossip", "--without-mingle",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.workers.append(worker)
        self.wait(lambda: f"{name} ready." in log.read_text(), 60)
        return worker

    def stop_worker(self, worker: subprocess.Popen) -> None:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    @staticmethod
    def eventually(predicate, timeout: float = 30, interval: float = 0.1):
        """The predicate's first true value within the timeout, else False."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        return False

    def wait(self, predicate, timeout: float = 30):
        value = self.eventually(predicate, timeout)
        if not value:
            raise TimeoutError("condition not met in time")
        return value

    def close(self, keep_logs: bool) -> None:
        for worker in self.workers:
            self.stop_worker(worker)
        self.stop_redis()
        subprocess.run(  # noqa: S603
            ["pg_dropcluster", "--stop", pg_version(), CLUSTER], capture_output=True, check=False
        )
        if not keep_logs:
            shutil.rmtree(self.dir, ignore_errors=True)
