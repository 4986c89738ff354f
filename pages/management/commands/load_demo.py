import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.groups import EDITOR_USERNAME, ensure_editor
from accounts.models import User
from advisories.models import Advisory, Alternative, ContentRating, DiscussionPrompt
from films.models import Certificate, Company, Country, Credit, Film, Genre, Language, Person, Trivia
from pages import demo
from reviews.models import Contribution, Review


class Command(BaseCommand):
    help = "Load the demo films: Never Let Me Go (2010) with its reviews, and a few more. Safe to repeat."

    @transaction.atomic
    def handle(self, *args, **options):
        editor = ensure_editor(EDITOR_USERNAME)
        film = load_film(demo.NEVER_LET_ME_GO)
        advisory = load_advisory(film, demo.ADVISORY, editor)
        for order, facts in enumerate(demo.ALTERNATIVE_FILMS):
            Alternative.objects.update_or_create(
                advisory=advisory,
                film=load_film(facts),
                defaults={"reason": facts["reason"], "order": order},
            )
        for username, year, month, fields in demo.REVIEWS:
            load_review(film, username, year, month, fields)
        for facts in demo.MORE_FILMS:
            load_advisory(load_film(facts), facts["advisory"], editor)
        for slug, username, year, month, fields in demo.CONTRIBUTIONS:
            load_contribution(Film.objects.get(slug=slug), demo_member(username, year, month), fields)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {film.get_absolute_url()}"))


def load_film(facts):
    film, _ = Film.objects.update_or_create(
        title=facts["title"],
        year=facts["year"],
        defaults={
            key: facts[key]
            for key in (
                "runtime",
                "imdb_id",
                "synopsis",
                "released_theatrical",
                "released_home",
                "budget",
                "gross",
            )
            if key in facts
        },
    )
    film.genres.set([Genre.objects.get_or_create(name=name)[0] for name in facts.get("genres", [])])
    film.countries.set([Country.objects.get_or_create(name=n)[0] for n in facts.get("countries", [])])
    film.languages.set([Language.objects.get_or_create(name=n)[0] for n in facts.get("languages", [])])
    film.studios.set([Company.objects.get_or_create(name=n)[0] for n in facts.get("studios", [])])
    film.distributors.set([Company.objects.get_or_create(name=n)[0] for n in facts.get("distributors", [])])
    for system, rating, reason in facts.get("certificates", []):
        Certificate.objects.update_or_create(
            film=film, system=system, defaults={"rating": rating, "reason": reason}
        )
    for billing, (role, name, wiki, character, note) in enumerate(facts.get("credits", [])):
        Credit.objects.update_or_create(
            film=film,
            person=Person.objects.find_or_create(name, wiki),
            role=role,
            character=character,
            defaults={"note": note, "billing": billing},
        )
    for order, (text, is_spoiler) in enumerate(facts.get("trivia", [])):
        Trivia.objects.update_or_create(
            film=film, order=order, defaults={"text": text, "is_spoiler": is_spoiler}
        )
    return film


def load_advisory(film, facts, editor):
    advisory, _ = Advisory.objects.update_or_create(
        film=film,
        defaults={
            "author": editor,
            **{
                key: facts[key]
                for key in ("age", "stars", "one_liner", "parents_need_to_know", "story", "is_it_any_good")
            },
        },
    )
    for category, (score, note) in facts["ratings"].items():
        ContentRating.objects.update_or_create(
            advisory=advisory, category=category, defaults={"score": score, "note": note}
        )
    for order, text in enumerate(facts["prompts"]):
        DiscussionPrompt.objects.update_or_create(advisory=advisory, order=order, defaults={"text": text})
    if not advisory.is_published:
        advisory.publish()
    return advisory


def demo_member(username, birth_year, birth_month):
    author, created = User.objects.get_or_create(
        username=username, defaults={"birth_year": birth_year, "birth_month": birth_month}
    )
    if created:
        author.set_unusable_password()
        author.date_joined = timezone.now() - datetime.timedelta(days=400)
        author.save()
    return author


def load_review(film, username, birth_year, birth_month, fields):
    author = demo_member(username, birth_year, birth_month)
    fields = dict(fields)
    contribution = load_contribution(film, author, {"age": fields.pop("age_recommendation")})
    review = Review.objects.filter(film=film, author=author).first() or Review(film=film, author=author)
    for key, value in fields.items():
        setattr(review, key, value)
    review.contribution = contribution
    review.stamp_author()
    review.status = Review.Status.PUBLISHED
    review.full_clean()
    review.save()
    return review


def load_contribution(film, author, fields):
    """The member's published rating of the film (its figures recounted on save)."""
    contribution = Contribution.objects.filter(film=film, author=author).first() or Contribution(
        film=film, author=author
    )
    for key, value in fields.items():
        setattr(contribution, key, value)
    contribution.stamp_author()
    contribution.status = Contribution.Status.PUBLISHED
    contribution.held_because = ""
    contribution.full_clean()
    contribution.save()
    return contribution
