"""Each review's recommended age and category scores become its author's contribution for
the film (status as the review's), then every film's community advisory and effective
rating are computed (reviews.ratings)."""

from django.db import migrations

CATEGORIES = ["positive_messages", "role_models", "violence", "sex", "language", "consumerism", "drinking"]


def reviews_to_contributions(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    Contribution = apps.get_model("reviews", "Contribution")
    for review in Review.objects.order_by("pk").iterator():
        values = {
            "author_role": review.author_role,
            "author_age": review.author_age,
            "age": review.age_recommendation,
            "status": review.status,
            "held_because": review.held_because,
            **{f"{c}_score": getattr(review, f"{c}_score") for c in CATEGORIES},
        }
        contribution, created = Contribution.objects.get_or_create(
            film_id=review.film_id,
            author_id=review.author_id,
            defaults={**values, "created_at": review.created_at},
        )
        if not created:
            for name, value in values.items():
                setattr(contribution, name, value)
            contribution.save()
        review.contribution = contribution
        review.save(update_fields=["contribution"])


def rebuild(apps, schema_editor):
    from reviews import ratings

    ratings.rebuild_all(apps=apps)


def contributions_to_reviews(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    for review in Review.objects.select_related("contribution").iterator():
        review.age_recommendation = review.contribution.age
        for c in CATEGORIES:
            setattr(review, f"{c}_score", getattr(review.contribution, f"{c}_score"))
        review.save()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_community_advisories"),
        ("advisories", "0004_community_advisories"),
    ]

    operations = [
        migrations.RunPython(reviews_to_contributions, contributions_to_reviews),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
