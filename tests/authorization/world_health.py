"""Program health in the authorization world: the member's pair held a session two days ago;
the member gave it a pulse with a private note holding the sentinel, said the match does not
work, and the member's action item has a commitment check whose signed link is a capability URL. The
member would rather not be matched with `other_member` (`RatherNot`): only the member's own list
page shows it (`private_markers`: test_every_view checks every view in every role). The member's
end-of-program survey answer holds the sentinel in its free text.

Pulses and match-fit answers are the member's alone (not even the fellow's): tests/health checks
each role's pages for them; here every view is checked for the note and guarded by
CONTENT_MODELS (no outsider's POST changes them).
"""

from __future__ import annotations

from peercoach.access import commitment_token
from peercoach.coaching.models import SessionStatus
from peercoach.health.models import (
    Absence,
    CommitmentCheck,
    MatchFit,
    Pulse,
    RatherNot,
    SurveyAnswer,
)
from tests import factories

CONTENT_MODELS = [Pulse, MatchFit, Absence, CommitmentCheck, RatherNot, SurveyAnswer]
PUBLIC_URLS = {"health:commitment"}


def extend(world) -> dict:
    held = factories.make_session(world.group, days_from_now=-2, status=SessionStatus.HELD)
    Pulse.objects.create(
        session=held,
        person=world.member,
        forward=1,
        freely=2,
        listened=3,
        note=f"{world_sentinel()} pulse note",
    )
    MatchFit.objects.create(group=world.group, person=world.member, works=False)
    check = CommitmentCheck.objects.create(item=world.item, due_on=world.session.starts_at.date())
    world.people["rather_not"] = RatherNot.objects.create(
        person=world.member, other=world.other_member
    )
    # An end-of-program answer (as if the program had ended): its text is the member's alone.
    SurveyAnswer.objects.create(
        program=world.program,
        person=world.member,
        recommend=3,
        brought=f"{world_sentinel()} survey",
    )
    world.people["held_session"] = held
    return {"commitment_token": commitment_token(check, "done")}


def world_sentinel() -> str:
    from tests.authorization.world import SENTINEL

    return SENTINEL


def post_data(world) -> dict:
    # Every intruder's POST also tries to take the member's "rather not" entry off their list.
    return {"remove": world.rather_not.pk}


def _rather_not_marker(world) -> str:
    return f'data-rather-not="{world.rather_not.pk}"'


def private_markers(world) -> list[tuple[str, set[str]]]:
    return [(_rather_not_marker(world), {"member"})]


def marker_pages(world) -> dict[str, str]:
    from django.urls import reverse

    return {_rather_not_marker(world): reverse("health:rather_not")}
