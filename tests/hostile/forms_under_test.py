"""Every form of the portal, as its user posts it: the URL, who, what is valid, and where a save shows.

Each `Form` says how to build what it acts on (`setup`), who posts (a key of the signed-in cast), the
valid values the hostile one is mixed into (`valid`: for an edit page, what the page itself shows), and
`saved`: what a successful post changes (a row count, or one object's field), so that a refused post is
seen to have changed nothing. `fields` maps each attacked field to its kind, written from the form's
declaration by hand; the kind decides what each hostile value must produce (see test_every_form.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    InitiativeFactory,
    MeetingFactory,
    ResourceFactory,
    RoutingFactory,
    TrainingSessionFactory,
    theme,
)

if TYPE_CHECKING:
    from collections.abc import Callable

# Field kinds (the hostile values and the answer each must get are in test_every_form.py).
REQUIRED_TEXT = "required_text"  # a single line that must be filled
OPTIONAL_TEXT = "optional_text"  # a single line that may be empty
LONG_TEXT = "long_text"  # a text area (optional or required: the long and NUL cases are the same)
DATE = "date"
DATETIME = "datetime"
NUMBER = "number"  # a whole number, 0 or more
CHOICE = "choice"
FOREIGN_KEY = "foreign_key"  # one object chosen by id (a select or radio)
MANY = "many"  # several objects chosen by id (checkboxes)
EMAIL = "email"
OPTIONAL_EMAIL = "optional_email"
CODE = "code"  # a short identifier with its own format (a version number): odd text is refused too


@dataclass
class Form:
    name: str
    who: str  # anonymous, staff, org_rep, referent
    # ctx["url"] is where the form posts; ctx.get("page", url) is where it is shown.
    setup: Callable[[dict], dict]  # -> {"url": ..., and whatever `saved` reads}
    fields: dict[str, str]
    valid: Callable[[dict], dict] | None = None  # None: the values the page at `url` shows
    saved: Callable[[dict], object] = lambda ctx: None
    edit_of: Callable[[dict], object] | None = None  # the object whose fields a save changes
    extra: dict = field(default_factory=dict)


class _PageValues(HTMLParser):
    """The values a POST form on the page would send as it is (the first form with a submit_once)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "data": {}}
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select and "selected" in a:
                self._form["data"].setdefault(self._select, []).append(a.get("value", ""))
            return
        name, data = a["name"], self._form["data"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                data.setdefault(name, [])  # a box left unticked sends nothing, but the form has it
                if "checked" in a:
                    data[name].append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, text):
        if self._textarea and self._form is not None:
            self._form["data"][self._textarea][0] += text


def page_values(html: str, *, containing: str) -> dict[str, list[str]]:
    """What the page's POST form that has the field `containing` sends when submitted as shown."""
    parser = _PageValues()
    parser.feed(html)
    for form in parser.forms:
        if containing in form["data"]:
            data = {name: values for name, values in form["data"].items() if values}
            data.pop("csrfmiddlewaretoken", None)
            data.pop("submit_once", None)  # each post of a test is a new submission
            return data
    raise AssertionError(f"no POST form with {containing!r} on the page")


def _count(model_path: str) -> Callable[[dict], int]:
    def count(ctx: dict) -> int:
        from django.apps import apps

        return apps.get_model(model_path).objects.count()

    return count


def _future(days: int, hour: int = 10) -> str:
    when = timezone.localtime() + dt.timedelta(days=days)
    return when.strftime(f"%Y-%m-%dT{hour:02d}:00")


def _org(ctx: dict):
    return ctx["org_rep"].representations.get().organisation


FORMS: list[Form] = [
    # --- anonymous ---------------------------------------------------------------------------------
    Form(
        name="account_signup",
        who="anonymous",
        setup=lambda ctx: {"url": reverse("account_signup")},
        valid=lambda ctx: {
            "first_name": "Giulia",
            "last_name": "Neri",
            "email": "giulia.neri@example.org",
            "password1": "mare-di-cervia-2026",
            "password2": "mare-di-cervia-2026",
            "privacy_accepted": "on",
        },
        fields={"first_name": REQUIRED_TEXT, "last_name": REQUIRED_TEXT, "email": EMAIL},
        saved=_count("members.User"),
    ),
    Form(
        name="members:join",
        who="anonymous",
        setup=lambda ctx: {"url": reverse("members:join")},
        valid=lambda ctx: __import__("tests.members.test_join", fromlist=["form_data"]).form_data(),
        fields={
            "name": REQUIRED_TEXT,
            "address": OPTIONAL_TEXT,
            "description": LONG_TEXT,
            "first_name": REQUIRED_TEXT,
            "role_in_organisation": REQUIRED_TEXT,
            "account_email": EMAIL,
            "legal_form": FOREIGN_KEY,
            "area": FOREIGN_KEY,
            "sectors": MANY,
        },
        saved=_count("members.Organisation"),
    ),
    Form(
        name="training:register_public",
        who="anonymous",
        setup=lambda ctx: {
            "session": (session := TrainingSessionFactory(audience="public")),
            "url": reverse("training:register_public", args=[session.pk]),
            "page": reverse("training:detail", args=[session.pk]),
        },
        valid=lambda ctx: {
            "first_name": "Marta",
            "last_name": "Neri",
            "email": "marta@example.org",
            "role": "Educatrice",
            "organisation_name": "Cooperativa Il Faro",
            "privacy": "on",
        },
        fields={
            "first_name": REQUIRED_TEXT,
            "last_name": REQUIRED_TEXT,
            "email": EMAIL,
            "role": OPTIONAL_TEXT,
            "organisation_name": OPTIONAL_TEXT,
        },
        saved=_count("training.Registration"),
        extra={"success": 200},  # "check your e-mail"
    ),
    # --- representatives ---------------------------------------------------------------------------
    Form(
        name="meetings:proposal_create",
        who="org_rep",
        setup=lambda ctx: {"url": reverse("meetings:proposal_create")},
        valid=lambda ctx: {
            "title": "Emergenza abitativa",
            "description": "Sfratti in aumento.",
            "themes": [theme("casa").pk],
        },
        fields={"title": REQUIRED_TEXT, "description": LONG_TEXT, "themes": MANY},
        saved=_count("meetings.TopicProposal"),
    ),
    Form(
        name="members:profile_edit",
        who="org_rep",
        setup=lambda ctx: {"url": reverse("members:profile_edit", args=[_org(ctx).pk])},
        fields={
            "address": OPTIONAL_TEXT,
            "description": LONG_TEXT,
            "email": OPTIONAL_EMAIL,
            "area": FOREIGN_KEY,
            "legal_form": FOREIGN_KEY,
            "themes": MANY,
        },
        edit_of=_org,
    ),
    Form(
        name="members:resource_create",
        who="org_rep",
        setup=lambda ctx: {"url": reverse("members:resource_create", args=[_org(ctx).pk])},
        valid=lambda ctx: {
            "kind": "space",
            "title": "Sala riunioni",
            "description": "Trenta posti.",
            "availability": "Sera",
            "quantity": "1",
        },
        fields={
            "kind": CHOICE,
            "title": REQUIRED_TEXT,
            "description": LONG_TEXT,
            "availability": OPTIONAL_TEXT,
            "quantity": NUMBER,
            "themes": MANY,
            "area": FOREIGN_KEY,
        },
        saved=_count("members.Resource"),
    ),
    Form(
        name="members:resource_edit",
        who="org_rep",
        setup=lambda ctx: {
            "resource": (resource := ResourceFactory(organisation=_org(ctx))),
            "url": reverse("members:resource_edit", args=[_org(ctx).pk, resource.pk]),
        },
        fields={"title": REQUIRED_TEXT, "description": LONG_TEXT, "quantity": NUMBER, "kind": CHOICE},
        edit_of=lambda ctx: ctx["resource"],
    ),
    Form(
        name="members:representatives",
        who="org_rep",
        setup=lambda ctx: {"url": reverse("members:representatives", args=[_org(ctx).pk])},
        valid=lambda ctx: {"email": "nuova.persona@example.org", "role_in_organisation": "Tesoriera"},
        fields={"email": EMAIL, "role_in_organisation": OPTIONAL_TEXT},
        saved=_count("members.DelegateInvitation"),
    ),
    Form(
        name="profile:home",
        who="org_rep",
        setup=lambda ctx: {"url": reverse("profile:home")},
        fields={"first_name": REQUIRED_TEXT, "last_name": REQUIRED_TEXT},
        edit_of=lambda ctx: ctx["org_rep"],
    ),
    Form(
        name="reports:initiative_edit",
        who="org_rep",
        setup=lambda ctx: {
            "initiative": (item := InitiativeFactory(lead_organisation=_org(ctx), status="draft")),
            "url": reverse("reports:initiative_edit", args=[item.pk]),
        },
        fields={"title": REQUIRED_TEXT, "description": LONG_TEXT, "starts_on": DATE, "themes": MANY},
        edit_of=lambda ctx: ctx["initiative"],
    ),
    # --- the municipal service's referent ----------------------------------------------------------
    Form(
        name="meetings:routing",
        who="referent",
        setup=lambda ctx: {
            "routing": (
                routing := RoutingFactory(
                    service=ctx["municipal_service"],
                    agenda_item=AgendaItemFactory(meeting=MeetingFactory(status="convened")),
                )
            ),
            "url": reverse("meetings:routing", args=[routing.pk]),
        },
        valid=lambda ctx: {"status": "in_progress", "contribution": "Il servizio apre uno sportello."},
        fields={"status": CHOICE, "contribution": LONG_TEXT},
        edit_of=lambda ctx: ctx["routing"],
    ),
    # --- the office --------------------------------------------------------------------------------
    Form(
        name="meetings:create",
        who="staff",
        setup=lambda ctx: {"url": reverse("meetings:create")},
        valid=lambda ctx: {
            "title": "Plenaria di primavera",
            "kind": "plenary",
            "starts_at": _future(20, 17),
            "ends_at": _future(20, 19),
            "place": "Sala del Consiglio, Cervia",
            "online_url": "",
            "is_public": "on",
            "description": "Ordine del giorno in allegato.",
        },
        fields={
            "title": REQUIRED_TEXT,
            "kind": CHOICE,
            "starts_at": DATETIME,
            "place": REQUIRED_TEXT,  # without an online link, a meeting needs a place
            "description": LONG_TEXT,
        },
        saved=_count("meetings.Meeting"),
    ),
    Form(
        name="meetings:item_edit",
        who="staff",
        setup=lambda ctx: {
            "item": (item := AgendaItemFactory(meeting=MeetingFactory())),
            "url": reverse("meetings:item_edit", args=[item.meeting_id, item.pk]),
        },
        fields={
            "title": REQUIRED_TEXT,
            "description": LONG_TEXT,
            "expected_minutes": NUMBER,
            "chair_notes": LONG_TEXT,
            "themes": MANY,
        },
        edit_of=lambda ctx: ctx["item"],
    ),
    Form(
        name="training:session_edit",
        who="staff",
        setup=lambda ctx: {
            "session": (session := TrainingSessionFactory(title="Primo soccorso")),
            "url": reverse("training:session_edit", args=[session.pk]),
        },
        fields={
            "title": REQUIRED_TEXT,
            "description": LONG_TEXT,
            "trainers": LONG_TEXT,
            "capacity": NUMBER,
            "audience": CHOICE,
            "registration_opens_at": DATETIME,
            "sectors": MANY,
        },
        edit_of=lambda ctx: ctx["session"],
    ),
    Form(
        name="training:lesson_edit",
        who="staff",
        setup=lambda ctx: {
            "lesson": (lesson := TrainingSessionFactory().lessons.get()),
            "url": reverse("training:lesson_edit", args=[lesson.session_id, lesson.pk]),
        },
        fields={"starts_at": DATETIME, "place": REQUIRED_TEXT},  # a lesson without a link needs a place
        edit_of=lambda ctx: ctx["lesson"],
    ),
    Form(
        name="reports:edit",
        who="staff",
        setup=lambda ctx: {
            "report": AnnualReportFactory(year=2024),
            "url": reverse("reports:edit", args=[2024]),
        },
        fields={
            "presentation": LONG_TEXT,
            "conclusions": LONG_TEXT,
            "signatory": OPTIONAL_TEXT,
            "approved_on": DATE,
        },
        edit_of=lambda ctx: ctx["report"],
    ),
    Form(
        name="reports:manage",
        who="staff",
        setup=lambda ctx: {"url": reverse("reports:manage")},
        valid=lambda ctx: {"year": "2025"},
        fields={"year": NUMBER},
        saved=_count("reports.AnnualReport"),
    ),
    Form(
        name="members:office_service_create",
        who="staff",
        setup=lambda ctx: {"url": reverse("members:office_service_create")},
        valid=lambda ctx: {
            "name": "Ufficio casa",
            "description": "Alloggi e contributi per l'affitto.",
            "competences": [theme("casa").pk],
            "email": "casa@comune.example.it",
            "phone": "0544 979111",
            "office": "Piazza Garibaldi 1, lunedì 9-12",
        },
        fields={
            "name": REQUIRED_TEXT,
            "description": LONG_TEXT,
            "email": OPTIONAL_EMAIL,
            "office": OPTIONAL_TEXT,
            "competences": MANY,
            "referent_search": OPTIONAL_TEXT,
        },
        saved=_count("members.MunicipalService"),
    ),
    Form(
        name="members:office_regulation_create",
        who="staff",
        setup=lambda ctx: {"url": reverse("members:office_regulation_create")},
        valid=lambda ctx: {
            "version": "9.0",
            "title": "Regolamento del Tavolo",
            "effective_from": "2027-01-01",
            "approved_by": "Delibera di Giunta n. 12",
            "body": "## Art. 1\nIl Tavolo è aperto a tutte le organizzazioni.",
        },
        fields={
            "version": CODE,
            "title": REQUIRED_TEXT,
            "effective_from": DATE,
            "approved_by": OPTIONAL_TEXT,
            "body": LONG_TEXT,
        },
        saved=_count("members.RegulationVersion"),
    ),
]
