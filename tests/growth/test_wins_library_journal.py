from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peercoach.growth.models import JournalEntry, LibraryComment, LibraryItem, Win, WinReaction
from tests import factories
from tests.conftest import signed_in_client


def wins_url(group) -> str:
    return reverse("growth:group_wins", kwargs={"group_pk": group.pk})


def test_it_records_a_win_and_lets_the_group_react(people):
    signed_in_client(people.member).post(wins_url(people.group), {"text": "Gave my first demo!"})
    win = Win.objects.get()
    fellow = signed_in_client(people.fellow)
    assert "Gave my first demo!" in fellow.get(wins_url(people.group)).content.decode()
    react = reverse("growth:win_react", kwargs={"win_pk": win.pk})
    fellow.post(react, {"kind": "cheer"})
    assert WinReaction.objects.filter(win=win, person=people.fellow, kind="cheer").exists()
    fellow.post(react, {"kind": "cheer"})
    assert not WinReaction.objects.exists()


def test_it_keeps_group_wins_off_the_program_wall_unless_opted_in(people):
    member = signed_in_client(people.member)
    member.post(wins_url(people.group), {"text": "Group-only win"})
    member.post(wins_url(people.group), {"text": "Program win", "on_program_wall": "on"})
    wall = reverse("growth:program_wins", kwargs={"program_pk": people.program.pk})
    other = signed_in_client(people.other_member)
    body = other.get(wall).content.decode()
    assert "Program win" in body and "Group-only win" not in body
    assert other.get(wins_url(people.group)).status_code == 404
    group_only = Win.objects.get(text="Group-only win")
    react = reverse("growth:win_react", kwargs={"win_pk": group_only.pk})
    assert other.post(react, {"kind": "clap"}).status_code == 404
    for role in ("lead", "manager", "outsider"):
        assert signed_in_client(getattr(people, role)).get(wall).status_code == 404


def test_it_shares_a_link_in_the_group_library_with_a_discussion(people):
    url = reverse("growth:library_add", kwargs={"group_pk": people.group.pk})
    signed_in_client(people.member).post(
        url,
        {"title": "Radical Candor", "url": "https://example.com/candor", "why": "Feedback tips"},
    )
    item = LibraryItem.objects.get()
    fellow = signed_in_client(people.fellow)
    fellow.post(
        reverse("growth:library_comment", kwargs={"libitem_pk": item.pk}),
        {"text": "I'd use it in my next one-to-one."},
    )
    page = fellow.get(reverse("growth:library_item", kwargs={"libitem_pk": item.pk}))
    assert "I&#x27;d use it in my next one-to-one." in page.content.decode()
    assert LibraryComment.objects.get().author == people.fellow
    other = signed_in_client(people.other_member)
    item_url = reverse("growth:library_item", kwargs={"libitem_pk": item.pk})
    assert other.get(item_url).status_code == 404


def test_it_shares_a_file_with_the_program_and_serves_it_only_to_its_members(
    people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("growth:library_add_program", kwargs={"program_pk": people.program.pk})
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", content_type="application/pdf")
    signed_in_client(people.member).post(
        url, {"title": "Workshop notes", "file": upload, "why": "From the kickoff"}
    )
    item = LibraryItem.objects.get()
    file_url = reverse("growth:library_file", kwargs={"libitem_pk": item.pk})
    response = signed_in_client(people.other_member).get(file_url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 notes"
    for role in ("manager", "outsider"):
        assert signed_in_client(getattr(people, role)).get(file_url).status_code == 404


def test_it_refuses_uploads_that_are_too_large_or_of_the_wrong_type(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("growth:library_add", kwargs={"group_pk": people.group.pk})
    client = signed_in_client(people.member)
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    big = SimpleUploadedFile("big.pdf", b"0" * (5 * 1024 * 1024 + 1))
    both = {"title": "T", "why": "W", "url": "https://example.com"}
    wrong = client.post(url, {"title": "T", "why": "W", "file": script}).content.decode()
    large = client.post(url, {"title": "T", "why": "W", "file": big}).content.decode()
    neither = client.post(url, {"title": "T", "why": "W"}).content.decode()
    assert "Upload a PDF, office document, text file or image." in wrong
    assert "The file is too large: at most 5.0\xa0MB." in large
    assert "Give either a link or a file." in neither
    client.post(url, {**both, "file": SimpleUploadedFile("a.pdf", b"x")})
    assert not LibraryItem.objects.exists()


def test_it_keeps_the_journal_private_until_shared_into_a_session(people):
    session = factories.make_session(people.group, days_from_now=1)
    member = signed_in_client(people.member)
    member.post(reverse("growth:journal"), {"journal-text": "I rushed the ending again."})
    entry = JournalEntry.objects.get()
    fellow = signed_in_client(people.fellow)
    assert "rushed the ending" not in fellow.get(reverse("growth:journal")).content.decode()
    share = reverse("growth:journal_share", kwargs={"journal_pk": entry.pk})
    assert fellow.post(share, {"session": session.pk}).status_code == 404
    member.post(share, {"session": session.pk})
    entry.refresh_from_db()
    assert entry.shared_in == session
    from django.template import Context, Template
    from django.test import RequestFactory

    template = Template("{% load growth_tags %}{% since_last_time session %}")
    for person, visible in ((people.fellow, True), (people.lead, False), (people.manager, False)):
        request = RequestFactory().get("/")
        request.person = person
        html = template.render(Context({"request": request, "session": session}))
        assert ("rushed the ending" in html) is visible


def test_it_cannot_share_a_journal_entry_into_another_groups_session(people):
    other_session = factories.make_session(people.other_group, days_from_now=1)
    entry = JournalEntry.objects.create(author=people.member, text="Private")
    share = reverse("growth:journal_share", kwargs={"journal_pk": entry.pk})
    signed_in_client(people.member).post(share, {"session": other_session.pk})
    entry.refresh_from_db()
    assert entry.shared_in is None


def test_it_does_not_reveal_a_group_goal_on_the_program_wall(people):
    from tests.growth.conftest import make_goal

    goal = make_goal(people, "group", what="Shared ambition")
    member = signed_in_client(people.member)
    member.post(
        wins_url(people.group), {"text": "Reached it", "goal": goal.pk, "on_program_wall": "on"}
    )
    wall = reverse("growth:program_wins", kwargs={"program_pk": people.program.pk})
    body = signed_in_client(people.other_member).get(wall).content.decode()
    assert "Reached it" in body and "Shared ambition" not in body
    assert (
        "Shared ambition"
        in signed_in_client(people.fellow).get(wins_url(people.group)).content.decode()
    )
