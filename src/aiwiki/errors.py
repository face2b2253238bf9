"""The one exception tree of aiwiki; each class knows its HTTP status.

    AiwikiError (500)
    ├── NotFound (404)
    ├── BadInput (400)
    │   ├── ImportFormatError (400)  -- names the file and line
    │   ├── QueryTooLong (400)
    │   └── InvalidField (422)       -- names the field: a username, a password
    ├── NotAuthenticated (401)       -- no valid session or token; or a failed login
    ├── Forbidden (403)              -- signed in, but the role, scope or CSRF token says no
    ├── Conflict (409)
    │   └── Busy (409)               -- another write holds the wiki; nothing was written
    ├── TooManyAttempts (429)        -- login throttled; says when to try again
    └── ConfigError (500)            -- raised at start-up, names the option

The web layer turns any of them into the API's JSON error shape or the HTML error page; the
CLI prints the message as one line and exits with code 1.
"""

from __future__ import annotations


class AiwikiError(Exception):
    """Base of every error aiwiki raises on purpose."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(AiwikiError):
    status_code = 404
    code = "not_found"


class BadInput(AiwikiError):
    status_code = 400
    code = "bad_input"


class ImportFormatError(BadInput):
    """A file that cannot be imported; nothing from the import was written."""

    code = "import_format"

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line


class QueryTooLong(BadInput):
    code = "query_too_long"


class InvalidField(BadInput):
    """One submitted value is refused; `field` names it, so a form can show the message
    beside it."""

    status_code = 422
    code = "invalid_field"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.problem = message


class NotAuthenticated(AiwikiError):
    status_code = 401
    code = "not_authenticated"


class Forbidden(AiwikiError):
    status_code = 403
    code = "forbidden"


class TooManyAttempts(AiwikiError):
    """Too many failed logins lately: nothing was checked; try again after `retry_after`."""

    status_code = 429
    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(AiwikiError):
    status_code = 409
    code = "conflict"


class Busy(Conflict):
    """Another process kept the wiki locked for longer than a writer waits."""

    code = "busy"


class ConfigError(AiwikiError):
    code = "config_error"


class Moved(AiwikiError):
    """A topic was renamed; its old slug answers with a permanent redirect."""

    status_code = 301
    code = "moved"

    def __init__(self, location: str) -> None:
        super().__init__(f"moved to {location}")
        self.location = location
