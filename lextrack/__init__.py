"""lextrack: French legal codes through time."""

__version__ = "0.1.0"
