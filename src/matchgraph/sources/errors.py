"""The error every source adapter raises on input it cannot use."""


class SourceError(Exception):
    """A source file, URL or payload is unreadable or not in the shape the adapter expects."""
