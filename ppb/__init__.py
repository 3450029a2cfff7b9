"""ppb: the board secretary's action log."""

__version__ = "0.1.0"
