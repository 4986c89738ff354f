from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from films.models import Film

FEED_SIZE = 30


class NewAdvisoriesFeed(Feed):
    """An Atom feed of the newest published advisories."""

    feed_type = Atom1Feed
    title = "Reelwise: new film advisories"
    subtitle = "The youngest age each film suits, and what is in it, from Reelwise's editors."
    author_name = "Reelwise"

    def link(self):
        return reverse("home")

    def items(self):
        return (
            Film.objects.with_published_advisory()
            .for_card()
            .order_by("-advisory__published_at", "title")[:FEED_SIZE]
        )

    def item_title(self, film):
        return f"{film.title} ({film.year}): age {film.advisory.age}+"

    def item_description(self, film):
        return f"{film.advisory.one_liner} Quality: {film.advisory.stars} out of 5 stars."

    def item_pubdate(self, film):
        return film.advisory.published_at

    def item_updateddate(self, film):
        return film.advisory.updated_at
