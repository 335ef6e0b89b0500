"""Privacy rights (GDPR arts. 15, 17, 20): the registry of the apps that hold personal data.

Each app owns the personal data it holds and exposes `<app>.privacy.personal_data(user) -> dict` and
`<app>.privacy.anonymise(user) -> None`. The project lists those modules in
`settings.TAVOLO_PROVIDERS["privacy"]`; the app that owns the accounts calls them in order for the
export and the erasure of an account. Organisations and their history are never deleted: only the person
disappears from them.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from core.providers import provider_modules, provider_paths


class PrivacyError(Exception):
    """A privacy request that cannot be carried out; the message is shown to the person."""


def privacy_providers() -> list[ModuleType]:
    """The apps' privacy modules, in the order the export and the erasure call them."""
    return provider_modules("privacy")


def missing_privacy_providers() -> list[str]:
    """Providers listed in the settings whose module does not exist (the test suite requires none)."""
    return [name for name in provider_paths("privacy") if importlib.util.find_spec(name) is None]
