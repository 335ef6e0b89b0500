"""The articled filter: article and articulated preposition chosen by the value that follows."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.italian import articled, first_of_month
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("value", "preposition", "expected"),
    [
        ("8 luglio 2026", "", "l'8 luglio 2026"),
        ("8 luglio 2026", "da", "dall'8 luglio 2026"),
        ("12 luglio 2026", "da", "dal 12 luglio 2026"),
        ("11 aprile 2027", "da", "dall'11 aprile 2027"),
        ("1 marzo 2027", "", "l'1 marzo 2027"),
        ("1° marzo 2027", "", "il 1° marzo 2027"),
        ("18 maggio 2027", "", "il 18 maggio 2027"),
        ("80", "di", "dell'80"),
        ("86,1%", "di", "dell'86,1%"),
        ("18%", "di", "del 18%"),
        ("100%", "di", "del 100%"),
        ("8.000", "a", "all'8.000"),
        ("1.250", "di", "del 1.250"),
        ("11.500", "in", "nell'11.500"),
        ("800", "su", "sull'800"),
        ("2026", "in", "nel 2026"),
        ("3 marzo", "a", "al 3 marzo"),
        ("Auser", "", "l'Auser"),
        ("ASP", "di", "dell'ASP"),
        ("SPID", "di", "dello SPID"),
        ("Comune", "di", "del Comune"),
        ("zaino", "", "lo zaino"),
        ("gnomo", "", "lo gnomo"),
        ("psicologo", "a", "allo psicologo"),
        ("servizio", "in", "nel servizio"),
    ],
)
def test_articled_picks_the_form_read_aloud(value, preposition, expected):
    assert articled(value, preposition) == expected


def test_articled_leaves_english_alone():
    with translation.override("en"):
        assert articled("8 July 2026", "da") == "8 July 2026"


def test_articled_rejects_an_unknown_preposition():
    with pytest.raises(ValueError):
        articled("8", "per")


def test_filter_in_a_template_after_a_date_and_escapes():
    template = Template(
        '{% load tavolo_ui %}{{ day|date:"j F Y"|articled:"da" }} / {{ later|date:"j F Y"|articled:"da" }}'
        ' / {{ rate|articled:"di" }} / {{ name|articled }}'
    )
    with translation.override("it"):
        html = template.render(
            Context(
                {
                    "day": datetime.date(2026, 7, 8),
                    "later": datetime.date(2026, 7, 12),
                    "rate": "86,1%",
                    "name": "Ass<b>",
                }
            )
        )
    assert html == "dall'8 luglio 2026 / dal 12 luglio 2026 / dell'86,1% / l'Ass&lt;b&gt;"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("joined", "expected"),
    [
        (datetime.date(2026, 7, 8), "aderente dall'8 luglio 2026"),
        (datetime.date(2026, 7, 12), "aderente dal 12 luglio 2026"),
        (datetime.date(2026, 4, 11), "aderente dall'11 aprile 2026"),
        (datetime.date(2026, 4, 1), "aderente dal 1° aprile 2026"),
    ],
)
def test_a_page_elides_before_the_date(client, joined, expected):
    organisation = OrganisationFactory(joined_on=joined, directory_consent=True)
    html = client.get(reverse("members:detail", args=[organisation.slug])).content.decode()
    assert expected in html


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 ottobre 2026", "1° ottobre 2026"),
        ("giovedì 1 gennaio 2026, 10:00", "giovedì 1° gennaio 2026, 10:00"),
        ("21 ottobre 2026", "21 ottobre 2026"),
        ("11 marzo", "11 marzo"),
        ("1 persona", "1 persona"),
        ("1° maggio", "1° maggio"),
    ],
)
def test_first_of_the_month_is_an_ordinal(written, expected):
    with translation.override("it"):
        assert first_of_month(written) == expected
    with translation.override("en"):
        assert first_of_month(written) == written


def test_the_date_filter_writes_the_first_of_the_month_as_an_ordinal():
    template = Template(
        "{% load tavolo_ui %}"
        '{{ day|date:"j F Y" }} {{ day|date:"j F Y"|articled:"da" }} {{ other|date:"j F" }}'
    )
    context = Context({"day": datetime.date(2026, 10, 1), "other": datetime.date(2026, 10, 11)})
    with translation.override("it"):
        assert template.render(context) == "1° ottobre 2026 dal 1° ottobre 2026 11 ottobre"
