"""The site's URLs under /moved/: for a test that changes ROOT_URLCONF."""

from django.urls import include, path

urlpatterns = [path("moved/", include("config.urls"))]
