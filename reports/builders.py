"""Unsaved rows of the reports app: the one place where the demo data, the scale data and the test
factories make them, so that a new required field is given its value here only.
Saving (one by one or with bulk_create) is the caller's.
"""

from __future__ import annotations

from typing import Any

from reports.models import Initiative


def initiative(**fields: Any) -> Initiative:
    return Initiative(**fields)
