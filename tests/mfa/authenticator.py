"""A software security key: a real WebAuthn authenticator's cryptography, in the test.

It makes an ES256 key pair per credential, answers `navigator.credentials.create` with a
"none" attestation (the authenticator data with the credential's public key) and
`navigator.credentials.get` with an assertion signed by its private key over the authenticator
data and the hash of the client data, as the browser and the key do together. The server's side
(allauth.mfa with python-fido2) verifies it for real: nothing there is mocked.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
)

ORIGIN = "https://testserver"
RP_ID = "testserver"


def _client_data(kind: str, challenge: str, origin: str) -> bytes:
    return json.dumps(
        {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
    ).encode()


@dataclass
class SoftwareKey:
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    counter: int = 0

    def create(self, options: dict, origin: str = ORIGIN) -> dict:
        """The browser's answer to the creation options (the JSON the page posts back)."""
        key = options["publicKey"]
        public_key = ES256.from_cryptography_key(self.private_key.public_key())
        credential = AttestedCredentialData.create(Aaguid.NONE, self.credential_id, public_key)
        auth_data = AuthenticatorData.create(
            hashlib.sha256(key["rp"]["id"].encode()).digest(),
            AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
            self.counter,
            credential,
        )
        attestation = AttestationObject.create("none", auth_data, {})
        client_data = _client_data("webauthn.create", key["challenge"], origin)
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(bytes(attestation)),
            },
            "clientExtensionResults": {"credProps": {"rk": False}},
        }

    def get(self, options: dict, origin: str = ORIGIN, signer=None) -> dict:
        """The browser's answer to the request options: an assertion signed by this key."""
        key = options["publicKey"]
        allowed = [websafe_decode(c["id"]) for c in key.get("allowCredentials", [])]
        assert self.credential_id in allowed, "the server did not ask for this key"
        self.counter += 1
        auth_data = AuthenticatorData.create(
            hashlib.sha256(key["rpId"].encode()).digest(),
            AuthenticatorData.FLAG.UP,
            self.counter,
        )
        client_data = _client_data("webauthn.get", key["challenge"], origin)
        signature = (signer or self.private_key).sign(
            bytes(auth_data) + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(bytes(auth_data)),
                "signature": websafe_encode(signature),
            },
            "clientExtensionResults": {},
        }
