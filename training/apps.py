from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from training import models

        auditlog.register(models.TrainingSession, m2m_fields={"sectors", "themes"})
        auditlog.register(models.SessionStatusChange)
        auditlog.register(models.Lesson)
        auditlog.register(models.Registration, exclude_fields=["token"])
        auditlog.register(models.RegistrationEvent)
        auditlog.register(models.LessonAttendance)
        auditlog.register(models.Certificate)
        auditlog.register(models.Feedback)
