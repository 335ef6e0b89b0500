from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from reports import models

        auditlog.register(
            models.Initiative,
            m2m_fields={"partners", "services", "themes", "target_groups", "areas", "funding_sources"},
        )
        auditlog.register(models.InitiativeYear)
        auditlog.register(models.InitiativeEvent)
        auditlog.register(models.AnnualReport)
        auditlog.register(models.ReportVersion, exclude_fields=["figures", "html"])
        auditlog.register(models.TargetGroup)
        auditlog.register(models.FundingSource)
