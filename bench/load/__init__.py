"""The load test (``make load``): see ``scripts/load.sh`` and ``docs/scaling.md``."""
