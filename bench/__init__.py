"""Benchmarks: `make bench` (python -m bench) prints server-side timings of the main pages."""
