"""seed_scale: proportional counts, ten years of history, deterministic, refuses to run twice."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from meetings.models import Meeting, Routing
from members.models import MembershipEvent, Organisation, User
from reports.models import Initiative
from training.models import Registration, TrainingSession

pytestmark = pytest.mark.django_db


def test_seed_scale_builds_a_proportional_district(capsys):
    call_command("seed_scale", organisations=40)
    scale_orgs = Organisation.objects.filter(slug__startswith="scala-")
    assert scale_orgs.count() == 40
    assert User.objects.filter(email__endswith="@scala.example.org").count() == 200
    assert Meeting.objects.count() == 8
    assert TrainingSession.objects.count() == 6
    assert Registration.objects.count() == 200
    assert Initiative.objects.count() == 20
    assert Routing.objects.exists()
    years = {e.at.year for e in MembershipEvent.objects.filter(organisation__in=scale_orgs)}
    assert max(years) - min(years) >= 9, years
    assert "Scale data set built" in capsys.readouterr().out


def _names() -> list[str]:
    return list(
        Organisation.objects.filter(slug__startswith="scala-").order_by("slug").values_list("name", flat=True)
    )


def test_seed_scale_is_deterministic_and_refuses_a_second_run():
    with transaction.atomic():
        call_command("seed_scale", organisations=20, seed=7)
        first = _names()
        transaction.set_rollback(True)
    assert not _names()
    call_command("seed_scale", organisations=20, seed=7)
    assert _names() == first and len(set(first)) > 5
    with pytest.raises(CommandError, match="refuses to run twice"):
        call_command("seed_scale", organisations=20, seed=7)
