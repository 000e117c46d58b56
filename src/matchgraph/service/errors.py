"""Errors the service layer raises; adapters turn them into exit codes or HTTP statuses."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service cannot fulfil, with a message meant for the person who asked."""


class NotFoundError(ServiceError):
    """No artifact (or event, capability) answers to the key; carries the nearest names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
