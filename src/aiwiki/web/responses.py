"""The API's error answers as its OpenAPI document describes them (web/errors.py sends them).

Two statuses tell a client what went wrong with a request:

* 422: the request cannot be right for any wiki: a parameter of the wrong type, out of its
  range or not one of its enum's values. The message names the parameter.
* 404: the request is well formed, but names nothing this wiki has: a slug no topic, tag,
  category or path has (whatever its shape: a slug that could never be made names nothing
  too), or a filter naming a tag or category that does not exist.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int = Field(description="The HTTP status of the answer, repeated.")
    code: str = Field(description="A stable name for programs: not_found, invalid_request, …")
    message: str = Field(description="One sentence for people; a 422 names the parameter.")


class ErrorBody(BaseModel):
    """Every error answer of the API: {"error": {"status", "code", "message"}}."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail


_MEANINGS = {
    404: "Nothing by that name: no such slug, or a filter naming an unknown tag or category.",
    422: "A parameter is not of its declared type, range or set of values.",
    503: "Search is not available in this process.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the error statuses it can answer, with their body."""
    return {status: {"model": ErrorBody, "description": _MEANINGS[status]}
            for status in statuses}
