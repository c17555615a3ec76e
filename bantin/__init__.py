"""Bantin: a static-site generator for a locality's multilingual foreign-information bulletin."""

__version__ = "0.1.0"
