"""memreg: a general register of memorial heritage."""

__version__ = "0.1.0"
