"""The portal's settings plus a trivial view (/bench/ping/) that the throughput figures are relative to."""

from tavolo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

import os  # noqa: E402

# The harness collects static files into its own temporary folder.
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405
