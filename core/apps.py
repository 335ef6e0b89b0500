from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Tavolo delle Risorse: base"

    def ready(self) -> None:
        from core import lookups, notifications, pagecache, search
        from core.security import protect_admin_login

        protect_admin_login()
        lookups.register()
        search.register()
        pagecache.connect_signals()
        notifications.connect_signals()
