"""The film pages. They keep the `films:` URL names they had before this app composed them."""

from django.urls import path

from films.feeds import NewAdvisoriesFeed
from pagecache import CATALOG, public_page
from pages import views

app_name = "films"

urlpatterns = [
    path("", views.browse, name="browse"),
    # Film slugs always end in "-<year>", so "feed" never collides with one.
    path("feed/", public_page(CATALOG)(NewAdvisoriesFeed()), name="feed"),
    path("<slug:slug>/", views.film_detail, name="detail"),
]
