import pytest
from django.core.cache import cache

from peercoach.identity.models import SignInPolicy
from tests.sso.provider import Provider, port_for_worker, running


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
