"""Thirty-two people write at once for 20 seconds against the production server: no
request fails, every write the server accepted is stored, and the figures the site shows
equal a recount of the rows.

The server is gunicorn with four workers, as `make serve` runs it, on a database of its own:
an SQLite file in the SQLite pass of `make test`, a new PostgreSQL database in the
PostgreSQL pass (tests/writers.py says how the load works).
"""

import json

import pytest

from loadtest.servers import Gunicorn, manage
from tests.writers import (
    ACCEPTED,
    CONNECTION_ERROR,
    FAILURES_IN_LOG,
    REFUSED,
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
    visit_figures,
)

pytestmark = pytest.mark.load  # see make test: run alone, after the rest


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_32_people_writing_at_once_for_20_seconds_get_no_error_and_lose_nothing(
    backend, tmp_path, record_property
):
    with production_site(tmp_path, backend, WRITERS) as site:
        with Gunicorn(site.env, workers=WORKERS) as server:
            attempts, _ = run_load(server, site, SECONDS)
            rows = site.rows()
            pages = {
                slug: [
                    visit_figures(server.url, slug)
                    for _ in range(2 * WORKERS)  # anonymous visits, served by every worker in turn
                ]
                for slug in site.films
            }
        log = server.log()
        figures = site.figures()
    counted = recount(rows)
    summary = tally(attempts)
    publish_figures(f"concurrent-writers-{backend}", {"backend": backend, **summary}, record_property)

    assert [a for a in attempts if a.outcome == SERVER_ERROR] == []
    assert [a for a in attempts if a.outcome == CONNECTION_ERROR] == []
    assert [line for line in log.splitlines() if any(failure in line for failure in FAILURES_IN_LOG)] == []
    # The only refusals: helpful marks and reports on a review that left the published
    # list meanwhile (hidden after three reports, or edited and back with the moderators).
    refused = [a for a in attempts if a.outcome == REFUSED]
    assert {(a.kind, a.status) for a in refused} <= {("helpful", 404), ("report", 404)}
    assert all(rows["reviews"][a.target[0]]["status"] != "published" for a in refused)

    assert lost_writes(attempts, rows) == []
    assert unexpected_rows(attempts, rows, {w["username"] for w in site.writers}) == []
    accepted = [a for a in attempts if a.outcome == ACCEPTED and a.kind != "read"]
    assert {a.kind for a in accepted} == {"review", "helpful", "report"}
    writers_heard = {a.target[0] if a.kind == "review" else a.target[1] for a in accepted}
    assert len(writers_heard) == WRITERS, "every writer got writes through"

    assert figures == counted
    for slug, visits in pages.items():
        film = counted["films"].get(slug, {})
        expected = (
            {pk: n for role in film.values() for pk, n in role["helpful"].items()},
            {role: film.get(role, {"count": 0})["count"] for role in ("parent", "teen")},
        )
        assert visits == [expected] * len(visits), f"the page of {slug} shows stale figures"
    for pk, review in rows["reviews"].items():
        open_reports = counted["open_reports"][str(pk)]
        if review["status"] == "published":
            assert open_reports < 3, f"review {pk} kept its place after {open_reports} reports"
        if review["status"] == "hidden":
            assert open_reports >= 3 and rows["hidden_by_rules"][pk] == 1


# Run inside the site (manage.py shell) so that the two reporters have real connections to
# the real database, an SQLite file or PostgreSQL, each in a thread of its own.
RACE = """
import json, threading
from django.db import connection
from films.models import Film
from reviews import services
from accounts.models import User
from reviews.models import Report, Review

author, first, *reporters = User.objects.filter(username__startswith="load").order_by("username")[:4]
data = {"stars": 4, "age_recommendation": 12, "title": "Reported at once", "body": "A review for the race."}
review = services.submit_review(author=author, film=Film.objects.get(slug="never-let-me-go-2010"), **data)
services.report_review(user=first, review=review, reason="spam")
inserted = {user.pk: threading.Event() for user in reporters}
create = Report.objects.create

def create_then_wait_for_the_other(**fields):
    report = create(**fields)
    inserted[fields["reporter"].pk].set()
    for event in inserted.values():
        event.wait(timeout=1)  # both inserted, or the other waits for our lock
    return report

Report.objects.create = create_then_wait_for_the_other
failures = []

def report(user):
    try:
        services.report_review(user=user, review=Review.objects.get(pk=review.pk), reason="spam")
    except Exception as exc:
        failures.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=report, args=(user,)) for user in reporters]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
review.refresh_from_db()
print(json.dumps({
    "failures": failures,
    "reports": review.reports.count(),
    "status": review.status,
    "decisions": list(review.decisions.values_list("status", "moderator")),
}))
"""


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_when_the_last_two_reports_arrive_at_the_same_moment_the_review_is_hidden_once(backend, tmp_path):
    """A review is hidden at its third open report. Two people send the second and third
    at the same moment, so that both reports are inserted before either is counted: the
    review lock in report_review makes the later one count both, so the review is hidden,
    once, and neither person gets an error."""
    with production_site(tmp_path, backend, writers=4) as site:
        outcome = json.loads(manage(site.env, "shell", "-c", RACE).strip().splitlines()[-1])

    assert outcome == {"failures": [], "reports": 3, "status": "hidden", "decisions": [["hidden", None]]}
