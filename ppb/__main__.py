"""Run ppb as `python -m ppb`."""

from ppb.cli import main

main()
