"""`manage.py seed_scale --organisations 2000`: a district-sized data set for the benchmarks."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from core.pagecache import pages_changed
from tavolo.scale import PASSWORD, AlreadySeeded, seed_scale


class Command(BaseCommand):
    help = "Build a large synthetic data set (N organisations with ten years of history) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=2000, help="number of organisations (N)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed: same seed, same data")

    def handle(self, *args, organisations: int, seed: int, **options):
        if organisations < 10:
            raise CommandError("--organisations must be at least 10.")
        started = time.perf_counter()
        try:
            builder = seed_scale(organisations=organisations, seed=seed, log=self.stdout.write)
        except AlreadySeeded as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        pages_changed()  # rows written with bulk_create send no signal
        for label, count in builder.counts.items():
            self.stdout.write(f"{count:>8}  {label}")
        for label in builder.skipped:
            self.stdout.write(f"  skipped: {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data set built in {elapsed:.1f} s (accounts persona00000@scala.example.org..., "
                f"password {PASSWORD!r}; persona00000 is Presidenza, 00001-00003 Segreteria)."
            )
        )
