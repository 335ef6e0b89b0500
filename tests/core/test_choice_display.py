"""`get_FOO_display()` of the portal's models: the label of the value in the active language, the raw
value when it is not a choice (as Django's own), with the choices' table built once per field."""

from __future__ import annotations

from django.utils import translation

from meetings.models import Meeting
from training.models import TrainingSession


def test_display_is_the_label_in_the_active_language():
    meeting = Meeting(status="convened", kind="thematic")
    with translation.override("it"):
        assert meeting.get_status_display() == "Convocata"
        assert meeting.get_kind_display() == "Gruppo di lavoro tematico"
    with translation.override("en"):
        assert meeting.get_status_display() == "Convened"
        assert meeting.get_kind_display() == "Thematic working group"


def test_display_of_a_value_outside_the_choices_is_the_value():
    assert TrainingSession(status="unknown").get_status_display() == "unknown"
    assert TrainingSession(status=None).get_status_display() is None
