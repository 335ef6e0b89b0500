"""Realistic demo data for a new installation: idempotent, running it twice changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

# Each app seeds its own data, lower apps first (see STYLE.md, "Which app knows which").
SEEDERS = [
    "members.demo.seed",
    "meetings.demo.seed",
    "training.demo.seed",
    "reports.demo.seed",
]


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent) and print the demo accounts."

    def handle(self, *args, **options) -> None:
        # The demo's history is written by the demo staff accounts through the services, before anyone
        # could have set up an authenticator for them: the staff-MFA requirement (members.roles) is
        # about people signing in, not about this command.
        with transaction.atomic(), override_settings(TAVOLO_REQUIRE_STAFF_MFA=False):
            for dotted in SEEDERS:
                import_string(dotted)(stdout=self.stdout)
        from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        width = max(len(label) for _, label in DEMO_ACCOUNTS)
        for email, label in DEMO_ACCOUNTS:
            self.stdout.write(f"  {label:<{width}}  {email}")
        self.stdout.write("")
        self.stdout.write("Sign in at /account/login/ on the address the server prints below.")
        if "demo" in settings.TAVOLO_LOGIN_METHODS:
            self.stdout.write(
                '"Entra con SPID" and "Entra con CIE" lead to a test identity provider (SPID (demo)): '
                "Laura Zanotti is the Segreteria's identity, Mario Rossi and Giulia Bianchi are new people."
            )
        if settings.TAVOLO_REQUIRE_STAFF_MFA:
            self.stdout.write(
                "Staff accounts must set up an authenticator app (TOTP): the first sign-in asks for a code "
                "sent by e-mail (printed on this console), then for the app's code."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Staff two-factor authentication is OFF for this demo (TAVOLO_REQUIRE_STAFF_MFA=false); "
                    "try it on with: make run TAVOLO_REQUIRE_STAFF_MFA=true"
                )
            )
