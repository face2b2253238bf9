"""A route class for the API's hottest answers: search and suggest, on every keystroke.

FastAPI solves an endpoint's dependencies and validates each query parameter one by one
on every request; for search that cost about half a millisecond, as much as the search
itself on a small wiki. A `QueryModelRoute` endpoint is declared as
``async def endpoint(request: Request, params: Annotated[Model, Query()]) -> Response``:
FastAPI still builds the OpenAPI description from that signature, while requests go
through one `Model.model_validate` of the query string and straight to the endpoint.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

Endpoint = Callable[[Request, Any], Awaitable[Response]]


class QueryModelRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint: Endpoint = self.endpoint
        model = _params_model(endpoint)

        async def handle(request: Request) -> Response:
            try:
                params = model.model_validate(dict(request.query_params))
            except ValidationError as error:  # the same 422 as FastAPI's own validation
                raise RequestValidationError(
                    [{**e, "loc": ("query", *e["loc"])} for e in error.errors()]
                ) from None
            return await endpoint(request, params)

        return handle


def _params_model(endpoint: Endpoint) -> type[BaseModel]:
    """The pydantic model annotating the endpoint's `params` argument."""
    hints = typing.get_type_hints(endpoint, include_extras=True)
    if list(inspect.signature(endpoint).parameters) != ["request", "params"]:
        raise TypeError(f"{endpoint.__name__} must take (request, params)")
    declared = hints["params"]
    model = typing.get_args(declared)[0] if hasattr(declared, "__metadata__") else declared
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"{endpoint.__name__}: params must be a pydantic model")
    return model
