from django.urls import path

from . import contact_views

app_name = "contacts"
urlpatterns = [
    path("", contact_views.contact_list, name="list"),
]
