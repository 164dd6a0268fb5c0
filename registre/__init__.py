"""Registre: French local deliberations -> searchable archive."""

__version__ = "0.1.0"
