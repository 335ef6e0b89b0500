"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import importlib

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from members import builders
from members.models import (
    Area,
    LegalForm,
    MembershipEvent,
    MunicipalService,
    Organisation,
    OrganisationStatus,
    Representative,
    Resource,
    ResourceKind,
    Sector,
    Theme,
    User,
)
from members.roles import Role, grant_role

TEST_PASSWORD = "una-password-di-prova-2026"


def valid_fiscal_code(n: int) -> str:
    """An 11-digit fiscal code that python-stdnum accepts (office code 001-100), distinct for each n."""
    return builders.fiscal_code(1 + (n * 7919) % 9_999_999, office=1 + n % 100)


def saved_by(name: str, app: str = "members"):
    """A factory's `_create` that makes the row with `<app>.builders.<name>`, then saves it.

    The builder is the one place that fills required fields, for the tests as for demo and scale data.
    """

    def create(cls, model_class, *args, **kwargs):
        obj = getattr(importlib.import_module(f"{app}.builders"), name)(**kwargs)
        obj.save()
        return obj

    return classmethod(create)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    _create = saved_by("user")

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or ():
            grant_role(obj, role)


def _reference(model, **kwargs):
    return model.objects.filter(is_active=True).order_by("position").first()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    _create = saved_by("organisation")

    name = factory.Sequence(lambda n: f"Associazione di prova {n}")
    slug = factory.Sequence(lambda n: f"associazione-di-prova-{n}")
    legal_form = factory.LazyFunction(
        lambda: LegalForm.objects.get(slug="organizzazione-di-volontariato-odv")
    )
    fiscal_code = factory.Sequence(lambda n: valid_fiscal_code(n + 1))
    area = factory.LazyFunction(lambda: _reference(Area))
    email = factory.Sequence(lambda n: f"info{n}@associazione.example.org")
    description = "Un'associazione che lavora con le famiglie del territorio."
    status = OrganisationStatus.ACTIVE
    joined_on = factory.LazyFunction(lambda: dt.date(2022, 1, 10))

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create:
            obj.sectors.set(extracted or [Sector.objects.get(slug="sociale")])

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """An active organisation gets the approval row its status implies."""
        if create and obj.status == OrganisationStatus.ACTIVE and not obj.events.exists():
            joined = timezone.make_aware(dt.datetime.combine(obj.joined_on, dt.time(10)))
            MembershipEvent.objects.create(organisation=obj, from_status="", to_status="pending", at=joined)
            MembershipEvent.objects.create(
                organisation=obj, from_status="pending", to_status="active", at=joined
            )


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    _create = saved_by("representative")

    user = factory.SubFactory(UserFactory, roles=[Role.REPRESENTATIVE])
    organisation = factory.SubFactory(OrganisationFactory)
    role_in_organisation = "Presidente"
    is_primary = True


class MunicipalServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalService
        skip_postgeneration_save = True

    _create = saved_by("municipal_service")

    name = factory.Sequence(lambda n: f"Servizio comunale {n}")
    slug = factory.Sequence(lambda n: f"servizio-comunale-{n}")
    email = factory.Sequence(lambda n: f"servizio{n}@comune.example.it")

    @factory.post_generation
    def competences(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competences.set(extracted)

    @factory.post_generation
    def referents(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.referents.set(extracted)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    _create = saved_by("resource")

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ResourceKind.SPACE
    title = factory.Sequence(lambda n: f"Sala riunioni {n}")
    availability = "Martedì e giovedì pomeriggio"


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


# --- training (issue 5) ----------------------------------------------------------------------------


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """An open session of one 3-hour lesson a month from now, registrations open since yesterday."""

    class Meta:
        model = "training.TrainingSession"
        skip_postgeneration_save = True

    _create = saved_by("training_session", "training")

    title = factory.Sequence(lambda n: f"Corso di formazione {n}")
    description = "Un corso pratico per volontari e operatori delle organizzazioni del Tavolo."
    trainers = "Anna Rossi, formatrice"
    capacity = 10
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    audience = "members"
    status = "open"

    @factory.post_generation
    def lessons(obj, create, extracted, **kwargs):
        """lessons=N creates N lessons of 3 hours a week apart (default 1); lessons=0 none."""
        count = 1 if extracted is None else extracted
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=30)
        for i in range(count):
            LessonFactory(session=obj, starts_at=start + dt.timedelta(days=7 * i))


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Lesson"

    _create = saved_by("lesson", "training")

    session = factory.SubFactory(TrainingSessionFactory, lessons=0)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    place = "Sala del Consiglio, Piazza Garibaldi 1, Cervia"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Registration"

    _create = saved_by("registration", "training")

    session = factory.SubFactory(TrainingSessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    email = factory.Sequence(lambda n: f"partecipante{n}@example.org")
    role = "Volontario"
    status = "confirmed"
    queued_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(lambda o: o.queued_at if o.status == "confirmed" else None)


# --- meetings (issue 4) ---------------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A draft plenary a month from now (pass status/starts_at for other cases)."""

    class Meta:
        model = "meetings.Meeting"

    _create = saved_by("meeting", "meetings")

    title = factory.Sequence(lambda n: f"Plenaria del Tavolo n. {n}")
    kind = "plenary"
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Sala del Consiglio, Palazzo Comunale, Piazza Garibaldi 1, Cervia"
    is_public = True
    status = "draft"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.AgendaItem"
        skip_postgeneration_save = True

    _create = saved_by("agenda_item", "meetings")

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punto all'ordine del giorno {n}")
    description = "Confronto tra le organizzazioni e i servizi sul tema."

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class RoutingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Routing"

    _create = saved_by("routing", "meetings")

    agenda_item = factory.SubFactory(AgendaItemFactory)
    service = factory.SubFactory(MunicipalServiceFactory)
    due_date = factory.LazyAttribute(
        lambda o: timezone.localdate(o.agenda_item.meeting.starts_at) - dt.timedelta(days=3)
    )


class TopicProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.TopicProposal"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    proposer = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Proposta di tema {n}")
    description = "Chiediamo di parlarne al prossimo incontro."

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted or [Theme.objects.get(slug="anziani")])


# --- reports (issue 6) ----------------------------------------------------------------------------


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A validated initiative of 2024-2025; pass themes/target_groups/areas/partners/funding_sources."""

    class Meta:
        model = "reports.Initiative"
        skip_postgeneration_save = True

    _create = saved_by("initiative", "reports")

    title = factory.Sequence(lambda n: f"Iniziativa di welfare {n}")
    description = "Un progetto che mette in rete le organizzazioni del territorio."
    lead_organisation = factory.SubFactory(OrganisationFactory)
    starts_on = dt.date(2024, 3, 1)
    ends_on = None
    status = "validated"

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted or [Theme.objects.get(slug="anziani")])

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        from reports.models import TargetGroup

        if create:
            obj.target_groups.set(extracted or [TargetGroup.objects.get(slug="anziani")])

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(extracted or [Area.objects.get(slug="cervia-centro")])

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.services.set(extracted)

    @factory.post_generation
    def funding_sources(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.funding_sources.set(extracted)


class InitiativeYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.InitiativeYear"

    initiative = factory.SubFactory(InitiativeFactory)
    year = 2024
    people_reached = 100
    volunteers = 10
    volunteer_hours = 400


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.AnnualReport"

    year = 2024
    presentation = "Care cittadine e cari cittadini,\n\nil Tavolo ha lavorato molto quest'anno."
    context = "Il contesto sociale del territorio."
    conclusions = "## Priorità\nRafforzare la rete delle organizzazioni."


# --- members: histories, requests and invitations (added by the membership work) -----------------


def valid_partita_iva(n: int, province: str = "039") -> str:
    """An 11-digit fiscal code that python-stdnum accepts (office code of Ravenna by default)."""
    return builders.fiscal_code((n * 7919) % 9_999_999 + 1, office=int(province))


def membership_history(organisation: Organisation, *steps: tuple[str, dt.datetime]) -> Organisation:
    """Write a history of (to_status, aware datetime) rows for an organisation and set its status."""
    previous = ""
    for to_status, at in steps:
        MembershipEvent.objects.create(
            organisation=organisation, from_status=previous, to_status=to_status, at=at
        )
        previous = to_status
    organisation.status = previous or organisation.status
    organisation.save(update_fields=["status"])
    return organisation


class DelegateInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.DelegateInvitation"

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"delegato{n}@example.org")
    role_in_organisation = "Volontario"


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.OutgoingEmail"

    dedup_key = factory.Sequence(lambda n: f"test:{n}")
    dedup_hash = factory.Sequence(lambda n: f"{n:064d}")
    to = factory.Sequence(lambda n: f"destinatario{n}@example.org")
    subject = "[Tavolo delle Risorse] Messaggio di prova"
    body_text = "Testo del messaggio"
