"""/family/: a parent adds, changes and removes children, who start with the limits for their age."""

import pytest
from django.utils import timezone

from accounts import services
from families.models import Child, default_limits
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

FAMILY = "/family/"


def born(age):
    return timezone.localdate().year - age


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (5, {"violence_max": 1, "sex_max": 0, "language_max": 1, "consumerism_max": 2, "drinking_max": 0}),
        (10, {"violence_max": 2, "sex_max": 1, "language_max": 2, "consumerism_max": 3, "drinking_max": 1}),
        (15, {"violence_max": 4, "sex_max": 3, "language_max": 4, "consumerism_max": 5, "drinking_max": 3}),
    ],
)
def test_a_new_child_starts_with_the_usual_limits_for_their_age(client_for, parent, age, expected):
    response = client_for(parent).post(FAMILY, {"nickname": "Maya", "birth_year": born(age)})

    child = Child.objects.get(owner=parent)
    assert response.status_code == 302
    assert response["Location"] == f"/family/{child.pk}/"
    assert {field: getattr(child, field) for field in expected} == expected
    assert child.age == age
    assert child.positive_matters is False


def test_the_defaults_are_gentler_for_younger_children():
    for younger, older in [(4, 7), (7, 9), (9, 12), (12, 14), (14, 16)]:
        young, old = default_limits(younger), default_limits(older)
        assert all(young[field] <= old[field] for field in young if field.endswith("_max"))


def test_the_family_page_lists_the_default_limits_by_age(client_for, parent):
    page = client_for(parent).get(FAMILY).content.decode()

    assert "Our usual limits by age" in page
    # Each cell names its category, which a phone shows beside the number (the table stacks).
    assert (
        '<th scope="row">10 to 12</th><td data-label="Violence &amp; scariness">2</td>'
        '<td data-label="Sex, romance &amp; nudity">1</td><td data-label="Language">2</td>'
    ) in page


def test_a_parent_changes_a_childs_limits_and_says_positive_messages_matter(client_for, parent):
    child = ChildFactory(owner=parent, nickname="Leo", age=7)
    data = {
        "nickname": "Leo",
        "birth_year": born(7),
        "violence_max": 3,
        "sex_max": 0,
        "language_max": 5,
        "consumerism_max": 2,
        "drinking_max": 0,
        "positive_matters": "on",
        "positive_messages_min": 4,
        "role_models_min": 2,
    }

    response = client_for(parent).post(f"/family/{child.pk}/", data)

    child.refresh_from_db()
    assert response.status_code == 302
    assert (child.violence_max, child.language_max, child.positive_matters) == (3, 5, True)
    assert (child.positive_messages_min, child.role_models_min) == (4, 2)


def test_a_limit_above_five_is_shown_on_the_form_and_changes_nothing(client_for, parent):
    child = ChildFactory(owner=parent, nickname="Leo", age=7)
    data = {"nickname": "Leo", "birth_year": born(7), "violence_max": 9} | dict.fromkeys(
        ("sex_max", "language_max", "consumerism_max", "drinking_max"), 1
    )

    response = client_for(parent).post(
        f"/family/{child.pk}/", data | {"positive_messages_min": 3, "role_models_min": 3}
    )

    child.refresh_from_db()
    assert response.status_code == 400
    assert "A limit is a score from 0 to 5." in response.content.decode()
    assert child.violence_max == 1


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (lambda: born(-1), "That year has not come yet."),
        (lambda: born(30), "Family profiles are for children up to 17."),
    ],
)
def test_a_birth_year_that_is_not_a_childs_is_refused(client_for, parent, year, message):
    response = client_for(parent).post(FAMILY, {"nickname": "Maya", "birth_year": year()})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Child.objects.exists()


def test_two_children_of_one_parent_cannot_share_a_nickname(client_for, parent):
    ChildFactory(owner=parent, nickname="Maya")

    response = client_for(parent).post(FAMILY, {"nickname": "maya", "birth_year": born(8)})

    assert response.status_code == 400
    assert "You already have a child with that nickname." in response.content.decode()
    assert Child.objects.count() == 1


def test_a_parent_removes_a_child_after_confirming(client_for, parent):
    child = ChildFactory(owner=parent, nickname="Maya")
    client = client_for(parent)

    assert "Remove Maya from your family?" in client.get(f"/family/{child.pk}/remove/").content.decode()
    response = client.post(f"/family/{child.pk}/remove/")

    assert response.status_code == 302
    assert not Child.objects.exists()


def test_the_family_page_lists_only_the_parents_own_children(client_for, parent):
    ChildFactory(owner=parent, nickname="Maya", age=10)
    ChildFactory(owner=UserFactory(), nickname="Stranger")

    page = client_for(parent).get(FAMILY).content.decode()

    assert "Maya (10)" in page
    assert "Stranger" not in page


@pytest.mark.parametrize("path", ["/family/{pk}/", "/family/{pk}/remove/"])
def test_another_parents_child_is_a_404(client_for, parent, path):
    child = ChildFactory(owner=UserFactory(), nickname="Stranger")

    response = client_for(parent).post(path.format(pk=child.pk), {"nickname": "Mine", "birth_year": born(5)})

    assert response.status_code == 404
    assert Child.objects.get().nickname == "Stranger"


def test_a_teen_is_told_family_profiles_are_for_parents(client_for, teen):
    response = client_for(teen).post(FAMILY, {"nickname": "Maya", "birth_year": born(5)})

    assert response.status_code == 403
    assert "Family profiles are for parents" in response.content.decode()
    assert not Child.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(FAMILY)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/family/")


def test_deleting_the_account_deletes_the_children(parent):
    ChildFactory(owner=parent, nickname="Maya")

    services.delete_account(user=parent)

    assert not Child.objects.exists()
