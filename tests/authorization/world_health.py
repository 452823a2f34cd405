"""Program health in the authorization world: the member's pair held a session two days ago;
the member gave it a pulse with a private note holding the sentinel, said the match does not
work, and the member's action item has a commitment check whose signed link is a capability URL.

Pulses and match-fit answers are the member's alone (not even the fellow's): tests/health checks
each role's pages for them; here every view is checked for the note and guarded by
CONTENT_MODELS (no outsider's POST changes them).
"""

from __future__ import annotations

from peercoach.access import commitment_token
from peercoach.coaching.models import SessionStatus
from peercoach.health.models import Absence, CommitmentCheck, MatchFit, Pulse
from tests import factories

CONTENT_MODELS = [Pulse, MatchFit, Absence, CommitmentCheck]
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
    world.people["held_session"] = held
    return {"commitment_token": commitment_token(check, "done")}


def world_sentinel() -> str:
    from tests.authorization.world import SENTINEL

    return SENTINEL
