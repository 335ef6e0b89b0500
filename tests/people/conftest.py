from __future__ import annotations

import pytest

from members.models import Organisation


@pytest.fixture
def org(org_rep) -> Organisation:
    """The organisation represented by `org_rep` (Auser Cervia, active)."""
    return org_rep.representations.get().organisation
