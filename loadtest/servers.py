"""Real servers, for `make bench` and for the tests that need more than Django's test
client: gunicorn as `make serve` runs it, Redis, and a scratch PostgreSQL database on the
test cluster. The standard library only, so that `make bench` needs no test packages."""

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, timeout=10, headers=None):
    """The body at `url`, one of our own servers (an HTTP error status raises)."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our own server)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (our own server)
        return response.read()


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 (our own server)
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered at {url}")


def postgres_server_url():
    """The test cluster's URL (without a database name), from .ci/postgres."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        result = subprocess.run([ROOT / ".ci/postgres"], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip())
        url = result.stdout.strip()
    return url.rsplit("/", 1)[0]


class ScratchPostgres:
    """A new, empty PostgreSQL database, dropped afterwards."""

    def __init__(self):
        self.name = f"reelwise_scratch_{uuid.uuid4().hex[:10]}"
        self.server = postgres_server_url()
        self.url = f"{self.server}/{self.name}"

    def __enter__(self):
        self._psql(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc):
        self._psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _psql(self, sql):
        subprocess.run(["psql", f"{self.server}/postgres", "-qAtc", sql], check=True, capture_output=True)


class Redis:
    """A throw-away redis-server on a free port (nothing saved to disk)."""

    def __init__(self, directory=None):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *(["--dir", str(self.directory)] if self.directory else []),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def site_environment(var_dir, **overrides):
    """The environment of a production-mode site whose files live in var_dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    env.update(
        {
            "REELWISE_VAR_DIR": str(var_dir),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    env.pop("DATABASE_URL", None)
    env.update(overrides)
    return env


def manage(env, *command, live=False):
    """Run a manage.py command in the site `env` describes and return what it printed;
    `live` lets its output (a progress bar, say) through to the terminal instead."""
    output = None if live else subprocess.PIPE
    result = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {command[0]} failed:\n{(result.stderr or '')[-3000:]}")
    return result.stdout


class RunServer:
    """Django's development server with DEBUG on, as `make run` starts it, on a free port."""

    def __init__(self, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(env, DEBUG="1")

    def __enter__(self):
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.url + "/")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


class Gunicorn:
    """The production server on a free port, as `make serve` starts it.

    Its log (gunicorn's and the site's, stderr) goes to gunicorn.log in the site's var
    folder, appended to across restarts; `port` restarts a server where an old one was.
    """

    def __init__(self, env, workers=2, port=None, threads=1, **overrides):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.threads = threads
        self.env = dict(
            env,
            BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(workers),
            GUNICORN_THREADS=str(threads),
            **overrides,
        )
        self.log_path = Path(env["REELWISE_VAR_DIR"]) / "gunicorn.log"

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [str(Path(PYTHON).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        wait_for(self.url + "/")
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return self.log_path.read_text(errors="replace")

    def worker_pids(self):
        """The master's worker processes, read from /proc."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended while we looked
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def wait_for_workers(self, replacing=(), timeout=30):
        """Wait until the master runs its full count of workers again, none of them `replacing`."""
        deadline = time.monotonic() + timeout
        while True:
            pids = self.worker_pids()
            if len(pids) == self.workers and not set(pids) & set(replacing):
                return pids
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn runs {pids}, not {self.workers} new workers")
            time.sleep(0.05)

    def worker_peak_memory_mb(self):
        """The largest resident memory any worker has reached (VmHWM), in MB."""
        peaks = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
                if match:
                    peaks.append(int(match.group(1)) / 1024)
        return round(max(peaks), 1) if peaks else None

    def kill(self):
        """SIGKILL the master and its workers at once, as a crash or `kill -9` would."""
        pids = [self.process.pid, *self.worker_pids()]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):  # a worker that was just recycled
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        return pids
