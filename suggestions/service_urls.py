"""A service's correction form, included by services/urls.py under /services/<slug>/suggest/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.suggest, {"kind": "services"}, name="suggest"),
    path("sent/", views.sent, {"kind": "services"}, name="suggest_sent"),
]
