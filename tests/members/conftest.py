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


@pytest.fixture(autouse=True)
def _mail_flag_reset():
    """tavolo.mail remembers "delivery scheduled" on the connection; a rolled-back test transaction
    drops the on_commit callback but not the flag, so reset it for each test."""
    from django.db import connection

    connection._tavolo_mail_scheduled = False
    yield
    connection._tavolo_mail_scheduled = False
