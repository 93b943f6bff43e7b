"""ProConnect (OpenID Connect) sign-in for agents of public structures and advisors.

The protocol is authlib's Django client: discovery, `state` and `nonce` kept in the session and
used once, code exchange, ID token signature (provider's JWKS, RS256) and claims (iss, aud, exp,
nonce) checks. This module adds what ProConnect needs on top: a userinfo answered as a signed JWT,
an `email_verified` check, end-session with `id_token_hint`, and French messages for every
failure (`ProConnectError`), so a view never lets a protocol or network error become a 500.

Configured by environment variables (docs/deployment.md): PROCONNECT_BASE_URL (the provider's
issuer, whose `/.well-known/openid-configuration` is read), PROCONNECT_CLIENT_ID,
PROCONNECT_CLIENT_SECRET, PROCONNECT_SCOPES. Without them ProConnect is off and no button shows.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect

if TYPE_CHECKING:
    import requests

# requests, authlib and joserfc (with cryptography, about 0.5 s to import) are imported by the
# functions that talk to the provider, not when the URLconf loads the sign-in views.

logger = logging.getLogger(__name__)

# Session keys.
ID_TOKEN_SESSION_KEY = "proconnect_id_token"  # noqa: S105 (a session key, not a secret)
NEXT_SESSION_KEY = "proconnect_next"
INVITATION_SESSION_KEY = "proconnect_invitation"

METADATA_MAX_AGE = 3600  # seconds: the provider's discovery document and keys are read again after an hour

MESSAGES = {
    "access_denied": "Vous avez annulé la connexion avec ProConnect. Vous pouvez réessayer, ou vous connecter "
    "avec votre adresse e-mail et votre mot de passe.",
    "provider": "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous "
    "avec votre adresse e-mail et votre mot de passe.",
    "state": "La connexion avec ProConnect n'a pas pu être vérifiée (lien expiré ou déjà utilisé). "
    "Recommencez depuis le bouton « S'identifier avec ProConnect ».",
    "token": "La réponse de ProConnect n'a pas pu être vérifiée : vous n'êtes pas connecté. Recommencez "
    "depuis le bouton « S'identifier avec ProConnect ».",
    "email_unverified": "ProConnect n'a pas confirmé votre adresse e-mail : nous ne pouvons pas vous connecter. "
    "Confirmez-la auprès de votre fournisseur d'identité, puis réessayez.",
    "claims": "ProConnect n'a pas transmis votre adresse e-mail : nous ne pouvons pas vous connecter.",
}


class ProConnectError(Exception):
    """A sign-in that cannot go on; `message` is shown as is on the login page."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.message = MESSAGES[kind]


@dataclass(frozen=True)
class Identity:
    """What we keep from ProConnect: `sub` and the e-mail (plus names for a new account)."""

    sub: str
    email: str
    given_name: str
    family_name: str
    id_token: str


def is_enabled() -> bool:
    return bool(settings.PROCONNECT_BASE_URL and settings.PROCONNECT_CLIENT_ID and settings.PROCONNECT_CLIENT_SECRET)


_clients: dict[tuple[str, str], object] = {}
_clients_lock = threading.Lock()


def _client():
    """authlib's client for the configured provider; its discovery data is kept METADATA_MAX_AGE."""
    from authlib.integrations.django_client import OAuth

    key = (settings.PROCONNECT_BASE_URL, settings.PROCONNECT_CLIENT_ID)
    with _clients_lock:
        client = _clients.get(key)
        loaded_at = client.server_metadata.get("_loaded_at") if client is not None else None  # type: ignore[attr-defined]
        if client is None or (loaded_at and time.time() - loaded_at > METADATA_MAX_AGE):
            registry = OAuth()
            client = registry.register(
                name="proconnect",
                client_id=settings.PROCONNECT_CLIENT_ID,
                client_secret=settings.PROCONNECT_CLIENT_SECRET,
                server_metadata_url=settings.PROCONNECT_BASE_URL.rstrip("/") + "/.well-known/openid-configuration",
                client_kwargs={
                    "scope": settings.PROCONNECT_SCOPES,
                    "token_endpoint_auth_method": "client_secret_post",
                    "default_timeout": settings.PROCONNECT_TIMEOUT,
                },
            )
            _clients[key] = client
    return client


def authorize_redirect(request: HttpRequest, redirect_uri: str) -> HttpResponseRedirect:
    """Redirect to the provider with a fresh `state` and `nonce` (kept in the session)."""
    import requests
    from authlib.common.errors import AuthlibBaseError

    try:
        return _client().authorize_redirect(request, redirect_uri, acr_values="eidas1")
    except (requests.RequestException, ValueError, KeyError, AuthlibBaseError) as exc:
        logger.warning("proconnect: discovery failed: %s", exc)
        raise ProConnectError("provider", str(exc)) from exc


def _decode_userinfo(client, response: requests.Response) -> dict:
    """ProConnect answers userinfo with a JWT signed by its keys; other providers with JSON."""
    from joserfc import jwt
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/jwt":
        metadata = client.load_server_metadata()
        key_set = KeySet.import_key_set(client.fetch_jwk_set())
        token = jwt.decode(
            response.text.strip(),
            key=key_set,
            registry=JWSRegistry(algorithms=metadata.get("userinfo_signing_alg_values_supported") or ["RS256"]),
        )
        claims = dict(token.claims)
        if claims.get("iss") not in (None, metadata.get("issuer")):
            raise ProConnectError("token", "userinfo issuer")
        return claims
    return response.json()


def complete(request: HttpRequest) -> Identity:
    """Finish the sign-in on the callback: check state and nonce, exchange the code, read userinfo."""
    import requests
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError

    if request.GET.get("error"):
        error = request.GET.get("error", "")
        logger.info("proconnect: provider answered %s", error[:100])
        # The state is used up even on an error.
        if request.GET.get("state"):
            request.session.pop(f"_state_proconnect_{request.GET['state']}", None)
        raise ProConnectError("access_denied" if error in {"access_denied", "login_required"} else "provider", error)
    client = _client()
    if not request.GET.get("state") or not request.GET.get("code"):
        raise ProConnectError("state", "missing state or code")
    try:
        token = client.authorize_access_token(request)
    except AuthlibBaseError as exc:
        error = getattr(exc, "error", "")
        if error == "mismatching_state":
            logger.warning("proconnect: state mismatch")
            raise ProConnectError("state", error) from exc
        logger.warning("proconnect: token exchange refused: %s", exc)
        raise ProConnectError("token", str(exc)) from exc
    except JoseError as exc:  # ID token signature or claims (nonce, audience, issuer, expiry)
        logger.warning("proconnect: ID token rejected: %s", exc)
        raise ProConnectError("token", str(exc)) from exc
    except (requests.RequestException, ValueError) as exc:
        logger.warning("proconnect: provider unreachable at the token step: %s", exc)
        raise ProConnectError("provider", str(exc)) from exc
    id_claims = token.get("userinfo")
    if not id_claims or not token.get("id_token"):
        raise ProConnectError("token", "no ID token")
    try:
        metadata = client.load_server_metadata()
        # Called directly: ProConnect's access tokens live 60 s, which authlib's session would
        # already count as expired (its 60 s leeway) and refuse to send.
        response = requests.get(
            metadata["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {token['access_token']}"},
            timeout=settings.PROCONNECT_TIMEOUT,
        )
        response.raise_for_status()
        claims = _decode_userinfo(client, response)
    except JoseError as exc:
        raise ProConnectError("token", f"userinfo: {exc}") from exc
    except (requests.RequestException, ValueError, KeyError) as exc:
        logger.warning("proconnect: userinfo failed: %s", exc)
        raise ProConnectError("provider", str(exc)) from exc
    if claims.get("sub") != id_claims.get("sub"):
        raise ProConnectError("token", "userinfo sub differs from the ID token's")
    email = str(claims.get("email") or id_claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise ProConnectError("claims", "no e-mail")
    # ProConnect's identity providers vouch for the address; a provider that says it is not
    # verified is refused (the e-mail is what matches an existing account).
    if claims.get("email_verified", id_claims.get("email_verified")) is False:
        raise ProConnectError("email_unverified")
    return Identity(
        sub=str(claims["sub"]),
        email=email,
        given_name=str(claims.get("given_name") or "")[:150],
        family_name=str(claims.get("usual_name") or claims.get("family_name") or "")[:150],
        id_token=token["id_token"],
    )


def logout_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session URL for this ID token, or None when it cannot be reached."""
    import requests
    from authlib.common.errors import AuthlibBaseError

    try:
        endpoint = _client().load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, ValueError, AuthlibBaseError) as exc:
        logger.warning("proconnect: no end-session endpoint: %s", exc)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": secrets.token_urlsafe(16),
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
