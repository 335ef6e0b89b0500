from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import RegulationVersion


@pytest.mark.django_db
def test_regulation_in_force_is_the_seeded_version(anonymous):
    response = anonymous.get(reverse("regolamento"))
    assert response.status_code == 200
    assert "Regolamento del Tavolo delle Risorse" in response.text
    assert RegulationVersion.objects.filter(version="1.0", is_published=True).exists()
