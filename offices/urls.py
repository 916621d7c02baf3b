from django.urls import path

from . import map_views, views

app_name = "offices"
urlpatterns = [
    path("", views.office_list, name="list"),
    path("export.csv", views.office_export_csv, name="export_csv"),
    path("nearest/", views.office_nearest, name="nearest"),
    path("map/", map_views.office_map, name="map"),
    path("<slug:slug>/", views.office_detail, name="detail"),
    path("<slug:slug>/vcard/", views.office_vcard_download, name="vcard"),
]
