"""Many people writing at once against a real server, and the checks that nothing was lost.

tests/test_concurrent_writers.py and tests/test_crash_recovery.py start the production
server (gunicorn, several workers) on a database of their own, then run `Writer` threads:
each is a signed-in parent or teen who, in a loop, writes a review (or edits one), marks
someone else's review helpful and reports another; two anonymous `Reader`s read film pages
meanwhile. Every request is recorded with what the server answered. Afterwards
`Site.rows()` reads what is stored straight from the database (sqlite3 or psycopg, not
Django) and `Site.figures()` asks Django for the figures the site shows, to compare with
`recount(rows)`.

A write is *accepted* when the server answered it with its success redirect and message:
that answer promises the write is stored. It is *refused* when the server said no (a 404
for a review hidden or sent back to the moderators meanwhile, a form error, a rate limit,
or for a helpful mark or report a redirect whose message says it was not taken).
"""

import collections
import contextlib
import html
import json
import math
import os
import random
import re
import sqlite3
import statistics
import threading
import time
import traceback
from dataclasses import dataclass, field
from urllib.parse import urljoin

import psycopg
import requests
from django.conf import settings
from django.contrib.messages.storage.cookie import MessageSerializer
from django.core import signing
from django.urls import reverse

from loadtest.servers import ROOT, ScratchPostgres, manage, site_environment

FILMS = 16
PASSWORD = "load-test-password-1234"
# The load both durability tests put on the production server: this many signed-in
# writers, for this many seconds, against this many workers.
WRITERS = 32
SECONDS = 20
WORKERS = 4
# What the server's log must never say: a failed request or a write that waited too long.
FAILURES_IN_LOG = ("database is locked", "Internal Server Error", "Traceback", "deadlock detected")

SETUP = """
import datetime, json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone
from advisories.models import Advisory, Category
from films.models import Film
from accounts.models import User

call_command("load_demo", verbosity=0)
films = ["never-let-me-go-2010"]
for n in range(1, FILMS + 1):
    film = Film.objects.create(title=f"Load film {n}", year=1990 + n, runtime=90 + n)
    advisory = Advisory.objects.create(
        film=film, status="published", published_at=timezone.now(), age=4 + n % 12, stars=1 + n % 5,
        one_liner="A film for the load test.", parents_need_to_know="Little to worry about.",
        story="Someone goes somewhere.", is_it_any_good="Good enough.",
    )
    for category in Category.values:
        advisory.ratings.create(category=category, score=n % 6, note="A note.")
    films.append(film.slug)

# One password hash for all (hashing is slow on purpose), and sessions made here as a
# log-in makes them, so that the load spends its seconds on writes, not on PBKDF2.
password, today = make_password(PASSWORD), timezone.localdate()
writers = []
for n in range(WRITERS):
    user = User.objects.create(
        username=f"load{n:02d}", email=f"load{n:02d}@example.com", password=password,
        birth_year=today.year - (15 if n % 2 else 40), birth_month=1,
        date_joined=timezone.now() - datetime.timedelta(days=30),
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.sessions.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    writers.append({"username": user.username, "session": session.session_key})
print(json.dumps({"films": films, "writers": writers}))
"""

# What the site shows: the community figures of each film page and each review's helpful
# count (reviews/community.py, as the film page computes them), and each review's open
# reports as the moderation queue counts them.
FIGURES = """
import json
from films.models import Film
from reviews import community
from reviews.models import Review

films = {}
for film in Film.objects.filter(reviews__isnull=False).distinct():
    page = community.shared_for_film(film)
    # Each published review's helpful count, as the film's page of reviews shows it.
    helpful = {"parent": {}, "teen": {}}
    for review in film.reviews.published().with_helpful_count():
        helpful[review.author_role][str(review.pk)] = review.helpful_count
    films[film.slug] = {
        section["role"]: {
            "count": section["count"],
            "median_age": section["median_age"],
            "mean_stars": section["mean_stars"],
            "age_counts": {str(age): n for age, n in section["age_counts"].items() if n},
            "helpful": helpful[section["role"]],
        }
        for section in page["community"]
    }
reports = Review.objects.with_open_report_count().values_list("pk", "open_report_count")
open_reports = {str(pk): n for pk, n in reports}
print(json.dumps({"films": films, "open_reports": open_reports}))
"""

ACCEPTED, REFUSED, SERVER_ERROR, CONNECTION_ERROR = "accepted", "refused", "server error", "connection error"
MESSAGES = {
    "review": ("your review is published", "your review will appear once a moderator has read it"),
    "helpful": ("you marked this review helpful",),
    "report": ("a moderator will look at this review",),
}


@dataclass
class Attempt:
    """One request and what came of it."""

    kind: str  # review, helpful, report, or read (following a redirect, reading a page)
    target: tuple
    started: float
    ended: float
    outcome: str
    status: int | None = None
    detail: str = ""
    data: dict = field(default_factory=dict)


# The abuse limits would stop a writer after ten reviews an hour: lift them for the load.
UNLIMITED = {f"RATE_LIMIT_{action}": "100000/h" for action in ("REVIEW", "HELPFUL", "REPORT", "LOGIN")}


def backend_of_this_pass():
    """`make test` runs the suite once on SQLite and once on PostgreSQL (DATABASE_URL set):
    the load tests run on the same database engine as the pass, so each runs once per engine."""
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


@contextlib.contextmanager
def production_site(var_dir, backend, writers):
    """A migrated production-mode site with the load's films and writers, on a new SQLite
    file in var_dir or a new PostgreSQL database, with the static files the test run collected."""
    with contextlib.ExitStack() as stack:
        database = {}
        if backend == "postgresql":
            database["DATABASE_URL"] = stack.enter_context(ScratchPostgres()).url
        env = site_environment(var_dir, STATIC_ROOT=str(settings.STATIC_ROOT), **UNLIMITED, **database)
        manage(env, "migrate", "--noinput", "-v0")
        yield Site(env, writers)


class Site:
    """A production site on its own database: set up, then read back directly."""

    def __init__(self, env, writers):
        self.env = env
        self.database_url = env.get("DATABASE_URL")
        script = SETUP.replace("FILMS + 1", str(FILMS + 1)).replace("range(WRITERS)", f"range({writers})")
        script = script.replace("make_password(PASSWORD)", f"make_password({PASSWORD!r})")
        setup = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
        self.films, self.writers = setup["films"], setup["writers"]

    @property
    def sqlite_path(self):
        return None if self.database_url else f"{self.env['REELWISE_VAR_DIR']}/db.sqlite3"

    def query(self, sql):
        if self.database_url:
            with psycopg.connect(self.database_url) as connection:
                return connection.execute(sql).fetchall()
        connection = sqlite3.connect(self.sqlite_path)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def rows(self):
        """What is stored, read with plain SQL."""
        reviews = self.query(
            "SELECT r.id, u.username, f.slug, r.title, r.stars, c.age, r.status, r.author_role"
            " FROM reviews_review r JOIN reviews_user u ON u.id = r.author_id"
            " JOIN films_film f ON f.id = r.film_id JOIN reviews_contribution c ON c.id = r.contribution_id"
        )
        helpful = self.query(
            "SELECT m.review_id, u.username"
            " FROM reviews_helpfulmark m JOIN reviews_user u ON u.id = m.user_id"
        )
        reports = self.query(
            "SELECT p.review_id, u.username, p.reason, p.is_open"
            " FROM reviews_report p JOIN reviews_user u ON u.id = p.reporter_id"
        )
        hidden_by_rules = self.query(
            "SELECT review_id FROM reviews_moderationdecision"
            " WHERE status = 'hidden' AND moderator_id IS NULL"
        )
        return {
            "reviews": {
                pk: {
                    "author": author,
                    "film": film,
                    "title": title,
                    "stars": stars,
                    "age": age,
                    "status": status,
                    "role": role,
                }
                for pk, author, film, title, stars, age, status, role in reviews
            },
            "helpful": {(pk, user) for pk, user in helpful},
            "reports": {(pk, user): (reason, bool(is_open)) for pk, user, reason, is_open in reports},
            "hidden_by_rules": collections.Counter(pk for (pk,) in hidden_by_rules),
        }

    def figures(self):
        return json.loads(manage(self.env, "shell", "-c", FIGURES).strip().splitlines()[-1])

    def integrity_check(self):
        """SQLite's own checks of the file: pages and indexes, then foreign keys."""
        connection = sqlite3.connect(self.sqlite_path)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchall()
            foreign_keys = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
        return [row[0] for row in integrity], foreign_keys


class Pool:
    """The published reviews writers know of (from the redirects after writing them)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.authors = {}

    def add(self, pk, author):
        with self.lock:
            self.authors[pk] = author

    def discard(self, pk):
        with self.lock:
            self.authors.pop(pk, None)

    def pick(self, rng, not_by, excluding):
        with self.lock:
            choices = [pk for pk, author in self.authors.items() if author != not_by and pk not in excluding]
        return rng.choice(choices) if choices else None


class Writer(threading.Thread):
    """A signed-in parent or teen writing in a loop until `stop` is set."""

    def __init__(self, server, site, account, pool, stop, seed):
        super().__init__(name=account["username"], daemon=True)
        self.server, self.username, self.films, self.pool, self.stop = (
            server,
            account["username"],
            site.films,
            pool,
            stop,
        )
        # Django's cookie signer (django.core.signing.get_cookie_signer) with the site's key.
        self.message_signer = signing.TimestampSigner(
            key=b"django.http.cookies" + site.env["SECRET_KEY"].encode(), salt="django.contrib.messages"
        )
        self.http = requests.Session()
        self.http.cookies.set("sessionid", account["session"])
        self.rng = random.Random(seed)
        self.attempts = []
        self.crashed = None
        self.reviewed = []  # films this writer has posted a review of (maybe only in flight)
        self.responded = set()  # reviews this writer marked helpful or reported, or tried to
        self.takes = 0

    def run(self):
        try:
            while not self.stop.is_set():
                for action in (self.write_review, self.mark_helpful, self.report):
                    if self.stop.is_set():
                        break
                    action()
        except Exception:
            self.crashed = traceback.format_exc()
            raise

    def write_review(self):
        new = [slug for slug in self.films if slug not in self.reviewed]
        slug = self.rng.choice(new) if new and self.rng.random() < 0.85 else self.rng.choice(self.films)
        if slug not in self.reviewed:
            self.reviewed.append(slug)
        self.takes += 1
        data = {
            "stars": self.rng.randint(1, 5),
            "age_recommendation": self.rng.randint(2, 18),
            "title": f"Take {self.takes} by {self.username}",
            "body": f"Written under load by {self.username}: a calm and honest review of the film.",
            "flags": self.rng.sample(["great_messages", "too_much_violence", "too_much_swearing"], 1),
        }
        attempt = self.post("review", (self.username, slug), reverse("reviews:write", args=[slug]), data)
        if attempt.outcome == ACCEPTED:
            pk = int(attempt.detail.rsplit("#review-", 1)[1])
            attempt.target = (self.username, slug, pk)
            if "published" in attempt.data.get("message", ""):
                self.pool.add(pk, self.username)
            else:
                self.pool.discard(pk)  # an edit goes back to the moderators

    def mark_helpful(self):
        pk = self.pool.pick(self.rng, self.username, self.responded)
        if pk is None:
            return
        self.responded.add(pk)
        self.respond("helpful", pk, reverse("reviews:helpful", args=[pk]), {})

    def report(self):
        pk = self.pool.pick(self.rng, self.username, self.responded)
        if pk is None:
            return
        self.responded.add(pk)
        reason = self.rng.choice(["spoiler", "spam", "offensive", "not_about_film", "other"])
        self.respond("report", pk, reverse("reviews:report", args=[pk]), {"reason": reason})

    def respond(self, kind, pk, url, data):
        attempt = self.post(kind, (pk, self.username), url, data)
        if attempt.outcome == REFUSED and attempt.status == 404:
            self.pool.discard(pk)  # hidden after reports, or edited: no longer published

    def post(self, kind, target, url, data):
        """POST a form as a browser would (CSRF token from the cookie), then follow the redirect."""
        if "csrftoken" not in self.http.cookies:
            if self.get(self.server.url + reverse("films:detail", args=[self.films[0]])) is None:
                return self.attempts[-1]  # the page did not come: the failure is recorded
            assert "csrftoken" in self.http.cookies, "the film page gave no CSRF cookie"
        started = time.monotonic()
        try:
            response = self.http.post(
                self.server.url + url,
                data={**data, "csrfmiddlewaretoken": self.http.cookies["csrftoken"]},
                allow_redirects=False,
                timeout=30,
            )
        except requests.RequestException as exc:
            attempt = self.record(kind, target, started, None, CONNECTION_ERROR, type(exc).__name__, data)
            time.sleep(0.1)  # the server is down or restarting: do not spin
            return attempt
        if response.status_code >= 500:
            return self.record(
                kind, target, started, response.status_code, SERVER_ERROR, response.text[-500:]
            )
        if response.status_code != 302:
            return self.record(
                kind, target, started, response.status_code, REFUSED, _form_errors(response.text)
            )
        attempt = self.record(kind, target, started, 302, ACCEPTED, response.headers["Location"], data)
        said = self.messages(response)
        if said is None:
            return attempt
        if any(message in said for message in MESSAGES[kind]):
            attempt.data["message"] = said
        elif kind != "review":
            # Helpful marks and reports redirect either way; the message says which.
            attempt.outcome, attempt.detail = REFUSED, said
        return attempt

    def messages(self, response):
        """What the redirect tells the person: the messages the next page would show, which
        travel in Django's signed `messages` cookie. Read here with the site's key (as the
        next page would) instead of fetching that page, so the server's time goes to writes."""
        value = response.cookies.get("messages")
        if value is None:
            return None
        self.http.cookies.set("messages", None)  # shown, so gone, as after a page view
        messages = self.message_signer.unsign_object(value, serializer=MessageSerializer)
        return " ".join(str(message) for message in messages)

    def get(self, url):
        started = time.monotonic()
        try:
            response = self.http.get(url, timeout=30)
        except requests.RequestException as exc:
            self.record("read", (url,), started, None, CONNECTION_ERROR, type(exc).__name__)
            return None
        if response.status_code >= 500:
            self.record("read", (url,), started, response.status_code, SERVER_ERROR, response.text[-500:])
            return None
        return response

    def record(self, kind, target, started, status, outcome, detail="", data=None):
        attempt = Attempt(kind, target, started, time.monotonic(), outcome, status, detail, dict(data or {}))
        self.attempts.append(attempt)
        return attempt


class Reader(threading.Thread):
    """An anonymous visitor reading film pages while the others write (served from the page cache)."""

    def __init__(self, server, films, stop, seed):
        super().__init__(name=f"reader-{seed}", daemon=True)
        self.server, self.films, self.stop = server, films, stop
        self.rng = random.Random(seed)
        self.attempts = []

    def run(self):
        while not self.stop.is_set():
            url = self.server.url + reverse("films:detail", args=[self.rng.choice(self.films)])
            started = time.monotonic()
            try:
                response = requests.get(url, timeout=30)
            except requests.RequestException as exc:
                outcome, status, detail = CONNECTION_ERROR, None, type(exc).__name__
                time.sleep(0.1)
            else:
                status, detail = response.status_code, ""
                outcome = SERVER_ERROR if status >= 500 else ACCEPTED if status == 200 else REFUSED
            self.attempts.append(Attempt("read", (url,), started, time.monotonic(), outcome, status, detail))


def run_load(server, site, seconds, events=(), writers=None, readers=2, after_events=0):
    """Run the writers (and a few anonymous readers) for `seconds`, and at least
    `after_events` seconds after the last event; at each (second, action) in `events`, call
    action() from here while the load goes on. Returns the attempts and what each action
    returned, with the moment it began and ended."""
    accounts = site.writers[:writers] if writers else site.writers
    stop, pool = threading.Event(), Pool()
    threads = [Writer(server, site, account, pool, stop, n) for n, account in enumerate(accounts)]
    threads += [Reader(server, site.films, stop, 1000 + n) for n in range(readers)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    happened = []
    for at, action in events:
        time.sleep(max(0, start + at - time.monotonic()))
        began = time.monotonic()
        result = action()
        happened.append({"began": began, "ended": time.monotonic(), "result": result})
    end = max(start + seconds, happened[-1]["ended"] + after_events if happened else 0)
    time.sleep(max(0, end - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a client is stuck"
    assert [t.crashed for t in threads if getattr(t, "crashed", None)] == [], "a client failed"
    return [attempt for thread in threads for attempt in thread.attempts], happened


def tally(attempts):
    """Counts by kind and outcome, for the closing note."""
    counts = collections.Counter((a.kind, a.outcome) for a in attempts)
    writes = [a for a in attempts if a.kind != "read"]
    return {
        "writes tried": len(writes),
        "accepted": sum(a.outcome == ACCEPTED for a in writes),
        "refused": collections.Counter(f"{a.kind} {a.status}" for a in writes if a.outcome == REFUSED),
        "server errors": sum(a.outcome == SERVER_ERROR for a in attempts),
        "connection errors": sum(a.outcome == CONNECTION_ERROR for a in attempts),
        "by kind": {f"{kind} {outcome}": n for (kind, outcome), n in sorted(counts.items())},
        "seconds per request (median, slowest)": {
            kind: (round(statistics.median(times), 3), round(max(times), 3))
            for kind in sorted({a.kind for a in attempts})
            if (times := [a.ended - a.started for a in attempts if a.kind == kind and a.status])
        },
    }


def lost_writes(attempts, rows):
    """Every accepted write that is not stored as the server said it was."""
    lost = []
    latest = {}  # (author, film) -> the posts of that review, in order, with whether accepted
    for a in sorted((a for a in attempts if a.kind == "review"), key=lambda a: a.started):
        latest.setdefault(a.target[:2], []).append(a)
    stored_reviews = {(r["author"], r["film"]): (pk, r) for pk, r in rows["reviews"].items()}
    for (author, film), posts in latest.items():
        accepted = [i for i, a in enumerate(posts) if a.outcome == ACCEPTED]
        if not accepted:
            continue
        stored = stored_reviews.get((author, film))
        if stored is None:
            lost.append(f"review of {film} by {author}: not stored")
            continue
        pk, row = stored
        # The stored text is the last accepted one, or one sent after it whose answer the
        # crash cut off (it may or may not have committed).
        could_be = [posts[accepted[-1]]] + [
            a for a in posts[accepted[-1] + 1 :] if a.outcome == CONNECTION_ERROR
        ]
        if not any(
            (row["title"], row["stars"], row["age"])
            == (a.data["title"], int(a.data["stars"]), int(a.data["age_recommendation"]))
            for a in could_be
        ):
            lost.append(f"review {pk} of {film} by {author}: stored {row['title']!r}")
        if any(a.target[2] != pk for a in posts if a.outcome == ACCEPTED):
            lost.append(f"review of {film} by {author}: redirected to another review than {pk}")
    for a in attempts:
        if a.outcome != ACCEPTED:
            continue
        if a.kind == "helpful" and a.target not in rows["helpful"]:
            lost.append(f"helpful mark on review {a.target[0]} by {a.target[1]}")
        if a.kind == "report" and rows["reports"].get(a.target, (None,))[0] != a.data["reason"]:
            lost.append(f"report of review {a.target[0]} by {a.target[1]}")
    return lost


def unexpected_rows(attempts, rows, usernames):
    """Rows by the writers that no request of theirs could have made (accepted or cut off)."""
    possible = {a.kind: set() for a in attempts}
    for a in attempts:
        if a.outcome in (ACCEPTED, CONNECTION_ERROR):
            possible[a.kind].add(a.target[:2])
    found = []
    for row in rows["reviews"].values():
        if row["author"] in usernames and (row["author"], row["film"]) not in possible.get("review", ()):
            found.append(f"review of {row['film']} by {row['author']}")
    found += [
        f"helpful mark {t}"
        for t in rows["helpful"]
        if t[1] in usernames and t not in possible.get("helpful", ())
    ]
    found += [
        f"report {t}" for t in rows["reports"] if t[1] in usernames and t not in possible.get("report", ())
    ]
    return found


def recount(rows):
    """The figures, counted again from the stored rows without the site's code."""
    films = collections.defaultdict(dict)
    published = [(pk, r) for pk, r in rows["reviews"].items() if r["status"] == "published"]
    helpful = collections.Counter(pk for pk, _ in rows["helpful"])
    for film in {r["film"] for r in rows["reviews"].values()}:
        for role in ("parent", "teen"):
            mine = [(pk, r) for pk, r in published if r["film"] == film and r["role"] == role]
            ages = sorted(r["age"] for _, r in mine)
            middle = len(ages) // 2
            median = None
            if ages:
                median = (
                    ages[middle] if len(ages) % 2 else math.floor((ages[middle - 1] + ages[middle]) / 2 + 0.5)
                )
            films[film][role] = {
                "count": len(mine),
                "median_age": median,
                "mean_stars": round(sum(r["stars"] for _, r in mine) / len(mine), 1) if mine else None,
                "age_counts": {str(age): n for age, n in sorted(collections.Counter(ages).items())},
                "helpful": {str(pk): helpful[pk] for pk, _ in mine},
            }
    open_reports = collections.Counter(pk for (pk, _), (_, is_open) in rows["reports"].items() if is_open)
    return {
        "films": dict(films),
        "open_reports": {str(pk): open_reports[pk] for pk in rows["reviews"]},
    }


def visit_figures(base_url, slug):
    """What an anonymous visitor reads of a film: each review's helpful count on the film's
    pages of reviews, and the review count of each role's summary on the film page. The
    helpful counts the film page itself shows (its most helpful reviews) must be the same."""
    shown, counts = page_figures(
        requests.get(base_url + reverse("films:detail", args=[slug]), timeout=30).text
    )
    helpful = {}
    url = base_url + reverse("reviews:film", args=[slug])
    while url:
        page = requests.get(url, timeout=30).text
        helpful.update(page_figures(page)[0])
        following = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = urljoin(url, html.unescape(following.group(1))) if following else None
    assert shown.items() <= helpful.items(), f"the film page of {slug} disagrees with its page of reviews"
    return helpful, counts


def page_figures(html):
    """What an anonymous visitor reads on a film page: each review's helpful count, and the
    review count of each role's summary."""
    helpful = {}
    for pk, article in re.findall(r'<article class="review" id="review-(\d+)">(.*?)</article>', html, re.S):
        count = re.search(r"(\d+) (?:person|people) found this helpful", article)
        helpful[pk] = int(count.group(1)) if count else 0
    counts = dict.fromkeys(("parent", "teen"), 0)
    summaries = r'<h3 id="summary-(\w+)">[^<]*</h3>\s*<p class="community-figures">[^<]*· (\d+) reviews?</p>'
    for role, count in re.findall(summaries, html):
        counts[role] = int(count)
    return helpful, counts


def _form_errors(html):
    return " ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))[:300]


def _messages(html):
    return " ".join(re.findall(r'<li class="community-message[^"]*">(.*?)</li>', html, re.S))[:300]


def publish_figures(name, figures, record_property):
    """Show the load's figures (pytest -s), keep them in the JUnit properties and in
    test-artifacts/durability/NAME.json for the release notes."""
    text = json.dumps(figures, indent=2, default=str)
    print(f"\n{name}:\n{text}")
    for key, value in figures.items():
        record_property(key, json.dumps(value, default=str))
    folder = ROOT / os.environ.get("ARTIFACTS", "test-artifacts") / "durability"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(text + "\n")


def admin_session(base_url, username, password):
    """A requests session logged into the admin, with the CSRF token at hand."""
    session = requests.Session()
    login = base_url + "/admin/login/"
    session.get(login)
    response = session.post(
        login,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/admin/",
        },
        headers={"Referer": login},
    )
    assert response.url.endswith("/admin/"), f"{username} could not log in"
    return session


def admin_action(session, base_url, changelist, action, pk):
    response = session.post(
        base_url + changelist,
        data={
            "action": action,
            "_selected_action": [pk],
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": base_url + changelist},
    )
    assert response.status_code == 200, response.status_code
    return response
