"""A real Celery worker against the local Redis and the test PostgreSQL database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def needs_real_services() -> str | None:
    if not settings.REDIS_URL:
        return "set REDIS_URL to run the worker tests"
    if connection.vendor != "postgresql":
        return "the worker tests need PostgreSQL (DATABASE_URL)"
    return None


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


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


class Worker:
    def __init__(self, concurrency: int) -> None:
        self.queue = f"test-{uuid.uuid4().hex[:10]}"
        self.name = f"{self.queue}@localhost"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CONN_MAX_AGE": "0",
        }
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                self.queue,
                "-n",
                self.name,
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Celery worker exited at start-up")
            if celery_app.control.ping(destination=[self.name], timeout=0.5):
                return
        raise TimeoutError("the Celery worker did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start_worker(transactional_db):
    reason = needs_real_services()
    if reason:
        pytest.skip(reason)
    workers = []
    default_queue = celery_app.conf.task_default_queue

    def start(concurrency: int = 2) -> Worker:
        worker = Worker(concurrency)
        workers.append(worker)
        celery_app.conf.task_default_queue = worker.queue
        worker.wait_ready()
        return worker

    yield start
    celery_app.conf.task_default_queue = default_queue
    for worker in workers:
        worker.stop()


def wait_for(predicate, timeout: float = 90, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError("condition not met in time")
