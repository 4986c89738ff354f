"""Review URLs, mounted at the site's root so the write page lives under the film."""

from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("films/<slug:slug>/reviews/", views.film_reviews, name="film"),
    path("films/<slug:slug>/review/", views.write_review, name="write"),
    path("films/<slug:slug>/review/delete/", views.delete_review, name="delete"),
    path("reviews/<int:pk>/helpful/", views.mark_helpful, name="helpful"),
    path("reviews/<int:pk>/report/", views.report_review, name="report"),
    path("films/<slug:slug>/rate/", views.rate, name="rate"),
    path("films/<slug:slug>/rate/withdraw/", views.withdraw_rating, name="withdraw_rating"),
    path("films/<slug:slug>/ask-editors/", views.ask_editors, name="ask_editors"),
    path("ratings/<int:pk>/report/", views.report_rating, name="report_rating"),
    path("ratings/<int:pk>/helpful/", views.mark_rating_helpful, name="rating_helpful"),
]
