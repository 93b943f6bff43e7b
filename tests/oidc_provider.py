"""A small but real OpenID Connect provider for the ProConnect tests, served over HTTP on 127.0.0.1.

It speaks the authorization code flow the way ProConnect does: discovery, JWKS (an RS256 key
generated when it starts), authorize (auto-consents the configured agent), token (client secret in
the body or Basic, single-use codes bound to their redirect URI), userinfo answered as a signed JWT
(`application/jwt`), and end_session checking the `id_token_hint` signature. Nothing in the client
is mocked: Django's server side calls it over real sockets.

Knobs for the failure cases: `agent` (the claims of the signed-in person), `deny_next` (the person
refuses at the provider), `nonce_override` (an ID token carrying another nonce), and `stop()`.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from joserfc import jwt
from joserfc.jwk import RSAKey


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@dataclass
class Provider:
    client_id: str = "emploi-territoires-test"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redirect_uris: tuple[str, ...] = ("http://testserver/comptes/proconnect/retour/",)
    agent: dict = field(
        default_factory=lambda: {
            "sub": "pc-7f3a9c1e-agent-varzy",
            "email": "claire.dumont@varzy.fr",
            "given_name": "Claire",
            "usual_name": "Dumont",
            "siret": "21580304700018",
        }
    )
    deny_next: bool = False
    nonce_override: str | None = None
    # What happened, for the assertions.
    issued_codes: list[str] = field(default_factory=list)
    token_requests: int = 0
    userinfo_requests: int = 0
    logouts: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"})
        self._codes: dict[str, dict] = {}
        self._access_tokens: dict[str, dict] = {}
        self._server = make_server(
            "127.0.0.1", 0, self._app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/api/v2"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle ---

    def start(self) -> Provider:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering: the port is closed (a provider that is down). Idempotent."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    # --- helpers ---

    def _sign(self, claims: dict) -> str:
        return jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, self.key)

    @staticmethod
    def _json(start_response, status: str, body: dict, headers: list | None = None):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), *(headers or [])])
        return [data]

    @staticmethod
    def _redirect(start_response, url: str):
        start_response("302 Found", [("Location", url)])
        return [b""]

    def metadata(self) -> dict:
        base = self.base_url
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/session/end",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "email", "given_name", "usual_name", "siret", "uid"],
            "claims_supported": ["sub", "email", "given_name", "usual_name", "siret", "uid"],
        }

    # --- WSGI application ---

    def _app(self, environ, start_response):
        path = environ["PATH_INFO"].removeprefix("/api/v2")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/.well-known/openid-configuration":
            return self._json(start_response, "200 OK", self.metadata())
        if path == "/jwks":
            return self._json(start_response, "200 OK", {"keys": [self.key.as_dict(private=False)]})
        if path == "/authorize":
            return self._authorize(query, start_response)
        if path == "/token" and environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
            return self._token(environ, form, start_response)
        if path == "/userinfo":
            return self._userinfo(environ, start_response)
        if path == "/session/end":
            return self._end_session(query, start_response)
        return self._json(start_response, "404 Not Found", {"error": "not_found"})

    def _authorize(self, query: dict, start_response):
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or redirect_uri not in self.redirect_uris:
            # Never redirect to an unknown URI: an error page at the provider.
            return self._json(start_response, "400 Bad Request", {"error": "invalid_request"})
        state = query.get("state", "")
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return self._redirect(
                start_response, f"{redirect_uri}?{urlencode({'error': 'invalid_request', 'state': state})}"
            )
        if not state or not query.get("nonce"):
            # ProConnect requires both.
            return self._redirect(
                start_response, f"{redirect_uri}?{urlencode({'error': 'invalid_request', 'state': state})}"
            )
        if self.deny_next:
            self.deny_next = False
            params = {"error": "access_denied", "error_description": "L'usager a annulé la connexion.", "state": state}
            return self._redirect(start_response, f"{redirect_uri}?{urlencode(params)}")
        code = secrets.token_urlsafe(24)
        self._codes[code] = {"redirect_uri": redirect_uri, "nonce": query["nonce"], "agent": dict(self.agent)}
        self.issued_codes.append(code)
        return self._redirect(start_response, f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    def _client_authenticated(self, environ, form: dict) -> bool:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    def _token(self, environ, form: dict, start_response):
        self.token_requests += 1
        if not self._client_authenticated(environ, form):
            return self._json(start_response, "401 Unauthorized", {"error": "invalid_client"})
        if form.get("grant_type") != "authorization_code":
            return self._json(start_response, "400 Bad Request", {"error": "unsupported_grant_type"})
        grant = self._codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._json(start_response, "400 Bad Request", {"error": "invalid_grant"})
        now = int(time.time())
        agent = grant["agent"]
        access_token = secrets.token_urlsafe(32)
        self._access_tokens[access_token] = agent
        id_token = self._sign(
            {
                "iss": self.base_url,
                "sub": agent["sub"],
                "aud": self.client_id,
                "iat": now,
                "exp": now + 60,
                "auth_time": now,
                "nonce": self.nonce_override if self.nonce_override is not None else grant["nonce"],
                "acr": "eidas1",
                "amr": ["pwd"],
            }
        )
        return self._json(
            start_response,
            "200 OK",
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": id_token},
            [("Cache-Control", "no-store")],
        )

    def _userinfo(self, environ, start_response):
        self.userinfo_requests += 1
        auth = environ.get("HTTP_AUTHORIZATION", "")
        agent = self._access_tokens.get(auth.removeprefix("Bearer ")) if auth.startswith("Bearer ") else None
        if agent is None:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Bearer error="invalid_token"')])
            return [b""]
        now = int(time.time())
        body = self._sign({**agent, "iss": self.base_url, "aud": self.client_id, "iat": now, "exp": now + 60})
        start_response("200 OK", [("Content-Type", "application/jwt")])
        return [body.encode()]

    def _end_session(self, query: dict, start_response):
        try:
            token = jwt.decode(query.get("id_token_hint", ""), self.key)
        except Exception:  # any invalid hint is refused
            return self._json(start_response, "400 Bad Request", {"error": "invalid_id_token_hint"})
        self.logouts.append({"sub": token.claims["sub"], "state": query.get("state", "")})
        target = query.get("post_logout_redirect_uri")
        if target and urlsplit(target).hostname == "testserver":
            return self._redirect(start_response, f"{target}?{urlencode({'state': query.get('state', '')})}")
        return self._json(start_response, "200 OK", {"logged_out": True})
