import pytest
from django.core.cache import cache

from peercoach.identity.models import Protocol, SignInPolicy
from tests.sso.provider import SAML_OFFSET, Provider, port_for_worker, running
from tests.sso.saml_provider import SamlKnobs, SamlProvider, running_saml


@pytest.fixture(scope="module")
def _running_provider():
    with running(Provider(port_for_worker())) as provider:
        yield provider


@pytest.fixture
def provider(_running_provider):
    """The real provider on loopback, its knobs reset for each test."""
    from tests.sso.provider import Knobs

    _running_provider.knobs = Knobs()
    cache.clear()  # allauth's cache of ID tokens already used (jti)
    return _running_provider


@pytest.fixture
def sso_org(org, provider):
    SignInPolicy.objects.create(
        organisation=org,
        sso_enabled=True,
        discovery_url=provider.discovery_url,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
    )
    return org


@pytest.fixture(scope="module")
def _running_idp():
    # The OpenID Connect provider takes the worker's port; this one SAML_OFFSET above it.
    with running_saml(SamlProvider(port_for_worker() + SAML_OFFSET)) as provider:
        yield provider


@pytest.fixture
def idp(_running_idp):
    """The real SAML identity provider on loopback, its knobs and memory reset for each test."""
    _running_idp.knobs = SamlKnobs()
    _running_idp.force_authn_asked.clear()
    return _running_idp


def saml_policy(organisation, provider: SamlProvider) -> SignInPolicy:
    return SignInPolicy.objects.create(
        organisation=organisation,
        sso_enabled=True,
        protocol=Protocol.SAML,
        saml_entity_id=provider.entity_id,
        saml_sso_url=provider.sso_url,
        saml_certificate=provider.certificate,
    )


@pytest.fixture
def saml_org(org, idp):
    saml_policy(org, idp)
    return org
