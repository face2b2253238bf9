"""/account: a signed-in user's password and API tokens. A new token is shown once, in the
answer to the form that made it; afterwards only its name and dates are known."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import Request

from aiwiki.domain.accounts import PASSWORD_MAX, Scope
from aiwiki.errors import InvalidFields, TooManyAttempts
from aiwiki.services import accounts, api_tokens, logins
from aiwiki.services.api_tokens import NewToken
from aiwiki.services.logins import Viewer
from aiwiki.services.wiki import Wiki
from aiwiki.web.deps import MAX_DB_INT, LangDep, WikiDep
from aiwiki.web.forms import CsrfChecked, page
from aiwiki.web.session import Editor, origin_of

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
PasswordField = Annotated[str, Form(max_length=PASSWORD_MAX)]
NOTICES = ("password", "revoked")


def account_page(request: Request, wiki: Wiki, lang: str, viewer: Viewer, status: int = 200,
                 **values: Any) -> Response:
    return page(request, lang, "account.html", status, me=viewer.account,
                tokens=api_tokens.tokens_of(wiki, viewer.account), scopes=list(Scope),
                **values)


@router.get("/account")
def account_view(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                 done: str = "") -> Response:
    return account_page(request, wiki, lang, viewer, notice=done if done in NOTICES else None)


@router.post("/account/password")
def change_password(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                    _: CsrfChecked, current_password: PasswordField = "",
                    new_password: PasswordField = "",
                    new_password_again: PasswordField = "") -> Response:
    """Asks for the current password; ends every other session of the account."""
    origin = origin_of(request)
    try:
        logins.confirm_password(wiki, viewer.account.username, current_password, origin)
        if new_password != new_password_again:
            raise InvalidFields({"new_password_again": "the two new passwords differ"})
        accounts.change_password(wiki, viewer.account.username, new_password, origin,
                                 actor_id=viewer.account.id, keep_session=viewer.session_id)
    except InvalidFields as exc:
        return account_page(request, wiki, lang, viewer, 422, error=exc)
    except TooManyAttempts as exc:
        response = account_page(request, wiki, lang, viewer, 429, throttled=exc.retry_after)
        response.headers["retry-after"] = str(exc.retry_after)
        return response
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/tokens")
def create_token(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                 _: CsrfChecked, name: Annotated[str, Form(max_length=200)] = "",
                 scope: Annotated[Scope, Form()] = Scope.READ) -> Response:
    try:
        made: NewToken = api_tokens.create(wiki, viewer.account, name, scope,
                                           origin_of(request))
    except InvalidFields as exc:
        return account_page(request, wiki, lang, viewer, 422, error=exc, token_name=name)
    return account_page(request, wiki, lang, viewer, 201, new_token=made)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, wiki: WikiDep, viewer: Editor, _: CsrfChecked,
                 token_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)]) -> Response:
    api_tokens.revoke(wiki, viewer.account, token_id, origin_of(request))
    return RedirectResponse("/account?done=revoked", status_code=303)
