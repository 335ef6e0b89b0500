"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from stdnum import luhn

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
    """An 11-digit fiscal code with a correct check digit, distinct for each n."""
    base = f"{(n * 7919) % 10_000_000_000:010d}"
    return base + luhn.calc_check_digit(base)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})

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

    name = factory.Sequence(lambda n: f"Associazione di prova {n}")
    slug = factory.Sequence(lambda n: f"associazione-di-prova-{n}")
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(slug="organizzazione-di-volontariato-odv"))
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

    user = factory.SubFactory(UserFactory, roles=[Role.REPRESENTATIVE])
    organisation = factory.SubFactory(OrganisationFactory)
    role_in_organisation = "Presidente"
    is_primary = True


class MunicipalServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalService
        skip_postgeneration_save = True

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

    session = factory.SubFactory(TrainingSessionFactory, lessons=0)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    place = "Sala del Consiglio, Piazza Garibaldi 1, Cervia"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Registration"

    session = factory.SubFactory(TrainingSessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    email = factory.Sequence(lambda n: f"partecipante{n}@example.org")
    role = "Volontario"
    status = "confirmed"
    queued_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(lambda o: o.queued_at if o.status == "confirmed" else None)
