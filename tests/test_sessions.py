"""Who a request is signed in as: the session and user read through prepared reads
(accounts/sessions.py) keep Django's rules."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def signed_in_as(client):
    page = client.get(reverse("families:family"))
    return page.status_code == 200


def test_a_signed_in_member_stays_signed_in_from_request_to_request(client_for, parent):
    client = client_for(parent)

    assert signed_in_as(client)
    assert signed_in_as(client)


def test_an_expired_session_signs_nobody_in(client_for, parent):
    client = client_for(parent)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    assert not signed_in_as(client)


def test_a_deactivated_account_is_signed_out_at_its_next_request(client_for, parent):
    client = client_for(parent)
    parent.is_active = False
    parent.save()

    assert not signed_in_as(client)


def test_a_deleted_account_is_signed_out(client_for, parent):
    client = client_for(parent)
    parent.delete()

    assert not signed_in_as(client)
