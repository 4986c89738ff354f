"""`{% film_card film reason as card %}`: one film's card (pages/cards.py), for a page that
shows a card or a few among other things; a list of cards is prepared in its view."""

from django import template

from pages.cards import film_cards, values_of

register = template.Library()


@register.simple_tag(takes_context=True)
def film_card(context, film, reason=""):
    return film_cards([values_of(film)], context["request"], {film.pk: reason})[0]
