from django.urls import path

from films import views
from films.feeds import NewAdvisoriesFeed

app_name = "films"

urlpatterns = [
    path("", views.browse, name="browse"),
    # Film slugs always end in "-<year>", so "feed" never collides with one.
    path("feed/", NewAdvisoriesFeed(), name="feed"),
    path("<slug:slug>/", views.film_detail, name="detail"),
]
