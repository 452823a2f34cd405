"""A small but real SAML 2.0 identity provider on loopback, for tests.

Its single sign-on endpoint reads the service provider's AuthnRequest (HTTP-Redirect binding)
and answers with an HTML form posting a Response whose assertion is signed with xmlsec (through
python3-saml's helpers) with the provider's own key, as a real IdP's would be. Knobs make it
answer for another audience, with an expired assertion, or for someone else.

Like a real IdP it keeps its own session: a request without `ForceAuthn="true"` is answered
from it (the assertion's AuthnInstant is when the person last signed in there,
`knobs.signed_in_at`); one with it has the person sign in again now, unless the provider
`ignores_force_authn`. It remembers whether each request asked for that (`force_authn_asked`).
"""

from __future__ import annotations

import base64
import datetime
import html
import re
import secrets
import threading
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.utils import OneLogin_Saml2_Utils


def _key_and_certificate() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test idp")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def _instant(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SamlKnobs:
    email: str = ""
    audience: str | None = None  # None: the entity id the request came from
    expires_in: int = 300
    # Whom the NameID names: "" for the email address; else a persistent identifier.
    name_id: str = ""
    transient_name_ids: bool = False  # a new NameID for every answer, as many IdPs give
    # When the person last signed in at the provider; None: at the request.
    signed_in_at: datetime.datetime | None = None
    ignores_force_authn: bool = False


@dataclass
class SamlProvider:
    port: int
    knobs: SamlKnobs = field(default_factory=SamlKnobs)
    force_authn_asked: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key, self.certificate = _key_and_certificate()

    @property
    def entity_id(self) -> str:
        return f"http://127.0.0.1:{self.port}/metadata"

    @property
    def sso_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sso"

    def response_for(self, saml_request: str) -> tuple[str, str]:
        """The ACS URL and the base64 Response answering an encoded AuthnRequest."""
        request = zlib.decompress(base64.b64decode(saml_request), -15).decode()
        request_id = re.search(r'\bID="([^"]+)"', request).group(1)
        acs_url = re.search(r'AssertionConsumerServiceURL="([^"]+)"', request).group(1)
        sp_entity = re.search(r"<saml:Issuer>([^<]+)</saml:Issuer>", request).group(1)
        now = datetime.datetime.now(datetime.UTC)
        forced = bool(re.search(r'\bForceAuthn="(true|1)"', request))
        self.force_authn_asked.append(forced)
        if self.knobs.signed_in_at is None or (forced and not self.knobs.ignores_force_authn):
            self.knobs.signed_in_at = now  # they sign in at the provider (again)
        authn_instant = _instant(self.knobs.signed_in_at)
        name_id_format = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
        if self.knobs.name_id:
            name_id_format = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
        name_id = html.escape(self.knobs.name_id or self.knobs.email)
        if self.knobs.transient_name_ids:
            name_id_format = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
            name_id = f"_t{secrets.token_hex(12)}"
        until = _instant(now + datetime.timedelta(seconds=self.knobs.expires_in))
        email = html.escape(self.knobs.email)
        assertion_id = f"_a{secrets.token_hex(16)}"
        assertion = (
            f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{assertion_id}" '
            f'Version="2.0" IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            f"<saml:Subject><saml:NameID "
            f'Format="{name_id_format}">{name_id}'
            f"</saml:NameID><saml:SubjectConfirmation "
            f'Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{until}" Recipient="{acs_url}" '
            f'InResponseTo="{request_id}"/></saml:SubjectConfirmation></saml:Subject>'
            f'<saml:Conditions NotBefore="{_instant(now - datetime.timedelta(minutes=1))}" '
            f'NotOnOrAfter="{until}"><saml:AudienceRestriction><saml:Audience>'
            f"{html.escape(self.knobs.audience or sp_entity)}</saml:Audience>"
            f"</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{authn_instant}" SessionIndex="{assertion_id}">'
            f"<saml:AuthnContext><saml:AuthnContextClassRef>"
            f"urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            f"</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>"
            f'<saml:Attribute Name="urn:oid:0.9.2342.19200300.100.1.3">'
            f'<saml:AttributeValue xsi:type="xs:string">{email}</saml:AttributeValue>'
            f"</saml:Attribute></saml:AttributeStatement></saml:Assertion>"
        )
        signed = OneLogin_Saml2_Utils.add_sign(assertion, self.key, self.certificate)
        if isinstance(signed, bytes):
            signed = signed.decode()
        signed = re.sub(r"^<\?xml[^>]*\?>\s*", "", signed)
        response = (
            f'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r{secrets.token_hex(16)}" '
            f'Version="2.0" IssueInstant="{_instant(now)}" Destination="{acs_url}" '
            f'InResponseTo="{request_id}"><saml:Issuer>{self.entity_id}</saml:Issuer>'
            f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f"</samlp:Status>{signed}</samlp:Response>"
        )
        return acs_url, base64.b64encode(response.encode()).decode()


def _handler(provider: SamlProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path != "/sso" or "SAMLRequest" not in query:
                self.send_response(404)
                self.end_headers()
                return
            acs_url, response = provider.response_for(query["SAMLRequest"])
            relay = html.escape(query.get("RelayState", ""))
            body = (
                f'<form method="post" action="{html.escape(acs_url)}">'
                f'<input type="hidden" name="SAMLResponse" value="{response}">'
                f'<input type="hidden" name="RelayState" value="{relay}">'
                f"<button>Continue</button></form>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class running_saml:
    def __init__(self, provider: SamlProvider) -> None:
        self.provider = provider
        self.server = ThreadingHTTPServer(("127.0.0.1", provider.port), _handler(provider))

    def __enter__(self) -> SamlProvider:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.provider

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
