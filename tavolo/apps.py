from django.apps import AppConfig


class TavoloConfig(AppConfig):
    name = "tavolo"
    verbose_name = "Tavolo delle Risorse"

    def ready(self) -> None:
        from tavolo import lookups
        from tavolo.security import protect_admin_login

        protect_admin_login()
        lookups.register()
