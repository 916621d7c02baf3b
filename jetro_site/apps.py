from django.contrib.admin.apps import AdminConfig


class DirectoryAdminConfig(AdminConfig):
    """Django's admin, on the site with the directory's guards for every model admin (core.admin.site)."""

    default_site = "core.admin.site.DirectoryAdminSite"
