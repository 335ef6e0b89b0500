"""The readable copy of one's own data: the JSON export (members.account_privacy.personal_data), laid out
as sections of labelled records in Italian, for a page that can be printed.

The page shows what the export holds and nothing else: every key of the export is shown, with its label
here when it has one (a test checks that every key of a full export has one) and as written otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from core.italian import format_date
from core.notifications import email_kinds
from meetings.models import ProposalStatus, ReplyStatus, RoutingStatus
from members.models import ConsentKind, RequestStatus
from reports.models import InitiativeStatus
from training.models import RegistrationStatus


def _label(text: str) -> Promise:
    # A context of their own: these short words must not change the same words elsewhere.
    return pgettext_lazy("personal data", text)


# Section titles and field labels, by the export's keys.
LABELS: dict[str, Promise] = {
    # sections
    "account": _label("Account"),
    "email_addresses": _label("E-mail addresses"),
    "consents": _label("Consents"),
    "core": _label("Notifications and e-mail preferences"),
    "members": _label("Organisations and municipal services"),
    "meetings": _label("Meetings"),
    "training": _label("Training"),
    "reports": _label("Initiatives and annual reports"),
    "representations": _label("Organisations you act or acted for"),
    "representation_requests": _label("Requests to represent an organisation"),
    "invitations_received": _label("Invitations received"),
    "invitations_sent": _label("Invitations sent"),
    "membership_changes_made": _label("Changes of membership status you made"),
    "municipal_services": _label("Municipal services you are a referent for"),
    "topic_proposals": _label("Topic proposals"),
    "attendance_replies": _label("Answers to meeting invitations"),
    "minutes_comments": _label("Comments on minutes"),
    "routings": _label("Topics sent to your service"),
    "training_registrations": _label("Your course registrations"),
    "training_registrations_made_for_others": _label("Registrations you made for other people"),
    "initiative_status_changes": _label("Changes of initiative status you made"),
    "report_versions_published": _label("Annual report versions you published"),
    "notifications": _label("Notifications"),
    "emails_switched_off": _label("E-mails you switched off"),
    # fields
    "email": _label("E-mail"),
    "first_name": _label("First name"),
    "last_name": _label("Last name"),
    "phone": _label("Phone"),
    "fiscal_code": _label("Fiscal code"),
    "digital_identity": _label("Digital identity (SPID or CIE)"),
    "digital_identity_linked_at": _label("Digital identity linked on"),
    "date_joined": _label("Account created on"),
    "last_login": _label("Last sign-in"),
    "roles": _label("Roles"),
    "two_factor_methods": _label("Two-factor authentication"),
    "verified": _label("Verified"),
    "primary": _label("Primary"),
    "kind": _label("Kind"),
    "version": _label("Version"),
    "accepted_at": _label("Accepted on"),
    "organisation": _label("Organisation"),
    "role_in_organisation": _label("Role in the organisation"),
    "active": _label("Active"),
    "since": _label("Since"),
    "ended_at": _label("Ended on"),
    "message": _label("Message"),
    "status": _label("Status"),
    "sent_at": _label("Sent on"),
    "title": _label("Title"),
    "description": _label("Description"),
    "created_at": _label("Written on"),
    "meeting": _label("Meeting"),
    "attendee_names": _label("Who attends"),
    "replied_at": _label("Answered on"),
    "text": _label("Text"),
    "agenda_item": _label("Topic"),
    "service": _label("Municipal service"),
    "answered_at": _label("Answered on"),
    "session": _label("Course"),
    "role": _label("Role"),
    "registered_at": _label("Registered on"),
    "confirmed_at": _label("Confirmed on"),
    "cancelled_at": _label("Cancelled on"),
    "attendance": _label("Attendance"),
    "lesson_start": _label("Lesson"),
    "present": _label("Present"),
    "certificate": _label("Certificate"),
    "code": _label("Code"),
    "issued_at": _label("Issued on"),
    "hours_attended": _label("Hours attended"),
    "feedback": _label("Feedback"),
    "rating": _label("Rating"),
    "comment": _label("Comment"),
    "initiative": _label("Initiative"),
    "to_status": _label("New status"),
    "at": _label("On"),
    "reason": _label("Reason"),
    "year": _label("Year"),
    "url": _label("Page"),
    "read_at": _label("Read on"),
}

# What a status code means, by the section the record is in.
_STATUS_LABELS: dict[str, Any] = {
    "representation_requests": RequestStatus,
    "topic_proposals": ProposalStatus,
    "attendance_replies": ReplyStatus,
    "routings": RoutingStatus,
    "training_registrations": RegistrationStatus,
    "initiative_status_changes": InitiativeStatus,
    "consents": ConsentKind,
}
# Sections whose "kind" is a kind of e-mail and notification (core.notifications).
_EMAIL_KIND_SECTIONS = {"notifications", "emails_switched_off"}
_TWO_FACTOR = {"totp": _label("authenticator app"), "recovery_codes": _label("recovery codes")}


def label(key: str) -> str:
    return str(LABELS.get(key, key))


@dataclass
class Record:
    """One row of the export: (label, lines) pairs; a value of several lines is a list."""

    fields: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class Section:
    title: str
    level: int
    records: list[Record] = field(default_factory=list)
    value: list[str] | None = None  # a section that is a single value (a count, a list of names)
    children: list[Section] = field(default_factory=list)


def _moment(text: str) -> str | None:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:
        return format_date(parsed.date(), "j F Y")
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return format_date(parsed, "j F Y, H:i")


def _text(value: Any, *, key: str = "", section: str = "") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return pgettext("personal data", "yes") if value else pgettext("personal data", "no")
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    text = str(value)
    if key in {"status", "kind", "to_status"} and section in _STATUS_LABELS:
        try:
            return str(_STATUS_LABELS[section](text).label)
        except ValueError:
            return text
    if (key == "kind" or key == section) and section in _EMAIL_KIND_SECTIONS:
        kind = email_kinds().get(text)
        return str(kind.label) if kind else text
    if key == "two_factor_methods":
        return str(_TWO_FACTOR.get(text, text))
    if len(text) >= 10 and text[:4].isdigit() and text[4:5] == "-":
        return _moment(text) or text
    return text


def _lines(value: Any, *, key: str, section: str) -> list[str]:
    """A value as lines of text: a list gives one line per item, a record one line per field."""
    if isinstance(value, dict):
        if not value:
            return ["—"]
        return [f"{label(k)}: {_text(v, key=k, section=section)}" for k, v in value.items()]
    if isinstance(value, list):
        if not value:
            return ["—"]
        lines: list[str] = []
        for item in value:
            if isinstance(item, dict):
                lines.append(
                    "; ".join(f"{label(k)}: {_text(v, key=k, section=section)}" for k, v in item.items())
                )
            else:
                lines.append(_text(item, key=key, section=section))
        return lines
    return [_text(value, key=key, section=section)]


def _record(data: dict[str, Any], *, section: str) -> Record:
    return Record(fields=[(label(k), _lines(v, key=k, section=section)) for k, v in data.items()])


def _section(key: str, value: Any, *, level: int) -> Section:
    section = Section(title=label(key), level=level)
    if isinstance(value, dict) and level == 2 and _is_group(value):
        section.children = [_section(k, v, level=level + 1) for k, v in value.items()]
    elif isinstance(value, dict):
        section.records = [_record(value, section=key)]
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        section.records = [_record(item, section=key) for item in value]
    else:
        section.value = _lines(value, key=key, section=key)
    return section


def _is_group(value: dict[str, Any]) -> bool:
    """An app's part of the export: each of its keys is a section of its own (lists, counts)."""
    return all(isinstance(v, list | int) and not isinstance(v, bool) for v in value.values())


def readable_sections(data: dict[str, Any]) -> list[Section]:
    """The export's sections, in its order, the per-app parts as groups of sub-sections."""
    return [_section(key, value, level=2) for key, value in data.items() if key != "generated_at"]
