"""An office's correction form, included by offices/urls.py under /offices/<slug>/suggest/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.suggest, {"kind": "offices"}, name="suggest"),
    path("sent/", views.sent, {"kind": "offices"}, name="suggest_sent"),
]
