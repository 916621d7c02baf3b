"""The enquiry forms, mounted by jetro_site/urls.py beside the listings' own pages."""

from django.urls import path

from . import contact_views, views

app_name = "enquiries"
urlpatterns = [
    path("offices/<slug:slug>/contact/", views.to_office, name="office"),
    path("services/<slug:slug>/contact/", views.about_service, name="service"),
    path("contact/", contact_views.start, name="start"),
    path("contact/sent/<str:token>/", views.sent, name="sent"),
    path("contact/thanks/", views.thanks, name="thanks"),
    path("privacy/", views.privacy, name="privacy"),
]
