"""Text limits: control characters and bidi overrides refused, long text refused with the text
kept, bodies past the request limit answered with a page in the person's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from peercoach.coaching.models import Entry
from peercoach.lib.forms import Form
from peercoach.lib.text import TEXT_MAX_LENGTH, forbidden_character
from tests import factories
from tests.conftest import signed_in_client


@pytest.mark.parametrize(
    "value, multiline, bad",
    [
        ("Anna de Vries", False, None),
        ("two\nlines\r\n\ttabbed", True, None),
        ("two\nlines", False, "\n"),
        ("nul\x00", True, "\x00"),
        ("bell\x07", True, "\x07"),
        ("escape\x1b[31m", False, "\x1b"),
        ("del\x7f", True, "\x7f"),
        ("Anna\u202eejzeT", False, "\u202e"),
        ("isolate\u2066x\u2069", False, "\u2066"),
        ("مرحبا\u200f", True, None),  # right-to-left writers keep their direction marks
        ("milestone\u202e", True, "\u202e"),
    ],
)
def test_it_finds_the_characters_text_may_not_hold(value, multiline, bad):
    assert forbidden_character(value, multiline=multiline) == bad


def test_it_gives_every_text_field_of_a_form_a_limit_and_the_clean_text_rule():
    from django import forms

    class NoteForm(Form):
        title = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)

    form = NoteForm({"title": "Anna\u202eevil", "note": "x" * (TEXT_MAX_LENGTH + 1)})
    with translation.override("en"):  # the messages are read in the language active then
        assert not form.is_valid()
        assert "reverses the direction" in form.errors["title"][0]
        assert "at most 20,000" in form.errors["note"][0]
    assert NoteForm({"title": "Plan", "note": "line one\r\nline two\tend"}).is_valid()


@pytest.fixture
def pair(cast):
    """The cast's member, who reads Dutch, and a session of her pair tomorrow."""
    member = cast.member
    member.preferred_language = "nl"
    member.save()
    return member, factories.make_session(cast.group, days_from_now=1)


def test_it_refuses_a_3_mb_note_saying_the_limit_and_shows_the_text_back(pair):
    member, session = pair
    note = "BEGIN-of-my-note " + "woord " * 500_000
    response = signed_in_client(member).post(
        reverse("coaching:entry_add", kwargs={"session_pk": session.pk}),
        {"section_name": "note", "note-section": "note", "note-text": note},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "hoogstens" in body or "at most" in body
    assert "20.000" in body
    assert "BEGIN-of-my-note woord woord" in body  # what was typed is in the form again
    assert not Entry.objects.filter(session=session).exists()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_it_answers_a_body_past_the_request_limit_with_a_translated_page(pair, settings, encoding):
    from urllib.parse import urlencode

    member, session = pair
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    data = {"section_name": "note", "note-section": "note", "note-text": "x" * 2_000_000}
    url = reverse("coaching:entry_add", kwargs={"session_pk": session.pk})
    referer = {"referer": f"http://testserver/sessions/{session.pk}/"}
    client = signed_in_client(member)
    if encoding == "urlencoded":  # what a browser sends for a form without files
        response = client.post(
            url, urlencode(data), content_type="application/x-www-form-urlencoded", headers=referer
        )
    else:
        response = client.post(url, data, headers=referer)
    assert response.status_code == 413
    body = response.content.decode().replace("\xa0", " ")
    assert "Te groot om te versturen" in body
    assert "hoogstens 1,0 MB" in body
    assert f'href="http://testserver/sessions/{session.pk}/"' in body
    assert not Entry.objects.exists()


def test_it_refuses_an_upload_past_the_limit_before_reading_its_body(cast, settings):
    lead = cast.lead
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    # The body is a few bytes but claims 100 MB: were it read, the request would wait for the
    # rest and the multipart parser fail; it is answered from the declared length alone.
    response = signed_in_client(lead).generic(
        "POST",
        reverse("participants:upload"),
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Too large to send" in response.content.decode()
