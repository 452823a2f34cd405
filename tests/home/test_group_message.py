"""A short message to the whole group by email: to the other members only, one email each,
through the outbox; a few a day; bad input is a translated message, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.home import group_messages
from peercoach.notifications import outbox
from peercoach.notifications.models import Kind, OutgoingMessage
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

TEXT = "Shall we move Thursday's session to 10:00? <b>bold</b>"


@pytest.fixture
def trio(cast):
    """The cast's member and fellow (who reads Dutch) with one more person in a new group of
    three in the cast's program."""
    mia, finn = cast.member, cast.fellow
    finn.preferred_language = "nl"
    finn.save()
    gus = factories.make_person(cast.organisation, "Gus Group")
    group = factories.make_group(cast.program, [mia, finn, gus], name="Team Tulip")
    return {
        "cast": cast,
        "lead": cast.lead,
        "mia": mia,
        "finn": finn,
        "gus": gus,
        "group": group,
    }


def send(person, group, text=TEXT, token="token-0001"):
    return signed_in_client(person).post(
        reverse("group_message", args=[group.pk]), {"text": text, "token": token}, follow=True
    )


def test_it_reaches_every_other_member_and_nobody_else(trio, smtp):
    page = send(trio["mia"], trio["group"]).content.decode()
    assert "on its way to the 2 other people in Team Tulip" in page
    assert outbox.deliver_all("test") == 2

    by_address = {email["To"]: email for email in smtp.messages}
    assert set(by_address) == {trio["finn"].email, trio["gus"].email}
    assert by_address[trio["gus"].email]["Subject"] == "Mia Member writes to Team Tulip"
    assert by_address[trio["finn"].email]["Subject"] == "Mia Member schrijft aan Team Tulip"
    text = by_address[trio["gus"].email].get_body(("plain",)).get_content()
    assert TEXT in text and trio["mia"].email in text
    html = by_address[trio["gus"].email].get_body(("html",)).get_content()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html


@pytest.mark.parametrize("who", ["lead", "outsider", "other_member"])
def test_only_members_write_to_their_group(trio, who):
    person = {
        "lead": trio["lead"],
        "outsider": trio["cast"].outsider,
        "other_member": trio["cast"].other_member,
    }[who]
    response = signed_in_client(person).post(
        reverse("group_message", args=[trio["group"].pk]), {"text": TEXT, "token": "token-0001"}
    )
    assert response.status_code == 404
    assert not OutgoingMessage.objects.filter(kind=Kind.GROUP_MESSAGE).exists()


def test_the_same_form_sent_twice_queues_once(trio):
    send(trio["mia"], trio["group"])
    page = send(trio["mia"], trio["group"]).content.decode()
    assert OutgoingMessage.objects.filter(kind=Kind.GROUP_MESSAGE).count() == 2
    assert "500" not in page.split("<main", 1)[0]


def test_a_few_messages_a_day_then_a_translated_refusal(trio):
    for number in range(group_messages.PER_DAY):
        send(trio["mia"], trio["group"], token=f"token-{number:04d}")
    page = send(trio["mia"], trio["group"], token="token-9999").content.decode()
    assert "You already sent 3 messages to this group today" in page
    assert OutgoingMessage.objects.filter(kind=Kind.GROUP_MESSAGE).count() == 2 * 3
    trio["finn"].preferred_language = "nl"
    trio["finn"].save()
    for number in range(group_messages.PER_DAY):
        send(trio["finn"], trio["group"], token=f"token-{number:04d}")
    page = send(trio["finn"], trio["group"], token="token-9999").content.decode()
    assert "Je hebt vandaag al 3 berichten aan deze groep gestuurd" in page


@pytest.mark.parametrize(
    "text, token, error",
    [
        ("   ", "token-0001", "Write a message first."),
        ("x" * 1001, "token-0001", "at most 1000 characters"),
        (TEXT, "../../", "This form has expired"),
        (TEXT, "", "This form has expired"),
    ],
)
def test_bad_input_is_a_clear_message_and_nothing_is_queued(trio, text, token, error):
    response = send(trio["mia"], trio["group"], text=text, token=token)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not OutgoingMessage.objects.filter(kind=Kind.GROUP_MESSAGE).exists()


def test_a_member_who_left_before_it_was_sent_does_not_get_it(trio, smtp):
    send(trio["mia"], trio["group"])
    trio["group"].memberships.filter(person=trio["gus"]).delete()
    outbox.deliver_all("test")
    assert [email["To"] for email in smtp.messages] == [trio["finn"].email]


def test_the_home_page_offers_it_per_group_with_mail_links(trio):
    page = signed_in_client(trio["mia"]).get(reverse("home")).content.decode()
    assert reverse("group_message", args=[trio["group"].pk]) in page
    assert f'href="mailto:{trio["finn"].email}"' in page
    assert f'href="mailto:{trio["gus"].email}"' in page  # Team Tulip's, not only the cast's pair
    assert f'href="mailto:{trio["mia"].email}"' not in page
