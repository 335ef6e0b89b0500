from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TavoloConfig(AppConfig):
    name = "tavolo"
    verbose_name = "Tavolo delle Risorse"


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db with an Italian name in the admin (its own is a plain English string)."""

    verbose_name = _("Background tasks")
