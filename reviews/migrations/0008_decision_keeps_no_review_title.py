"""A moderation decision keeps the review's number, not its title: the title is the member's
words, and a deleted account leaves none of them (issue 17)."""

from django.db import migrations, models


def number_the_decisions(apps, schema_editor):
    ModerationDecision = apps.get_model("reviews", "ModerationDecision")
    ModerationDecision.objects.filter(review__isnull=False).update(review_number=models.F("review_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0007_review_body_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationdecision",
            name="review_number",
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(number_the_decisions, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="moderationdecision",
            name="review_title",
        ),
    ]
