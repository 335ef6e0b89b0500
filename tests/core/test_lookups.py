from __future__ import annotations

import pytest
from django import forms

from members.models import Organisation, Sector


class SectorsForm(forms.Form):
    sectors = forms.ModelMultipleChoiceField(Sector.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999"])
def test_out_of_range_ids_are_an_invalid_choice_not_a_crash(value):
    form = SectorsForm({"sectors": [value]})
    assert not form.is_valid()
    assert form.errors["sectors"]


@pytest.mark.django_db
def test_in_lookup_still_finds_valid_ids_next_to_huge_ones():
    sector = Sector.objects.get(slug="sociale")
    assert list(Sector.objects.filter(pk__in=[sector.pk, 10**30])) == [sector]
    assert not Organisation.objects.filter(pk__in=[10**30]).exists()
