"""sitroom: a situation room for the news."""

__version__ = "0.1.0"
