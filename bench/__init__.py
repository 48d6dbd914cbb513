"""Penata benchmarks: ``make bench`` (``python -m bench``) writes JSON under bench/results/."""
