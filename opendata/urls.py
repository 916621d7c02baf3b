"""The open data pages, in both languages: /api/ (the API for people) and /open-data/."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("api/", views.api_reference, name="api"),
    path("open-data/", views.open_data, name="index"),
]
