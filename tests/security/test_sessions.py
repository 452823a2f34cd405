"""Sign-ins end: a new session key at sign-in, an idle and an absolute timeout, and at once when
the person is deactivated (issue 15)."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from peercoach.lib.models import UserSession
from peercoach.organisations.sessions import FIRST_SEEN, LAST_SEEN, end_sessions_of
from tests import factories
from tests.cast import build_cast

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    """Signed in through the real sign-in form, as a browser would."""
    client = Client()
    response = client.post(
        reverse("login"), {"username": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def age_session(client: Client, *, first: float | None = None, last: float | None = None) -> None:
    session = client.session
    if first is not None:
        session[FIRST_SEEN] = first
    if last is not None:
        session[LAST_SEEN] = last
    session.save()


@pytest.fixture
def person(cast):
    return cast.member


def test_it_gives_a_new_session_key_at_sign_in(person):
    client = Client()
    anonymous = client.session
    anonymous["chosen before signing in"] = "yes"
    anonymous.save()
    client.cookies["sessionid"] = anonymous.session_key
    client.post(reverse("login"), {"username": person.email, "password": factories.PASSWORD})
    new_key = client.cookies["sessionid"].value
    assert new_key != anonymous.session_key
    assert not UserSession.objects.filter(session_key=anonymous.session_key).exists()
    assert UserSession.objects.get(session_key=new_key).user_id == person.user_id
    # A planted (fixated) key does not become a signed-in session.
    attacker = Client()
    attacker.cookies["sessionid"] = anonymous.session_key
    assert not is_signed_in(attacker)


def test_it_signs_out_after_the_idle_time(person, settings):
    settings.SESSION_IDLE_SECONDS = 3600
    client = signed_in(person)
    assert is_signed_in(client)
    age_session(client, last=time.time() - 3500)
    assert is_signed_in(client)  # activity within the hour keeps it going
    age_session(client, last=time.time() - 3700)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not is_signed_in(client)
    assert not UserSession.objects.filter(user_id=person.user_id).exists()


def test_it_signs_out_after_the_absolute_time_however_active(person, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 14 * 24 * 3600
    client = signed_in(person)
    age_session(client, first=time.time() - 13 * 24 * 3600, last=time.time())
    assert is_signed_in(client)
    age_session(client, first=time.time() - 15 * 24 * 3600, last=time.time())
    assert not is_signed_in(client)


def test_it_says_why_in_the_persons_language(person):
    client = signed_in(person)
    age_session(client, last=time.time() - 9 * 3600)
    page = client.get(reverse("home"), follow=True)
    assert "You were signed out to keep your account safe." in page.content.decode()
    nl = build_cast(language="nl").member  # the member of a Dutch-speaking cast beside it
    client = signed_in(nl)
    age_session(client, last=time.time() - 9 * 3600)
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("home"), follow=True)
    assert "Je bent afgemeld om je account veilig te houden." in page.content.decode()


def test_it_has_documented_defaults(settings):
    from peercoach import settings as defaults

    assert defaults.SESSION_IDLE_SECONDS == 8 * 3600
    assert defaults.SESSION_ABSOLUTE_SECONDS == 14 * 24 * 3600
    assert defaults.SESSION_COOKIE_AGE == defaults.SESSION_ABSOLUTE_SECONDS


def test_it_ends_every_session_of_a_person_at_once_and_no_one_elses(cast, person):
    laptop, phone = signed_in(person), signed_in(person)
    colleague = signed_in(cast.fellow)
    assert end_sessions_of(person.user) == 2
    assert not is_signed_in(laptop) and not is_signed_in(phone)
    assert is_signed_in(colleague)
    assert not Session.objects.exists()  # Django's own table is not used at all


def test_it_ends_the_sessions_when_an_admin_deactivates_the_person_in_the_admin(person):
    laptop = signed_in(person)
    superuser = factories.get_user_model().objects.create_superuser("root", "r@x.example", "pw")
    admin = Client()
    admin.force_login(superuser)
    url = reverse("admin:organisations_person_change", args=[person.pk])
    form = admin.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(languages='["nl", "en"]', skills_offered="[]", skills_wanted="[]", is_active="")
    data.pop("excluded", None)
    data.pop("profile_confirmed_at", None)
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert not person.is_active
    assert not is_signed_in(laptop)
    assert admin.get(reverse("admin:index")).status_code == 200
