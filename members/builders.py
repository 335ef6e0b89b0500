"""Unsaved rows of the members app with every required field filled: the one place that knows them.

The demo data (`members.demo`), the scale data (`tavolo.scale`) and the test factories
(`tests.factories`) all make their organisations, users and representatives here, so a new required
field gets its value in this module only. The callers say what is particular to their rows; saving
(one by one, `get_or_create`, or `bulk_create` in batches) is theirs.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from stdnum import luhn

from members.models import MunicipalService, Organisation, Representative, Resource, User


def fiscal_code(serial: int, *, office: int) -> str:
    """An 11-digit fiscal code: 7-digit serial, 3-digit office code, Luhn check digit (python-stdnum)."""
    base = f"{serial % 10_000_000:07d}{office % 1000:03d}"
    return base + luhn.calc_check_digit(base)


def user(*, email: str, first_name: str = "", last_name: str = "", **fields: Any) -> User:
    """A person's account (no usable password unless `password` is a hash or set afterwards)."""
    return User(email=email, first_name=first_name, last_name=last_name, **fields)


def organisation(*, name: str, fiscal_code: str, slug: str = "", **fields: Any) -> Organisation:
    """An organisation (pending unless `status` says otherwise); `legal_form` or `legal_form_id` needed."""
    if "legal_form" not in fields and "legal_form_id" not in fields:
        raise TypeError("organisation() needs legal_form or legal_form_id")
    return Organisation(name=name, slug=slug or slugify(name)[:200], fiscal_code=fiscal_code, **fields)


def representative(**fields: Any) -> Representative:
    """A person acting for an organisation (`user`/`user_id` and `organisation`/`organisation_id`)."""
    return Representative(**fields)


def municipal_service(*, name: str, slug: str = "", email: str, **fields: Any) -> MunicipalService:
    """A municipal service; competences and referents are many-to-many, set after saving."""
    return MunicipalService(name=name, slug=slug or slugify(name)[:200], email=email, **fields)


def resource(*, kind: str, title: str, **fields: Any) -> Resource:
    """Something an organisation shares with the network (`organisation`/`organisation_id` needed)."""
    return Resource(kind=kind, title=title, **fields)
