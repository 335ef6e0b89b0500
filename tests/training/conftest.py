from __future__ import annotations

import pytest


@pytest.fixture
def rep_org(org_rep):
    return org_rep.representations.get().organisation


@pytest.fixture
def other_org(other_org_rep):
    return other_org_rep.representations.get().organisation
