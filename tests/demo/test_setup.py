import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from peercoach.coaching.models import CoachingSession, Entry, SessionStatus
from peercoach.demo.seed import LOGINS
from peercoach.growth.models import Feedback, Goal
from peercoach.organisations.models import Organisation, Person
from peercoach.programs.models import Program


@pytest.mark.django_db
def test_it_reports_health_with_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_it_runs_sqlite_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory" instead of "wal".
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


@pytest.mark.django_db
def test_it_loads_the_demo_once_and_keeps_existing_data():
    call_command("seed_demo", if_empty=True)
    organisation = Organisation.objects.get()
    assert Person.objects.filter(organisation=organisation).count() >= 40
    assert len({p.department for p in Person.objects.all()}) >= 5  # four + management
    assert Program.objects.filter(format="pairs").exists()
    assert Program.objects.filter(format="groups").exists()
    assert CoachingSession.objects.filter(status=SessionStatus.HELD).count() >= 2
    assert CoachingSession.objects.filter(status=SessionStatus.PLANNED).exists()
    assert Entry.objects.exists()
    assert Goal.objects.filter(updates__isnull=False).exists()
    assert Feedback.objects.exists()
    for _key, email, _ in LOGINS:
        assert Person.objects.get(email=email).user.check_password("peercoach-demo")
    call_command("seed_demo", if_empty=True)
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_it_shows_the_product_in_use():
    from peercoach.assessments.models import Response
    from peercoach.growth.models import LibraryItem, Win
    from peercoach.programs.models import Group, RoundStatus

    call_command("seed_demo", if_empty=True)
    held = CoachingSession.objects.filter(status=SessionStatus.HELD)
    assert held.exists() and not held.filter(attendance__isnull=True).exists()
    assert Response.objects.filter(person__email=LOGINS[2][1]).exists()  # Sanne answered
    assert Response.objects.count() >= 5
    assert LibraryItem.objects.filter(program__isnull=False).count() >= 2
    assert LibraryItem.objects.filter(group__isnull=False).exists()
    assert Win.objects.filter(on_program_wall=True).count() >= 3
    drafted = Group.objects.filter(round__status=RoundStatus.DRAFT)
    assert drafted.count() >= 3 and all(group.reasons for group in drafted)
