"""Keep learning together: a program's lead shares with everyone in the program."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peercoach.growth.models import LibraryComment, LibraryItem
from tests import factories
from tests.conftest import signed_in_client


def add_url(program) -> str:
    return reverse("growth:library_add_program", kwargs={"program_pk": program.pk})


def item_url(item) -> str:
    return reverse("growth:library_item", kwargs={"libitem_pk": item.pk})


@pytest.fixture
def second_program(people):
    program = factories.make_program(
        people.organisation, leads=[people.lead], name="Second program"
    )
    third = factories.make_person(people.organisation, "Tess Third")
    factories.make_group(program, [third], name="Pair T")
    return program, third


def test_it_lets_the_lead_share_a_link_with_every_member_of_the_program(people):
    lead = signed_in_client(people.lead)
    assert lead.get(add_url(people.program)).status_code == 200
    response = lead.post(
        add_url(people.program),
        {"title": "Radical Candor", "url": "https://example.com/candor", "why": "Keep learning"},
    )
    item = LibraryItem.objects.get()
    assert (item.shared_by, item.program, item.group) == (people.lead, people.program, None)
    assert response["Location"] == item_url(item)
    assert "Radical Candor" in lead.get(item_url(item)).content.decode()
    assert "Radical Candor" in lead.get(reverse("growth:library")).content.decode()
    for member in (people.member, people.fellow, people.other_member):
        client = signed_in_client(member)
        assert "Radical Candor" in client.get(reverse("growth:library")).content.decode()
        assert client.get(item_url(item)).status_code == 200


def test_it_lets_the_lead_share_a_file_that_members_download(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 guide", content_type="application/pdf")
    signed_in_client(people.lead).post(
        add_url(people.program), {"title": "Guide", "file": upload, "why": "For the kickoff"}
    )
    file_url = reverse("growth:library_file", kwargs={"libitem_pk": LibraryItem.objects.get().pk})
    response = signed_in_client(people.other_member).get(file_url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 guide"


def test_it_keeps_it_from_the_members_of_another_program(people, second_program):
    program, third = second_program
    signed_in_client(people.lead).post(
        add_url(people.program),
        {"title": "Radical Candor", "url": "https://example.com/candor", "why": "Keep learning"},
    )
    item = LibraryItem.objects.get()
    client = signed_in_client(third)
    assert "Radical Candor" not in client.get(reverse("growth:library")).content.decode()
    assert client.get(item_url(item)).status_code == 404
    file_url = reverse("growth:library_file", kwargs={"libitem_pk": item.pk})
    assert client.get(file_url).status_code == 404
    for role in ("manager", "outsider"):
        assert signed_in_client(getattr(people, role)).get(item_url(item)).status_code == 404


def test_it_links_the_programs_a_lead_runs_from_the_library(people):
    body = signed_in_client(people.lead).get(reverse("growth:library")).content.decode()
    assert add_url(people.program) in body
    program_page = reverse("programs:detail", kwargs={"program_pk": people.program.pk})
    assert (
        add_url(people.program) in signed_in_client(people.lead).get(program_page).content.decode()
    )


def test_it_lets_no_one_else_share_with_a_program(people, second_program):
    program, third = second_program
    data = {"title": "Spam", "url": "https://example.com/spam", "why": "Because"}
    for person in (people.manager, people.outsider, third):
        client = signed_in_client(person)
        assert client.get(add_url(people.program)).status_code == 404
        assert client.post(add_url(people.program), data).status_code == 404
    other_lead = factories.make_person(people.organisation, "Lou Otherlead", role="lead")
    program.leads.set([other_lead])
    assert signed_in_client(other_lead).post(add_url(people.program), data).status_code == 404
    assert not LibraryItem.objects.exists()


def test_it_never_shows_the_lead_what_members_shared_or_discuss(people):
    member = signed_in_client(people.member)
    member.post(
        add_url(people.program),
        {"title": "Member's pick", "url": "https://example.com/pick", "why": "Personal reasons"},
    )
    members_item = LibraryItem.objects.get()
    signed_in_client(people.lead).post(
        add_url(people.program),
        {"title": "Lead's pick", "url": "https://example.com/lead", "why": "Keep learning"},
    )
    leads_item = LibraryItem.objects.exclude(pk=members_item.pk).get()
    comment_url = reverse("growth:library_comment", kwargs={"libitem_pk": leads_item.pk})
    member.post(comment_url, {"text": "I'd try it with my difficult client."})
    assert LibraryComment.objects.count() == 1
    assert "difficult client" in member.get(item_url(leads_item)).content.decode()

    lead = signed_in_client(people.lead)
    assert "Member&#x27;s pick" not in lead.get(reverse("growth:library")).content.decode()
    assert lead.get(item_url(members_item)).status_code == 404
    page = lead.get(item_url(leads_item)).content.decode()
    assert "Lead&#x27;s pick" in page and "difficult client" not in page
    assert lead.post(comment_url, {"text": "Lead comment"}).status_code == 404
    assert LibraryComment.objects.count() == 1


def test_it_offers_a_member_only_their_goals_and_sessions_of_that_program(people, second_program):
    program, third = second_program
    group = factories.make_group(program, [people.member], name="Pair X")
    factories.make_session(group, days_from_now=1)
    factories.make_session(people.group, days_from_now=1)
    page = signed_in_client(people.member).get(add_url(people.program))
    sessions = page.context["form"].fields["session"].queryset
    assert {s.group for s in sessions} == {people.group}
