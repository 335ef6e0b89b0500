"""Demo accounts and membership data (called by `manage.py seed_demo`, idempotent)."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from members.models import User
from members.roles import Role, grant_role

DEMO_PASSWORD = "tavolo-demo-2026"  # noqa: S105 - printed on purpose for the demo

# (email, role, first name, last name, label printed by seed_demo)
_ACCOUNTS = [
    ("assessore@demo.tavolo.it", Role.PRESIDENZA, "Bianca Maria", "Manzi", "Presidenza (Assessore al Welfare)"),
    ("segreteria@demo.tavolo.it", Role.SEGRETERIA, "Laura", "Zanotti", "Segreteria (Ufficio Welfare)"),
    ("servizi.sociali@demo.tavolo.it", Role.SERVICE_REFERENT, "Marco", "Foschi",
     "Referente servizio comunale (Servizi sociali)"),
    ("rappresentante@demo.tavolo.it", Role.REPRESENTATIVE, "Giulia", "Casadei",
     "Rappresentante organizzazione"),
]
DEMO_ACCOUNTS = [(email, label) for email, _role, _first, _last, label in _ACCOUNTS]


def demo_user(email: str, *, first_name: str, last_name: str, role: Role | None = None) -> User:
    """Create (once) a verified demo account with the demo password."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role in (Role.PRESIDENZA, Role.SEGRETERIA)
        user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if role is not None:
        grant_role(user, role)
    return user


def seed(*, stdout) -> None:
    for email, role, first, last, _label in _ACCOUNTS:
        demo_user(email, first_name=first, last_name=last, role=role)
