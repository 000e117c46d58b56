"""Errors the service layer raises; adapters turn them into exit codes or HTTP statuses."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service cannot fulfil, with a message meant for the person who asked."""


class NotFoundError(ServiceError):
    """No artifact (or event, capability) answers to the key; carries the nearest names. ``statement`` is
    the message without the names it suggests, for a page that lists the suggestions itself."""

    def __init__(self, message: str, suggestions: list[str] | None = None, *, statement: str | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
        self.statement = statement or message


class ConflictError(ServiceError):
    """The write collides with one already stored (e.g. a second outcome for one event and artifact);
    ``stored`` describes the stored record."""

    def __init__(self, message: str, stored: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.stored = stored or {}


class ForbiddenError(ServiceError):
    """The caller may not make this write (e.g. a slug owned by another publisher); ``owner`` names who may."""

    def __init__(self, message: str, owner: str | None = None) -> None:
        super().__init__(message)
        self.owner = owner
