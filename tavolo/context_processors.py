"""Values every page of the layout needs: the municipality and the main navigation."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.layout import per_language
from core.notifications import unread_count

# Public sections of the contract, in the order the menu shows them.
NAVIGATION: list[tuple[str, Promise]] = [
    ("regolamento", _("Rules")),
    ("members:directory", _("Organisations")),
    ("members:services", _("Municipal services")),
    ("meetings:list", _("Meetings")),
    ("training:list", _("Training")),
    ("meetings:decisions", _("Decisions")),
    ("reports:archive", _("Annual reports")),
    ("members:join", _("Join the table")),
]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def _nav_items(path: str) -> list[NavItem]:
    return [NavItem(url=url, label=label, active=path.startswith(url)) for url, label in _nav_links()]


@per_language
def _nav_links() -> tuple[tuple[str, str], ...]:
    """The menu's (url, label) pairs, the same for every request in a language (core.layout)."""
    links = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append((url, str(label)))
    return tuple(links)


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
        "TAVOLO_OFFICE": settings.TAVOLO_OFFICE,
        "site_name": _("Tavolo delle Risorse"),
        "nav_items": _nav_items(request.path),
        # Called by the header only for a signed-in person: one COUNT, remembered for the request.
        "unread_notifications": lambda: unread_count(request.user),
        "accessibility_email": settings.TAVOLO_ACCESSIBILITY_EMAIL,
        "privacy_version": settings.TAVOLO_PRIVACY_VERSION,
        "office_contacts": office_contacts(),
        # `make run` turns staff MFA off for the demo: every page says so.
        "staff_mfa_off": not settings.TAVOLO_REQUIRE_STAFF_MFA,
    }


@dataclass(frozen=True)
class OfficeContacts:
    address: str
    phone: str
    email: str
    pec: str

    @property
    def phone_href(self) -> str:
        """The number as a `tel:` link wants it: digits and a leading +, nothing else."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")

    def __bool__(self) -> bool:
        return any((self.address, self.phone, self.email, self.pec))


def office_contacts() -> OfficeContacts:
    return OfficeContacts(
        address=settings.TAVOLO_OFFICE_ADDRESS,
        phone=settings.TAVOLO_OFFICE_PHONE,
        email=settings.TAVOLO_OFFICE_EMAIL,
        pec=settings.TAVOLO_OFFICE_PEC,
    )
