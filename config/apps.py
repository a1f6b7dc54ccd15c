from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    """Django's admin, served by the site's own admin site (its log-in throttled)."""

    default_site = "config.admin_site.SiteAdmin"
