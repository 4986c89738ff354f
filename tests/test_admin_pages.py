import pytest
from django.urls import reverse

from advisories.models import Category
from tests.factories import AdvisoryFactory, CreditFactory

pytestmark = pytest.mark.django_db


def test_a_new_advisory_offers_all_seven_categories_ready_to_fill(client_for, editor):
    response = client_for(editor).get(reverse("admin:advisories_advisory_add"))

    page = response.content.decode()
    for key in Category.values:
        assert f'<option value="{key}" selected>' in page, key
    assert 'name="ratings-TOTAL_FORMS" value="7"' in page


def test_the_advisory_page_links_to_the_public_page_and_offers_publishing(client_for, editor):
    advisory = AdvisoryFactory(draft=True)

    response = client_for(editor).get(reverse("admin:advisories_advisory_change", args=[advisory.pk]))

    page = response.content.decode()
    assert advisory.film.get_absolute_url() in page
    assert 'name="_publish"' in page


def test_the_film_admin_lists_searches_and_shows_credit_inlines(client_for, editor):
    credit = CreditFactory(film__title="Searchable Title")
    client = client_for(editor)

    listing = client.get(reverse("admin:films_film_changelist"), {"q": "Searchable"})
    change = client.get(reverse("admin:films_film_change", args=[credit.film.pk]))

    assert "Searchable Title" in listing.content.decode()
    assert credit.person.name in change.content.decode()
    assert "Credits" in change.content.decode()


def test_publishing_from_the_change_page_saves_then_publishes(client_for, editor):
    advisory = AdvisoryFactory(draft=True)
    client = client_for(editor)
    url = reverse("admin:advisories_advisory_change", args=[advisory.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"film": advisory.film.pk, "_publish": "1"})
    for prefix, formset in [("ratings", advisory.ratings.all()), ("prompts", []), ("alternatives", [])]:
        items = list(formset)
        data.update({f"{prefix}-TOTAL_FORMS": len(items), f"{prefix}-INITIAL_FORMS": len(items)})
        for i, rating in enumerate(items):
            data.update(
                {
                    f"{prefix}-{i}-id": rating.pk,
                    f"{prefix}-{i}-advisory": advisory.pk,
                    f"{prefix}-{i}-category": rating.category,
                    f"{prefix}-{i}-score": rating.score,
                    f"{prefix}-{i}-note": rating.note,
                }
            )

    response = client.post(url, data, follow=True)

    assert "is published" in response.content.decode()
    advisory.refresh_from_db()
    assert advisory.is_published


def test_the_advisory_page_lists_ratings_in_category_order(client_for, editor):
    advisory = AdvisoryFactory()

    response = client_for(editor).get(reverse("admin:advisories_advisory_change", args=[advisory.pk]))

    page = response.content.decode()
    positions = [page.index(f"About {key}.") for key in Category.values]
    assert positions == sorted(positions)
