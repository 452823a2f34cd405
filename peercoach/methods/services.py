"""Running a session by its method. Callers pass a session fetched through
`peercoach.access.get_session_with_content_for`, so the person is a member of its group."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.coaching import actions as coaching_actions
from peercoach.coaching.models import ActionItem, CoachingSession
from peercoach.methods import roles as role_rotation
from peercoach.methods.models import (
    Contribution,
    FollowUpChoice,
    FollowUpDecision,
    Insight,
    Method,
    ProgramMethod,
    SessionRoleName,
    SessionRun,
)
from peercoach.methods.tally import guess_kind, tally
from peercoach.organisations.models import Person
from peercoach.programs.models import Format

DEFAULT_KEYS = {Format.PAIRS: "goal-reflection-next-steps", Format.GROUPS: "intervision-pattern"}


def methods_for(session: CoachingSession):
    return methods_for_program(session.group.program)


def default_method(session: CoachingSession) -> Method | None:
    return default_method_of(session.group.program)


def default_method_of(program) -> Method | None:
    chosen = Method.objects.filter(programmethod__program=program).first()
    if chosen:
        return chosen
    methods = methods_for_program(program)
    key = DEFAULT_KEYS.get(program.format, "intervision-pattern")
    return methods.filter(key=key).first() or methods.first()


def run_of(session: CoachingSession) -> SessionRun | None:
    """The session's run, or an unsaved one with the default method (not started)."""
    run = SessionRun.objects.filter(session=session).select_related("method").first()
    if run is None:
        method = default_method(session)
        if method is None:
            return None
        run = SessionRun(session=session, method=method)
    return run


def role_choices(session: CoachingSession) -> list[tuple[str, str]]:
    if session.group.program.format == Format.PAIRS:
        allowed = [SessionRoleName.COACH, SessionRoleName.COACHEE]
    else:
        allowed = [
            SessionRoleName.CASE_BRINGER,
            SessionRoleName.FACILITATOR,
            SessionRoleName.TIMEKEEPER,
            SessionRoleName.OBSERVER,
            SessionRoleName.MEMBER,
        ]
    return [(role.value, role.label) for role in allowed]


@transaction.atomic
def do_set_up(session: CoachingSession, method: Method, roles: dict[int, str]) -> SessionRun:
    """Choose the method and roles; only before the session starts."""
    run = SessionRun.objects.select_for_update().filter(session=session).first()
    if run and run.is_started:
        raise ValidationError(_("The session has started; roles and method are fixed now."))
    if not methods_for(session).filter(pk=method.pk).exists():
        raise ValidationError(_("This method is not available for this group."))
    members = set(session.group.memberships.taking_part().values_list("person_id", flat=True))
    allowed = {value for value, _label in role_choices(session)}
    if set(roles) != members or not set(roles.values()) <= allowed:
        raise ValidationError(_("Give every member of the group one role."))
    if run is None:
        run = SessionRun(session=session)
    run.method = method
    run.phase_index = 0
    run.save()
    role_rotation.save_roles(session, roles)
    return run


@transaction.atomic
def do_start(session: CoachingSession) -> SessionRun:
    run = run_of(session)
    if run is None:
        raise ValidationError(_("There is no method to follow."))
    if not run.is_started:
        coaching_actions.check_begun(session)
        role_rotation.save_roles(session, role_rotation.propose_roles(session))
        now = timezone.now()
        run.started_at = now
        run.phase_started_at = now
        run.phase_index = 0
        run.save()
    return run


@transaction.atomic
def do_move(session: CoachingSession, step: int) -> SessionRun:
    """Go to the next (+1) or previous (-1) phase; next after the last phase ends the session."""
    run = SessionRun.objects.select_for_update().filter(session=session).first()
    if run is None or not run.is_started:
        raise ValidationError(_("Start the session first."))
    last = len(run.phase_list()) - 1
    if step > 0 and run.phase_index >= last:
        run.ended_at = run.ended_at or timezone.now()
    else:
        run.phase_index = max(0, min(last, run.phase_index + step))
        run.ended_at = None
    run.phase_started_at = timezone.now()
    run.save()
    return run


def _started_run(session: CoachingSession) -> SessionRun:
    run = SessionRun.objects.filter(session=session).select_related("method").first()
    if run is None or not run.is_started:
        raise ValidationError(_("Start the session first."))
    return run


def do_add_contribution(
    session: CoachingSession, author: Person, text: str, kind: str = ""
) -> Contribution:
    """Record what was said in the current phase; without a kind, guess it from the text."""
    phase = _started_run(session).current_phase
    kind = kind or guess_kind(text, phase.kind if phase else None)
    return Contribution.objects.create(
        session=session, author=author, phase=phase, kind=kind, text=text
    )


def do_add_insight(session: CoachingSession, author: Person, text: str) -> Insight:
    _started_run(session)
    return Insight.objects.create(session=session, author=author, text=text)


def tally_of(session: CoachingSession, person: Person) -> dict:
    """What was said in the session, counted by kind, of what `person` may read."""
    said = access.contributions_visible_to(person).filter(session=session)
    return tally(said.values_list("kind", flat=True))


def writing_of(session: CoachingSession, person: Person) -> dict:
    """What the group writes while the facilitation runs, of what `person` may read: the
    contributions, the insights and their tally."""
    return {
        "contributions": access.contributions_visible_to(person)
        .filter(session=session)
        .select_related("author", "phase"),
        "insights": access.insights_visible_to(person)
        .filter(session=session)
        .select_related("author"),
        "tally": tally_of(session, person),
    }


def previous_session(session: CoachingSession) -> CoachingSession | None:
    return session.previous_in_group()


def follow_up_items(
    session: CoachingSession, person: Person, previous: CoachingSession | None = None
) -> list[ActionItem]:
    """The previous session's action items `person` may read, each with its decision attached
    (`previous`: the previous session when the caller has it already)."""
    previous = previous or previous_session(session)
    if previous is None:
        return []
    items = list(
        access.action_items_visible_to(person)
        .filter(session=previous)
        .select_related("owner", "follow_up", "commitment")
        .order_by("owner__name", "pk")
    )
    for item in items:
        item.decision = getattr(item, "follow_up", None)
    return items


@transaction.atomic
def do_decide_follow_up(
    session: CoachingSession, item: ActionItem, person: Person, choice: str, reason: str = ""
) -> FollowUpDecision:
    """Carry an unfinished item over to this session, close it, or drop it with a reason."""
    previous = previous_session(session)
    if previous is None or item.session_id != previous.pk:
        raise ValidationError(_("Only last session's actions are followed up here."))
    if FollowUpDecision.objects.filter(item=item).exists():
        raise ValidationError(_("This action has been followed up already."))
    if choice == FollowUpChoice.DROP and not reason.strip():
        raise ValidationError(_("Say in a word why the action is dropped."))
    carried = None
    if choice == FollowUpChoice.CARRY_OVER:
        carried = coaching_actions.do_add_action_item(
            session, created_by=person, owner=item.owner, text=item.text, due_on=None
        )
    elif choice == FollowUpChoice.CLOSE and not item.is_done:
        coaching_actions.do_toggle_action_item(item)
    return FollowUpDecision.objects.create(
        item=item,
        decided_in=session,
        decided_by=person,
        choice=choice,
        reason=reason.strip(),
        carried_to=carried,
    )


def methods_for_program(program):
    methods = Method.objects.available_to(program.organisation_id)
    if program.format == Format.PAIRS:
        return methods.filter(is_for_pairs=True)
    return methods.filter(is_for_groups=True)


def do_set_program_method(program, method: Method) -> ProgramMethod:
    if not methods_for_program(program).filter(pk=method.pk).exists():
        raise ValidationError(_("This method is not available for this program."))
    chosen, _created = ProgramMethod.objects.update_or_create(
        program=program, defaults={"method": method}
    )
    return chosen
