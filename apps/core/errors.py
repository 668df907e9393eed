"""Errors services raise; views and the API turn them into messages, never into a 500."""

from django.core.exceptions import PermissionDenied  # noqa: F401  (re-exported)


class ServiceError(Exception):
    """A business rule refused the action; ``message`` is shown to the user as it is."""

    code = "refused"

    def __init__(self, message, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ConflictError(ServiceError):
    """Someone else changed the object first (optimistic concurrency)."""

    code = "conflict"


class NotFound(ServiceError):
    code = "not_found"
