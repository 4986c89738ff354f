"""Deleting an account leaves nothing of the person (issue 17): a member who has done
everything a member can do deletes their account through the page, and then no table and
no cache entry holds their username, their email or any text they wrote."""

import datetime
import json
import pickle
import zlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from reviews.models import ModerationDecision, Review
from tests.factories import AdvisoryFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a quiet walk by the sea"
USERNAME = "Quillon_Vexmoor"
EMAIL = "quillon.vexmoor@example.org"
TITLE = "Zephyrine lanterns everywhere"
BODY = "Our twins adored the marmoset sidekick called Bramblewick; no scary scenes at all."
EDITED_BODY = "Edited: the marmoset Bramblewick steals the show, and the songs are lovely."
REPORT_NOTE = "This one spoils the Oxalis twist"
CHILD = "Pipkinetta"
SECRETS = [USERNAME, EMAIL, TITLE, BODY, EDITED_BODY, REPORT_NOTE, CHILD, "Bramblewick"]


def text_columns(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def rows_holding_secrets():
    """Every row of every table, its text columns read back as one string, with the secrets
    it holds; sessions decoded too."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = text_columns(model)
        if not columns:
            continue
        for values in model._default_manager.values_list("pk", *columns):
            text = json.dumps(values, default=str, ensure_ascii=False).casefold()
            hits = [secret for secret in SECRETS if secret.casefold() in text]
            if hits:
                found.append((model._meta.label, values[0], hits))
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), default=str).casefold()
        hits = [secret for secret in SECRETS if secret.casefold() in text]
        if hits:
            found.append(("session", session.pk, hits))
    return found


def cache_values():
    """Every value in the cache the tests use, whatever its backend (our own test cache:
    unpickling it is safe)."""
    backend = caches["default"]
    kind = type(backend).__name__
    if kind == "FileBasedCache":
        for path in Path(backend._dir).glob("*.djcache"):
            with open(path, "rb") as f:
                pickle.load(f)  # noqa: S301 (the expiry)
                yield path.name, pickle.loads(zlib.decompress(f.read()))  # noqa: S301
    elif kind == "LocMemCache":
        for key, value in list(backend._cache.items()):
            yield key, pickle.loads(value)  # noqa: S301
    elif kind == "RedisCache":
        client = backend._cache.get_client(write=False)
        for key in client.scan_iter():
            value = client.get(key)
            yield key, value
    else:
        pytest.fail(f"The test cannot read a {kind}.")


def cache_entries_holding_secrets():
    found = []
    for key, value in cache_values():
        text = (value if isinstance(value, bytes) else pickle.dumps(value)).decode("utf-8", "replace")
        text = f"{text} {value!r}".casefold()
        hits = [secret for secret in SECRETS if secret.casefold() in text]
        if hits:
            found.append((key, hits))
    return found


def test_a_deleted_member_leaves_no_trace_in_any_table_or_the_cache(moderator, client_for):
    film = AdvisoryFactory(film__title="Lantern Night").film
    other_film = AdvisoryFactory(film__title="Quiet River").film
    others_review = ReviewFactory(film=film, title="Someone else's view")
    another = ReviewFactory(film=other_film, title="A third view")
    member = Client()

    # Sign up, log out, fail a log-in, log in again: axes records them under the username.
    member.post(
        reverse("accounts:signup"),
        {
            "username": USERNAME,
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "birth_month": 3,
            "birth_year": timezone.localdate().year - 38,
        },
    )
    User.objects.filter(username=USERNAME).update(date_joined=timezone.now() - datetime.timedelta(days=3))
    member.post(reverse("accounts:logout"))
    assert (
        member.post(reverse("accounts:login"), {"username": USERNAME, "password": "wrong"}).status_code == 200
    )
    member.post(reverse("accounts:login"), {"username": USERNAME.lower(), "password": "wrong again"})
    assert (
        member.post(reverse("accounts:login"), {"username": USERNAME, "password": PASSWORD}).status_code
        == 302
    )

    # Review one film, then edit it (back to the moderators); review another.
    review_form = {"stars": 5, "age_recommendation": 6, "title": TITLE, "body": BODY}
    member.post(reverse("reviews:write", kwargs={"slug": film.slug}), review_form)
    member.post(reverse("reviews:write", kwargs={"slug": other_film.slug}), review_form)
    member.post(reverse("reviews:write", kwargs={"slug": film.slug}), review_form | {"body": EDITED_BODY})
    # Mark one review helpful, report another, add a child, make a token, download the data.
    member.post(reverse("reviews:helpful", kwargs={"pk": others_review.pk}))
    member.post(
        reverse("reviews:report", kwargs={"pk": another.pk}), {"reason": "spoiler", "note": REPORT_NOTE}
    )
    member.post(reverse("families:family"), {"nickname": CHILD, "birth_year": timezone.localdate().year - 7})
    member.post(reverse("api-token"), {"action": "create"})
    assert USERNAME in member.get(reverse("accounts:download_data")).content.decode()

    # A moderator publishes the edited review in the admin (history and decision log).
    edited = Review.objects.get(film=film, author__username=USERNAME)
    assert edited.status == Review.Status.PENDING
    staff = client_for(moderator)
    staff.post(
        reverse("admin:reviews_review_change", args=[edited.pk]),
        {"status": "published", "reason": "", "reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0,
         "decisions-TOTAL_FORMS": 0, "decisions-INITIAL_FORMS": 0},
    )  # fmt: skip
    # Anonymous visitors see the member's words on pages the page cache keeps.
    visitor = Client()
    for url in (
        film.get_absolute_url(),
        reverse("reviews:film", kwargs={"slug": film.slug}),
        other_film.get_absolute_url(),
        reverse("api:film-review-list", kwargs={"film_slug": film.slug}),
    ):
        visitor.get(url)
    # Everything was really there before the deletion.
    before = {secret for _, _, hits in rows_holding_secrets() for secret in hits}
    assert before == set(SECRETS)
    assert cache_entries_holding_secrets()
    decisions = ModerationDecision.objects.filter(review__author__username=USERNAME).count()
    assert decisions >= 2

    response = member.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert "Your account is deleted" in response.content.decode()
    assert rows_holding_secrets() == []
    assert cache_entries_holding_secrets() == []
    # The log keeps the decisions, without the member's words.
    assert ModerationDecision.objects.filter(review__isnull=True).count() == decisions
    assert visitor.get(film.get_absolute_url()).status_code == 200
