"""The site's one way to cut a list into pages (the browse page, a film's page of reviews);
the links are templates/includes/pagination.html. Here, at the bottom layer, so that every
app's pages can use it."""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """The page of `items` that `?page=` asks for, and an error message or None. A page that
    is not a whole number from 1 gives the first page, one past the end the last, with a
    message saying so, so a bad link still shows results."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page") or "1"
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        return paginator.page(1), "A page is a whole number from 1."
    if int(number) > paginator.num_pages:
        last = paginator.num_pages
        return paginator.page(last), f"The last page of these results is page {last}."
    return paginator.page(number), None
