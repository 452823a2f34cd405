"""Methods content in the authorization world: a started run of `world.session` with roles,
a contribution and an insight by the member, a follow-up decision on last session's action, and
an organisation-A-only method and activity (library entries of another organisation are 404)."""

from __future__ import annotations

from django.utils import timezone

from peercoach.coaching.models import ActionItem
from peercoach.methods.models import (
    Activity,
    Contribution,
    FollowUpDecision,
    Insight,
    Method,
    Phase,
    SessionRole,
    SessionRun,
)
from tests.authorization.world import SENTINEL

CONTENT_MODELS = [SessionRun, SessionRole, Contribution, Insight, FollowUpDecision]


def extend(world) -> dict[str, int]:
    method = Method.objects.create(
        key="org-a-own",
        organisation=world.org,
        name_nl="Eigen methode",
        name_en="Own method",
        description_nl="Alleen voor organisatie A.",
        description_en="For organisation A only.",
        is_for_pairs=True,
    )
    phase = Phase.objects.create(
        method=method,
        order=1,
        kind="questions",
        minutes=10,
        name_nl="Vragen",
        name_en="Questions",
        guidance_nl="Vraag.",
        guidance_en="Ask.",
        who_speaks_nl="Iedereen",
        who_speaks_en="Everyone",
        allowed_nl="Vragen",
        allowed_en="Questions",
        write_down_nl="Vragen",
        write_down_en="Questions",
    )
    activity = Activity.objects.create(
        key="org-a-own",
        kind="reflection",
        organisation=world.org,
        name_nl="Eigen activiteit",
        name_en="Own activity",
        description_nl="Alleen voor A.",
        description_en="For A only.",
        prompts_nl=["Wat ging goed?"],
        prompts_en=["What went well?"],
        result_nl="Notitie",
        result_en="Note",
    )
    now = timezone.now()
    SessionRun.objects.create(
        session=world.session, method=method, started_at=now, phase_started_at=now
    )
    SessionRole.objects.create(session=world.session, person=world.member, role="coachee")
    SessionRole.objects.create(session=world.session, person=world.fellow, role="coach")
    Contribution.objects.create(
        session=world.session,
        author=world.member,
        phase=phase,
        kind="question",
        text=f"{SENTINEL} contribution",
    )
    Insight.objects.create(session=world.session, author=world.member, text=f"{SENTINEL} insight")
    previous_item = ActionItem.objects.exclude(pk=world.item.pk).get(session__group=world.group)
    FollowUpDecision.objects.create(
        item=previous_item,
        decided_in=world.session,
        decided_by=world.member,
        choice="drop",
        reason=f"{SENTINEL} reason",
    )
    return {"method_pk": method.pk, "activity_pk": activity.pk}


def post_data(world) -> dict:
    return {
        "contribution-text": "INTRUDER",
        "contribution-kind": "question",
        "insight-text": "INTRUDER",
        "direction": "next",
        "choice": "carry_over",
        "reason": "INTRUDER",
        "method": world.kwargs["method_pk"],
        f"role_{world.member.pk}": "coach",
        f"role_{world.fellow.pk}": "coachee",
    }
