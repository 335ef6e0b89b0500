from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membership")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from members import models
        from members.identity import revoke_on_logout
        from members.security import remember_regulation_to_accept

        user_logged_in.connect(remember_regulation_to_accept, dispatch_uid="members_regulation_to_accept")
        user_logged_out.connect(revoke_on_logout, dispatch_uid="members_identity_revoke_on_logout")

        auditlog.register(models.Organisation, m2m_fields={"sectors", "themes"})
        auditlog.register(models.Representative)
        auditlog.register(models.MunicipalService, m2m_fields={"competences", "referents"})
        auditlog.register(models.Resource, m2m_fields={"themes"})
        auditlog.register(models.ProfileChangeRequest)
        auditlog.register(models.RepresentationRequest)
        auditlog.register(models.DelegateInvitation)
        auditlog.register(models.RegulationVersion)
        for model in (models.Sector, models.Theme, models.Area, models.LegalForm):
            auditlog.register(model)
