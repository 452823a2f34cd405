"""Library uploads are downloaded, never rendered, and limited in size per file and per
organisation (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peercoach.growth.models import LibraryItem
from tests import factories
from tests.browser import sign_in
from tests.conftest import signed_in_client

SCRIPT = b"<!doctype html><script>new Image().src = '/pwned'; document.title = 'ran';</script>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_item(people, name: str, content: bytes) -> LibraryItem:
    """A file that got into the library without the upload form (the admin, older data)."""
    item = LibraryItem(shared_by=people.member, group=people.group, title="T", why="W")
    item.file.save(name, ContentFile(content), save=False)
    item.file_size = len(content)
    item.save()
    return item


def download(client, item):
    return client.get(reverse("growth:library_file", kwargs={"libitem_pk": item.pk}))


def add_url(people) -> str:
    return reverse("growth:library_add", kwargs={"group_pk": people.group.pk})


def test_it_serves_an_html_file_as_an_opaque_attachment(people):
    item = stored_item(people, "x.html", SCRIPT)
    response = download(signed_in_client(people.fellow), item)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="x.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == SCRIPT


def test_it_refuses_an_html_upload_and_serves_text_with_markup_as_octets(people):
    client = signed_in_client(people.member)
    html = SimpleUploadedFile("x.html", SCRIPT, content_type="text/html")
    page = client.post(add_url(people), {"title": "T", "why": "W", "file": html})
    assert "Upload a PDF, office document, text file or image." in page.content.decode()
    assert not LibraryItem.objects.exists()
    text = SimpleUploadedFile("notes.txt", SCRIPT, content_type="text/html")
    client.post(add_url(people), {"title": "T", "why": "W", "file": text})
    item = LibraryItem.objects.get()
    assert item.file_size == len(SCRIPT)
    response = download(client, item)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="notes')


def test_it_keeps_pdf_and_images_typed_but_still_attachments(people):
    for name, kind in (
        ("a.pdf", "application/pdf"),
        ("b.png", "image/png"),
        ("c.jpg", "image/jpeg"),
    ):
        response = download(signed_in_client(people.member), stored_item(people, name, b"data"))
        assert response["Content-Type"] == kind
        assert response["Content-Disposition"].startswith("attachment; ")


def test_it_gives_a_plain_file_name_whatever_was_uploaded(people):
    item = stored_item(people, 'Évaluatie "Q1"\r\n<b>.pdf', b"%PDF")
    disposition = download(signed_in_client(people.member), item)["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    name = disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert name.endswith(".pdf")
    assert all(char.isalnum() or char in "._-" for char in name), name
    assert name.isascii()


def test_it_limits_the_size_of_one_file_by_setting(people, settings):
    settings.LIBRARY_MAX_FILE_BYTES = 1000
    big = SimpleUploadedFile("big.pdf", b"0" * 1001)
    page = signed_in_client(people.member).post(
        add_url(people), {"title": "T", "why": "W", "file": big}
    )
    assert "The file is too large: at most 1000" in page.content.decode()
    assert not LibraryItem.objects.exists()


def test_it_limits_what_an_organisation_stores_and_says_so_in_dutch(people, settings):
    settings.LIBRARY_MAX_ORGANISATION_BYTES = 3000
    client = signed_in_client(people.member)
    first = SimpleUploadedFile("one.pdf", b"1" * 2000)
    client.post(add_url(people), {"title": "One", "why": "W", "file": first})
    assert LibraryItem.objects.count() == 1
    people.member.preferred_language = "nl"
    people.member.save()
    second = SimpleUploadedFile("two.pdf", b"2" * 1500)
    page = client.post(add_url(people), {"title": "Two", "why": "W", "file": second})
    body = page.content.decode()
    assert page.status_code == 200
    assert "De bibliotheek van je organisatie is vol" in body
    assert 'value="Two"' in body  # what was typed is kept
    assert LibraryItem.objects.count() == 1
    # Another organisation's library is its own.
    other_org = factories.make_organisation("Other")
    other = factories.make_person(other_org, "Ola Other")
    program = factories.make_program(other_org)
    group = factories.make_group(program, [other, factories.make_person(other_org, "Pim")])
    url = reverse("growth:library_add", kwargs={"group_pk": group.pk})
    third = SimpleUploadedFile("three.pdf", b"3" * 1500)
    signed_in_client(other).post(url, {"title": "Three", "why": "W", "file": third})
    assert LibraryItem.objects.filter(title="Three").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_never_runs_a_script_in_an_uploaded_html_file_in_chromium(page, live_server, people):
    item = stored_item(people, "x.html", SCRIPT)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_server, people.fellow.email, factories.PASSWORD)
    file_url = f"{live_server.url}/growth/library/{item.pk}/file/"
    with page.expect_download() as download_info:
        try:
            page.goto(file_url)
        except Exception as error:  # Chromium reports a download as an aborted navigation
            assert "Download is starting" in str(error) or "ERR_ABORTED" in str(error)
    download = download_info.value
    assert download.suggested_filename == "x.html"
    assert Path(download.path()).read_bytes() == SCRIPT
    assert page.url == f"{live_server.url}/"
    assert page.title() != "ran"
    assert not [url for url in requests if url.endswith("/pwned")]
