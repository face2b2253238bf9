"""/api/v1/me: who a token or session is, and its owner's tokens (list; revoke with a
write-scoped token). /api/v1/users: the accounts, for admins.

Creating tokens stays in the browser: a leaked token must not be able to mint the
replacement that would outlive its revocation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel
from starlette.requests import Request

from aiwiki.domain.accounts import Role, Scope
from aiwiki.services import accounts, api_tokens
from aiwiki.services.accounts import Account
from aiwiki.services.api_tokens import TokenView
from aiwiki.web.deps import MAX_DB_INT, WikiDep
from aiwiki.web.responses import ErrorBody, errors
from aiwiki.web.session import Admin, Editor, origin_of

REFUSALS = errors(401, 403)
router = APIRouter(prefix="/api/v1/me", tags=["account"], responses=REFUSALS)
users = APIRouter(prefix="/api/v1/users", tags=["account"], responses=REFUSALS)


class MeView(BaseModel):
    username: str
    display_name: str
    role: Role
    scope: Scope  # what this request's credentials allow: write for a browser session


@router.get("", response_model=MeView, summary="The signed-in account")
def me(viewer: Editor) -> MeView:
    user = viewer.account
    return MeView(username=user.username, display_name=user.display_name, role=user.role,
                  scope=viewer.scope)


@router.get("/tokens", response_model=list[TokenView], summary="My API tokens")
def my_tokens(wiki: WikiDep, viewer: Editor) -> list[TokenView]:
    return api_tokens.tokens_of(wiki, viewer.account)


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of my API tokens",
               responses={
                   404: {"model": ErrorBody, "description": "No token of mine has that id."},
                   422: {"model": ErrorBody, "description": "The id is not an integer."}})
def revoke_my_token(request: Request, wiki: WikiDep, viewer: Editor,
                    token_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)]) -> Response:
    api_tokens.revoke(wiki, viewer.account, token_id, origin_of(request))
    return Response(status_code=204)


@users.get("", response_model=list[Account], summary="Every account (admins only)")
def all_accounts(wiki: WikiDep, _: Admin) -> list[Account]:
    return accounts.list_accounts(wiki)
