from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_reviews_to_contributions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="review",
            name="contribution",
            field=models.OneToOneField(
                help_text="The author's rating of the film.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review",
                to="reviews.contribution",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_age_2_to_18",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_positive_messages_score_0_to_5",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_role_models_score_0_to_5",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_violence_score_0_to_5",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_sex_score_0_to_5",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_language_score_0_to_5",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_consumerism_score_0_to_5",
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="review_drinking_score_0_to_5",
        ),
        migrations.RemoveField(
            model_name="review",
            name="age_recommendation",
        ),
        migrations.RemoveField(
            model_name="review",
            name="consumerism_score",
        ),
        migrations.RemoveField(
            model_name="review",
            name="drinking_score",
        ),
        migrations.RemoveField(
            model_name="review",
            name="language_score",
        ),
        migrations.RemoveField(
            model_name="review",
            name="positive_messages_score",
        ),
        migrations.RemoveField(
            model_name="review",
            name="role_models_score",
        ),
        migrations.RemoveField(
            model_name="review",
            name="sex_score",
        ),
        migrations.RemoveField(
            model_name="review",
            name="violence_score",
        ),
    ]
