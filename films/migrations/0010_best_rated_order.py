from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_published_stars(apps, schema_editor):
    """Each film's copy of its published advisory's stars (None without one)."""
    Film = apps.get_model("films", "Film")
    Advisory = apps.get_model("advisories", "Advisory")
    published = Advisory.objects.filter(film=OuterRef("pk"), status="published")
    Film.objects.filter(advisory_published_at__isnull=False).update(
        advisory_stars=Subquery(published.values("stars")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0009_best_known_films_index"),
        ("advisories", "0005_film_rating_source_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="film",
            name="advisory_stars",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_published_stars, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(
                condition=models.Q(("advisory_stars__isnull", False)),
                fields=["-advisory_stars", "title", "id"],
                name="film_best_rated_idx",
            ),
        ),
    ]
