import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role, User
from advisories.models import Advisory, Alternative, Category, ContentRating, DiscussionPrompt
from families.models import Child
from films.models import Certificate, Credit, Film, Genre, Person, Trivia
from reviews import ratings
from reviews.models import Contribution, Review


class UserFactory(factory.django.DjangoModelFactory):
    """A parent by default: born 40 years ago, joined long enough ago to post at once."""

    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")
    birth_year = factory.LazyFunction(lambda: timezone.localdate().year - 40)
    birth_month = 1
    date_joined = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))

    class Params:
        teen = factory.Trait(birth_year=factory.LazyFunction(lambda: timezone.localdate().year - 15))


class StaffFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    is_staff = True
    birth_year = None
    birth_month = None

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Genre {n}")


class FilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Film

    title = factory.Sequence(lambda n: f"Film number {n}")
    year = 2005
    runtime = 95


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.CAST
    character = factory.Sequence(lambda n: f"Character {n}")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    film = factory.SubFactory(FilmFactory)
    system = Certificate.System.MPA
    rating = "PG-13"


class TriviaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trivia

    film = factory.SubFactory(FilmFactory)
    text = factory.Sequence(lambda n: f"Trivia item {n}")


class AdvisoryFactory(factory.django.DjangoModelFactory):
    """A complete, published advisory; pass `scores={"violence": 4}` to set scores,
    `status="draft"` for a draft (still complete), or `rated=False` for no ratings."""

    class Meta:
        model = Advisory
        skip_postgeneration_save = True

    film = factory.SubFactory(FilmFactory)
    age = 10
    stars = 4
    one_liner = "A one-line summary written for the test."
    parents_need_to_know = "What parents need to know, written for the test."
    story = "What happens, written for the test."
    is_it_any_good = "Whether it is good, written for the test."
    status = Advisory.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Advisory.Status.DRAFT, published_at=None)

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        scores = dict.fromkeys(Category.values, 1) | (extracted or {})
        ContentRating.objects.bulk_create(
            ContentRating(advisory=self, category=c, score=s, note=f"About {c}.") for c, s in scores.items()
        )
        # bulk_create sends no signals: recount the film's effective rating, as a save would.
        ratings.refresh_film(self.film_id)


class DiscussionPromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscussionPrompt

    advisory = factory.SubFactory(AdvisoryFactory)
    text = factory.Sequence(lambda n: f"Question {n} for families?")


class AlternativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alternative

    advisory = factory.SubFactory(AdvisoryFactory)
    film = factory.SubFactory(FilmFactory)
    reason = "Similar, but gentler."


class ContributionFactory(factory.django.DjangoModelFactory):
    """A member's published rating of a film; scores (`violence_score=2`) and notes
    (`violence_note="..."`) as fields."""

    class Meta:
        model = Contribution

    film = factory.SubFactory(FilmFactory)
    author = factory.SubFactory(UserFactory)
    author_role = factory.LazyAttribute(lambda r: r.author.role() or Role.PARENT)
    author_age = factory.LazyAttribute(lambda r: r.author.age() if r.author.role() == Role.TEEN else None)
    age = 12
    status = Contribution.Status.PUBLISHED


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review with the rating it carries: `age_recommendation` and scores
    (`violence_score=2`) go to its author's contribution, with the review's status."""

    class Meta:
        model = Review

    film = factory.SubFactory(FilmFactory)
    author = factory.SubFactory(UserFactory)
    author_role = factory.LazyAttribute(lambda r: r.author.role() or Role.PARENT)
    author_age = factory.LazyAttribute(lambda r: r.author.age() if r.author.role() == Role.TEEN else None)
    stars = 4
    age_recommendation = 12
    title = "A review title"
    body = "A review body, written for the test."
    status = Review.Status.PUBLISHED

    @staticmethod
    def _rating(kwargs):
        rating = {"age": kwargs.pop("age_recommendation")}
        for category in Category:
            name = f"{category.value}_score"
            if name in kwargs:
                rating[name] = kwargs.pop(name)
        return rating

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        rating = cls._rating(kwargs)
        kwargs.setdefault(
            "contribution", Contribution(film=kwargs["film"], author=kwargs["author"], **rating)
        )
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        rating = cls._rating(kwargs)
        if "contribution" not in kwargs:
            kwargs["contribution"] = Contribution.objects.create(
                film=kwargs["film"],
                author=kwargs["author"],
                author_role=kwargs["author_role"],
                author_age=kwargs["author_age"],
                status=kwargs["status"],
                **rating,
            )
        return super()._create(model_class, *args, **kwargs)


class ChildFactory(factory.django.DjangoModelFactory):
    """A child aged `age` (default 10) of a parent, with the usual limits for that age;
    pass limits as fields (`violence_max=3`) to change them."""

    class Meta:
        model = Child

    class Params:
        age = 10

    owner = factory.SubFactory(UserFactory)
    nickname = factory.Sequence(lambda n: f"Kid{n}")
    birth_year = factory.LazyAttribute(lambda c: timezone.localdate().year - c.age)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        child = model_class(*args, **kwargs)
        limits = {k: v for k, v in kwargs.items() if k.endswith(("_max", "_min"))}
        child.apply_default_limits()
        for field, value in limits.items():
            setattr(child, field, value)
        child.save()
        return child
