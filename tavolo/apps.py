from django.apps import AppConfig


class TavoloConfig(AppConfig):
    name = "tavolo"
    verbose_name = "Tavolo delle Risorse"
