from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from meetings import models

        auditlog.register(models.Meeting)
        auditlog.register(models.MeetingStatusChange)
        auditlog.register(models.Invitation)
        auditlog.register(models.AgendaItem, m2m_fields={"themes"})
        auditlog.register(models.Routing)
        auditlog.register(models.RoutingStatusChange)
        auditlog.register(models.RoutingOverride)
        auditlog.register(models.TopicProposal, m2m_fields={"themes"})
        auditlog.register(models.TopicProposalEvent)
        auditlog.register(models.AttendanceReply)
        auditlog.register(models.Attendance)
        auditlog.register(models.Minutes)
        auditlog.register(models.MinutesStatusChange)
        auditlog.register(models.MinutesComment)
        auditlog.register(models.Attachment)
