from __future__ import annotations

import pytest

from members.models import Organisation


@pytest.fixture
def org(org_rep) -> Organisation:
    """The organisation represented by `org_rep` (Auser Cervia, active)."""
    return org_rep.representations.get().organisation


@pytest.fixture
def other_org(other_org_rep) -> Organisation:
    return other_org_rep.representations.get().organisation
