"""Reads of the members app: querysets that fetch what their page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from core.memo import memoised
from core.search import folded
from members.models import (
    Area,
    Consent,
    ConsentKind,
    LegalForm,
    MembershipEvent,
    MunicipalService,
    Organisation,
    OrganisationStatus,
    RegulationVersion,
    Representative,
    Resource,
    Sector,
    Theme,
    User,
)
from members.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

S = OrganisationStatus


def regulation_in_force(on: dt.date | None = None) -> RegulationVersion | None:
    """The published version of the rules effective on a date (today by default)."""
    on = on or timezone.localdate()
    return (
        RegulationVersion.objects.filter(is_published=True, effective_from__lte=on)
        .order_by("-effective_from", "-pk")
        .first()
    )


def regulation_versions() -> list[RegulationVersion]:
    """Every published version, newest first, for the history on the rules page."""
    return list(RegulationVersion.objects.filter(is_published=True).order_by("-effective_from", "-pk"))


def active_member_count() -> int:
    return Organisation.objects.filter(status=OrganisationStatus.ACTIVE).count()


# --- history: who was a member when ------------------------------------------------------------


def _start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of a local day (Europe/Rome), as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def organisations_active_on(day: dt.date) -> QuerySet[Organisation]:
    """Organisations that were members on a local day: their last event by the end of it is 'active'."""
    end = _start_of_day(day + dt.timedelta(days=1))
    last_status = (
        MembershipEvent.objects.filter(organisation=OuterRef("pk"), at__lt=end)
        .order_by("-at", "-pk")
        .values("to_status")[:1]
    )
    return (
        Organisation.objects.annotate(status_on_day=Subquery(last_status))
        .filter(status_on_day=S.ACTIVE)
        .select_related("legal_form", "area")
        .order_by("name")
    )


def _with_event(start: dt.date, end: dt.date, **event_filter: Any) -> QuerySet[Organisation]:
    events = MembershipEvent.objects.filter(
        organisation=OuterRef("pk"),
        at__gte=_start_of_day(start),
        at__lt=_start_of_day(end + dt.timedelta(days=1)),
        **event_filter,
    )
    return Organisation.objects.filter(Exists(events)).select_related("legal_form", "area").order_by("name")


def organisations_joined_between(start: dt.date, end: dt.date) -> QuerySet[Organisation]:
    """Organisations approved (application -> active) between two local days, both included.

    A reinstatement after a suspension is not a new membership and is not counted.
    """
    return _with_event(start, end, to_status=S.ACTIVE, from_status__in=[S.PENDING, S.NEEDS_INFO])


def organisations_left_between(start: dt.date, end: dt.date) -> QuerySet[Organisation]:
    """Organisations that withdrew (active or suspended -> withdrawn) between two local days."""
    return _with_event(start, end, to_status=S.WITHDRAWN, from_status__in=[S.ACTIVE, S.SUSPENDED])


# --- representatives ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Acting:
    """One organisation a person acts for, with the person's role in it."""

    organisation: Organisation
    role_in_organisation: str
    is_primary: bool

    @property
    def is_member(self) -> bool:
        """Whether the organisation is a member now (only members answer, propose, register, declare)."""
        return self.organisation.status == S.ACTIVE


# The session key under which the switcher remembers the organisation chosen (its primary key).
ACTING_SESSION_KEY = "acting_for"


def organisations_acted_for(user: User | AnonymousUser) -> list[Acting]:
    """The organisations the user actively represents (any status), by name: the one answer to
    "who acts for what", read once per request."""
    if not user.is_authenticated:
        return []

    def query() -> list[Acting]:
        representations = (
            Representative.objects.filter(user=user, is_active=True)
            .select_related("organisation__legal_form", "organisation__area")
            .order_by("organisation__name", "pk")
        )
        return [
            Acting(
                organisation=r.organisation,
                role_in_organisation=r.role_in_organisation,
                is_primary=r.is_primary,
            )
            for r in representations
        ]

    return list(memoised(("acted_for", user.pk), query))


def member_organisations_acted_for(user: User | AnonymousUser) -> list[Organisation]:
    """The member organisations (status active) the user acts for."""
    return [acting.organisation for acting in organisations_acted_for(user) if acting.is_member]


def current_acting(request: HttpRequest) -> Acting | None:
    """The organisation the signed-in person acts for now: the one chosen with the switcher when it
    is still theirs, otherwise a member organisation they are primary representative of, by name."""
    acted_for = organisations_acted_for(request.user)
    if not acted_for:
        return None
    chosen = request.session.get(ACTING_SESSION_KEY) if hasattr(request, "session") else None
    for acting in acted_for:
        if acting.organisation.pk == chosen:
            return acting
    return min(acted_for, key=lambda a: (not a.is_member, not a.is_primary))


def current_organisation(request: HttpRequest, *, members_only: bool = False) -> Organisation | None:
    """The organisation of `current_acting`; with members_only, None unless it is a member now."""
    acting = current_acting(request)
    if acting is None or (members_only and not acting.is_member):
        return None
    return acting.organisation


def representative_organisations(user: User | AnonymousUser) -> list[Organisation]:
    """Organisations the user actively represents (any status), by name."""
    return [acting.organisation for acting in organisations_acted_for(user)]


def office_staff() -> list[User]:
    """Active users of the welfare office (Segreteria): those told what waits for the office."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.SEGRETERIA.value).distinct().order_by("pk")
    )


def accounts_with_email(address: str) -> list[User]:
    """The active accounts whose address this is (a training participant may have one)."""
    return list(User.objects.filter(is_active=True, email__iexact=address.strip()).order_by("pk"))


def chairs() -> list[User]:
    """Active users of the Presidenza: the Assessore chairs every meeting of the table."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.PRESIDENZA.value).distinct().order_by("pk")
    )


def active_representatives() -> QuerySet[Representative]:
    """Active representatives of member organisations (e.g. to invite them to a meeting)."""
    return (
        Representative.objects.filter(is_active=True, user__is_active=True, organisation__status=S.ACTIVE)
        .select_related("user", "organisation")
        .order_by("organisation__name", "-is_primary", "user__last_name")
    )


def representatives_of(organisation: Organisation) -> list[Representative]:
    return list(
        Representative.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("-is_primary", "user__last_name", "user__first_name")
    )


# --- directory and staff list -------------------------------------------------------------------


def organisations_base() -> QuerySet[Organisation]:
    """Every organisation with what a list row shows (legal form, area, sectors, themes)."""
    return Organisation.objects.select_related("legal_form", "area").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("position", "name")),
        Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
    )


def staff_list_base() -> QuerySet[Organisation]:
    """What a row of the staff list shows and only that: name, legal form, sectors (as `sector_list`),
    area, status and date of joining (no themes)."""
    return (
        Organisation.objects.select_related("legal_form", "area")
        .only("name", "status", "joined_on", "legal_form__name", "area__name")
        .prefetch_related(
            Prefetch(
                "sectors",
                queryset=Sector.objects.only("name").order_by("position", "name"),
                to_attr="sector_list",
            )
        )
    )


def with_active_representatives(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The organisations with `active_representatives` (primary first, then by name) and their accounts."""
    return qs.prefetch_related(
        Prefetch(
            "representatives",
            queryset=Representative.objects.filter(is_active=True)
            .select_related("user")
            .order_by("-is_primary", "user__last_name", "user__first_name", "pk"),
            to_attr="active_representatives",
        )
    )


def directory_base() -> QuerySet[Organisation]:
    """Members that agreed to appear in the public directory, with their sectors and themes as lists
    (`sector_list`, `theme_list`): a page reads them without building a related manager per card."""
    return (
        Organisation.objects.select_related("legal_form", "area")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("position", "name"), to_attr="sector_list"),
            Prefetch("themes", queryset=Theme.objects.order_by("position", "name"), to_attr="theme_list"),
        )
        .filter(status=S.ACTIVE, directory_consent=True)
        .order_by(folded("name"), "pk")  # Italian order: "Associazione" before "AUSL", accents ignored
    )


def directory_cards() -> QuerySet[Organisation]:
    """`directory_base` with only the columns a directory card shows (`organisation_cards`): name, link,
    legal form, area, description, contacts. The names of its sectors and themes: `card_badges`."""
    return (
        directory_base()
        .only("name", "slug", "description", "email", "phone", "legal_form__name", "area__name")
        .prefetch_related(None)
    )


def card_badges(organisations: list[Organisation]) -> None:
    """Set `sector_names` and `theme_names` on each organisation (each list ordered by position, then
    name), from one query over both link tables instead of two prefetches that build a model per row."""
    for org in organisations:
        org.sector_names, org.theme_names = [], []
    if not organisations:
        return
    by_pk = {org.pk: org for org in organisations}

    def names(through, kind: str, related: str) -> QuerySet:
        return (
            through.objects.filter(organisation_id__in=by_pk)
            .annotate(kind=Value(kind), position=F(f"{related}__position"), label=F(f"{related}__name"))
            .values_list("organisation_id", "kind", "position", "label")
        )

    rows = names(Organisation.sectors.through, "s", "sector").union(
        names(Organisation.themes.through, "t", "theme"), all=True
    )
    for org_id, kind, _position, label in rows.order_by("kind", "position", "label"):
        org = by_pk[org_id]
        (org.sector_names if kind == "s" else org.theme_names).append(label)


def facet_counts(queryset: QuerySet[Organisation]) -> dict[str, dict[str, int]]:
    """How many organisations of the queryset fall under each filter option, in one query.

    The four facets (sector, theme, area, public or private) are grouped counts over the same set of
    organisations, sent together as one UNION ALL: one round trip instead of four.
    """
    ids = queryset.order_by().values("pk")

    def grouped(model, facet: str, key) -> QuerySet:
        return (
            model.objects.filter(organisations__in=ids)
            .order_by()
            .annotate(facet=Value(facet), key=key)
            .values_list("facet", "key")
            .annotate(n=Count("organisations"))
        )

    public_key = Case(When(is_public=True, then=Value("public")), default=Value("private"))
    parts = [
        grouped(model, key, F("slug"))
        for key, model in (("sector", Sector), ("theme", Theme), ("area", Area))
    ]
    union = parts[0].union(*parts[1:], grouped(LegalForm, "public", public_key), all=True)
    counts: dict[str, dict[str, int]] = {
        "sector": {},
        "theme": {},
        "area": {},
        "public": {"public": 0, "private": 0},
    }
    for facet, key, n in union.order_by():
        counts[facet][key] = n
    return counts


def organisation_public(slug: str) -> Organisation | None:
    """A directory profile, with its public resources."""
    return (
        directory_base()
        .prefetch_related(
            Prefetch(
                "resources",
                queryset=Resource.objects.filter(is_active=True)
                .select_related("area")
                .order_by("kind", "title"),
                to_attr="active_resources",
            )
        )
        .filter(slug=slug)
        .first()
    )


def application_queue() -> QuerySet[Organisation]:
    """Applications waiting for staff, oldest first, with the primary representative and verification."""
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
    primaries = (
        Representative.objects.filter(is_active=True, is_primary=True)
        .select_related("user")
        .only("organisation", "user__first_name", "user__last_name", "user__email")
        .annotate(email_verified=Exists(verified))
    )
    # The queue shows the legal form, not the sectors and themes: only what a row shows is fetched.
    return (
        Organisation.objects.select_related("legal_form")
        .only("name", "fiscal_code", "status", "legal_form__name")
        .filter(status__in=[S.PENDING, S.NEEDS_INFO])
        .prefetch_related(Prefetch("representatives", queryset=primaries, to_attr="primary_reps"))
        .annotate(
            submitted_at=Subquery(
                MembershipEvent.objects.filter(organisation=OuterRef("pk"), to_status=S.PENDING)
                .order_by("-at", "-pk")
                .values("at")[:1]
            )
        )
        .order_by("submitted_at", "pk")
    )


def application_count() -> int:
    return Organisation.objects.filter(status__in=[S.PENDING, S.NEEDS_INFO]).count()


def staff_counts() -> dict[str, int]:
    """Applications waiting and current members, in one query (staff dashboard)."""
    from django.db.models import Count, Q

    return Organisation.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=[S.PENDING, S.NEEDS_INFO])),
        members=Count("pk", filter=Q(status=S.ACTIVE)),
    )


def organisation_history(organisation: Organisation) -> list[MembershipEvent]:
    return list(organisation.events.select_related("by").order_by("at", "pk"))


# --- resources and services ---------------------------------------------------------------------


def organisation_resources(organisation: Organisation) -> list[Resource]:
    return list(
        organisation.resources.select_related("area")
        .prefetch_related("themes")
        .order_by("-is_active", "kind", "title")
    )


def resources_search(
    *, kind: str = "", theme: Theme | None = None, area: Area | None = None, q: str = ""
) -> QuerySet[Resource]:
    """Available resources of member organisations, filtered for the reserved-area search."""
    qs = Resource.objects.filter(is_active=True, organisation__status=S.ACTIVE)
    if kind:
        qs = qs.filter(kind=kind)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(area__isnull=True, organisation__area=area))
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(organisation__name__icontains=q)
        )
    return (
        qs.select_related("organisation", "area", "organisation__area")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "name")))
        .order_by("kind", "title", "pk")
        .distinct()
    )


def municipal_services() -> list[MunicipalService]:
    """Active services with their competences and referents as lists (`competence_list`,
    `referent_list`), for the public pages."""
    return list(
        MunicipalService.objects.filter(is_active=True)
        .prefetch_related(
            Prefetch(
                "competences", queryset=Theme.objects.order_by("position", "name"), to_attr="competence_list"
            ),
            Prefetch(
                "referents",
                queryset=User.objects.filter(is_active=True)
                .order_by("last_name", "first_name")
                .only("pk", "first_name", "last_name", "email"),
                to_attr="referent_list",
            ),
        )
        .order_by("name")
    )


def referent_services(user: User | AnonymousUser) -> list[MunicipalService]:
    """Every service the user is a referent of, retired ones too, by name: read once per request."""
    if not user.is_authenticated:
        return []
    return memoised(
        ("referent_services", user.pk),
        lambda: list(MunicipalService.objects.filter(referents=user).order_by("name")),
    )


def service_referent_services(user: User) -> list[MunicipalService]:
    """The active services the user is a referent of, by name."""
    return [service for service in referent_services(user) if service.is_active]


# --- the office's pages: municipal services and versions of the rules ------------------------------

REFERENT_SEARCH_LIMIT = 20


def services_for_staff() -> list[MunicipalService]:
    """Every service, active ones first, with competences and referents (the staff list)."""
    return list(
        MunicipalService.objects.prefetch_related(
            Prefetch("competences", queryset=Theme.objects.order_by("position", "name")),
            Prefetch("referents", queryset=User.objects.order_by("last_name", "first_name")),
        ).order_by("-is_active", "name")
    )


def referent_candidates(q: str) -> list[User]:
    """Active accounts whose name or e-mail contains every word typed (at most a page, never everyone)."""
    words = q.split()
    if not words or len(q.strip()) < 2:
        return []
    qs = User.objects.filter(is_active=True)
    for word in words:
        qs = qs.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return list(qs.order_by("last_name", "first_name", "email")[:REFERENT_SEARCH_LIMIT])


def regulation_all_versions() -> list[RegulationVersion]:
    """Drafts first, then published versions newest first (the staff list)."""
    return list(
        RegulationVersion.objects.select_related("published_by").order_by(
            "is_published", "-effective_from", "-pk"
        )
    )


def regulation_to_accept(user: User | AnonymousUser) -> RegulationVersion | None:
    """The latest version published from the staff page, if this representative has not accepted it."""
    if not user.is_authenticated:
        return None
    version = (
        RegulationVersion.objects.filter(is_published=True, published_at__isnull=False)
        .order_by("-effective_from", "-pk")
        .first()
    )
    if version is None:
        return None
    represents = Representative.objects.filter(
        user=user, is_active=True, organisation__status=OrganisationStatus.ACTIVE
    ).exists()
    if not represents:
        return None
    accepted = Consent.objects.filter(
        user=user, kind=ConsentKind.REGULATION, version=version.version
    ).exists()
    return None if accepted else version


@dataclass(frozen=True)
class Acceptance:
    organisation: Organisation
    user: User
    accepted_at: dt.datetime | None


def regulation_acceptances(version: RegulationVersion) -> list[Acceptance]:
    """Each active organisation's active representatives, with when (if) they accepted this version."""
    reps = (
        Representative.objects.filter(
            is_active=True, user__is_active=True, organisation__status=OrganisationStatus.ACTIVE
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )
    accepted: dict[int, dt.datetime] = {}
    for user_id, at in Consent.objects.filter(
        kind=ConsentKind.REGULATION, version=version.version
    ).values_list("user_id", "accepted_at"):
        if user_id is not None:
            accepted[user_id] = min(at, accepted.get(user_id, at))
    return [Acceptance(rep.organisation, rep.user, accepted.get(rep.user_id)) for rep in reps]


def active_users_by_pk(pks: list[str]) -> list[User]:
    """The active accounts among these primary keys (the referents ticked in a form)."""
    ids = [int(pk) for pk in pks if str(pk).isdigit()]
    return list(User.objects.filter(is_active=True, pk__in=ids).order_by("last_name", "first_name"))
