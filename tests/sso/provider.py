"""A small but real OpenID Connect provider on loopback, for tests (authlib signs its tokens).

It serves discovery, JWKS, the authorization endpoint (it signs in `user` at once, as a provider
whose user already has a session would) and the token endpoint (client secret, one use per code,
the redirect URI and the PKCE verifier checked). Knobs make it misbehave the way a wrong or
hostile provider would: another audience, an expired token, a stale nonce.

Like a real provider it keeps its own session: the ID token's `auth_time` is when the user last
signed in there (`knobs.signed_in_at`), unless the request asks them to sign in again
(`prompt=login` or `max_age=0`) and the provider does not `ignores_prompt`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.jose import JsonWebKey, jwt

# Engineers sharing a machine give each run its own ports (PEERCOACH_TEST_IDP_PORT).
BASE_PORT = int(os.environ.get("PEERCOACH_TEST_IDP_PORT", "18450"))
# The SAML provider listens this far above the OpenID Connect one.
SAML_OFFSET = int(os.environ.get("PEERCOACH_TEST_SAML_OFFSET", "20"))


def port_for_worker() -> int:
    """BASE_PORT for the main process, BASE_PORT+1… for pytest-xdist workers gw0, gw1, ..."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return BASE_PORT + (int(worker.removeprefix("gw")) + 1 if worker else 0)


@dataclass
class Knobs:
    email: str = ""
    email_verified: bool = True
    audience: str | None = None  # None: the client's id
    expires_in: int = 300
    nonce: str | None = None  # None: the nonce the client sent
    signed_in_at: int | None = None  # when the user last signed in here; None: at the request
    ignores_prompt: bool = False


@dataclass
class Provider:
    port: int
    client_id: str = "peercoach-test"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    knobs: Knobs = field(default_factory=Knobs)
    codes: dict = field(default_factory=dict)
    refused: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "k1"})

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        public = self.key.as_dict(is_private=False)
        return {"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict) -> tuple[int, dict]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "unauthorized_client"}
        code = secrets.token_urlsafe(16)
        again = query.get("prompt") == "login" or query.get("max_age") == "0"
        if self.knobs.signed_in_at is None or (again and not self.knobs.ignores_prompt):
            self.knobs.signed_in_at = int(time.time())  # they sign in here (again)
        self.codes[code] = {
            "auth_time": self.knobs.signed_in_at,
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "email": self.knobs.email,
            "used": False,
        }
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": target}

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.get(form.get("code", ""))
        if grant is None or grant["used"] or grant["redirect_uri"] != form.get("redirect_uri"):
            self.refused.append(form.get("code"))
            return 400, {"error": "invalid_grant"}
        grant["used"] = True
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": hashlib.sha256(grant["email"].encode()).hexdigest()[:16],
            "aud": self.knobs.audience or self.client_id,
            "iat": now,
            "exp": now + self.knobs.expires_in,
            "jti": secrets.token_urlsafe(8),
            "nonce": self.knobs.nonce if self.knobs.nonce is not None else grant["nonce"],
            "email": grant["email"],
            "email_verified": self.knobs.email_verified,
            "auth_time": grant["auth_time"],
            "name": "Someone",
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key).decode()
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, body: dict) -> None:
            self.send_response(status)
            if status == 302:
                self.send_header("Location", body["Location"])
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._answer(200, provider.configuration())
            elif url.path == "/jwks":
                self._answer(200, provider.jwks())
            elif url.path == "/authorize":
                self._answer(*provider.authorize(query))
            else:
                self._answer(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path == "/token":
                self._answer(*provider.token(form, self.headers.get("Authorization")))
            else:
                self._answer(404, {"error": "not_found"})

    return Handler


class running:
    """Run `provider` on 127.0.0.1 in a thread: `with running(Provider(port)) as provider:`."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.server = ThreadingHTTPServer(("127.0.0.1", provider.port), _handler(provider))

    def __enter__(self) -> Provider:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.provider

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
