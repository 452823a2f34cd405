"""`get_session_for` reads whether its viewer may read the session's content with the session;
`can_read_content` answers from that for the same person only, never for someone else."""

import pytest

from peercoach import access
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_flag_read_for_one_person_never_answers_for_another(cast):
    session = factories.make_session(cast.group)
    seen_by_lead = access.get_session_for(cast.lead, session.pk)
    assert access.can_read_content(cast.lead, seen_by_lead) is False
    assert access.can_read_content(cast.member, seen_by_lead) is True
    seen_by_member = access.get_session_for(cast.member, session.pk)
    assert access.can_read_content(cast.member, seen_by_member) is True
    assert access.can_read_content(cast.lead, seen_by_member) is False


def test_a_program_read_by_its_lead_answers_runs_for_the_lead_only(cast):
    program = access.get_program_to_run(cast.lead, cast.program.pk)
    assert access.runs(cast.lead, program) is True
    assert access.runs(cast.member, program) is False
    assert access.runs(cast.outsider, program) is False
    ids = [cast.group.pk, cast.other_group.pk]
    assert access.groups_openable(cast.lead, program, ids) == set(ids)
    # A member reading the same program object opens their own group only.
    assert access.groups_openable(cast.member, program, ids) == {cast.group.pk}
    assert access.groups_openable(cast.outsider, program, ids) == set()
