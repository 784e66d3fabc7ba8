"""Readers of every article format, and the shared clause and link parsers."""
