from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import RegulationVersion
from members.selectors import regulation_in_force

pytestmark = pytest.mark.django_db


def test_regulation_in_force_is_the_seeded_version(anonymous):
    response = anonymous.get(reverse("regolamento"))
    assert response.status_code == 200
    assert "Regolamento del Tavolo delle Risorse" in response.text
    assert "Art. 2 - Chi può aderire" in response.text
    assert RegulationVersion.objects.filter(version="1.0", is_published=True).exists()


def test_newer_version_takes_over_on_its_date_and_old_one_stays_readable(anonymous):
    today = timezone.localdate()
    RegulationVersion.objects.create(
        version="2.0",
        title="Regolamento aggiornato",
        body="## Art. 1\nTesto nuovo.",
        effective_from=today,
        is_published=True,
    )
    RegulationVersion.objects.create(
        version="3.0",
        title="Regolamento futuro",
        body="Non ancora in vigore.",
        effective_from=today + dt.timedelta(days=30),
        is_published=True,
    )
    RegulationVersion.objects.create(
        version="2.1-bozza",
        title="Bozza interna",
        body="Bozza.",
        effective_from=today,
        is_published=False,
    )
    assert regulation_in_force().version == "2.0"
    page = anonymous.get(reverse("regolamento"))
    assert "Regolamento aggiornato" in page.text
    assert "Bozza interna" not in page.text and "2.1-bozza" not in page.text
    old = anonymous.get(reverse("regolamento_version", args=["1.0"]))
    assert old.status_code == 200
    assert "Regolamento del Tavolo delle Risorse" in old.text
    assert "non è la versione in vigore" in old.text.lower()
    assert anonymous.get(reverse("regolamento_version", args=["2.1-bozza"])).status_code == 404


def test_regulation_text_is_escaped(anonymous):
    RegulationVersion.objects.create(
        version="9",
        title="T",
        body="<script>alert(1)</script>",
        effective_from=dt.date(2022, 1, 1),
        is_published=True,
    )
    page = anonymous.get(reverse("regolamento_version", args=["9"]))
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
