"""The web import: upload, preview, confirm; for admins and leads only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from peercoach.organisations.models import Person
from peercoach.participants.models import ImportUpload
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

CLEAN = (
    "email,name,department,manager_email,shoe_size\n"
    "boss@x.nl,Bea Boss,Board,,41\n"
    "anna@x.nl,Anna,Sales,boss@x.nl,38\n"
)
BROKEN = "email,name,manager_email\nanna@x.nl,Anna,nobody@x.nl\nnot-an-email,Bad,\n"


@pytest.fixture
def org(cast):
    """The cast's organisation (Org A), which the imports add people to."""
    return cast.organisation


@pytest.fixture
def people(cast):
    """The cast's admin, lead, member (a participant) and outsider (the admin of Org B)."""
    return {
        "admin": cast.admin,
        "lead": cast.lead,
        "participant": cast.member,
        "outsider": cast.outsider,
    }


def everyone_in(cast) -> list[Person]:
    return [value for value in vars(cast).values() if isinstance(value, Person)]


def post_file(client, text: str | bytes, name: str = "people.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("participants:upload"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def org_people(org) -> list[str]:
    return sorted(Person.objects.in_organisation(org).values_list("email", flat=True))


@pytest.mark.parametrize("role", ["admin", "lead"])
def test_it_imports_after_a_preview(org, people, role):
    client = signed_in_client(people[role])
    assert client.get(reverse("participants:upload")).status_code == 200

    response = post_file(client, CLEAN)
    assert response.redirect_chain[-1][0] == reverse("participants:preview")
    page = response.content.decode()
    assert "2 people will be added." in page
    assert "shoe_size" in page
    assert "anna@x.nl" in page
    assert "boss@x.nl" not in org_people(org)  # nothing stored before confirming

    upload = ImportUpload.objects.get()
    response = client.post(reverse("participants:confirm"), {"upload": upload.pk}, follow=True)
    assert "Import done: 2 people added, 0 changed." in response.content.decode()
    assert Person.objects.get(organisation=org, email="anna@x.nl").manager.email == "boss@x.nl"
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DONE and bytes(upload.data) == b""


def test_it_previews_changes_to_people_already_there(org, people):
    factories.make_person(org, "Anna", email="anna@x.nl", department="Finance")
    client = signed_in_client(people["admin"])
    page = post_file(client, CLEAN).content.decode()
    assert "1 person will be added." in page
    assert "1 person will be changed." in page
    assert "department, manager_email" in page


def test_it_shows_every_problem_with_row_and_column_and_stores_nothing(org, people):
    client = signed_in_client(people["admin"])
    before = org_people(org)
    response = post_file(client, BROKEN)
    page = response.content.decode()
    assert "2 problems must be fixed first." in page
    assert "<td>2</td><td>manager_email</td>" in page
    assert "<td>3</td><td>email</td>" in page
    assert "nobody@x.nl" in page
    assert 'action="/import/confirm/"' not in page

    upload = ImportUpload.objects.get()
    response = client.post(reverse("participants:confirm"), {"upload": upload.pk})
    assert response.status_code == 409
    assert org_people(org) == before


def test_it_speaks_dutch_to_a_dutch_lead(org, people):
    org.default_language = "nl"
    org.save()
    client = signed_in_client(people["lead"])
    page = post_file(client, BROKEN).content.decode()
    assert "2 problemen moeten eerst worden opgelost." in page
    assert "is geen geldig e-mailadres" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\x00\x01\x02binary\x00", "This file is not a spreadsheet."),
        (b"email,afdeling\na@x.nl,Sales\n", "The file has no column"),
        (b"PK\x03\x04garbage", "This file is not a spreadsheet."),
    ],
)
def test_it_refuses_an_unusable_file_on_the_upload_page(org, cast, people, data, message):
    client = signed_in_client(people["admin"])
    response = post_file(client, data)
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert message in response.content.decode()
    assert not ImportUpload.objects.exists()
    assert org_people(org) == sorted(p.email for p in everyone_in(cast) if p.organisation == org)


def test_it_imports_an_xlsx(org, people, tmp_path):
    workbook = Workbook()
    workbook.active.append(["E-mail", "Naam", "Ervaring_jaren"])
    workbook.active.append(["x@x.nl", "Xander", 4])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    client = signed_in_client(people["admin"])
    post_file(client, path.read_bytes(), "people.xlsx")
    client.post(reverse("participants:confirm"), {"upload": ImportUpload.objects.get().pk})
    assert Person.objects.get(organisation=org, email="x@x.nl").experience_years == 4


def test_it_confirms_only_the_preview_that_was_shown(org, people):
    client = signed_in_client(people["admin"])
    post_file(client, CLEAN)
    first = ImportUpload.objects.get()
    post_file(client, "email,name\nother@x.nl,Other\n")  # e.g. in a second tab
    response = client.post(reverse("participants:confirm"), {"upload": first.pk}, follow=True)
    assert "no longer current" in response.content.decode()
    assert "other@x.nl" not in org_people(org)
    assert not ImportUpload.objects.filter(pk=first.pk).exists()


def test_it_cancels(org, people):
    client = signed_in_client(people["admin"])
    post_file(client, CLEAN)
    client.post(reverse("participants:cancel"))
    assert not ImportUpload.objects.exists()
    assert client.get(reverse("participants:preview")).status_code == 302


def test_it_is_not_there_for_participants(org, people):
    admin_client = signed_in_client(people["admin"])
    post_file(admin_client, CLEAN)
    upload = ImportUpload.objects.get()
    before = org_people(org)

    client = signed_in_client(people["participant"])
    assert client.get(reverse("participants:upload")).status_code == 404
    assert client.get(reverse("participants:preview")).status_code == 404
    response = client.post(
        reverse("participants:upload"), {"file": SimpleUploadedFile("p.csv", CLEAN.encode())}
    )
    assert response.status_code == 404
    assert client.post(reverse("participants:confirm"), {"upload": upload.pk}).status_code == 404
    assert client.post(reverse("participants:cancel")).status_code == 404
    assert org_people(org) == before
    assert ImportUpload.objects.get().pk == upload.pk


def test_it_does_not_let_another_admin_confirm_my_upload(org, people):
    post_file(signed_in_client(people["admin"]), CLEAN)
    upload = ImportUpload.objects.get()
    lead = signed_in_client(people["lead"])
    assert lead.get(reverse("participants:preview")).status_code == 302
    lead.post(reverse("participants:confirm"), {"upload": upload.pk})
    assert "anna@x.nl" not in org_people(org)


def test_it_sends_anonymous_visitors_to_sign_in(db):
    client = signed_in_client(None)
    for name in ("upload", "preview"):
        response = client.get(reverse(f"participants:{name}"))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_it_keeps_another_organisations_admin_to_their_own_organisation(org, people):
    post_file(signed_in_client(people["admin"]), CLEAN)
    upload = ImportUpload.objects.get()
    client = signed_in_client(people["outsider"])
    # The other admin has an import page of their own, but never sees or confirms ours.
    page = client.get(reverse("participants:upload"))
    assert page.status_code == 200
    assert client.get(reverse("participants:preview")).status_code == 302
    client.post(reverse("participants:confirm"), {"upload": upload.pk})
    assert "anna@x.nl" not in org_people(org)
    assert ImportUpload.objects.get().status == ImportUpload.Status.PENDING

    post_file(client, CLEAN)
    ours = ImportUpload.objects.get(uploaded_by=people["outsider"])
    assert ours.organisation == people["outsider"].organisation
    client.post(reverse("participants:confirm"), {"upload": ours.pk})
    assert "anna@x.nl" not in org_people(org)
    assert "anna@x.nl" in org_people(people["outsider"].organisation)


def test_it_refuses_nul_bytes_bidi_overrides_and_overlong_names_naming_row_and_column(people):
    # On PostgreSQL a NUL byte used to fail at confirm with a 500; on SQLite it was stored.
    padding = "".join(f"p{i}@x.nl,Person {i}\n" for i in range(300))  # past the first 4 KB
    text = (
        "email,name\n" + padding + "nul@x.nl,Nul\x00Byte\n"
        "bidi@x.nl,Anna\u202eejzeT\n" + "long@x.nl," + "L" * 300 + "\n"
    )
    client = signed_in_client(people["lead"])
    page = post_file(client, text).content.decode()
    for row in (302, 303, 304):
        assert f"<td>{row}</td><td>name</td>" in page
    upload = ImportUpload.objects.pending().get()
    response = client.post(reverse("participants:confirm"), {"upload": upload.pk})
    assert response.status_code == 409
    assert not Person.objects.filter(email__endswith="@x.nl").exists()
