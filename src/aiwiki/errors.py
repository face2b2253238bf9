"""The one exception tree of aiwiki; each class knows its HTTP status.

    AiwikiError (500)
    ├── NotFound (404)
    ├── BadInput (400)
    │   ├── ImportFormatError (400)  -- names the file and line
    │   ├── QueryTooLong (400)
    │   └── InvalidFields (422)      -- a message per submitted field; nothing was written
    ├── NotAuthenticated (401)       -- no valid session or token; or a failed login
    ├── Forbidden (403)              -- signed in, but the role, scope or CSRF token says no
    ├── UnsafePath (500)             -- a file name from data would leave its folder
    ├── Conflict (409)
    │   ├── Busy (409)               -- another write holds the wiki; nothing was written
    │   └── EditConflict (409)       -- saved since the edit began; carries the current one
    ├── TooManyAttempts (429)        -- login throttled; says when to try again
    └── ConfigError (500)            -- raised at start-up, names the option

The web layer turns any of them into the API's JSON error shape or the HTML error page; the
CLI prints the message as one line and exits with code 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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


class UnsafePath(AiwikiError):
    """A file name built from data that would leave the folder it belongs in."""

    code = "unsafe_path"


class InvalidFields(BadInput):
    """Submitted values refused, each with its own message (field -> message), so that a
    form can show each beside its field."""

    status_code = 422
    code = "invalid_fields"

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in problems.items()))
        self.fields = dict(problems)


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


class EditConflict(Conflict):
    """The topic was saved since the edit began (its base revision is no longer current);
    nothing was written. The current revision and its snapshot travel with the error, so
    the editor sees their own text beside the current one and merges: nothing is lost."""

    code = "edit_conflict"

    def __init__(
        self, slug: str, base_revision: int, current_revision: int, current: dict[str, Any]
    ) -> None:
        super().__init__(
            f"“{slug}” was saved since revision {base_revision} (it is at revision "
            f"{current_revision} now); nothing was written: merge with the current text "
            "and save again"
        )
        self.slug = slug
        self.base_revision = base_revision
        self.current_revision = current_revision
        self.current = current


class ConfigError(AiwikiError):
    code = "config_error"


class Moved(AiwikiError):
    """A topic was renamed; its old slug answers with a permanent redirect."""

    status_code = 301
    code = "moved"

    def __init__(self, location: str) -> None:
        super().__init__(f"moved to {location}")
        self.location = location
