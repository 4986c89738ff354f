"""schema.org JSON-LD for the film page: a Movie with its content rating and our editors' Review."""

import json

from django.utils.safestring import mark_safe

SITE_NAME = "Reelwise"

# The same escapes as Django's json_script: the data can never close its <script> block.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def film_json_ld(film, advisory, request, poster_url=None):
    """The JSON text for <script type="application/ld+json">, safe to place in HTML."""
    movie = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": request.build_absolute_uri(film.get_absolute_url()),
        "dateCreated": film.released_theatrical.isoformat() if film.released_theatrical else str(film.year),
    }
    if poster_url:
        movie["image"] = poster_url
    if film.synopsis:
        movie["description"] = film.synopsis
    if film.runtime:
        movie["duration"] = f"PT{film.runtime}M"
    if genres := [genre.name for genre in film.genres.all()]:
        movie["genre"] = genres
    if directors := film.directors:
        movie["director"] = [_person(credit) for credit in directors]
    if cast := film.cast:
        movie["actor"] = [_person(credit) for credit in cast]
    if studios := film.studios.all():
        movie["productionCompany"] = [{"@type": "Organization", "name": s.name} for s in studios]
    mpa = film.mpa
    if mpa:
        movie["contentRating"] = f"MPA {mpa.rating}"
    if advisory is not None and advisory.is_published:
        movie["typicalAgeRange"] = f"{advisory.age}-"
        if not mpa:
            movie["contentRating"] = f"{SITE_NAME}: age {advisory.age}+"
        movie["review"] = {
            "@type": "Review",
            "author": {"@type": "Organization", "name": SITE_NAME},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "datePublished": advisory.published_at.date().isoformat(),
            "name": advisory.one_liner,
            "reviewBody": advisory.is_it_any_good,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": advisory.stars,
                "bestRating": 5,
                "worstRating": 1,
            },
        }
    text = json.dumps(movie, ensure_ascii=False, indent=1).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 (escaped above, as json_script does)


def _person(credit):
    return {"@type": "Person", "name": credit.person.name}
