"""Large imports run in the task worker, staged in short transactions, applied all at once.

The worker here is the real `db_worker` command, run in this process on the test database.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from peercoach.organisations.models import Person
from peercoach.participants import importing, uploads
from peercoach.participants.models import ImportUpload, StagedChange
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db(transaction=True)


def people_file(count: int, title: str, manager: bool = True) -> str:
    rows = ["email,name,job_title,manager_email,skills_offered"]
    for i in range(count):
        boss = "p0@x.nl" if manager and i else ""
        rows.append(f"p{i}@x.nl,Person {i},{title},{boss},skill {i}|{title}")
    return "\n".join(rows) + "\n"


@pytest.fixture
def lead_client(cast, settings):
    """The cast's lead, importing into the cast's organisation."""
    settings.IMPORT_BACKGROUND_FROM = 5
    return signed_in_client(cast.lead)


def upload_and_confirm(client, text: str):
    client.post(
        reverse("participants:upload"),
        {"file": SimpleUploadedFile("people.csv", text.encode())},
    )
    upload = ImportUpload.objects.pending().get()
    return client.post(reverse("participants:confirm"), {"upload": upload.pk}), upload


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_it_queues_a_large_import_shows_progress_and_imports_it_all_in_the_worker(lead_client):
    response, upload = upload_and_confirm(lead_client, people_file(8, "Analyst"))
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:progress")
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.QUEUED
    assert not Person.objects.filter(email__startswith="p").exists()  # nothing before the worker
    page = lead_client.get(reverse("participants:progress")).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "<progress" in page

    run_worker()

    upload.refresh_from_db()
    assert (upload.status, upload.added_count, upload.data) == (ImportUpload.Status.DONE, 8, b"")
    assert Person.objects.filter(email__startswith="p").count() == 8
    assert Person.objects.get(email="p7@x.nl").manager.email == "p0@x.nl"
    poll = lead_client.get(reverse("participants:progress"), headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    assert "8 people added" in lead_client.get(reverse("participants:progress")).content.decode()


def test_it_stages_a_changed_reimport_in_batches_and_applies_every_change(
    cast, lead_client, monkeypatch
):
    org = cast.organisation
    importing.apply_import(
        org,
        importing.plan_import(
            org,
            importing.read_for_organisation(
                org, people_file(12, "Analyst", manager=False).encode(), "a.csv"
            ),
        ),
    )
    monkeypatch.setattr(importing, "STAGE_BATCH_SIZE", 5)
    seen: list[tuple[int, int]] = []
    stage = importing.stage_changes

    def watching_stage(*args, on_progress=None, **kwargs):
        def progress(done):
            upload = ImportUpload.objects.get()
            seen.append((upload.progress_done, upload.progress_total))
            on_progress(done)

        return stage(*args, on_progress=progress, **kwargs)

    monkeypatch.setattr(uploads, "stage_changes", watching_stage)
    _, upload = upload_and_confirm(lead_client, people_file(12, "Senior analyst"))

    run_worker()

    upload.refresh_from_db()
    assert (upload.status, upload.changed_count) == (ImportUpload.Status.DONE, 12)
    assert set(
        Person.objects.filter(email__startswith="p").values_list("job_title", flat=True)
    ) == {"Senior analyst"}
    person = Person.objects.get(email="p3@x.nl")
    assert person.skills_offered == ["skill 3", "Senior analyst"]
    assert person.manager.email == "p0@x.nl"
    assert seen == [(0, 12), (5, 12), (10, 12)]  # progress was written batch by batch
    assert not StagedChange.objects.exists()


def test_it_imports_nothing_when_the_organisation_changed_so_the_file_no_longer_fits(
    cast, lead_client
):
    boss = factories.make_person(cast.organisation, "Bea Boss", email="boss@x.nl")
    text = "email,name,manager_email\n" + "".join(f"q{i}@x.nl,Q {i},boss@x.nl\n" for i in range(6))
    _, upload = upload_and_confirm(lead_client, text)
    boss.delete()  # between the confirm and the worker: the manager is gone

    run_worker()

    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.FAILED
    assert "nothing was imported" in upload.error
    assert not Person.objects.filter(email__startswith="q").exists()
    page = lead_client.get(reverse("participants:progress")).content.decode()
    assert "nothing was imported" in page


def test_it_imports_a_small_file_at_once_as_before(lead_client):
    response, upload = upload_and_confirm(lead_client, people_file(3, "Analyst"))
    assert response["Location"] == reverse("participants:upload")
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DONE
    assert Person.objects.filter(email__startswith="p").count() == 3
