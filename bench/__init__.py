"""Benchmarks of the portal (`make bench` -> `python -m bench.run` -> bench/RESULTS.md)."""
