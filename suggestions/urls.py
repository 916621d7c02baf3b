"""The correction forms of offices and services, under their pages' addresses (mounted by jetro_site/urls.py).

/offices/<slug>/suggest/ and /services/<slug>/suggest/, each with its sent/ page; the offices
and services apps know nothing of them (suggestions depend on them, not the other way).
"""

from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path(f"{kind}/<slug:slug>/suggest/{step}", view, {"kind": kind}, name=f"{kind}{name}")
    for kind in ("offices", "services")
    for step, view, name in (("", views.suggest, ""), ("sent/", views.sent, "_sent"))
]
