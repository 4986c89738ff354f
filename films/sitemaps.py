from django.contrib.sitemaps import Sitemap

from films.models import Film


class AdvisorySitemap(Sitemap):
    """Every film page with a published advisory: the pages worth a search engine's visit."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Film.objects.with_published_advisory().for_card().order_by("pk")

    def lastmod(self, film):
        return film.advisory.updated_at
