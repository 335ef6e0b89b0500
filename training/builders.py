"""Unsaved rows of the training app: the one place where the demo data, the scale data and the test
factories make them, so that a new required field is given its value here only.
Saving (one by one or with bulk_create) is the caller's.
"""

from __future__ import annotations

from typing import Any

from training.models import Lesson, Registration, TrainingSession


def training_session(**fields: Any) -> TrainingSession:
    return TrainingSession(**fields)


def lesson(**fields: Any) -> Lesson:
    return Lesson(**fields)


def registration(**fields: Any) -> Registration:
    return Registration(**fields)
