"""The one exception tree of aiwiki; each class knows its HTTP status.

    AiwikiError (500)
    ├── NotFound (404)
    ├── BadInput (400)
    │   ├── ImportFormatError (400)  -- names the file and line
    │   └── QueryTooLong (400)
    ├── UnsafePath (500)             -- a file name from data would leave its folder
    ├── Conflict (409)
    │   └── Busy (409)               -- another write holds the wiki; nothing was written
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


class UnsafePath(AiwikiError):
    """A file name built from data that would leave the folder it belongs in."""

    code = "unsafe_path"


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
