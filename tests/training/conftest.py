from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _mail_flag_reset():
    """tavolo.mail remembers "delivery scheduled" on the connection; a test's rolled-back
    transaction discards the on_commit callback but not the flag, so reset it per test."""
    connection._tavolo_mail_scheduled = False
    yield
    connection._tavolo_mail_scheduled = False


@pytest.fixture
def rep_org(org_rep):
    return org_rep.representations.get().organisation


@pytest.fixture
def other_org(other_org_rep):
    return other_org_rep.representations.get().organisation
