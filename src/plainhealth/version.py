"""The version of plainhealth, in one place."""

__version__ = "0.1.0"
