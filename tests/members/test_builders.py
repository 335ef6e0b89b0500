"""One place makes members' rows: demo data, scale data and test factories all go through members.builders."""

from __future__ import annotations

import pytest

from members import builders
from members.models import LegalForm, Organisation
from tavolo.scale import seed_scale
from tests.factories import OrganisationFactory


def test_fiscal_codes_are_valid_italian_codes():
    from stdnum.it import iva

    assert builders.fiscal_code(1234567, office=39) == "12345670397"
    assert iva.is_valid(builders.fiscal_code(1234567, office=39))


@pytest.mark.django_db
def test_factories_demo_and_scale_data_make_organisations_with_the_builder(monkeypatch):
    made: list[str] = []
    original = builders.organisation

    def spy(**fields):
        made.append(fields["name"])
        return original(**fields)

    monkeypatch.setattr(builders, "organisation", spy)
    OrganisationFactory(name="Fatta dalla factory")
    seed_scale(organisations=3, log=lambda line: None)
    assert made[0] == "Fatta dalla factory"
    assert len(made) == 1 + 3
    assert Organisation.objects.filter(slug__startswith="scala-").count() == 3


@pytest.mark.django_db
def test_an_organisation_needs_a_legal_form():
    with pytest.raises(TypeError, match="legal_form"):
        builders.organisation(name="Senza forma", fiscal_code="12345670397")
    organisation = builders.organisation(
        name="Centro sociale Il Faro",
        fiscal_code="12345670397",
        legal_form=LegalForm.objects.first(),
    )
    assert organisation.slug == "centro-sociale-il-faro"
    assert organisation.pk is None
