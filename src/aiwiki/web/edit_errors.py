"""The write API's two richer error answers, in the one error shape plus what a client
needs to recover: a 422 names each refused field (`fields`), a 409 for a stale base
carries the current revision and its snapshot (`current_revision`, `current`), so a
client merges instead of losing its text. Pages handle these themselves (the form again,
or the merge view); elsewhere they fall through to the usual handler (web/errors.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from aiwiki.errors import EditConflict, InvalidFields
from aiwiki.web.errors import error_body, respond
from aiwiki.web.responses import ErrorBody


class FieldErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int
    code: str
    message: str
    fields: dict[str, str] | None = Field(
        None, description="Each refused field (e.g. texts.en.title) with its own message.")


class FieldErrorBody(BaseModel):
    error: FieldErrorDetail


class ConflictDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int
    code: str = Field(description="edit_conflict; or busy: another write held the wiki.")
    message: str
    base_revision: int | None = None
    current_revision: int | None = Field(None, description="Send it as the new base.")
    current: dict[str, Any] | None = Field(None, description="The current snapshot.")


class ConflictBody(BaseModel):
    error: ConflictDetail


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No topic (or revision) by that name."}}
FIELD_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": FieldErrorBody, "description": "Refused values, a message per field; "
          "nothing was written."}}
CONFLICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"model": ConflictBody, "description": "Saved by someone else since "
          "`base_revision` (the current revision and snapshot come with it), or the wiki "
          "was busy; nothing was written."}}


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidFields)
    if not _api(request):
        return respond(request, 422, exc.code, exc.message)
    body = error_body(422, exc.code, exc.message)
    body["error"]["fields"] = exc.fields
    return JSONResponse(body, status_code=422)


async def _conflict(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EditConflict)
    if not _api(request):
        return respond(request, 409, exc.code, exc.message)
    body = error_body(409, exc.code, exc.message)
    body["error"].update(base_revision=exc.base_revision,
                         current_revision=exc.current_revision, current=exc.current)
    return JSONResponse(body, status_code=409)


async def _request_invalid(request: Request, exc: Exception) -> Response:
    """As web/errors.py words it (the first problem), plus every field's own message."""
    assert isinstance(exc, RequestValidationError)
    fields: dict[str, str] = {}
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        fields.setdefault(where or "body", str(error.get("msg", "invalid")))
    first = next(iter(fields.items()), ("body", "invalid request"))
    message = f"{first[0]}: {first[1]}"
    if not _api(request):
        return respond(request, 422, "invalid_request", message)
    body = error_body(422, "invalid_request", message)
    if any(error.get("loc", ("",))[0] == "body" for error in exc.errors()):
        body["error"]["fields"] = fields  # only bodies' routes declare it (FieldErrorBody)
    return JSONResponse(body, status_code=422)


def install(app: FastAPI) -> None:
    """After web/errors.py: these handlers take over the classes they name."""
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(InvalidFields, _invalid)
    app.add_exception_handler(EditConflict, _conflict)
