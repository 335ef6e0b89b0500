"""A person's own account details: name and phone (the e-mail addresses are allauth's)."""

from __future__ import annotations

from django.db import transaction

from members.models import User


@transaction.atomic
def person_profile_update(*, user: User, first_name: str, last_name: str, phone: str) -> User:
    """The signed-in person corrects their name and phone (no history row: the export shows them)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.identity_linked_at is None:
        # While a digital identity is linked, name and surname are the identity's (members.services.identity).
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.phone = phone.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "phone"])
    return user
