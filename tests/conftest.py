import pytest
from django.test import Client

from tests import factories

pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in_client(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person.user)
    return client


@pytest.fixture
def org(db):
    return factories.make_organisation("Acme", default_language="en")
