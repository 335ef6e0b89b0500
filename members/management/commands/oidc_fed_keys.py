"""Generate the relying party's keys for SPID and CIE (OpenID Connect Federation).

Writes the three private keys (federation, signing, encryption) as JSON to the file given (mode 0600,
never overwritten): that file is TAVOLO_OIDC_FED_KEYS_FILE. Prints the public federation JWKS, which
the municipality gives at onboarding (README, "SPID and CIE").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.federation import jose


class Command(BaseCommand):
    help = "Generate the SPID/CIE relying party's private keys (TAVOLO_OIDC_FED_KEYS_FILE)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", help="where to write the private keys, e.g. /etc/tavolo/oidc-fed-keys.json"
        )

    def handle(self, *args, path: str, **options) -> None:
        target = Path(path)
        if target.exists():
            raise CommandError(f"{target} exists: keys are never overwritten (rotate them by hand).")
        keys = {
            "federation": jose.generate_key("sig"),
            "signing": jose.generate_key("sig"),
            "encryption": jose.generate_key("enc"),
        }
        content = json.dumps({role: key.as_dict(private=True) for role, key in keys.items()}, indent=2)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc}") from exc
        with os.fdopen(fd, "w") as file:
            file.write(content + "\n")
        self.stdout.write(f"Private keys written to {target} (set TAVOLO_OIDC_FED_KEYS_FILE={target}).")
        self.stdout.write("Public federation key (JWKS) for the federation onboarding:")
        self.stdout.write(json.dumps(jose.public_jwks(keys["federation"]), indent=2))
