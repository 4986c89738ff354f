"""Crashes under load: while thirty-two people write, one gunicorn worker is killed with
SIGKILL, and later the whole server (master and workers) is, then started again on the same
database. No write the server acknowledged is lost, the database is sound, and the site
serves again.

A request in flight when its process died gets no answer (a connection error on the
client's side), and so do requests sent while the server is down: those writes were never
acknowledged and may or may not be stored. Nothing else may fail: no 5xx at any time, no
connection error outside the kills.
"""

import contextlib
import os
import signal
import time

import pytest
import requests
from django.urls import reverse

from loadtest.servers import Gunicorn
from tests.writers import (
    ACCEPTED,
    CONNECTION_ERROR,
    FAILURES_IN_LOG,
    SECONDS,
    SERVER_ERROR,
    WORKERS,
    WRITERS,
    backend_of_this_pass,
    lost_writes,
    production_site,
    publish_figures,
    recount,
    run_load,
    tally,
    unexpected_rows,
)

pytestmark = pytest.mark.load  # see make test: run alone, after the rest

KILL_A_WORKER_AT = 5
KILL_THE_SERVER_AT = 10
# The load goes on at least this long once the server answers again (a busy machine can
# take several seconds to start it), so that every writer can be heard after the restart.
AFTER_THE_RESTART = 6


class Crashes:
    """The two crashes, run from the load's timeline; `server` is the one serving now."""

    def __init__(self, server, stack):
        self.server, self.stack = server, stack

    def kill_a_worker(self):
        """SIGKILL one worker; gunicorn's master starts another."""
        before = self.server.worker_pids()
        os.kill(before[0], signal.SIGKILL)
        at = time.monotonic()
        after = self.server.wait_for_workers(replacing=[before[0]])
        return {
            "at": at,
            "killed": before[0],
            "replaced by": sorted(set(after) - set(before)),
            "seconds to replace": round(time.monotonic() - at, 2),
        }

    def kill_the_server_and_start_it_again(self):
        """SIGKILL the master and every worker at once, then start the server again on the
        same port and database, as a supervisor (systemd, a container runtime) would."""
        at = time.monotonic()
        killed = self.server.kill()
        self.server = self.stack.enter_context(
            Gunicorn(self.server.env, workers=WORKERS, port=self.server.port)
        )
        up = time.monotonic()
        return {"at": at, "up": up, "killed": killed, "seconds down": round(up - at, 2)}


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_no_acknowledged_write_is_lost_when_a_worker_and_then_the_whole_server_are_killed(
    backend, tmp_path, record_property
):
    with production_site(tmp_path, backend, WRITERS) as site, contextlib.ExitStack() as servers:
        first = servers.enter_context(Gunicorn(site.env, workers=WORKERS))
        crashes = Crashes(first, servers)
        attempts, (worker, server) = run_load(
            first,
            site,
            SECONDS,
            events=[
                (KILL_A_WORKER_AT, crashes.kill_a_worker),
                (KILL_THE_SERVER_AT, crashes.kill_the_server_and_start_it_again),
            ],
            after_events=AFTER_THE_RESTART,
        )
        worker, server = worker["result"], server["result"]
        film_page = requests.get(
            crashes.server.url + reverse("films:detail", args=[site.films[1]]), timeout=30
        )
        servers.close()
        log = first.log()
        rows = site.rows()
        figures = site.figures()
        integrity = site.integrity_check() if backend == "sqlite" else None

    errors = [a for a in attempts if a.outcome == CONNECTION_ERROR]
    # A request that waited from before the first kill until the second is the second's.
    at_server_kill = [a for a in errors if a.started <= server["at"] <= a.ended]
    at_worker_kill = [a for a in errors if a.started <= worker["at"] <= a.ended < server["at"]]
    while_down = [a for a in errors if server["at"] < a.started <= server["up"]]
    unexplained = [a for a in errors if a not in at_worker_kill + at_server_kill + while_down]
    writes = [a for a in attempts if a.kind != "read"]
    accepted = [a for a in writes if a.outcome == ACCEPTED]
    lost = lost_writes(attempts, rows)
    summary = tally(attempts)
    summary["connection errors"] = {
        "in flight when the worker was killed": len(at_worker_kill),
        "in flight when the server was killed": len(at_server_kill),
        "sent while the server was down": len(while_down),
        "anything else": len(unexplained),
    }
    publish_figures(
        f"crash-recovery-{backend}",
        {
            "backend": backend,
            **summary,
            "killed": {
                f"worker at {KILL_A_WORKER_AT} s": {k: v for k, v in worker.items() if k != "at"},
                f"whole server at {KILL_THE_SERVER_AT} s": {
                    k: v for k, v in server.items() if k not in ("at", "up")
                },
            },
            "acknowledged before the server was killed": sum(a.ended <= server["at"] for a in accepted),
            "acknowledged after the restart": sum(a.started >= server["up"] for a in accepted),
            "lost": lost,
            "integrity_check": integrity[0] if integrity else "SQLite only",
        },
        record_property,
    )

    assert [a for a in attempts if a.outcome == SERVER_ERROR] == []
    assert unexplained == []
    assert len(at_worker_kill) <= first.threads, "a worker has one request in flight per thread at most"
    assert f"(pid:{worker['killed']}) was sent SIGKILL" in log
    assert [line for line in log.splitlines() if any(failure in line for failure in FAILURES_IN_LOG)] == []

    assert lost == []
    assert unexpected_rows(attempts, rows, {w["username"] for w in site.writers}) == []
    if backend == "sqlite":
        assert integrity == (["ok"], [])  # PRAGMA integrity_check, and no foreign key points nowhere
    assert figures == recount(rows)

    # The site serves again: pages, and writes from everyone after the restart.
    assert film_page.status_code == 200
    after_restart = [a for a in accepted if a.started >= server["up"]]
    assert {a.kind for a in after_restart} == {"review", "helpful", "report"}
    assert len({a.target[0] if a.kind == "review" else a.target[1] for a in after_restart}) == WRITERS
