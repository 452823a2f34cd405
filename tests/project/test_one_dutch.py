"""One Dutch for one English, spoken as "je", in whole sentences."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import polib
from django.urls import reverse

from peercoach.organisations import accounts
from tests import factories
from tests.assessments.conftest import END, START, answer, make_setting
from tests.conftest import signed_in_client

ROOT = Path(__file__).resolve().parents[2] / "peercoach"
CATALOGUES = sorted(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po"))
FORMAL = re.compile(r"\b(U|u|Uw|uw|Uzelf|uzelf)\b")


def translations(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def entries():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path.relative_to(ROOT), entry


def test_every_message_has_one_dutch_translation_across_catalogues():
    """Django merges the catalogues, so one of two translations silently wins everywhere; a word
    with two senses needs a context (`{% translate "Change" context "..." %}`, `pgettext`)."""
    seen = defaultdict(dict)
    for path, entry in entries():
        seen[(entry.msgctxt, entry.msgid)][str(path)] = translations(entry)
    conflicts = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert not conflicts, conflicts


def test_the_dutch_says_je_never_u():
    formal = [
        (str(path), entry.msgid, text)
        for path, entry in entries()
        for text in translations(entry)
        if FORMAL.search(text)
    ]
    assert not formal, formal


def test_no_sentence_is_glued_from_fragments():
    """A message ending in a comma is half a sentence; word order differs between languages."""
    fragments = [
        (str(path), entry.msgid)
        for path, entry in entries()
        for text in (entry.msgid, entry.msgid_plural)
        if text and text.rstrip().endswith(",") and not text.startswith("Hello")
    ]
    assert not fragments, fragments
    glued = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("templates/**/*.html")
        if re.search(r"endblocktranslate %}\s*\{% (block)?translate", path.read_text())
    ]
    assert not glued, glued


def test_the_self_assessment_in_dutch_heads_its_column_difference_not_edit(db):
    setting = make_setting()
    setting.me.preferred_language = "nl"
    setting.me.save()
    count = setting.questionnaire.statements.count()
    answer(setting.me, setting.questionnaire, START, [2] * count)
    answer(setting.me, setting.questionnaire, END, [4] * count)
    page = signed_in_client(setting.me).get(
        reverse("assessments:mine", kwargs={"program_pk": setting.program.pk})
    )
    headers = re.findall(r'<th scope="col">([^<]*)</th>', page.content.decode())
    assert "Verschil" in headers and "Wijzigen" not in headers


def test_choosing_a_password_in_dutch_says_je(db):
    org = factories.make_organisation("Acme", default_language="nl")
    person = factories.make_person(org, "Ilse Import", with_user=False, preferred_language="nl")
    link = accounts.welcome_for(person).set_password_url
    client = signed_in_client(None)
    client.cookies["django_language"] = "nl"
    form = client.get(link, follow=True)
    for password in ["ilseimport", "password123"]:
        page = client.post(
            form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
        ).content.decode()
        assert "wachtwoord" in page.lower() and 'lang="nl"' in page
        text = re.sub(r"<[^>]+>", " ", page)
        assert not FORMAL.search(text), FORMAL.findall(text)
